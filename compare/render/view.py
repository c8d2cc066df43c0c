"""The one view-model of a report.  HTML and PDF read it; neither looks at the Comparison.

Like rich's renderables: everything a reader sees is decided here (which pairs, in what order,
which words changed, how long each bar is), and the templates only lay it out.  No colours and
no markup here: labels travel as words ("shared", "updated", "unique") that the stylesheet maps
to classes.

Two versions make the side-by-side report (``pairs``).  Three or more make one collation
(``collation``): the statements as rows, the takes (near-duplicate versions grouped) as columns
in time order, each cell compared with the nearest earlier take that carried the statement;
the pairwise sections are left to ``story-compare report --pairs``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from itertools import pairwise
from pathlib import PurePath

from compare.align import AlignOptions
from compare.confidence import CHECK_BELOW, needs_check
from compare.model import (
    LABELS,
    Article,
    Cell,
    CellState,
    Comparison,
    Correction,
    Cue,
    Heading,
    Link,
    LinkKind,
    LinkLabel,
    RemovedLine,
    Sentence,
    SentenceLabel,
    Statement,
    Take,
)
from compare.render.svg import (
    CARRIED_STATES,
    MARKED_STATES,
    TIMELINE_KINDS,
    Figure,
    alignment_map,
    carried_matrix,
    composition_bar,
    legend_key,
    similarity_matrix,
    state_key,
    timeline,
)
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

# A collation of at least this many versions replaces the side-by-side pairs.
COLLATION_MIN_VERSIONS = 3
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

_ORDERING_METHODS = {
    "published": "by published time",
    "content": "by what the texts say (which version builds on which)",
    "published+content": "by published times and what the texts say",
    "input": "in the order given",
    "editor": "as the editor set it (corrections.toml)",
    "none": "by name (nothing orders them)",
}
# A step of the order less sure than this is called uncertain on page 1 (the confidence is a
# calibrated probability: at 0.8, about 1 decision in 5 is wrong).
CONFIDENT = 0.8
UNCERTAIN_NAMED = 3  # uncertain steps named on page 1; the rest are counted


@dataclass(frozen=True, slots=True)
class SentenceView:
    id: str
    index: int
    paragraph: int
    text: str
    label: SentenceLabel
    partners: tuple[str, ...]  # ids of the sentences linked to this one, in any version
    not_story: bool = False  # glued in from elsewhere (compare.takes): not part of the story


@dataclass(frozen=True, slots=True)
class BarPart:
    """One label's share of a version's sentences (or a take's state's share of the statements
    it carries), as a span of a 0–100 bar."""

    label: SentenceLabel | CellState
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
    cut_off_after: int | None = None  # the last paragraph of a copy that was cut off
    not_story: int = 0  # sentences glued in from elsewhere


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
    edited: bool  # an editor made, confirmed or relabelled a link of the row: "set by editor"
    check: bool  # a link of the row is under the confidence level: "check"

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
class TakeView:
    """One column of the collation: a take of the story, as one or several outlets ran it."""

    id: str  # the representative version's id
    number: int  # 1-based, in time order
    name: str  # what a reader calls the take: "Coast Tribune + Metro Daily", "AP + 12 more"
    members: tuple[VersionView, ...]  # in time order
    shown: VersionView  # the representative: the version whose text the table shows
    header_names: tuple[str, ...]  # the outlets a column header lists
    more: int  # members the column header leaves to the versions table
    published: str | None  # the members' published time, or its range
    counts: dict[CellState, int]  # first/shared/updated carried here; dropped since the last take
    carried: int  # statements the take carries
    bar_figure: Figure


@dataclass(frozen=True, slots=True)
class Variant:
    """Another version of a take that words a statement differently from the one shown."""

    name: str
    sentences: tuple[SentenceView, ...]
    text: tuple[Segment, ...]  # word diff from the shown wording

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sentences)


@dataclass(frozen=True, slots=True)
class CellView:
    """A take's part in a statement: its sentence(s) compared with the previous carrier's, or a
    gap.  The state is the take's, relative to the nearest earlier take carrying the statement."""

    state: CellState
    sentences: tuple[SentenceView, ...]  # empty for a gap
    stand_in: str | None  # the outlet whose sentences these are, when the take's shown version
    # lacks the statement and another of its versions has it
    text: tuple[Segment, ...]  # a first appearance as written; later ones as a word diff
    same_words: bool  # the diff marks nothing: "same as" instead of the text
    previous: int | None  # the column of the nearest earlier take carrying the statement
    cues: tuple[Cue, ...]
    missing: str | None  # which of the take's versions do not run the statement, in words
    variants: tuple[Variant, ...]  # the take's other wordings: a near-duplicate is retouched
    change: bool  # a step of the story: updated, first seen after take 1, or just dropped

    @property
    def carried(self) -> bool:
        return bool(self.sentences)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sentences)

    @property
    def partners(self) -> tuple[str, ...]:
        return tuple(sorted({pid for s in self.sentences for pid in s.partners}))

    @property
    def paragraphs(self) -> tuple[int, ...]:
        """The paragraphs (1 = first) of the sentences, each once: a split is often in one."""
        return tuple(sorted({s.paragraph + 1 for s in self.sentences}))


