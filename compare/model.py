"""The data model that flows through every stage: Article → Sentence → Link → Comparison.

Like spaCy's ``Doc``/``Span``: an :class:`Article` owns its cleaned text, a :class:`Sentence`
is a view into it by character offsets (its ``text`` is kept for convenience), and a
:class:`Link` refers to sentences by id, never by copy.  Everything is frozen; a stage that
adds information returns a new object (``dataclasses.replace``).  No I/O here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from compare.unionfind import DisjointSet

LinkLabel = Literal["shared", "updated"]
SentenceLabel = Literal["shared", "updated", "unique"]
LinkKind = Literal["one-to-one", "split", "merge"]
LinkAuthor = Literal["aligner", "editor"]
CorrectionAction = Literal["link", "unlink", "exclude", "order", "take", "time"]

CellState = Literal["first", "shared", "updated", "dropped", "absent", "cut-off", "not-story"]
# The collation's state vocabulary: the states in which a take carries a statement, those its
# figures mark (a drop too), and those that are a step of the story (its timeline).
CARRIED_STATES: tuple[CellState, ...] = ("first", "shared", "updated")
MARKED_STATES: tuple[CellState, ...] = (*CARRIED_STATES, "dropped")
CHANGE_STATES: tuple[CellState, ...] = ("first", "updated", "dropped")
# From this many versions on, the report is a collation (statements across takes) instead of
# side-by-side pairs.
COLLATION_MIN_VERSIONS = 3

LABELS: tuple[SentenceLabel, ...] = ("shared", "updated", "unique")
LINK_LABELS: tuple[LinkLabel, ...] = ("shared", "updated")

StampKind = Literal["published", "updated", "posted", "plain"]
StampPrecision = Literal["day", "minute"]
# A clock time without a zone is a local time somewhere on Earth: its UTC instant lies between
# 14 hours before (UTC+14) and 12 hours after (UTC-12) the same reading taken as UTC.
UNKNOWN_ZONE_BEFORE = timedelta(hours=14)
UNKNOWN_ZONE_AFTER = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class TimeInterval:
    """When something happened, as an interval of UTC instants (equal ends: known exactly)."""

    earliest: datetime  # aware, UTC
    latest: datetime

    def before(self, other: TimeInterval) -> bool:
        """Wholly before ``other``: the two cannot be the same moment or the reverse order."""
        return self.latest < other.earliest


@dataclass(frozen=True, slots=True)
class Stamp:
    """One time a page (or a manifest) states for a version, as stated.

    ``value`` is ISO 8601: a date alone (``precision`` "day": the whole day, never midnight), or
    a date and clock time, with its offset when the zone is stated.  ``zone`` is the zone as
    stated ("ET", "PDT", "+06:00"); None when the page states none, and then the time is local
    to an unknown zone.
    """

    kind: StampKind  # "plain": a stamp without a label
    text: str  # the words as stated on the page (or the manifest's value)
    value: str
    precision: StampPrecision
    zone: str | None
    source: str  # "article", "html-meta", "front-matter", "manifest"

    @property
    def interval(self) -> TimeInterval:
        stated = datetime.fromisoformat(self.value)
        length = timedelta(days=1) if self.precision == "day" else timedelta(0)
        if stated.tzinfo is None:  # zone unknown: any offset the world uses
            start = stated.replace(tzinfo=UTC) - UNKNOWN_ZONE_BEFORE
            end = stated.replace(tzinfo=UTC) + length + UNKNOWN_ZONE_AFTER
        else:
            start = stated.astimezone(UTC)
            end = start + length
        return TimeInterval(start, end)


def dating_stamp(stamps: tuple[Stamp, ...]) -> Stamp | None:
    """The stamp that dates a version's text: its latest ("Updated …" after "Originally
    published …"), not the slug's first posting.  Stamps of one page read its own clock, so
    they are compared as read (a date as the end of its day); on a tie, a stated zone wins."""
    if not stamps:
        return None

    def reading(stamp: Stamp) -> tuple[datetime, bool]:
        stated = datetime.fromisoformat(stamp.value).replace(tzinfo=None)
        return stated + (timedelta(days=1) if stamp.precision == "day" else timedelta(0)), bool(
            stamp.zone
        )

    return max(stamps, key=reading)


def given_stamp(value: str, source: str, text: str | None = None) -> Stamp | None:
    """A time given as ISO 8601 (a manifest, front matter, page markup) as a stamp; None when
    the value is not a date.  A date alone is the whole day; no offset, an unknown zone."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    offset = parsed.utcoffset()
    zone = None
    if offset is not None:
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}" if minutes else "UTC"
    return Stamp(
        kind="published",
        text=text or value,
        value=value,
        precision="day" if len(value) <= 10 else "minute",
        zone=zone,
        source=source,
    )


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line of the input that ingest dropped as page furniture, and why."""

    line: int  # 1-based line number in the input as read
    text: str
    reason: str  # e.g. "navigation", "advertisement", "byline", "photo-credit", "page-date"


@dataclass(frozen=True, slots=True)
class Heading:
    """A crosshead inside the body ("- 'Arsenal for autocracy' -"): shown, never aligned."""

    paragraph: int  # 0-based paragraph index in Article.text
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one version: a view into ``Article.text`` by offsets."""

    id: str  # unique in a comparison: f"{version}-s{index}"
    version: str  # Article.id
    index: int  # 0-based position in the version
    paragraph: int  # 0-based paragraph index in Article.text
    start: int  # character offsets into Article.text, text == article.text[start:end]
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One version of a story as one outlet ran it.

    ``text`` is the cleaned article body: paragraphs separated by one blank line.  Metadata
    comes from ingest (or a story manifest); ``sentences`` and ``headings`` from segment;
    the final order from classify; a default ``phase`` (when none was given) from collate.
    """

    id: str  # short, safe, unique in a comparison (usually the file stem)
    path: str  # the input as the user gave it
    text: str
    headline: str | None = None
    outlet: str | None = None
    dateline: str | None = None  # place, e.g. "MOSCOW"
    published: str | None = None  # ISO 8601; never a page-header / viewing date
    published_source: str | None = None  # "manifest", "article", "html-meta", ...
    stamps: tuple[Stamp, ...] = ()  # every time the page or manifest states, in page order
    # When a scraper saw the page (its listing's scrape time), ISO 8601 with zone: its text
    # existed by then.  Never a publication time.
    seen: str | None = None
    url: str | None = None
    phase: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    headings: tuple[Heading, ...] = ()
    sentences: tuple[Sentence, ...] = ()

    @property
    def dated_by(self) -> Stamp | None:
        """The stamp that dates this version's text: its latest; for a version built without
        stamps (the library API, a JSON report before 1.4), its ``published`` time."""
        if self.stamps:
            return dating_stamp(self.stamps)
        if self.published is None:
            return None
        return given_stamp(self.published, self.published_source or "given")

    @property
    def time(self) -> TimeInterval | None:
        """When this version's text was dated: its dating stamp's interval, in UTC."""
        stamp = self.dated_by
        return stamp.interval if stamp is not None else None


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence that a linked statement changed state ("will meet" → "signed")."""

    kind: str  # "tense", "modality", "outcome", "number", "time", "attribution"
    before: str  # the words in the earlier sentence
    after: str  # the words in the later sentence


