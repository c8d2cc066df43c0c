"""The one view-model of a report.  HTML and PDF read it; neither looks at the Comparison.

Like rich's renderables: everything a reader sees is decided here (which pairs, in what order,
which words changed, how long each bar is), and the templates only lay it out.  No colours and
no markup here: labels travel as words ("shared", "updated", "unique") that the stylesheet maps
to classes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePath

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
from compare.render.svg import Figure, alignment_map, composition_bar, legend_key
from compare.render.worddiff import Segment, word_diff

# Page 1 lists this many updates, the ones with the most cues first; the rest are in the body.
TOP_UPDATES = 5
# Words of unchanged text kept on each side of a change in page 1's excerpts.
EXCERPT_CONTEXT = 6
# A contents list (with page numbers in the PDF) once a report runs past about four A4 pages.
CONTENTS_MIN_SENTENCES = 40
# A side-by-side row longer than this (characters on its longer side, about a quarter of an A4
# page in a half-width column) may break across pages; shorter rows move whole to the next one.
LONG_ROW_CHARS = 700

_ORDERING_METHODS = {
    "published": "by published time",
    "content": "by what the texts say (which version builds on which)",
    "input": "in the order given",
}


@dataclass(frozen=True, slots=True)
class SentenceView:
    id: str
    index: int
    paragraph: int
    text: str
    label: SentenceLabel
    partners: tuple[str, ...]  # ids of the sentences linked to this one, in any version


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
    file: str  # the input's file name: the folder it came from says nothing to a reader
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
    bar_figure: Figure
    headings: tuple[Heading, ...]
    sentences: tuple[SentenceView, ...]
    unique: tuple[SentenceView, ...]
    removed: tuple[RemovedLine, ...]


@dataclass(frozen=True, slots=True)
class PairRow:
    """Linked sentences of two versions: one-to-one, or a split/merge group shown as one row."""

    anchor: str  # the row's id in the page, for links from page 1 and the contents
    label: LinkLabel
    kind: LinkKind
    score: float  # the weakest link of the group
    before: tuple[SentenceView, ...]
    after: tuple[SentenceView, ...]
    diff: tuple[Segment, ...]
    same_words: bool  # the diff marks nothing (case, quotes and dashes aside)
    cues: tuple[Cue, ...]
    long: bool  # may break across pages (LONG_ROW_CHARS)

    @property
    def compact(self) -> bool:
        """Same words on both sides and nothing to explain: the sentence is shown once."""
        return self.same_words and not self.cues

    @property
    def after_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.after)

    @property
    def after_partners(self) -> tuple[str, ...]:
        """Every sentence linked to the later side, in this pair or another one."""
        return tuple(sorted({pid for s in self.after for pid in s.partners}))


@dataclass(frozen=True, slots=True)
class PairView:
    """What two versions share, in the earlier version's order."""

    anchor: str
    earlier: VersionView
    later: VersionView
    rows: tuple[PairRow, ...]
    shared: int
    updated: int
    moved: int  # linked statements the later version put in another order


@dataclass(frozen=True, slots=True)
class HeadlineChange:
    """How the headline changed from one version to the next, as a word diff."""

    earlier: VersionView
    later: VersionView
    diff: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class TopUpdate:
    pair: PairView
    row: PairRow
    excerpt: tuple[Segment, ...]  # the row's diff, long unchanged runs cut to "…"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the report: its anchor, words and outline level (1 = h2, 2 = h3)."""

    anchor: str
    title: str
    level: int


@dataclass(frozen=True, slots=True)
class ReportView:
    story_id: str
    title: str
    generator: str  # "story-compare 0.1.0"
    versions: tuple[VersionView, ...]
    pairs: tuple[PairView, ...]
    links: dict[LinkLabel, int]
    sentences: int  # in all versions
    ordering_line: str  # the ordering, its confidence and evidence, in one sentence
    headline_changes: tuple[HeadlineChange, ...]
    top_updates: tuple[TopUpdate, ...]
    more_updates: int  # updated rows not on page 1
    alignment_map: Figure
    legend_keys: dict[SentenceLabel, Figure]
    sections: tuple[Section, ...]  # the report's headings, in page order
    contents: bool  # long enough to list the sections with their pages
    running_versions: str  # the versions, for the PDF's running header


def build_view(comparison: Comparison) -> ReportView:
    """Decide everything the report shows, once, for every renderer."""
    from compare import __version__  # here, not at import: compare/__init__ imports this package

    partners = _partners(comparison.links)
    versions = tuple(
        _version_view(comparison, order, v, partners) for order, v in enumerate(comparison.versions)
    )
    by_id = {v.id: v for v in versions}
    pairs = tuple(_pairs(comparison, by_id, partners))
    updates = sorted(
        (
            TopUpdate(pair, row, _excerpt(row.diff))
            for pair in pairs
            for row in pair.rows
            if row.label == "updated"
        ),
        # most evidence first; ties keep the reading order (pairs by time, rows by position)
        key=lambda update: -len(update.row.cues),
    )
    sentences = sum(v.total for v in versions)
    headline_changes = _headline_changes(versions)
    return ReportView(
        story_id=comparison.story.id,
        title=_title(comparison),
        generator=f"story-compare {__version__}",
        versions=versions,
        pairs=pairs,
        links={
            label: sum(link.label == label for link in comparison.links)
            for label in ("shared", "updated")
        },
        sentences=sentences,
        ordering_line=_ordering_line(comparison),
        headline_changes=headline_changes,
        top_updates=tuple(updates[:TOP_UPDATES]),
        more_updates=max(len(updates) - TOP_UPDATES, 0),
        alignment_map=alignment_map(versions, pairs),
        legend_keys={label: legend_key(label) for label in LABELS},
        sections=_sections(versions, pairs, bool(updates), bool(headline_changes)),
        contents=sentences > CONTENTS_MIN_SENTENCES,
        running_versions=" → ".join(v.name for v in versions),
    )