@dataclass(frozen=True, slots=True)
class StatementRow:
    """A row of the collation: one statement, one cell per take."""

    id: str
    number: int  # 1-based, in collation order: what the table, the figures and the text call it
    anchor: str
    cells: tuple[CellView, ...]  # one per take, in time order
    labels: str  # what the toolbar filters on: the states it passes through, "unique" if one
    # version only carries it
    long: bool  # may break across pages (LONG_CELL_CHARS)
    edited: bool  # an editor made, confirmed or relabelled a link inside the statement
    check: bool  # a link inside the statement is under the confidence level


@dataclass(frozen=True, slots=True)
class PlacedCell:
    """A cell as one table shows it: ``against`` names the earlier take it is compared with
    when that take is not the column just to its left (a gap, or another band of columns)."""

    cell: CellView
    against: str | None


@dataclass(frozen=True, slots=True)
class BandRow:
    row: StatementRow
    cells: tuple[PlacedCell, ...]
    anchor: str | None  # the row's id, on the first band that shows the row


@dataclass(frozen=True, slots=True)
class TableBand:
    """The collation table over some of the takes: all of them on screen, a page's worth in
    print.  Rows none of the band's takes carries or drops are left out (``left_out``)."""

    anchor: str
    title: str
    takes: tuple[TakeView, ...]
    rows: tuple[BandRow, ...]
    left_out: tuple[int, ...]  # statement numbers


@dataclass(frozen=True, slots=True)
class CollationUpdate:
    """A top update of page 1: a take's cell against the previous take carrying the statement."""

    row: StatementRow
    cell: CellView
    earlier: TakeView
    later: TakeView
    before: CellView  # the earlier take's
    excerpt: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class CollationView:
    """Everything the report of three or more versions shows beyond page 1's header."""

    takes: tuple[TakeView, ...]
    rows: tuple[StatementRow, ...]
    table: TableBand  # the screen's one table
    bands: tuple[TableBand, ...]  # the PDF's landscape tables, BAND_TAKES takes at most each
    updates: tuple[CollationUpdate, ...]  # page 1's, the most evidence first
    more_updates: int
    updated: int  # updated cells in all
    dropped: int  # statements some take dropped
    single: int  # statements only one version carries
    row_of: dict[str, StatementRow]  # sentence id → its row
    carried_matrix: Figure
    similarity: Figure
    similarity_percent: tuple[tuple[int, ...], ...]  # versions in take order, as drawn
    timeline: Figure


@dataclass(frozen=True, slots=True)
class CheckRef:
    """A place page 1 sends the reader to: a row holding a link under the confidence level."""

    anchor: str
    where: str  # "¶5 → ¶14", "statement 7"


@dataclass(frozen=True, slots=True)
class CorrectionView:
    """One of the editor's corrections, in words, for the report's appendix."""

    line: int
    action: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportView:
    story_id: str
    title: str
    generator: str  # "story-compare 0.1.0"
    alignment_line: str  # the aligner options the links were made with, for the footer
    versions: tuple[VersionView, ...]
    pairs: tuple[PairView, ...]  # two versions only: from three on, the collation says it
    collation: CollationView | None  # three or more versions
    links: dict[LinkLabel, int]
    sentences: int  # in all versions
    ordering_line: str  # the ordering, its confidence and evidence, in one sentence
    notices: tuple[str, ...]  # page 1, plainly: different stories, order uncertain
    takes_notes: tuple[str, ...]  # identical and cut-off copies, glued-in material, for page 1
    headline_changes: tuple[HeadlineChange, ...]
    top_updates: tuple[TopUpdate, ...]
    more_updates: int  # updated rows not on page 1
    alignment_map: Figure | None  # two versions only
    legend_keys: dict[SentenceLabel | CellState, Figure]  # the marks the legend explains
    sections: tuple[Section, ...]  # the report's headings, in page order
    contents: bool  # long enough to list the sections with their pages
    running_versions: str  # the versions (or takes), for the PDF's running header
    filters: tuple[str, ...]  # the toolbar's buttons besides "All"
    checks: tuple[CheckRef, ...]  # rows with a link under the confidence level, page order
    check_level: int  # that level, in percent
    corrections: tuple[CorrectionView, ...]  # the editor's, for the appendix


