"""story-compare: how different outlets ran the same news story, sentence by sentence."""

from typing import Any

from compare.model import Article, Comparison, Link, Sentence

# The one place the version is written; pyproject.toml reads it from here (hatch's version
# source).  A literal rather than importlib.metadata, which costs a tenth of the CLI's start-up.
__version__ = "0.1.0"

__all__ = [
    "Article",
    "Comparison",
    "Link",
    "Sentence",
    "__version__",
    "compare_inputs",
    "run_report",
]


def __getattr__(name: str) -> Any:
    # The pipeline is imported on first use, so "import compare" (the CLI, a batch parent that
    # only schedules or skips stories) does not load every stage.
    if name in ("compare_inputs", "run_report"):
        from compare import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'compare' has no attribute {name!r}")
