"""Three or more versions: the collation.  Statements as rows, takes as columns in time
order, each cell compared with the nearest earlier take that carried the statement (the
model's ``Statement.take_cells``), and page 1's updates."""

from __future__ import annotations

from collections import defaultdict

from compare.confidence import needs_check
from compare.model import (
    CARRIED_STATES,
    MARKED_STATES,
    Cell,
    CellState,
    Comparison,
    Link,
    Statement,
    Take,
)
from compare.render.svg import BarPart, composition_bar
from compare.render.view.figures import carried_figure, similarity_figure, timeline_figure
from compare.render.view.layout import (
    LISTED_NAMES,
    LONG_CELL_CHARS,
    TOP_UPDATES,
    band,
    bands,
    cell_length,
    excerpt,
)
from compare.render.view.types import (
    CellView,
    CollationUpdate,
    CollationView,
    SentenceView,
    StatementRow,
    TakeView,
    Variant,
    VersionView,
)
from compare.render.view.wording import missing, published_range, take_name
from compare.render.worddiff import Segment, word_diff


def collation_view(comparison: Comparison, versions: tuple[VersionView, ...]) -> CollationView:
    by_id = {v.id: v for v in versions}
    takes = comparison.takes
    sentence_views = {s.id: s for v in versions for s in v.sentences}
    links_of: dict[str, list[Link]] = defaultdict(list)  # statement id → its links
    statement_of = {
        sid: statement.id
        for statement in comparison.statements
        for cell in statement.cells
        for sid in cell.sentences
    }
    for link in comparison.links:
        if statement_of.get(link.source) == statement_of.get(link.target):
            links_of[statement_of[link.source]].append(link)
    rows = tuple(
        _statement_row(number, statement, takes, by_id, sentence_views, links_of[statement.id])
        for number, statement in enumerate(comparison.statements, start=1)
    )
    take_views = tuple(
        _take_view(number, take, by_id, [row.cells[number - 1] for row in rows])
        for number, take in enumerate(takes, start=1)
    )
    updates = sorted(
        (
            CollationUpdate(
                row=row,
                cell=cell,
                earlier=take_views[cell.previous],
                later=take_views[column],
                before=row.cells[cell.previous],
                excerpt=excerpt(cell.text),
            )
            for column in range(len(take_views))
            for row in rows
            # an update always has an earlier take
            if (cell := row.cells[column]).state == "updated" and cell.previous is not None
        ),
        # most evidence first; ties keep the story's order (takes by time, rows by position)
        key=lambda update: -len(update.cell.cues),
    )
    ordered = [v.id for take in take_views for v in take.members]
    percent = comparison.similarity(ordered)
    return CollationView(
        takes=take_views,
        rows=rows,
        table=band("collation-table", "All takes", take_views, range(len(take_views)), rows, set()),
        bands=bands(take_views, rows),
        updates=tuple(updates[:TOP_UPDATES]),
        more_updates=max(len(updates) - TOP_UPDATES, 0),
        updated=len(updates),
        dropped=sum(any(c.state == "dropped" for c in row.cells) for row in rows),
        single=sum(len(statement.carriers) == 1 for statement in comparison.statements),
        row_of={sid: row for row in rows for cell in row.cells for sid in cell.ids},
        carried_matrix=carried_figure(take_views, rows),
        similarity=similarity_figure(take_views, percent),
        timeline=timeline_figure(take_views, rows),
    )


def _statement_row(
    number: int,
    statement: Statement,
    takes: tuple[Take, ...],
    versions: dict[str, VersionView],
    sentence_views: dict[str, SentenceView],
    links: list[Link],
) -> StatementRow:
    """One statement across the takes: the model's take-level cells, as the reader sees them.

    Each later cell's text is a word diff against the nearest earlier take that carried the
    statement, the comparison its state and cues describe (``Statement.take_cells``).
    """
    cell_of = {cell.version: cell for cell in statement.cells}
    cells: list[CellView] = []
    previous: tuple[int, str] | None = None  # column, its text
    columns = zip(takes, statement.take_cells, statement.steps, strict=True)
    for column, (take, take_cell, step) in enumerate(columns):
        if not take_cell.sentences:
            cells.append(
                CellView(
                    state=take_cell.state,
                    sentences=(),
                    stand_in=None,
                    text=(),
                    same_words=False,
                    previous=previous[0] if previous else None,
                    cues=(),
                    missing=None,
                    variants=(),
                    change=step,
                )
            )
            continue
        carrier = take_cell.version
        own = tuple(sentence_views[sid] for sid in take_cell.sentences)
        text = " ".join(s.text for s in own)
        segments = word_diff(previous[1], text) if previous else (Segment("same", text),)
        cells.append(
            CellView(
                state=take_cell.state,
                sentences=own,
                stand_in=versions[carrier].name if carrier != take.id else None,
                text=segments,
                same_words=previous is not None and all(seg.kind == "same" for seg in segments),
                previous=previous[0] if previous else None,
                cues=take_cell.cues,
                missing=missing(take, cell_of, versions)
                if take_cell.state != "not-story"
                else None,
                variants=_variants(take, carrier, text, cell_of, versions, sentence_views),
                change=step,
            )
        )
        previous = (column, text)
    states = [state for state in MARKED_STATES if any(c.state == state for c in cells)]
    return StatementRow(
        id=statement.id,
        number=number,
        anchor=f"row-{statement.id}",
        cells=tuple(cells),
        labels=" ".join([*states, "unique"] if len(statement.carriers) == 1 else states),
        long=max(cell_length(cell) for cell in cells) > LONG_CELL_CHARS,
        edited=any(link.by == "editor" for link in links),
        check=any(needs_check(link) for link in links),
    )


def _variants(
    take: Take,
    carrier: str,
    text: str,
    cell_of: dict[str, Cell],
    versions: dict[str, VersionView],
    sentence_views: dict[str, SentenceView],
) -> tuple[Variant, ...]:
    """The take's versions whose wording of the statement differs from the carrier's."""
    variants = []
    for vid in take.versions:
        if vid == carrier or not cell_of[vid].sentences:
            continue
        own = tuple(sentence_views[sid] for sid in cell_of[vid].sentences)
        diff = word_diff(text, " ".join(s.text for s in own))
        if any(segment.kind != "same" for segment in diff):
            variants.append(Variant(versions[vid].name, own, diff))
    return tuple(variants)


def _take_view(
    number: int, take: Take, versions: dict[str, VersionView], column: list[CellView]
) -> TakeView:
    members = tuple(versions[v] for v in take.versions)
    names = [v.name for v in members]
    counts: dict[CellState, int] = {
        state: sum(cell.state == state for cell in column) for state in CARRIED_STATES
    }
    counts["dropped"] = sum(cell.state == "dropped" and cell.change for cell in column)
    carried = sum(counts[state] for state in CARRIED_STATES)
    shown = versions[take.id]
    name = take_name(shown, members)
    bar, start = [], 0.0
    for state in CARRIED_STATES:
        width = 100.0 * counts[state] / carried if carried else 0.0
        bar.append(BarPart(state, counts[state], round(start, 3), round(width, 3)))
        start += width
    header = names if len(names) <= LISTED_NAMES else names[: LISTED_NAMES - 1]
    return TakeView(
        id=take.id,
        number=number,
        name=name,
        members=members,
        shown=shown,
        header_names=tuple(header),
        more=len(names) - len(header),
        published=published_range(members),
        counts=counts,
        carried=carried,
        bar_figure=composition_bar(f"take-{take.id}", name, carried, bar),
    )