def _title(comparison: Comparison) -> str:
    headlines = (v.headline for v in comparison.versions if v.headline)
    return comparison.story.title or next(headlines, None) or comparison.story.id


def _ordering_line(comparison: Comparison) -> str:
    ordering = comparison.ordering
    method = _ORDERING_METHODS.get(ordering.method, ordering.method)
    evidence = "; ".join(ordering.evidence) or "no evidence recorded"
    return (
        f"Earliest version first, ordered {method}, "
        f"confidence {ordering.confidence * 100:.0f}% ({evidence})."
    )


def _excerpt(diff: tuple[Segment, ...]) -> tuple[Segment, ...]:
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


def _partners(links: tuple[Link, ...]) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = defaultdict(set)
    for link in links:
        found[link.source].add(link.target)
        found[link.target].add(link.source)
    return {sid: tuple(sorted(ids)) for sid, ids in found.items()}


def _sentence_view(
    comparison: Comparison, sentence: Sentence, partners: dict[str, tuple[str, ...]]
) -> SentenceView:
    return SentenceView(
        id=sentence.id,
        index=sentence.index,
        paragraph=sentence.paragraph,
        text=sentence.text,
        label=comparison.label(sentence.id),
        partners=partners.get(sentence.id, ()),
    )


def _version_view(
    comparison: Comparison, order: int, article: Article, partners: dict[str, tuple[str, ...]]
) -> VersionView:
    counts = comparison.counts(article.id)
    total = len(article.sentences)
    bar, start = [], 0.0
    for label in LABELS:
        width = 100.0 * counts[label] / total if total else 0.0
        bar.append(BarPart(label, counts[label], round(start, 3), round(width, 3)))
        start += width
    sentences = tuple(_sentence_view(comparison, s, partners) for s in article.sentences)
    name = article.outlet or article.id
    return VersionView(
        id=article.id,
        name=name,
        order=order,
        path=article.path,
        file=PurePath(article.path).name or article.path,
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
        bar_figure=composition_bar(article.id, name, total, bar),
        headings=article.headings,
        sentences=sentences,
        unique=tuple(s for s in sentences if s.label == "unique"),
        removed=article.removed,
    )


def _headline_changes(versions: tuple[VersionView, ...]) -> tuple[HeadlineChange, ...]:
    """Each version's headline against the previous version's, where both have one and differ."""
    changes = []
    for earlier, later in pairwise(versions):
        if not (earlier.headline and later.headline):
            continue
        diff = word_diff(earlier.headline, later.headline)
        if any(segment.kind != "same" for segment in diff):
            changes.append(HeadlineChange(earlier, later, diff))
    return tuple(changes)


def _sections(
    versions: tuple[VersionView, ...],
    pairs: tuple[PairView, ...],
    has_updates: bool,
    has_headline_changes: bool,
) -> tuple[Section, ...]:
    # Page 1: the legend comes right after the table whose bars it explains, so it always
    # stays on page 1 however many updates follow.
    sections = [Section("versions", "Versions", 1), Section("legend", "How to read this report", 1)]
    if has_headline_changes:
        sections.append(Section("headline", "Headline change", 1))
    if has_updates:
        sections.append(Section("updates", "Top updates", 1))
    sections.append(Section("map", "Alignment map", 1))
    sections += [
        Section(pair.anchor, f"Side by side: {pair.earlier.name} → {pair.later.name}", 1)
        for pair in pairs
    ]
    sections.append(Section("unique", "Only in one version", 1))
    sections += [
        Section(f"unique-{v.id}", f"{v.name}: {len(v.unique)} of {v.total} sentences unique", 2)
        for v in versions
    ]
    sections.append(Section("appendix", "Appendix: page furniture removed before comparing", 1))
    sections += [Section(f"removed-{v.id}", v.name, 2) for v in versions]
    return tuple(sections)


def _pairs(
    comparison: Comparison,
    versions: dict[str, VersionView],
    partners: dict[str, tuple[str, ...]],
) -> list[PairView]:
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
        rows = [
            _row(comparison, sentences, group, earlier_id, partners) for group in _groups(links)
        ]
        rows.sort(key=lambda row: (row.before[0].index, row.after[0].index))
        pairs.append(
            PairView(
                anchor=f"pair-{earlier_id}-{later_id}",
                earlier=versions[earlier_id],
                later=versions[later_id],
                rows=tuple(rows),
                shared=sum(row.label == "shared" for row in rows),
                updated=sum(row.label == "updated" for row in rows),
                moved=len(rows) - _longest_increasing(row.after[0].index for row in rows),
            )
        )
    return pairs


def _longest_increasing(values: Iterable[int]) -> int:
    """Length of the longest increasing run (not necessarily contiguous): the statements that
    kept their order; every other one was moved."""
    tails: list[int] = []
    for value in values:
        at = bisect_left(tails, value)
        tails[at : at + 1] = [value]
    return len(tails)


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
    comparison: Comparison,
    sentences: dict[str, Sentence],
    links: list[Link],
    earlier_id: str,
    partners: dict[str, tuple[str, ...]],
) -> PairRow:
    ids = {sid for link in links for sid in (link.source, link.target)}
    members = sorted((sentences[sid] for sid in ids), key=lambda s: s.index)
    before = tuple(
        _sentence_view(comparison, s, partners) for s in members if s.version == earlier_id
    )
    after = tuple(
        _sentence_view(comparison, s, partners) for s in members if s.version != earlier_id
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
    )
