"""story-compare: how different outlets ran the same news story, sentence by sentence."""

from importlib.metadata import PackageNotFoundError, version

from compare.model import Article, Comparison, Link, Sentence
from compare.pipeline import compare_inputs, run_report

try:
    __version__ = version("story-compare")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Article",
    "Comparison",
    "Link",
    "Sentence",
    "__version__",
    "compare_inputs",
    "run_report",
]