def _alignment_line(alignment: Mapping[str, float]) -> str:
    """The options the links were made with, naming those changed from the defaults."""
    if not alignment:  # read from a report written before options were recorded
        return ""
    defaults = {option.name: option.default for option in fields(AlignOptions)}
    changed = [
        f"--{name.replace('_', '-')} {value:g} (default {defaults[name]:g})"
        for name, value in alignment.items()
        if name in defaults and value != defaults[name]
    ]
    return "Aligned with " + (", ".join(changed) if changed else "the default options") + "."


def build_view(comparison: Comparison) -> ReportView:
    """Decide everything the report shows, once, for every renderer."""
    from compare import __version__  # here, not at import: compare/__init__ imports this package

    partners = _partners(comparison.links)
    # A comparison without statements (read from a 1.0 report.json, say) can only be shown
    # pair by pair.
    collating = len(comparison.versions) >= COLLATION_MIN_VERSIONS and bool(comparison.statements)
    unique = _single_carrier_sentences(comparison) if collating else None
    versions = tuple(
        _version_view(comparison, order, v, partners, unique)
        for order, v in enumerate(comparison.versions)
    )
    sentences = sum(v.total for v in versions)
    common = {
        "story_id": comparison.story.id,
        "title": _title(comparison),
        "generator": f"story-compare {__version__}",
        "alignment_line": _alignment_line(comparison.alignment),
        "versions": versions,
        "links": {
            label: sum(link.label == label for link in comparison.links)
            for label in ("shared", "updated")
        },
        "sentences": sentences,
        "ordering_line": _ordering_line(comparison),
        "notices": _notices(comparison),
        "takes_notes": _takes_notes(comparison, {v.id: v for v in versions}),
        "contents": sentences > CONTENTS_MIN_SENTENCES,
        "check_level": round(CHECK_BELOW * 100),
        "corrections": _corrections(comparison),
    }
    if collating:
        collation = _collation(comparison, versions)
        headline_changes = _headline_changes(tuple(take.shown for take in collation.takes))
        return ReportView(
            **common,
            pairs=(),
            collation=collation,
            headline_changes=headline_changes,
            top_updates=(),
            more_updates=0,
            alignment_map=None,
            legend_keys={state: state_key(state) for state in MARKED_STATES},
            sections=_collation_sections(
                versions, collation, bool(headline_changes), bool(comparison.corrections)
            ),
            running_versions=_running_takes(collation.takes),
            filters=COLLATION_FILTERS,
            checks=tuple(
                CheckRef(row.anchor, f"statement {row.number}")
                for row in collation.rows
                if row.check
            ),
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
    headline_changes = _headline_changes(versions)
    return ReportView(
        **common,
        pairs=pairs,
        collation=None,
        headline_changes=headline_changes,
        top_updates=tuple(updates[:TOP_UPDATES]),
        more_updates=max(len(updates) - TOP_UPDATES, 0),
        alignment_map=alignment_map(versions, pairs),
        legend_keys={label: legend_key(label) for label in LABELS},
        sections=_sections(
            versions, pairs, bool(updates), bool(headline_changes), bool(comparison.corrections)
        ),
        running_versions=" → ".join(v.name for v in versions),
        filters=PAIR_FILTERS,
        checks=tuple(
            CheckRef(
                row.anchor,
                (f"{pair.earlier.name} → {pair.later.name} " if len(pairs) > 1 else "")
                + f"¶{row.before[0].paragraph + 1} → ¶{row.after[0].paragraph + 1}",
            )
            for pair in pairs
            for row in pair.rows
            if row.check
        ),
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


_CORRECTION_WORDS = {
    "link": "linked",
    "unlink": "unlinked",
    "exclude": "left out of the comparison (not part of the story)",
    "order": "versions ordered, earliest first",
    "take": "made one take",
    "time": "published time set",
}


def _corrections(comparison: Comparison) -> tuple[CorrectionView, ...]:
    """Each correction in words: what it did, to which sentences or versions."""
    names = {v.id: v.outlet or v.id for v in comparison.versions}
    return tuple(
        CorrectionView(c.line, c.action, _correction_text(c, names)) for c in comparison.corrections
    )


def _correction_text(correction: Correction, names: dict[str, str]) -> str:
    done = _CORRECTION_WORDS[correction.action]
    if correction.sentences:
        quoted = " and ".join(
            f"{names.get(version, version)}: “{text}”"
            for version, text in zip(correction.versions, correction.excerpts, strict=True)
        )
        label = f" as {correction.value}" if correction.value else ""
        return f"{quoted}: {done}{label}."
    versions = ", ".join(names.get(v, v) for v in correction.versions)
    value = f" to {correction.value}" if correction.value else ""
    return f"{versions}: {done}{value}."


def _notices(comparison: Comparison) -> tuple[str, ...]:
    """What page 1 must say before anything else: the report's warnings, and the steps of the
    order (between consecutive takes) that are less sure than CONFIDENT."""
    lines = [f"Warning: {w.message}." for w in comparison.warnings]
    decided = {(p.earlier, p.later): p for p in comparison.ordering.pairs}
    heads = [take.versions[0] for take in comparison.takes] or [v.id for v in comparison.versions]
    steps = [decided[pair] for pair in pairwise(heads) if pair in decided]
    uncertain = [p for p in steps if p.confidence < CONFIDENT]
    if uncertain:
        named = ", ".join(
            f"{p.earlier} before {p.later} ({p.confidence:.0%}, {p.basis})"
            for p in uncertain[:UNCERTAIN_NAMED]
        )
        more = len(uncertain) - UNCERTAIN_NAMED
        rest = f" and {more} more" if more > 0 else ""
        lines.append(
            f"Order uncertain: {named}{rest}"
            f" ({len(uncertain)} of {len(steps)} step{'s' if len(steps) != 1 else ''} below "
            f"{CONFIDENT:.0%})."
        )
    return tuple(lines)


def _takes_notes(comparison: Comparison, versions: dict[str, VersionView]) -> tuple[str, ...]:
    """What page 1 says about the copies within each take (compare.takes)."""
    notes = []
    owner = {s.id: v.id for v in comparison.versions for s in v.sentences}
    for take in comparison.takes:
        for group in take.identical:
            names = [versions[v].name for v in group]
            if len(group) == len(comparison.versions):
                notes.append("Every version has the same text word for word: all of it shared.")
            else:
                listed = ", ".join(names[:LISTED_NAMES]) + (
                    f" and {len(names) - LISTED_NAMES} more" if len(names) > LISTED_NAMES else ""
                )
                notes.append(f"Same text word for word: {listed}.")
        for cut in take.cut_off:
            notes.append(
                f"{versions[cut.version].name} was cut off after ¶{cut.after_paragraph} "
                f"({versions[cut.against].name} goes on): nothing after the cut was dropped."
            )
        glued: dict[str, int] = defaultdict(int)
        for sid in take.not_story:
            glued[owner[sid]] += 1
        for vid, count in glued.items():
            notes.append(
                f"{versions[vid].name}: {count} sentence{'s' if count > 1 else ''} glued in from "
                "elsewhere (a teaser, a tweet), marked “not part of the story”."
            )
    return tuple(notes)


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
        not_story=any(sentence.id in take.not_story for take in comparison.takes),
    )


def _version_view(
    comparison: Comparison,
    order: int,
    article: Article,
    partners: dict[str, tuple[str, ...]],
    unique: set[str] | None,
) -> VersionView:
    """``unique``: the sentences no other version carries, when the statements say so (three or
    more versions); otherwise a sentence is unique when it has no link."""
    counts = comparison.counts(article.id)
    total = len(article.sentences)
    bar, start = [], 0.0
    for label in LABELS:
        width = 100.0 * counts[label] / total if total else 0.0
        bar.append(BarPart(label, counts[label], round(start, 3), round(width, 3)))
        start += width
    sentences = tuple(_sentence_view(comparison, s, partners) for s in article.sentences)
    name = article.outlet or article.id
    takes = comparison.takes
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
        unique=tuple(
            s for s in sentences if (s.id in unique if unique is not None else s.label == "unique")
        ),
        removed=article.removed,
        cut_off_after=next(
            (c.after_paragraph for t in takes for c in t.cut_off if c.version == article.id), None
        ),
        not_story=sum(s.not_story for s in sentences),
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
    has_corrections: bool,
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
    sections += _tail_sections(versions, has_corrections)
    return tuple(sections)


def _tail_sections(versions: tuple[VersionView, ...], has_corrections: bool) -> list[Section]:
    """The sections every report ends with: what one version alone carries, then what ingest
    removed."""
    sections = [Section("unique", "Only in one version", 1)]
    sections += [
        Section(f"unique-{v.id}", f"{v.name}: {len(v.unique)} of {v.total} sentences unique", 2)
        for v in versions
    ]
    sections.append(Section("appendix", "Appendix: page furniture removed before comparing", 1))
    sections += [Section(f"removed-{v.id}", v.name, 2) for v in versions]
    if has_corrections:
        sections.append(Section("corrections", "Appendix: the editor's corrections", 1))
    return sections


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
        edited=any(link.by == "editor" for link in links),
        check=any(needs_check(link) for link in links),
    )


