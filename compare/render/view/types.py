"""The view's types: everything a report shows, decided, as frozen data the templates lay out.

No colours and no markup here: labels travel as words ("shared", "updated", "unique") that the
stylesheet maps to classes.  Figures are geometry (compare.render.svg), built from this data.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.model import (
    CellState,
    Cue,
    Heading,
    LinkKind,
    LinkLabel,
    RemovedLine,
    SentenceLabel,
)
from compare.render.svg import BarPart, Figure
from compare.render.worddiff import Segment


@dataclass(frozen=True, slots=True)
class SentenceView:
    id: str
    index: int
    paragraph: int
    text: str
    label: SentenceLabel
    partners: tuple[str, ...]  # ids of the sentences linked to this one, in any version
    not_story: bool = False  # glued in from elsewhere (compare.takes): not part of the story
    # The copies of its take that lost it to the scraper (cut off before it, or their top lost
    # above it), as a reader reads it: "not in X's copy, cut off before it".
    lost_note: str | None = None


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
    # A copy that lost its top: the paragraph of its take's fuller copy where it starts.
    starts_at_paragraph: int | None = None
    seen: str | None = None  # when a scraper saw the page, to the minute; never a date
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