@dataclass(frozen=True, slots=True)
class Link:
    """Two sentences of different versions that carry the same statement.

    ``source`` is in the earlier version, ``target`` in the later one (after classify; align
    emits them in input order).  A split (one sentence → two) is two links sharing a source,
    both with kind "split"; a merge is two links sharing a target, kind "merge".
    """

    source: str
    target: str
    label: LinkLabel
    score: float  # similarity in [0, 1]
    kind: LinkKind = "one-to-one"
    cues: tuple[Cue, ...] = ()
    by: LinkAuthor = "aligner"  # "editor": made or relabelled in corrections.toml
    # The probability that the link is right (compare.confidence); None until that stage ran.
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """One edit from an editor's corrections.toml, as applied (compare.corrections)."""

    action: CorrectionAction
    line: int  # 1-based line of the edit in the corrections file
    sentences: tuple[str, ...] = ()  # sentence ids: link/unlink (from, to), exclude
    # version ids: the sentences' (link, unlink, exclude); earliest first (order); take; time
    versions: tuple[str, ...] = ()
    value: str | None = None  # link: its label, if set; time: the published time set
    excerpts: tuple[str, ...] = ()  # the named sentences' text, for the report's appendix


@dataclass(frozen=True, slots=True)
class PairOrder:
    """One pairwise decision of the order: ``earlier`` before ``later``, and how sure."""

    earlier: str
    later: str
    confidence: float  # calibrated probability that the decision is right (0.5: a coin)
    basis: str  # "stamps", "text", "stamps+text", "chain", "none"; "same take" (; stamps | ; text)
    margin: float = 0.0  # the raw evidence margin the confidence maps (classify.probability)


