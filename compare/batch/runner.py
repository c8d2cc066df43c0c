"""The batch loop: stream stories, skip the unchanged, run the rest, write the index."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from dataclasses import dataclass
from pathlib import Path

from compare.batch.executors import Workers, open_workers
from compare.batch.index import write_outputs
from compare.batch.limits import DEFAULT_STORY_TIMEOUT
from compare.batch.result import Status, StoryResult
from compare.batch.resume import input_digest, up_to_date
from compare.batch.sources import StoryJob, find_stories
from compare.batch.worker import Settings, run_story
from compare.fsutil import remove_stale_temporaries
from compare.options import FORMATS, AlignOptions

# A story running when a worker process dies is tried once more on a fresh pool (it may only
# have shared the pool with the story that killed it); dying twice marks it failed.
MAX_ATTEMPTS = 2
WORKER_DIED = "the worker process died while running this story (killed, or out of memory)"

OnStory = Callable[[StoryResult, int, int], None]  # (result, stories finished, stories in all)


@dataclass(frozen=True)
class BatchResult:
    stories: tuple[StoryResult, ...]  # sorted by story id
    seconds: float
    paths: tuple[Path, ...]  # index.html, summary.csv, summary.json, rollup.html, rollup.csv

    def count(self, status: Status) -> int:
        return sum(1 for story in self.stories if story.status == status)

    @property
    def failed(self) -> int:
        return self.count("failed")


def run_batch(
    source: str | Path,
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    options: AlignOptions | None = None,
    on_story: OnStory | None = None,
    story_timeout: float | None = DEFAULT_STORY_TIMEOUT,
) -> BatchResult:
    """Compare every story of ``source`` into ``out_dir/<story>/`` and write the batch index.

    ``source`` is a folder of story folders or a JSONL manifest.  Stories run on a process
    pool of ``workers`` processes (default: one per core) or, with ``scheduler`` ("local" or
    a scheduler address), on Dask.  Unchanged stories are skipped unless ``force``.  A failing
    story is recorded, never raised; ``on_story`` hears about each story as it finishes.  A
    story still running after ``story_timeout`` seconds is stopped and recorded as failed
    (None: no limit; on Dask, one story at a time per worker process: compare.batch.limits).
    """
    started = time.perf_counter()
    stories = find_stories(Path(source), exclude=out_dir)
    settings = Settings(tuple(formats), options or AlignOptions(), story_timeout)
    run = _BatchRun(out_dir, settings, len(stories), on_story)
    pool = open_workers(workers, scheduler)
    finished = False
    try:
        for job in stories:
            run.start(pool, job, force=force)
        run.drain(pool)
        finished = True
    finally:
        pool.close(cancel=not finished)
    results = tuple(sorted(run.results, key=lambda result: result.story))
    seconds = time.perf_counter() - started
    remove_stale_temporaries(out_dir)
    return BatchResult(results, seconds, tuple(write_outputs(out_dir, results, seconds)))


@dataclass
class _Task:
    job: StoryJob
    digest: str | None
    attempt: int = 1


class _BatchRun:
    """The parent's state: a bounded set of futures in flight and one small row per story."""

    def __init__(self, out_dir: Path, settings: Settings, total: int, on_story: OnStory | None):
        self.out_dir = out_dir
        self.settings = settings
        self.fingerprint = settings.fingerprint()
        self.total = total
        self.on_story = on_story
        self.results: list[StoryResult] = []
        self.in_flight: dict[Future[StoryResult], _Task] = {}

    def start(self, pool: Workers, job: StoryJob, *, force: bool) -> None:
        digest = input_digest(job, self.fingerprint)
        stored = None if force else up_to_date(self.out_dir, job, digest)
        if stored is not None:
            self._record(stored)
            return
        while len(self.in_flight) >= pool.in_flight:
            self._collect(pool)
        self._submit(pool, _Task(job, digest))

    def drain(self, pool: Workers) -> None:
        while self.in_flight:
            self._collect(pool)

    def _submit(self, pool: Workers, task: _Task) -> None:
        future = pool.executor().submit(
            run_story, task.job, self.out_dir, self.settings, task.digest
        )
        self.in_flight[future] = task

    def _collect(self, pool: Workers) -> None:
        done, _ = wait(self.in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            task = self.in_flight.pop(future, None)
            if task is None:  # already resubmitted after its pool broke
                continue
            try:
                self._record(future.result())
            except BrokenExecutor:
                self._recover(pool, task)
            except Exception as error:  # raised around run_story, e.g. Dask's KilledWorker
                self._record(StoryResult.failure(task.job.id, f"{type(error).__name__}: {error}"))

    def _recover(self, pool: Workers, broken: _Task) -> None:
        """A worker died: keep what finished, rerun the rest of what was in flight."""
        stranded = [broken]
        for future, task in self.in_flight.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                self._record(future.result())
            else:
                stranded.append(task)
        self.in_flight.clear()
        pool.replace()
        for task in stranded:
            if task.attempt >= MAX_ATTEMPTS:
                self._record(StoryResult.failure(task.job.id, WORKER_DIED))
            else:
                task.attempt += 1
                self._submit(pool, task)

    def _record(self, result: StoryResult) -> None:
        self.results.append(result)
        if self.on_story is not None:
            self.on_story(result, len(self.results), self.total)
