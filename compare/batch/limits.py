"""The per-story time limit of a batch (``--story-timeout``).

Its own small module: the CLI reads the default at start-up, before any batch machinery (the
process pool, Dask, jinja2 for the index) is loaded.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# The per-story time limit's default (batch --story-timeout), in seconds.  The budget a story
# is held to (docs/benchmarks.md, "Big inputs"): a 1 MB pair, every format, in about a
# minute; five times that is a story that would never finish (the PDF of a huge input).
DEFAULT_STORY_TIMEOUT = 300.0
# One story at a time per process is held to its limit on a task thread: with two watched at
# once, a notice raised just as one story ended was seen (a stress test of two threads at
# 20 ms limits) to land after it, in what its thread ran next.  A Dask worker of the local
# cluster runs one story at a time; on a remote worker with several threads the others run
# unwatched.
_ONE_WATCHED = threading.Lock()
# How often a story on a task thread is told again that its time is up, until it stops: a
# notice that lands while the thread runs a garbage-collector callback (Dask installs one)
# is printed and dropped by the interpreter, not raised.
REPEAT_SECONDS = 0.5


class StoryTimedOut(BaseException):
    """Raised inside a story that ran past its time limit.

    A BaseException, like KeyboardInterrupt: the stages' own ``except Exception`` handlers
    must not catch it and report the story as a renderer's failure.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`StoryTimedOut` in this thread once ``seconds`` have passed.

    A process-pool worker runs its story on its main thread, where SIGALRM interrupts the
    story between two Python instructions.  A Dask worker runs it on a task thread, which no
    signal reaches: there a watchdog thread raises the exception in the story's thread
    (``PyThreadState_SetAsyncExc``, which also takes effect between two Python instructions),
    for one story of the process at a time.  Neither can stop a single long call into C code;
    the story stops when it returns.
    """
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    elif _ONE_WATCHED.acquire(blocking=False):
        try:
            with _watchdog(seconds):
                yield
        finally:
            _ONE_WATCHED.release()
    else:
        yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise StoryTimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    story = threading.get_ident()
    lock = threading.Lock()
    over = threading.Event()  # wakes the watchdog when the story leaves the block
    # Set once the story is out, under the lock: the watchdog raises nothing after it.  A list
    # item, not an attribute or a call: storing it runs no Python instruction at which a
    # notice could land.
    closed = [False]

    def watch() -> None:
        wait = seconds
        while not over.wait(wait):
            with lock:
                if closed[0]:
                    return
                _raise_in(story, StoryTimedOut)
            wait = REPEAT_SECONDS

    watcher = threading.Thread(target=watch, name="story-timeout", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        # A notice raised just as the story ended lands here, while the lock is taken (two
        # stories on two threads showed it): then again, until the watchdog is stopped and a
        # notice raised but not yet delivered is withdrawn.
        while not closed[0]:
            try:
                with lock:
                    closed[0] = True
                    over.set()
                    _raise_in(story, None)
            except StoryTimedOut:
                continue


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``exception`` at its next Python instruction (None: withdraw)."""
    import ctypes  # here, not at the top: the CLI imports this module at start-up

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None
    )
