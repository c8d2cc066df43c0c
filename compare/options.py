"""Options and formats: the settings a run is given, light enough for the CLI to read at start-up.

:class:`AlignOptions` holds the aligner's thresholds (compare.align reads them), ``FORMATS`` and
``ALL_FORMATS`` the report formats (compare.render writes them).  The CLI builds its options
from these without loading any stage or renderer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

FORMATS: tuple[str, ...] = ("json", "html", "pdf")  # the default set
# Every format: "csv" writes links.csv and sentences.csv (for spreadsheets and notebooks).
ALL_FORMATS: tuple[str, ...] = (*FORMATS, "csv")


def _option(default: float, help: str, low: float, high: float | None = None) -> Any:
    """A field of AlignOptions: its default, its help line and its valid range, which the CLI
    turns into ``--name`` options (one description for the library, the CLI and the docs)."""
    return field(default=default, metadata={"help": help, "min": low, "max": high})


@dataclass(frozen=True)
class AlignOptions:
    """Thresholds of the aligner; defaults calibrated on the labelled dev sets (docs/quality.md)."""

    link_threshold: float = _option(
        0.3, "Minimum similarity for two sentences to be linked one-to-one.", 0.0, 1.0
    )
    split_containment: float = _option(
        0.6,
        "Share of a leftover sentence's word weight that must lie inside a linked sentence of "
        "the other version for a split or merge.",
        0.0,
        1.0,
    )
    order_weight: float = _option(
        0.25,
        "Weight of word order (difflib ratio) against word overlap in the similarity.",
        0.0,
        1.0,
    )
    candidates: int = _option(
        5, "Sentences of the other version scored per sentence (candidate retrieval).", 1
    )
    background_weight: float = _option(
        0.2,
        "Weight of words in background clauses (relative clauses, speaker tags); 1 turns the "
        "down-weighting off.",
        0.0,
        1.0,
    )
    min_distinctive: int = _option(
        0,
        "Distinctive terms (stems or adjacent stem pairs found in at most as many sentences as "
        "the story has versions) two sentences that are not near copies must share to be "
        "linked; 0 turns the rule off.",
        0,
    )
    semantic_weight: float = _option(
        0.0,
        "Weight of a sentence encoder's cosine against the lexical similarity, on the pairs "
        "the lexical retrieval found (pip install 'story-compare[semantic]'); 0 turns it off.",
        0.0,
        1.0,
    )

    def __post_init__(self) -> None:
        for option in fields(self):
            value, low, high = (
                getattr(self, option.name),
                option.metadata["min"],
                option.metadata["max"],
            )
            numbers = (int,) if isinstance(option.default, int) else (int, float)
            if not isinstance(value, numbers):
                raise TypeError(f"AlignOptions.{option.name} must be a number, not {value!r}")
            if not math.isfinite(value):  # NaN passes every comparison below; JSON has no NaN
                raise ValueError(
                    f"AlignOptions.{option.name} must be a finite number, not {value!r}"
                )
            if value < low or (high is not None and value > high):
                bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
                raise ValueError(f"AlignOptions.{option.name} must be {bounds}, not {value!r}")
