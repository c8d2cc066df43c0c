"""Two versions side by side: a row per group of links (compare.model.PairLinks), its word
diff and cues, and page 1's top updates."""

from __future__ import annotations

from compare.confidence import needs_check
from compare.model import Comparison, Link, LinkLabel, PairLinks, Sentence
from compare.render.view.layout import LONG_ROW_CHARS, excerpt
from compare.render.view.types import PairRow, PairView, TopUpdate, VersionView
from compare.render.view.versions import sentence_view
from compare.render.worddiff import word_diff


def pair_views(
    comparison: Comparison,
    versions: dict[str, VersionView],
    partners: dict[str, tuple[str, ...]],
) -> tuple[PairView, ...]:
    """One section per pair of versions that has links, earlier version first."""
    sentences = comparison.sentences()
    return tuple(
        _pair_view(comparison, sentences, pair, versions, partners) for pair in comparison.pairs()
    )


def _pair_view(
    comparison: Comparison,
    sentences: dict[str, Sentence],
    pair: PairLinks,
    versions: dict[str, VersionView],
    partners: dict[str, tuple[str, ...]],
) -> PairView:
    rows = tuple(
        _row(comparison, sentences, list(group), pair.earlier, partners) for group in pair.groups
    )
    return PairView(
        anchor=f"pair-{pair.earlier}-{pair.later}",
        earlier=versions[pair.earlier],
        later=versions[pair.later],
        rows=rows,
        shared=sum(row.label == "shared" for row in rows),
        updated=sum(row.label == "updated" for row in rows),
        moved=pair.moved,
    )


def top_updates(pairs: tuple[PairView, ...]) -> list[TopUpdate]:
    """Every updated row, the most evidence first; ties keep the reading order (pairs by
    time, rows by position).  Page 1 shows the first TOP_UPDATES."""
    return sorted(
        (
            TopUpdate(pair, row, excerpt(row.diff))
            for pair in pairs
            for row in pair.rows
            if row.label == "updated"
        ),
        key=lambda update: -len(update.row.cues),
    )


def _row(
    comparison: Comparison,
    sentences: dict[str, Sentence],
    links: list[Link],
    earlier_id: str,
    partners: dict[str, tuple[str, ...]],
) -> PairRow:
    ids = {sid for link in links for sid in (link.source, link.target)}
    members = sorted((sentences[sid] for sid in ids), key=lambda s: s.index)
    before = tuple(
        sentence_view(comparison, s, partners) for s in members if s.version == earlier_id
    )
    after = tuple(
        sentence_view(comparison, s, partners) for s in members if s.version != earlier_id
    )
    label: LinkLabel = "updated" if any(link.label == "updated" for link in links) else "shared"
    before_text, after_text = " ".join(s.text for s in before), " ".join(s.text for s in after)
    diff = word_diff(before_text, after_text)
    return PairRow(
        anchor=f"row-{before[0].id}-{after[0].id}",
        label=label,
        kind=next((link.kind for link in links if link.kind != "one-to-one"), "one-to-one"),
        score=min(link.score for link in links),
        before=before,
        after=after,
        diff=diff,
        same_words=all(segment.kind == "same" for segment in diff),
        cues=tuple(cue for link in links for cue in link.cues),
        # the later side shows the words of both texts, struck and added
        long=max(len(before_text), sum(len(seg.text) for seg in diff)) > LONG_ROW_CHARS,
        edited=any(link.by == "editor" for link in links),
        check=any(needs_check(link) for link in links),
    )
