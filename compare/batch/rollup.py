"""The roll-up across a batch, per outlet: what it carried, which takes, how it edited them.

A media monitor's question of a batch is "which outlets trim, which run stale takes, which
add material of their own".  Each story's :class:`~compare.batch.result.Copy` rows answer it
for one story; here they are summed per outlet (:func:`compare.batch.result.outlet_key`) into
``rollup.csv`` and the rows and bar charts of ``rollup.html``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from compare.batch.result import StoryResult

CSV_COLUMNS = (
    "outlet", "stated_as", "stories", "copies", "latest_take", "stale_take", "stale_pct",
    "sentences", "cut", "added", "cut_per_copy", "added_per_copy", "updates", "cut_off",
)  # fmt: skip

# Chart geometry, in SVG user units (the charts scale to the page's width).
CHART_WIDTH = 460
LABEL_WIDTH = 160
ROW_HEIGHT = 20
BAR_HEIGHT = 12
AXIS_HEIGHT = 24
ANNOTATION_WIDTH = 90  # right of the longest bar: "4 (50% stale)"


@dataclass
class OutletRow:
    """One outlet's copies across the batch."""

    outlet: str
    stated_as: list[str] = field(default_factory=list)  # outlet names its pages stated
    stories: set[str] = field(default_factory=set)
    copies: int = 0
    latest_take: int = 0
    stale_take: int = 0
    sentences: int = 0
    cut: int = 0
    added: int = 0
    updates: int = 0
    cut_off: int = 0  # copies the scraper or the outlet truncated

    @property
    def stale_pct(self) -> float:
        return round(100 * self.stale_take / self.copies, 1) if self.copies else 0.0

    @property
    def cut_per_copy(self) -> float:
        return round(self.cut / self.copies, 1) if self.copies else 0.0

    @property
    def added_per_copy(self) -> float:
        return round(self.added / self.copies, 1) if self.copies else 0.0


def by_outlet(results: Sequence[StoryResult]) -> list[OutletRow]:
    """One row per outlet over every story with a report, most copies first."""
    rows: dict[str, OutletRow] = {}
    for result in results:
        for copy in result.copies:
            row = rows.setdefault(copy.outlet, OutletRow(copy.outlet))
            if copy.stated_outlet and copy.stated_outlet not in row.stated_as:
                row.stated_as.append(copy.stated_outlet)
            row.stories.add(result.story)
            row.copies += 1
            row.latest_take += copy.latest
            row.stale_take += not copy.latest
            row.sentences += copy.sentences
            row.cut += copy.cut
            row.added += copy.added
            row.updates += copy.updates
            row.cut_off += copy.cut_off_after is not None
    return sorted(rows.values(), key=lambda row: (-row.copies, row.outlet))


def to_csv(rows: Sequence[OutletRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.outlet, "; ".join(row.stated_as), len(row.stories), row.copies,
                row.latest_take, row.stale_take, row.stale_pct, row.sentences, row.cut,
                row.added, row.cut_per_copy, row.added_per_copy, row.updates, row.cut_off,
            ]
        )  # fmt: skip
    return buffer.getvalue()


def charts(rows: Sequence[OutletRow]) -> dict[str, Any]:
    """Bar geometry for the two charts of rollup.html, from the rows alone.

    "takes": one bar per outlet, its copies split into the latest take and stale ones.
    "edits": for the outlets that cut or added any sentence, sentences cut (leftwards) and
    added (rightwards) per copy, relative to the take the copy ran.  Both keep the rows' order.
    """
    plot = CHART_WIDTH - LABEL_WIDTH - ANNOTATION_WIDTH
    most_copies = max((row.copies for row in rows), default=0) or 1
    edited = [row for row in rows if row.cut or row.added]
    widest_edit = max((max(row.cut_per_copy, row.added_per_copy) for row in edited), default=0)
    widest_edit = widest_edit or 1.0
    middle = LABEL_WIDTH + plot / 2
    takes, edits = [], []
    for number, row in enumerate(rows):
        latest = plot * row.latest_take / most_copies
        stale = plot * row.stale_take / most_copies
        takes.append(
            {"row": row, "y": _row_y(number), "latest": round(latest, 1),
             "stale": round(stale, 1), "stale_x": round(LABEL_WIDTH + latest, 1)}
        )  # fmt: skip
    for number, row in enumerate(edited):
        cut = (plot / 2) * row.cut_per_copy / widest_edit
        added = (plot / 2) * row.added_per_copy / widest_edit
        edits.append(
            {"row": row, "y": _row_y(number), "cut": round(cut, 1),
             "cut_x": round(middle - cut, 1), "added": round(added, 1)}
        )  # fmt: skip
    return {
        "width": CHART_WIDTH,
        "takes_height": _row_y(len(takes)) + 6,
        "edits_height": _row_y(len(edits)) + 6,
        "label_width": LABEL_WIDTH,
        "plot": plot,
        "middle": middle,
        "bar": BAR_HEIGHT,
        "most_copies": most_copies,
        "widest_edit": widest_edit,
        "takes": takes,
        "edits": edits,
    }


def _row_y(number: int) -> int:
    return AXIS_HEIGHT + number * ROW_HEIGHT
