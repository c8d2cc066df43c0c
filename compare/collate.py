"""Stage 4b — collate: statements across N versions, phase names.

A CollateX-style table for news: each row is a *statement* (linked sentences across versions),
each column a version in time order, each cell the version's sentence or a gap with its state
relative to the nearest earlier version carrying the statement (first appearance, shared,
updated with cues, dropped).  For two versions this is the pairwise report in table form; from
three versions on it answers "who carried what, and when did it appear or change".

Consistency: links join statements strongest first, and a join that would put two sentences of
one version into a statement is refused unless the link is a split or merge.  Everything is
ordered by score and sentence ids, never by input order, so any order of the inputs gives the
same table (tests/test_collate.py permutes them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from compare.model import (
    Article,
    Cell,
    CellState,
    Comparison,
    CutOff,
    Link,
    LostTop,
    Sentence,
    Statement,
    Take,
)
from compare.temporal import cues, is_update
from compare.times import parse_time
from compare.unionfind import DisjointSet


def collate(comparison: Comparison) -> Comparison:
    """The comparison with its ``statements`` filled in, over its takes (from classify)."""
    sentences = {s.id: s for v in comparison.versions for s in v.sentences}
    groups = _statement_groups(comparison.versions, comparison.links, sentences)
    rank = {v.id: order for order, v in enumerate(comparison.versions)}
    groups.sort(key=lambda members: _row_position(members, sentences, comparison.versions, rank))
    takes = comparison.takes
    by_version = [(v.id,) for v in comparison.versions]
    by_take = [(take.id, *take.versions) for take in takes]
    statements = tuple(
        Statement(
            id=f"st{number}",
            cells=_cells(members, by_version, sentences, takes),
            take_cells=_cells(members, by_take, sentences, takes),
        )
        for number, members in enumerate(groups)
    )
    return replace(
        comparison,
        versions=_named_phases(comparison.versions, takes, comparison.ordering.method == "none"),
        statements=statements,
    )


def _named_phases(
    versions: tuple[Article, ...], takes: Sequence[Take], unordered: bool
) -> tuple[Article, ...]:
    """Each version's phase: the one it was given, else a readable default.

    Two versions are "earlier" and "later", unless they are copies of one take that nothing
    orders (neither is the earlier); otherwise a version is named by its take ("take 2"), so
    that outlets running one take share its name.  The time is the one that dates the
    version's (or the take's first version's) text, its latest stamp as stated: "earlier — 19
    Jun 12:27", "take 2 — 15 Jul".
    """
    if len(versions) == 2 and not (unordered and len(takes) == 1):
        defaults = {
            v.id: _phase(name, _dated(v))
            for name, v in zip(("earlier", "later"), versions, strict=True)
        }
    else:
        published = {v.id: _dated(v) for v in versions}
        defaults = {
            member: _phase(f"take {number}", published[take.versions[0]])
            for number, take in enumerate(takes, start=1)
            for member in take.versions
        }
    return tuple(v if v.phase else replace(v, phase=defaults[v.id]) for v in versions)


def _dated(version: Article) -> str | None:
    """The time that dates the version's text, as stated: its latest stamp's."""
    stamp = version.dated_by
    return stamp.value if stamp else None


def _phase(name: str, published: str | None) -> str:
    if published is None or parse_time(published) is None:  # absent, or not a time
        return name
    shown = datetime.fromisoformat(published)  # as stated, not converted to UTC
    # An ISO date alone is 10 characters: no clock time to show (not "00:00").
    return f"{name} — {shown:%d %b %H:%M}" if len(published) > 10 else f"{name} — {shown:%d %b}"


def _statement_groups(
    versions: Sequence[Article], links: Sequence[Link], sentences: dict[str, Sentence]
) -> list[list[str]]:
    """Sentence ids grouped into statements; every sentence in exactly one group."""
    statements = DisjointSet(sentences)
    carried = {sid: {sentences[sid].version} for sid in sentences}  # by each group's root
    for link in sorted(links, key=lambda k: (-k.score, k.source, k.target)):
        a, b = statements[link.source], statements[link.target]
        if a == b:
            continue
        if carried[a] & carried[b] and link.kind == "one-to-one":
            continue  # would put two sentences of one version into a statement
        statements.merge(a, b)
        carried[statements[a]] = carried.pop(a) | carried.pop(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for version in versions:
        for sentence in version.sentences:
            groups[statements[sentence.id]].append(sentence.id)
    return list(groups.values())


def _row_position(
    members: list[str],
    sentences: dict[str, Sentence],
    versions: Sequence[Article],
    rank: dict[str, int],
) -> tuple[float, int, str]:
    """Where a statement sits in the story: its mean relative position in the versions."""
    lengths = {v.id: max(len(v.sentences), 1) for v in versions}
    positions = [sentences[sid].index / lengths[sentences[sid].version] for sid in members]
    first = min(rank[sentences[sid].version] for sid in members)
    return sum(positions) / len(positions), first, min(members)


def _cells(
    members: list[str],
    columns: Sequence[tuple[str, ...]],
    sentences: dict[str, Sentence],
    takes: Sequence[Take],
) -> tuple[Cell, ...]:
    """One cell per column, in time order.

    A column is one version, or a take's versions with its representative first; its cell is
    the first of them carrying the statement, compared with the nearest earlier column that
    carried it (so an update chain reads as a chain).  Material glued in from elsewhere is
    "not-story" where it is carried and nothing elsewhere; a gap after the point where a copy
    was cut off (or before the point where a copy that lost its top starts) is "cut-off", not
    "dropped" or "absent".
    """
    by_version: dict[str, list[str]] = defaultdict(list)
    for sid in members:
        by_version[sentences[sid].version].append(sid)
    glued = {sid for take in takes for sid in take.not_story}
    if all(sid in glued for sid in members):
        return tuple(
            Cell(column[0], (), "absent")
            if (carrier := next((v for v in column if by_version.get(v)), None)) is None
            else Cell(carrier, tuple(by_version[carrier]), "not-story")
            for column in columns
        )
    cut = {c.version: c for take in takes for c in take.cut_off}
    top = {t.version: t for take in takes for t in take.lost_top}
    cells = []
    previous: list[str] | None = None  # the nearest earlier carrier's sentences
    for column in columns:
        carrier = next((vid for vid in column if by_version.get(vid)), column[0])
        own = sorted(by_version.get(carrier, ()), key=lambda sid: sentences[sid].index)
        if not own:
            if _lost_by(members, cut.get(carrier), sentences) or _lost_by(
                members, top.get(carrier), sentences
            ):
                cells.append(Cell(carrier, (), "cut-off"))
            else:
                cells.append(Cell(carrier, (), "dropped" if previous else "absent"))
            continue
        if previous is None:
            cells.append(Cell(carrier, tuple(own), "first"))
        else:
            found = cues(_text(previous, sentences), _text(own, sentences))
            state: CellState = "updated" if is_update(found) else "shared"
            cells.append(Cell(carrier, tuple(own), state, found if state == "updated" else ()))
        previous = own
    return tuple(cells)


def _lost_by(
    members: list[str], truncation: CutOff | LostTop | None, sentences: dict[str, Sentence]
) -> bool:
    """Whether the copy a cut-off or a lost top describes lost this statement: the copy it is
    measured against carries it past the cut, or above where this one starts."""
    return truncation is not None and any(truncation.lost(sentences[sid]) for sid in members)


def _text(ids: list[str], sentences: dict[str, Sentence]) -> str:
    return " ".join(sentences[sid].text for sid in ids)