@dataclass(frozen=True, slots=True)
class Ordering:
    """How the versions were put in time order, and how sure that is."""

    method: str  # "published", "content", "published+content", "none", "editor"
    # ("editor": compare.corrections set it)
    confidence: float  # 0..1: the mean calibrated probability of consecutive takes' decisions
    evidence: tuple[str, ...] = ()
    pairs: tuple[PairOrder, ...] = ()  # every pair of versions, earlier first


@dataclass(frozen=True, slots=True)
class ReportWarning:
    """Something the reader must know before trusting the report ("different-stories")."""

    kind: str
    message: str
    versions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One version's part in a statement: its sentence(s), or a gap, and the state.

    The state is relative to the nearest earlier version carrying the statement: "first" (the
    statement appears here), "shared", "updated" (with ``cues``), "dropped" (an earlier version
    carried it, this one does not) or "absent" (not carried yet).  Two states come from the
    takes: "cut-off" (a gap after the point where this copy was cut off, or above where a copy
    that lost its top starts: lost, not dropped) and "not-story" (sentences glued in from
    elsewhere, such as a teaser or an embedded tweet).
    """

    version: str
    sentences: tuple[str, ...]  # sentence ids; two or more for a split
    state: CellState
    cues: tuple[Cue, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    """A row of the collation: linked sentences across versions, one cell per version.

    ``take_cells`` is the same row over the takes (one cell per take, in take order): the
    cell of the take's carrier — its representative, else its first version carrying the
    statement — compared with the previous take that carried it.  With one version per take
    it equals ``cells``.
    """

    id: str
    cells: tuple[Cell, ...]  # in version time order
    take_cells: tuple[Cell, ...] = ()

    @property
    def carriers(self) -> tuple[str, ...]:
        """The versions that carry the statement, in time order."""
        return tuple(cell.version for cell in self.cells if cell.sentences)

    @property
    def steps(self) -> tuple[bool, ...]:
        """Per take (``take_cells``): whether the statement takes a step of the story there.
        It is updated, first seen after the first take, or dropped by the take right after one
        that carried it: a drop counts where it happens, not in every take after it."""
        cells = self.take_cells
        return tuple(
            cell.state == "updated"
            or (cell.state == "first" and column > 0)
            or (cell.state == "dropped" and column > 0 and bool(cells[column - 1].sentences))
            for column, cell in enumerate(cells)
        )


@dataclass(frozen=True, slots=True)
class CutOff:
    """A copy that stops where another version of its take goes on (cut off by a scraper or
    trimmed from the bottom): what it lacks after the cut was lost, never dropped."""

    version: str
    after_paragraph: int  # 1-based: the last paragraph of the story the copy carries
    against: str  # the version of the take that goes on
    # The sentence index in ``against`` where the copy stops; None in a comparison read back
    # from report.json, which does not record it.
    against_index: int | None = None
    # Nothing shows the cut but that the copy is, word for word, the opening of another
    # outlet's with no second outlet stopping there: it may as well be an earlier, shorter
    # take (a first take of a few paragraphs, extended by a write-through).
    maybe_earlier_take: bool = False

    def lost(self, sentence: Sentence) -> bool:
        """Whether the copy lost this sentence of ``against``: it lies after the cut."""
        return (
            self.against_index is not None
            and sentence.version == self.against
            and sentence.index > self.against_index
        )


@dataclass(frozen=True, slots=True)
class LostTop:
    """A copy whose page lost its top (no headline, its story starting part-way into another
    version of its take): what it lacks before its start was lost, never dropped."""

    version: str
    starts_at_paragraph: int  # 1-based: the paragraph of ``against`` where the copy's story starts
    against: str  # the version of the take that has the top
    # The sentence index in ``against`` where the copy starts; None in a comparison read back
    # from report.json, which does not record it.
    against_index: int | None = None

    def lost(self, sentence: Sentence) -> bool:
        """Whether the copy lost this sentence of ``against``: it lies above the start."""
        return (
            self.against_index is not None
            and sentence.version == self.against
            and sentence.index < self.against_index
        )


@dataclass(frozen=True, slots=True)
class Take:
    """Versions that are one take of the story as several outlets ran it (near-duplicates)."""

    id: str  # the representative version: the most complete
    versions: tuple[str, ...]  # in time order
    cut_off: tuple[CutOff, ...] = ()  # members that were cut off, by version id
    lost_top: tuple[LostTop, ...] = ()  # members whose page lost its top, by version id
    not_story: tuple[str, ...] = ()  # sentence ids glued in from elsewhere (teasers, tweets)
    identical: tuple[tuple[str, ...], ...] = ()  # members with the same text word for word


@dataclass(frozen=True, slots=True)
class PairLinks:
    """The links between two versions, as a side-by-side page shows them: links sharing a
    sentence (a split or a merge) form one group, and the groups go in the earlier version's
    order."""

    earlier: str  # version ids
    later: str
    groups: tuple[tuple[Link, ...], ...]  # each in the order of Comparison.links
    moved: int  # groups the later version put in another order


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str | None = None


@dataclass(frozen=True)
class Comparison:
    """The aligned, classified model every renderer reads.  ``versions`` are in time order."""

    story: Story
    versions: tuple[Article, ...]
    links: tuple[Link, ...]
    ordering: Ordering
    statements: tuple[Statement, ...] = ()  # from compare.collate; rows of the N-version table
    takes: tuple[Take, ...] = ()  # near-duplicate versions grouped
    alignment: Mapping[str, float] = field(default_factory=dict)  # the aligner's options
    corrections: tuple[Correction, ...] = ()  # the editor's, as applied
    warnings: tuple[ReportWarning, ...] = ()  # from classify: e.g. different stories
    # Worked out when first asked for: the pipeline makes a new Comparison at each stage
    # (dataclasses.replace), and only the last one's labels are read.
    _labels: dict[str, SentenceLabel] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _sentence_labels(self) -> dict[str, SentenceLabel]:
        labels: dict[str, SentenceLabel] = {}
        for link in self.links:
            for sid in (link.source, link.target):
                # "updated" wins over "shared" when a sentence takes part in several links.
                if labels.get(sid) != "updated":
                    labels[sid] = link.label
        if self.collated:
            # The statements are the report: a sentence whose statement no other version
            # carries is unique, even with a link (collate refused the join that link asked
            # for, since it would put two sentences of one version into one statement).
            for sid in self._single_carrier_sentences():
                labels.pop(sid, None)
        return labels

    def label(self, sentence_id: str) -> SentenceLabel:
        """The sentence's label, decided here once for every output: by its links, except that
        in a collation a sentence whose statement one version alone carries is "unique"."""
        labels = self._labels
        if labels is None:
            labels = self._sentence_labels()
            object.__setattr__(self, "_labels", labels)
        return labels.get(sentence_id, "unique")

    def sentences(self) -> dict[str, Sentence]:
        return {s.id: s for v in self.versions for s in v.sentences}

    def version(self, version_id: str) -> Article:
        for v in self.versions:
            if v.id == version_id:
                return v
        raise KeyError(version_id)

    def counts(self, version_id: str) -> dict[SentenceLabel, int]:
        counter = Counter(self.label(s.id) for s in self.version(version_id).sentences)
        return {label: counter.get(label, 0) for label in LABELS}

    def link_counts(self) -> dict[LinkLabel, int]:
        """Links by label."""
        return {label: sum(link.label == label for link in self.links) for label in LINK_LABELS}

    @property
    def collated(self) -> bool:
        """Whether the statements are the report: three or more versions, collated (a report
        read from schema 1.0 has no statements and can only be shown pair by pair)."""
        return len(self.versions) >= COLLATION_MIN_VERSIONS and bool(self.statements)

    def _single_carrier_sentences(self) -> set[str]:
        """The sentences of statements only one version carries."""
        return {
            sid
            for statement in self.statements
            if len(statement.carriers) == 1
            for cell in statement.cells
            for sid in cell.sentences
        }

    def similarity(self, order: Sequence[str]) -> tuple[tuple[int, ...], ...]:
        """How alike each two versions (ids, in ``order``) are: Dice over the statements they
        carry, in percent, rounded half up."""
        carried: dict[str, set[str]] = {vid: set() for vid in order}
        for statement in self.statements:
            for vid in statement.carriers:
                carried[vid].add(statement.id)

        def dice(a: set[str], b: set[str]) -> int:
            total = len(a) + len(b)
            return (200 * len(a & b) + total // 2) // total if total else 0

        return tuple(tuple(dice(carried[a], carried[b]) for b in order) for a in order)

    def pairs(self) -> tuple[PairLinks, ...]:
        """Every pair of versions that has links, earlier versions first."""
        sentences = self.sentences()
        rank = {v.id: order for order, v in enumerate(self.versions)}
        by_pair: dict[tuple[str, str], list[Link]] = defaultdict(list)
        for link in self.links:
            ends = (sentences[link.source], sentences[link.target])
            earlier, later = sorted(ends, key=lambda s: rank[s.version])
            by_pair[(earlier.version, later.version)].append(link)
        return tuple(
            _pair_links(earlier, later, links, sentences)
            for (earlier, later), links in sorted(
                by_pair.items(), key=lambda item: (rank[item[0][0]], rank[item[0][1]])
            )
        )


def _pair_links(
    earlier: str, later: str, links: list[Link], sentences: dict[str, Sentence]
) -> PairLinks:
    linked = DisjointSet(sid for link in links for sid in (link.source, link.target))
    for link in links:
        linked.merge(link.source, link.target)
    grouped: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        grouped[linked[link.source]].append(link)

    def place(group: list[Link]) -> tuple[int, int]:
        """Where a group sits: its first sentence in the earlier version, then in the later."""
        ends = [sentences[sid] for link in group for sid in (link.source, link.target)]
        return (
            min(s.index for s in ends if s.version == earlier),
            min(s.index for s in ends if s.version != earlier),
        )

    groups = sorted(grouped.values(), key=place)
    kept = _longest_increasing(place(group)[1] for group in groups)
    return PairLinks(earlier, later, tuple(tuple(group) for group in groups), len(groups) - kept)


def _longest_increasing(values: Iterable[int]) -> int:
    """Length of the longest increasing run (not necessarily contiguous): the statements that
    kept their order; every other one was moved."""
    tails: list[int] = []
    for value in values:
        at = bisect_left(tails, value)
        tails[at : at + 1] = [value]
    return len(tails)
