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


class StoryTimedOut(BaseException):
    """Raised inside a story that ran past its time limit.

    A BaseException, like KeyboardInterrupt: the stages' own ``except Exception`` handlers
    must not catch it and report the story as a renderer's failure.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`StoryTimedOut` in this thread once ``seconds`` have passed.

    A process-pool worker runs its story on its main thread, where SIGALRM interrupts the
    story between two Python instructions.  Off the main thread (a Dask worker's task thread)
    no signal can reach the story: there the limit is not enforced.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise StoryTimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
