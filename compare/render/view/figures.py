"""The report's figures, drawn once the view has decided what they show: the view's data
handed to compare.render.svg as the plain figure inputs it draws from."""

from __future__ import annotations

from compare.model import CHANGE_STATES
from compare.render.svg import (
    Figure,
    FigureRow,
    FigureTake,
    MapColumn,
    MapLines,
    MapMark,
    alignment_map,
    carried_matrix,
    similarity_matrix,
    timeline,
)
from compare.render.view.types import PairView, StatementRow, TakeView, VersionView
from compare.render.view.wording import map_caption


def alignment_figure(versions: tuple[VersionView, ...], pairs: tuple[PairView, ...]) -> Figure:
    columns = [
        MapColumn(
            id=v.id,
            name=v.name,
            caption=map_caption(v),
            total=v.total,
            marks=tuple(
                MapMark(s.id, s.index, s.paragraph, s.label, s.partners, s.text)
                for s in v.sentences
            ),
        )
        for v in versions
    ]
    lines = [
        MapLines(
            pair.earlier.id,
            pair.later.id,
            row.label,
            tuple(s.id for s in row.before),
            tuple(s.id for s in row.after),
        )
        for pair in pairs
        for row in pair.rows
    ]
    return alignment_map(columns, lines)


def _figure_takes(takes: tuple[TakeView, ...]) -> list[FigureTake]:
    return [FigureTake(take.number, take.name, take.published, take.counts) for take in takes]


def _figure_row(row: StatementRow) -> FigureRow:
    return FigureRow(row.number, row.anchor, tuple(cell.state for cell in row.cells))


def carried_figure(takes: tuple[TakeView, ...], rows: tuple[StatementRow, ...]) -> Figure:
    return carried_matrix(_figure_takes(takes), [_figure_row(row) for row in rows])


def similarity_figure(takes: tuple[TakeView, ...], percent: tuple[tuple[int, ...], ...]) -> Figure:
    """``percent``: the versions' similarity, in take order (the takes' members in turn)."""
    return similarity_matrix(
        [(f"take {take.number}", [v.name for v in take.members]) for take in takes], percent
    )


def timeline_figure(takes: tuple[TakeView, ...], rows: tuple[StatementRow, ...]) -> Figure:
    """What each take changed: a statement under each step of the story it takes there."""
    changes = [
        {
            state: tuple(
                _figure_row(row)
                for row in rows
                if row.cells[column].state == state
                and (state != "dropped" or row.cells[column].change)
            )
            for state in CHANGE_STATES
        }
        for column in range(len(takes))
    ]
    return timeline(_figure_takes(takes), changes)