# Collation: three or more versions --------------------------------------------------------


def _single_carrier_sentences(comparison: Comparison) -> set[str]:
    """The sentences of statements only one version carries."""
    return {
        sid
        for statement in comparison.statements
        if sum(bool(cell.sentences) for cell in statement.cells) == 1
        for cell in statement.cells
        for sid in cell.sentences
    }


def _collation(comparison: Comparison, versions: tuple[VersionView, ...]) -> CollationView:
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
                earlier=take_views[cell.previous],  # an update always has an earlier take
                later=take_views[column],
                before=row.cells[cell.previous],
                excerpt=_excerpt(cell.text),
            )
            for column in range(len(take_views))
            for row in rows
            if (cell := row.cells[column]).state == "updated"
        ),
        # most evidence first; ties keep the story's order (takes by time, rows by position)
        key=lambda update: -len(update.cell.cues),
    )
    ordered = [v for take in take_views for v in take.members]
    percent = _similarity(comparison.statements, [v.id for v in ordered])
    # what each take changed: a drop counts where it happens, not in every take after it
    changes = [
        {
            state: tuple(
                row
                for row in rows
                if row.cells[column].state == state
                and (state != "dropped" or row.cells[column].change)
            )
            for state in TIMELINE_KINDS
        }
        for column in range(len(take_views))
    ]
    return CollationView(
        takes=take_views,
        rows=rows,
        table=_band(
            "collation-table", "All takes", take_views, range(len(take_views)), rows, set()
        ),
        bands=_bands(take_views, rows),
        updates=tuple(updates[:TOP_UPDATES]),
        more_updates=max(len(updates) - TOP_UPDATES, 0),
        updated=len(updates),
        dropped=sum(any(c.state == "dropped" for c in row.cells) for row in rows),
        single=sum("unique" in row.labels.split() for row in rows),
        row_of={sid: row for row in rows for cell in row.cells for sid in cell.ids},
        carried_matrix=carried_matrix(take_views, rows),
        similarity=similarity_matrix(
            [(f"take {take.number}", [v.name for v in take.members]) for take in take_views],
            percent,
        ),
        similarity_percent=percent,
        timeline=timeline(take_views, changes),
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
    for column, (take, take_cell) in enumerate(zip(takes, statement.take_cells, strict=True)):
        if not take_cell.sentences:
            dropped = take_cell.state == "dropped"
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
                    change=dropped and bool(cells) and cells[-1].carried,
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
                missing=_missing(take, cell_of, versions)
                if take_cell.state != "not-story"
                else None,
                variants=_variants(take, carrier, text, cell_of, versions, sentence_views),
                change=take_cell.state == "updated" or (take_cell.state == "first" and column > 0),
            )
        )
        previous = (column, text)
    carriers = sum(bool(cell.sentences) for cell in statement.cells)
    states = [state for state in MARKED_STATES if any(c.state == state for c in cells)]
    return StatementRow(
        id=statement.id,
        number=number,
        anchor=f"row-{statement.id}",
        cells=tuple(cells),
        labels=" ".join([*states, "unique"] if carriers == 1 else states),
        long=max(_length(cell) for cell in cells) > LONG_CELL_CHARS,
        edited=any(link.by == "editor" for link in links),
        check=any(needs_check(link) for link in links),
    )


