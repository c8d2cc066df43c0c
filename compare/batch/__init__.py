"""Batch: many stories through the one pipeline, in parallel, resumable, with an index page.

Like spaCy's ``Language.pipe``, a batch is the single-story path in a loop: every executor (a
process pool, or Dask) runs :func:`compare.batch.worker.run_story`, which calls
:mod:`compare.pipeline`.  The parent process streams story folders (or manifest groups), skips
those whose inputs are unchanged, keeps only one small :class:`StoryResult` per story, and writes
``index.html``, ``summary.csv`` and ``summary.json`` at the end.
"""

from typing import Any

__all__ = ["BatchResult", "StoryResult", "run_batch"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the CLI reads the batch defaults (compare.batch.limits) at
    # start-up, and the runner brings jinja2 (for the index page) with it.
    if name in ("BatchResult", "run_batch"):
        from compare.batch import runner

        return getattr(runner, name)
    if name == "StoryResult":
        from compare.batch.result import StoryResult

        return StoryResult
    raise AttributeError(f"module 'compare.batch' has no attribute {name!r}")
