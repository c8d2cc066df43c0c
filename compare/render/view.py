"""The one view-model of a report.  HTML and PDF read it; neither looks at the Comparison.

Like rich's renderables: everything a reader sees is decided here (which pairs, in what order,
which words changed, how long each bar is), and the templates only lay it out.  No colours and
no markup here: labels travel as words ("shared", "updated", "unique") that the stylesheet maps
to classes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from compare.model import (
    LABELS,
    Article,
    Comparison,
    Cue,
    Heading,
    Link,
    LinkKind,
    LinkLabel,
    RemovedLine,
    Sentence,
    SentenceLabel,
)
from compare.render.worddiff import Segment, word_diff


@dataclass(frozen=True, slots=True)
class SentenceView:
    id: str
    index: int
    paragraph: int
    text: str
    label: SentenceLabel


@dataclass(frozen=True, slots=True)
class BarPart:
    """One label's share of a version's sentences, as a span of a 0–100 bar."""

    label: SentenceLabel
    count: int
    start: float  # percent
    width: float  # percent


@dataclass(frozen=True, slots=True)
class VersionView:
    id: str
    name: str  # what a reader calls this version: the outlet, else the version id
    order: int
    path: str
    outlet: str | None
    headline: str | None
    dateline: str | None
    published: str | None
    published_source: str | None
    phase: str | None
    url: str | None
    total: int
    counts: dict[SentenceLabel, int]
    bar: tuple[BarPart, ...]
    headings: tuple[Heading, ...]
    unique: tuple[SentenceView, ...]
    removed: tuple[RemovedLine, ...]


@dataclass(frozen=True, slots=True)
class PairRow:
    """Linked sentences of two versions: one-to-one, or a split/merge group shown as one row."""

    label: LinkLabel
    kind: LinkKind
    score: float  # the weakest link of the group
    before: tuple[SentenceView, ...]
    after: tuple[SentenceView, ...]
    diff: tuple[Segment, ...]
    same_words: bool  # the diff marks nothing (case, quotes and dashes aside)
    cues: tuple[Cue, ...]


@dataclass(frozen=True, slots=True)
class PairView:
    """What two versions share, in the earlier version's order."""

    earlier: VersionView
    later: VersionView
    rows: tuple[PairRow, ...]
    shared: int
    updated: int


@dataclass(frozen=True, slots=True)
class ReportView:
    story_id: str
    title: str
    generator: str  # "story-compare 0.1.0"
    versions: tuple[VersionView, ...]
    pairs: tuple[PairView, ...]
    links: dict[LinkLabel, int]
    ordering_method: str
    ordering_confidence: float
    ordering_evidence: tuple[str, ...]


def build_view(comparison: Comparison) -> ReportView:
    """Decide everything the report shows, once, for every renderer."""
    from compare import __version__  # here, not at import: compare/__init__ imports this package

    versions = tuple(
        _version_view(comparison, order, v) for order, v in enumerate(comparison.versions)
    )
    by_id = {v.id: v for v in versions}
    return ReportView(
        story_id=comparison.story.id,
        title=_title(comparison),
        generator=f"story-compare {__version__}",
        versions=versions,
        pairs=tuple(_pairs(comparison, by_id)),
        links={
            label: sum(link.label == label for link in comparison.links)
            for label in ("shared", "updated")
        },
        ordering_method=comparison.ordering.method,
        ordering_confidence=comparison.ordering.confidence,
        ordering_evidence=comparison.ordering.evidence,
    )


def _title(comparison: Comparison) -> str:
    headlines = (v.headline for v in comparison.versions if v.headline)
    return comparison.story.title or next(headlines, None) or comparison.story.id


def _sentence_view(comparison: Comparison, sentence: Sentence) -> SentenceView:
    return SentenceView(
        id=sentence.id,
        index=sentence.index,
        paragraph=sentence.paragraph,
        text=sentence.text,
        label=comparison.label(sentence.id),
    )


def _version_view(comparison: Comparison, order: int, article: Article) -> VersionView:
    counts = comparison.counts(article.id)
    total = len(article.sentences)
    bar, start = [], 0.0
    for label in LABELS:
        width = 100.0 * counts[label] / total if total else 0.0
        bar.append(BarPart(label, counts[label], round(start, 3), round(width, 3)))
        start += width
    return VersionView(
        id=article.id,
        name=article.outlet or article.id,
        order=order,
        path=article.path,
        outlet=article.outlet,
        headline=article.headline,
        dateline=article.dateline,
        published=article.published,
        published_source=article.published_source,
        phase=article.phase,
        url=article.url,
        total=total,
        counts=counts,
        bar=tuple(bar),
        headings=article.headings,
        unique=tuple(
            _sentence_view(comparison, s)
            for s in article.sentences
            if comparison.label(s.id) == "unique"
        ),
        removed=article.removed,
    )


def _pairs(comparison: Comparison, versions: dict[str, VersionView]) -> list[PairView]:
    """One section per pair of versions that has links, earlier version first."""
    sentences = comparison.sentences()
    by_pair: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for link in comparison.links:
        source, target = sentences[link.source], sentences[link.target]
        earlier, later = sorted((source, target), key=lambda s: versions[s.version].order)
        by_pair[(earlier.version, later.version)].append(link)
    pairs = []
    for (earlier_id, later_id), links in sorted(
        by_pair.items(), key=lambda item: (versions[item[0][0]].order, versions[item[0][1]].order)
    ):
        rows = [_row(comparison, sentences, group, earlier_id) for group in _groups(links)]
        rows.sort(key=lambda row: (row.before[0].index, row.after[0].index))
        pairs.append(
            PairView(
                earlier=versions[earlier_id],
                later=versions[later_id],
                rows=tuple(rows),
                shared=sum(row.label == "shared" for row in rows),
                updated=sum(row.label == "updated" for row in rows),
            )
        )
    return pairs


def _groups(links: list[Link]) -> list[list[Link]]:
    """Links that share a sentence (a split or a merge) form one group, shown as one row."""
    parent: dict[str, str] = {}

    def root(sentence_id: str) -> str:
        while parent.setdefault(sentence_id, sentence_id) != sentence_id:
            sentence_id = parent[sentence_id]
        return sentence_id

    for link in links:
        parent[root(link.source)] = root(link.target)
    groups: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        groups[root(link.source)].append(link)
    return list(groups.values())


def _row(
    comparison: Comparison, sentences: dict[str, Sentence], links: list[Link], earlier_id: str
) -> PairRow:
    ids = {sid for link in links for sid in (link.source, link.target)}
    members = sorted((sentences[sid] for sid in ids), key=lambda s: s.index)
    before = tuple(_sentence_view(comparison, s) for s in members if s.version == earlier_id)
    after = tuple(_sentence_view(comparison, s) for s in members if s.version != earlier_id)
    label: LinkLabel = "updated" if any(link.label == "updated" for link in links) else "shared"
    diff = word_diff(" ".join(s.text for s in before), " ".join(s.text for s in after))
    return PairRow(
        label=label,
        kind=next((link.kind for link in links if link.kind != "one-to-one"), "one-to-one"),
        score=min(link.score for link in links),
        before=before,
        after=after,
        diff=diff,
        same_words=all(segment.kind == "same" for segment in diff),
        cues=tuple(cue for link in links for cue in link.cues),
    )
