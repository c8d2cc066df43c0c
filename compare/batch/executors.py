"""Where stories run: a local process pool, or a Dask cluster (an optional extra).

Both hand out :class:`concurrent.futures.Future` objects (Dask through its
``Client.get_executor()``), so the runner has one loop for both.  Executors start on first use:
a re-run with nothing to do starts no process and no cluster.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import select
import threading
import time
from abc import ABC, abstractmethod
from concurrent.futures import Executor, ProcessPoolExecutor
from types import ModuleType
from typing import Any

from compare.errors import ResourceError
from compare.fsutil import is_running

# Futures kept in flight per worker: enough to keep every worker busy while the parent
# collects results, few enough that the parent never holds more than a handful of jobs.
IN_FLIGHT_PER_WORKER = 2
SCHEDULER_TIMEOUT = "10s"  # to reach a remote Dask scheduler
# A local Dask worker that has loaded WeasyPrint takes seconds to exit on a busy machine;
# the cluster's own close gives it four, then kills it with a warning.  Ours waits this long.
WORKER_EXIT_TIMEOUT = 60
PARENT_POLL_SECONDS = 1.0  # how often a worker looks for its parent where pidfd_open is missing


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Workers(ABC):
    """An executor started on first use and replaceable when its processes die."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: Executor | None = None

    @property
    def in_flight(self) -> int:
        return IN_FLIGHT_PER_WORKER * self.workers

    def executor(self) -> Executor:
        if self._executor is None:
            self._executor = self._start()
        return self._executor

    def replace(self) -> None:
        """Drop a broken executor; the next :meth:`executor` call starts a fresh one."""
        if self._executor is not None:
            self._stop_executor(self._executor, cancel=True)
            self._executor = None

    def close(self, *, cancel: bool = False) -> None:
        """Stop; with ``cancel`` pending stories are dropped instead of waited for."""
        if self._executor is not None:
            self._stop_executor(self._executor, cancel=cancel)
            self._executor = None

    @abstractmethod
    def _start(self) -> Executor: ...

    def _stop_executor(self, executor: Executor, *, cancel: bool) -> None:
        executor.shutdown(wait=True, cancel_futures=cancel)


class ProcessWorkers(Workers):
    """A ``ProcessPoolExecutor`` of ``workers`` processes."""

    def _start(self) -> Executor:
        # forkserver, not fork: the parent may run threads (a progress bar, the pool's own
        # manager), and forking a threaded process can deadlock.  Preloading the pipeline in
        # the server makes each worker start as cheaply as a fork.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["compare.batch.worker"])
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=exit_with_parent,
            initargs=(os.getpid(),),
        )


def exit_with_parent(parent: int) -> None:
    """Pool initializer: end this worker as soon as the batch parent ``parent`` is gone.

    A parent killed with SIGKILL cannot tell its workers, and they would sit waiting for work
    for ever (each holding the pipeline's memory).  A worker's own parent is the forkserver,
    not the batch, so PR_SET_PDEATHSIG would not fire; instead a daemon thread waits on a
    pidfd of the batch parent (Linux), or polls for it elsewhere, and exits the process.
    """
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    try:
        handle = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # not Linux 5.3+: poll
        while is_running(parent):
            time.sleep(PARENT_POLL_SECONDS)
    else:
        select.select([handle], [], [])  # readable once the process has exited
    os._exit(1)  # no clean-up to do: the parent, which owned the work, is gone


class DaskWorkers(Workers):
    """Dask: ``scheduler`` "local" starts a LocalCluster of ``workers`` processes on loopback;
    any other value is the address of a running ``dask.distributed`` scheduler.

    Workers of a remote cluster must have story-compare installed and see the input and output
    folders at the same paths.
    """

    def __init__(self, workers: int, scheduler: str) -> None:
        super().__init__(workers)
        self.scheduler = scheduler
        self._client: Any = None

    def _start(self) -> Executor:
        if self._client is None:
            self._client = self._connect()
            if self.scheduler != "local":
                # Keep the whole remote cluster busy, not just as many stories as local cores.
                self.workers = max(1, sum(self._client.nthreads().values()))
        return self._client.get_executor(pure=False)

    def _connect(self) -> Any:
        # Imported here, when the first story must run: a re-run that skips every story
        # never loads Dask.
        distributed = _import_distributed()
        if self.scheduler == "local":
            cluster = distributed.LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,  # no dashboard...
                # ...and the scheduler's health endpoint on a free loopback port, not 8787
                # (taken by any other cluster, with a warning).
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            )
            return distributed.Client(cluster)
        try:
            return distributed.Client(self.scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise ResourceError(
                f"cannot reach the Dask scheduler at {self.scheduler}: {error}"
            ) from error

    def _stop_executor(self, executor: Executor, *, cancel: bool) -> None:
        executor.shutdown(wait=not cancel)  # Dask's executor has no cancel_futures

    def close(self, *, cancel: bool = False) -> None:
        super().close(cancel=cancel)
        if self._client is not None:
            cluster = self._client.cluster if self.scheduler == "local" else None
            self._client.close()
            if cluster is not None:
                workers = list(cluster.workers.values())
                cluster.sync(_close_workers, workers, WORKER_EXIT_TIMEOUT)
                cluster.close()
            self._client = None


async def _close_workers(nannies: list[Any], timeout: float) -> None:
    """Stop a local cluster's workers (their nannies), giving each ``timeout`` seconds."""
    await asyncio.gather(*(nanny.close(timeout=timeout) for nanny in nannies))


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as error:
        raise ResourceError("--scheduler needs Dask: pip install 'story-compare[dask]'") from error
    return distributed


def open_workers(workers: int | None = None, scheduler: str | None = None) -> Workers:
    """The executor for a batch: a process pool, or Dask when ``scheduler`` is given."""
    count = workers or default_workers()
    if scheduler:
        return DaskWorkers(count, scheduler)
    return ProcessWorkers(count)