def _length(cell: CellView) -> int:
    """Characters a cell shows: its text with struck words, and its variants."""
    texts = [cell.text, *(variant.text for variant in cell.variants)]
    return sum(len(segment.text) for text in texts for segment in text)


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


def _missing(take: Take, cell_of: dict[str, Cell], versions: dict[str, VersionView]) -> str | None:
    """The take's versions that do not run a statement the take carries: named while they are
    few, counted when a long list would bury the sentence."""
    # A copy cut off before the statement lost it: it did not leave it out.
    missing = [
        versions[v].name
        for v in take.versions
        if not cell_of[v].sentences and cell_of[v].state != "cut-off"
    ]
    if not missing:
        return None
    if len(missing) <= LISTED_NAMES:
        return f"Not in {', '.join(missing)}."
    return f"Not in {len(missing)} of the take's {len(take.versions)} versions."


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
    name = " + ".join(names) if len(names) <= 2 else f"{shown.name} + {len(names) - 1} more"
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
        published=_published_range(members),
        counts=counts,
        carried=carried,
        bar_figure=composition_bar(f"take-{take.id}", name, carried, bar),
    )


def _published_range(members: tuple[VersionView, ...]) -> str | None:
    """The first and last published time the members state ("2018-07-15 00:00 – 11:30")."""
    known = [v.published.replace("T", " ") for v in members if v.published]
    if not known:
        return None
    first, last = known[0], known[-1]
    if first == last:
        return first
    day, _, time = first.partition(" ")
    if time and last.startswith(day + " "):  # the day once when both give a time on it
        return f"{first} – {last.removeprefix(day + ' ')}"
    return f"{first} – {last}"


