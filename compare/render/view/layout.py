"""Layout rules: how much page 1 shows, when a row may break across pages, how the print
collation is cut into bands of takes.  Measures are in characters and takes, for A4."""

from __future__ import annotations

from compare.render.view.types import (
    BandRow,
    CellView,
    PlacedCell,
    StatementRow,
    TableBand,
    TakeView,
)
from compare.render.worddiff import Segment

# Page 1 lists this many updates, the ones with the most cues first; the rest are in the body.
TOP_UPDATES = 5
# Words of unchanged text kept on each side of a change in page 1's excerpts.
EXCERPT_CONTEXT = 6
# A contents list (with page numbers in the PDF) once a report runs past about four A4 pages.
CONTENTS_MIN_SENTENCES = 40
# A side-by-side row longer than this (characters on its longer side, about a quarter of an A4
# page in a half-width column) may break across pages; shorter rows move whole to the next one.
LONG_ROW_CHARS = 700

# The PDF's collation table shows at most this many takes side by side on a landscape A4 page:
# about 50 mm a column, some 45 characters a line at 8 pt, the most that still reads as
# sentences rather than a word list.
BAND_TAKES = 5
# Outlet names a column header or a cell's note lists; past that it counts them ("+ 9 more"):
# the versions table lists them all.
LISTED_NAMES = 4
# A collation row whose longest cell passes this many characters (about a third of a landscape
# page at 50 mm a column) may break across pages; shorter rows move whole to the next one.
LONG_CELL_CHARS = 900
# What the toolbar can filter on: the pairs' sentence labels, or the collation's row states.
PAIR_FILTERS: tuple[str, ...] = ("shared", "updated", "unique")
COLLATION_FILTERS: tuple[str, ...] = ("updated", "dropped", "unique")


def excerpt(diff: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """The diff with unchanged runs cut to EXCERPT_CONTEXT words beside each change: page 1
    shows what changed, the side-by-side pages the whole sentence."""
    cut = []
    for at, segment in enumerate(diff):
        words = segment.text.split()
        head = EXCERPT_CONTEXT if at > 0 else 0  # words right after the previous change
        tail = EXCERPT_CONTEXT if at < len(diff) - 1 else 0  # words right before the next one
        if segment.kind != "same" or len(words) <= head + tail + 2:
            cut.append(segment)
            continue
        kept = [segment.lead + " ".join(words[:head])] if head else []
        kept.append(" …" if head else "…")
        if tail:
            kept.append(" " + " ".join(words[-tail:]))
        cut.append(Segment("same", "".join(kept)))
    return tuple(cut)


def cell_length(cell: CellView) -> int:
    """Characters a cell shows: its text with struck words, and its variants."""
    texts = [cell.text, *(variant.text for variant in cell.variants)]
    return sum(len(segment.text) for text in texts for segment in text)


def bands(takes: tuple[TakeView, ...], rows: tuple[StatementRow, ...]) -> tuple[TableBand, ...]:
    """The print table's bands: BAND_TAKES takes at most each, as even as possible (seven takes
    are 4 + 3, not 5 + 2: a lone column on its own page would lose its neighbours).  Bands do
    not overlap: a cell whose earlier take is on another band names it instead."""
    count = -(-len(takes) // BAND_TAKES)
    size = -(-len(takes) // count)
    cut = []
    anchored: set[str] = set()
    for number, start in enumerate(range(0, len(takes), size), start=1):
        columns = range(start, min(start + size, len(takes)))
        title = (
            f"Takes {columns[0] + 1}–{columns[-1] + 1} of {len(takes)}"
            if len(columns) > 1
            else f"Take {columns[0] + 1} of {len(takes)}"
        )
        cut.append(band(f"band-{number}", title, takes, columns, rows, anchored))
    return tuple(cut)


def band(
    anchor: str,
    title: str,
    takes: tuple[TakeView, ...],
    columns: range,
    rows: tuple[StatementRow, ...],
    anchored: set[str],
) -> TableBand:
    """The table over ``columns``; ``anchored`` (updated here) holds the rows that have an id
    on an earlier band already: an id may appear once in the page."""
    kept, left_out = [], []
    for row in rows:
        cells = [row.cells[column] for column in columns]
        if not any(cell.carried or cell.change for cell in cells):
            left_out.append(row.number)
            continue
        placed = []
        for column, cell in zip(columns, cells, strict=True):
            if cell.previous is None or (cell.previous == column - 1 and column > columns[0]):
                placed.append(PlacedCell(cell, None))  # "←" says it
            else:
                placed.append(PlacedCell(cell, takes[cell.previous].name))
        kept.append(BandRow(row, tuple(placed), None if row.id in anchored else row.anchor))
        anchored.add(row.id)
    return TableBand(
        anchor=anchor,
        title=title,
        takes=tuple(takes[column] for column in columns),
        rows=tuple(kept),
        left_out=tuple(left_out),
    )
