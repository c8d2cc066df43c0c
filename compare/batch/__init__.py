"""Batch: many stories through the one pipeline, in parallel, resumable, with an index page.

Like spaCy's ``Language.pipe``, a batch is the single-story path in a loop: every executor (a
process pool, or Dask) runs :func:`compare.batch.worker.run_story`, which calls
:mod:`compare.pipeline`.  The parent process streams story folders (or manifest groups), skips
those whose inputs are unchanged, keeps only one small :class:`StoryResult` per story, and writes
``index.html``, ``summary.csv`` and ``summary.json`` at the end.
"""

from compare.batch.runner import BatchResult, run_batch
from compare.batch.worker import StoryResult

__all__ = ["BatchResult", "StoryResult", "run_batch"]