def _similarity(statements: tuple[Statement, ...], order: list[str]) -> tuple[tuple[int, ...], ...]:
    """Dice over the statements two versions carry, in percent, rounded half up."""
    carried: dict[str, set[str]] = {vid: set() for vid in order}
    for statement in statements:
        for cell in statement.cells:
            if cell.sentences:
                carried[cell.version].add(statement.id)

    def dice(a: set[str], b: set[str]) -> int:
        total = len(a) + len(b)
        return (200 * len(a & b) + total // 2) // total if total else 0

    return tuple(tuple(dice(carried[a], carried[b]) for b in order) for a in order)


def _bands(takes: tuple[TakeView, ...], rows: tuple[StatementRow, ...]) -> tuple[TableBand, ...]:
    """The print table's bands: BAND_TAKES takes at most each, as even as possible (seven takes
    are 4 + 3, not 5 + 2: a lone column on its own page would lose its neighbours).  Bands do
    not overlap: a cell whose earlier take is on another band names it instead."""
    count = -(-len(takes) // BAND_TAKES)
    size = -(-len(takes) // count)
    bands = []
    anchored: set[str] = set()
    for number, start in enumerate(range(0, len(takes), size), start=1):
        columns = range(start, min(start + size, len(takes)))
        title = (
            f"Takes {columns[0] + 1}–{columns[-1] + 1} of {len(takes)}"
            if len(columns) > 1
            else f"Take {columns[0] + 1} of {len(takes)}"
        )
        bands.append(_band(f"band-{number}", title, takes, columns, rows, anchored))
    return tuple(bands)


def _band(
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


def _collation_sections(
    versions: tuple[VersionView, ...],
    collation: CollationView,
    has_headline_changes: bool,
    has_corrections: bool,
) -> tuple[Section, ...]:
    sections = [
        Section("versions", "Takes and versions", 1),
        Section("legend", "How to read this report", 1),
    ]
    if has_headline_changes:
        sections.append(Section("headline", "Headline changes", 1))
    if collation.updates:
        sections.append(Section("updates", "Top updates", 1))
    sections += [
        Section("carried", "Who carried what", 1),
        Section("similarity", "How alike the versions are", 1),
        Section("timeline", "What each take added, updated and dropped", 1),
        Section("collation", "Collation: every statement, take by take", 1),
    ]
    sections += _tail_sections(versions, has_corrections)
    return tuple(sections)


def _running_takes(takes: tuple[TakeView, ...]) -> str:
    """The takes for the running header: all of them while they fit on one line."""
    names = [take.name for take in takes]
    if len(names) > 4:
        names = [names[0], f"… {len(names) - 2} takes …", names[-1]]
    return " → ".join(names)
