"""The data model that flows through every stage: Article → Sentence → Link → Comparison.

Like spaCy's ``Doc``/``Span``: an :class:`Article` owns its cleaned text, a :class:`Sentence`
is a view into it by character offsets (its ``text`` is kept for convenience), and a
:class:`Link` refers to sentences by id, never by copy.  Everything is frozen; a stage that
adds information returns a new object (``dataclasses.replace``).  No I/O here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

LinkLabel = Literal["shared", "updated"]
SentenceLabel = Literal["shared", "updated", "unique"]
LinkKind = Literal["one-to-one", "split", "merge"]

CellState = Literal["first", "shared", "updated", "dropped", "absent", "cut-off", "not-story"]

LABELS: tuple[SentenceLabel, ...] = ("shared", "updated", "unique")


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
    url: str | None = None
    phase: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    headings: tuple[Heading, ...] = ()
    sentences: tuple[Sentence, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Ordering:
    """How the versions were put in time order, and how sure that is."""

    method: str  # "published", "content", "input"
    confidence: float  # 0..1
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cell:
    """One version's part in a statement: its sentence(s), or a gap, and the state.

    The state is relative to the nearest earlier version carrying the statement: "first" (the
    statement appears here), "shared", "updated" (with ``cues``), "dropped" (an earlier version
    carried it, this one does not) or "absent" (not carried yet).  Two states come from the
    takes: "cut-off" (a gap after the point where this copy was cut off: lost, not dropped)
    and "not-story" (sentences glued in from elsewhere, such as a teaser or an embedded tweet).
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


@dataclass(frozen=True, slots=True)
class CutOff:
    """A copy that stops where another version of its take goes on (cut off by a scraper or
    trimmed from the bottom): what it lacks after the cut was lost, never dropped."""

    version: str
    after_paragraph: int  # 1-based: the last paragraph of the story the copy carries
    against: str  # the version of the take that goes on
    against_index: int  # the sentence index in ``against`` where the copy stops


@dataclass(frozen=True, slots=True)
class Take:
    """Versions that are one take of the story as several outlets ran it (near-duplicates)."""

    id: str  # the representative version: the most complete
    versions: tuple[str, ...]  # in time order
    cut_off: tuple[CutOff, ...] = ()  # members that were cut off, by version id
    not_story: tuple[str, ...] = ()  # sentence ids glued in from elsewhere (teasers, tweets)
    identical: tuple[tuple[str, ...], ...] = ()  # members with the same text word for word


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
    _labels: dict[str, SentenceLabel] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        labels: dict[str, SentenceLabel] = {}
        for link in self.links:
            for sid in (link.source, link.target):
                # "updated" wins over "shared" when a sentence takes part in several links.
                if labels.get(sid) != "updated":
                    labels[sid] = link.label
        object.__setattr__(self, "_labels", labels)

    def label(self, sentence_id: str) -> SentenceLabel:
        return self._labels.get(sentence_id, "unique")

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
