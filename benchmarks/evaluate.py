"""Evaluate alignment, labelling and ordering against hand-labelled stories.

    .venv/bin/python benchmarks/evaluate.py [--split dev|test|reference|all] [--sweep]
                                            [--errors] [--json PATH] [--real]

Each labelled story is a folder of ``benchmarks/eval/`` holding its versions as clean ``.txt``
bodies and a ``labels.json`` (format: ``benchmarks/eval/README.md``).  The built-in reference
story (``compare/samples/putin-kim-2024-06-19``, labels in
``tests/fixtures/putin-kim-2024-06-19.links.json``) is the "reference" split; it is read through
``compare.ingest.read_story``, raw pages and all, as a user's inputs would be.

Every story runs through the library's own pipeline (``compare.pipeline.compare_articles``:
segment → align → classify).  Sentences are named in the labels by a unique prefix of their
text, so labels survive changes of segmentation; a prefix that matches no sentence, or several,
is an error (exit status 2), never silently skipped.

Measures, per story and per split (micro-averaged: counts summed over the split's stories):

- link precision / recall / F1: a predicted link is right when it joins the same two sentences
  as a labelled link, in either direction;
- the same with the label (shared / updated) required to match;
- label accuracy: the share of correctly found links whose label is right;
- a link confusion matrix per labelled set and per split (truth shared / updated / no link
  against predicted) and, per split, a sentence confusion matrix (each sentence shared /
  updated / unique, "updated" winning when a sentence is in several links — the rule of
  ``Comparison.label``);
- pairwise ordering accuracy: the share of version pairs the comparison puts in the labelled
  time order (pairs the labels leave tied are not counted); also counted apart for the pairs
  whose shown publication times contradict that order (a stale take republished late, a first
  take stamped late), where only the text can give the order.

Real multi-take sets (folders whose labels.json names a ``corpus_folder``) are read from the
raw corpus pages in ``../shared/corpus/`` through ``read_story``, as the CLI reads a user's files
(skipped with a printed note when the corpus is missing).  Their gold links are derived from
statement clusters, and they are reported apart, per set and per split, with the temporal
measures of issue 14: two-version order accuracy (every ordered pair, passed in both orders),
take F1 and take-order accuracy of the all-versions report, update recall and precision, link
scores (also across takes only), scrape-order agreement, failed runs, a confidence reliability
table, and the cut-off flag once versions carry one.  Each comparison runs once.

``--sweep`` runs a grid over ``AlignOptions.link_threshold`` and ``order_weight``, chooses the
setting with the best link F1 on the dev split only, and then reports that setting on test
(and reference).  Test numbers never take part in the choice.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the local package
    sys.path.insert(0, str(ROOT))

from compare.align import AlignOptions  # noqa: E402
from compare.ingest import read_story  # noqa: E402
from compare.model import Article, Comparison, Sentence, Story  # noqa: E402
from compare.normalize import squash  # noqa: E402
from compare.pipeline import compare_articles  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))  # the segmentation section lives beside this file
import eval_segmentation  # noqa: E402

EVAL_DIR = ROOT / "benchmarks" / "eval"
REFERENCE_DIR = ROOT / "compare" / "samples" / "putin-kim-2024-06-19"
REFERENCE_LABELS = ROOT / "tests" / "fixtures" / "putin-kim-2024-06-19.links.json"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"  # the real sets' pages (CI has it there too)
REFERENCE_ORDER = ("dhaka", "manila")  # pre-summit → post-treaty (the fixture's direction)

SPLITS = ("dev", "test", "reference")
LINK_LABELS = ("shared", "updated")
SENTENCE_LABELS = ("shared", "updated", "unique")
NONE = "none"

SWEEP_THRESHOLDS = tuple(round(0.15 + 0.025 * i, 3) for i in range(15))  # 0.15 … 0.5
SWEEP_ORDER_WEIGHTS = (0.0, 0.25, 0.5)


class LabelError(Exception):
    """A label names a sentence that does not exist, or names it ambiguously."""


# --------------------------------------------------------------------------- labelled data


@dataclass(frozen=True)
class GoldLink:
    source: str  # version stem
    source_text: str  # unique prefix of the sentence's text
    target: str
    target_text: str
    label: str


@dataclass
class LabelledStory:
    name: str
    split: str
    articles: list[Article]
    order: list[list[str]]  # tiers, earliest first; versions in one tier are not ordered
    links: list[GoldLink]
    kind: str = "written"


def _tiers(order: Sequence[str | Sequence[str]]) -> list[list[str]]:
    return [[item] if isinstance(item, str) else list(item) for item in order]


def load_eval_story(folder: Path) -> LabelledStory:
    data = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    versions_meta = data.get("versions", {})
    stems = sorted(path.stem for path in folder.glob("*.txt"))
    articles = [
        Article(
            id=stem,
            path=str(folder / f"{stem}.txt"),
            text=(folder / f"{stem}.txt").read_text(encoding="utf-8"),
            published=versions_meta.get(stem, {}).get("published"),
            outlet=versions_meta.get(stem, {}).get("outlet"),
        )
        for stem in stems  # input order: file names sorted, which says nothing about time
    ]
    order = _tiers(data["order"])
    named = sorted(stem for tier in order for stem in tier)
    if named != stems:
        raise LabelError(f"{folder.name}: order names {named}, the folder holds {stems}")
    if data.get("split") not in ("dev", "test"):
        raise LabelError(f"{folder.name}: split must be 'dev' or 'test', not {data.get('split')!r}")
    links = []
    for item in data["links"]:
        if item["label"] not in LINK_LABELS:
            raise LabelError(f"{folder.name}: bad label {item['label']!r}")
        for key in ("source", "target"):
            if item[key] not in stems:
                raise LabelError(f"{folder.name}: link names unknown version {item[key]!r}")
        links.append(
            GoldLink(
                item["source"],
                item["source_text"],
                item["target"],
                item["target_text"],
                item["label"],
            )
        )
    return LabelledStory(
        name=folder.name,
        split=data["split"],
        articles=articles,
        order=order,
        links=links,
        kind=data.get("kind", "written"),
    )


def load_reference() -> LabelledStory:
    """The built-in reference story, read from its raw pages like any user input."""
    story, articles = read_story([REFERENCE_DIR])
    ids = sorted(a.id for a in articles)
    if ids != sorted(REFERENCE_ORDER):
        raise LabelError(f"reference: read_story gave versions {ids}, not {list(REFERENCE_ORDER)}")
    data = json.loads(REFERENCE_LABELS.read_text(encoding="utf-8"))
    source, target = REFERENCE_ORDER
    return LabelledStory(
        name=story.id,
        split="reference",
        articles=list(articles),
        order=[[source], [target]],
        links=[
            GoldLink(source, item["source"], target, item["target"], item["label"])
            for item in data["links"]
        ],
        kind="reference",
    )


def _label_files() -> list[tuple[Path, dict]]:
    return [
        (folder, json.loads((folder / "labels.json").read_text(encoding="utf-8")))
        for folder in sorted(p for p in EVAL_DIR.iterdir() if (p / "labels.json").is_file())
    ]


def load_all(splits: Iterable[str]) -> list[LabelledStory]:
    """The hand-cleaned sets (written and corpus copies) of the splits, and the reference."""
    wanted = set(splits)
    stories = []
    if wanted & {"dev", "test"}:
        for folder, data in _label_files():
            if is_real_set(data):
                continue  # a real multi-take set: load_real
            story = load_eval_story(folder)
            if story.split in wanted:
                stories.append(story)
    if "reference" in wanted:
        stories.append(load_reference())
    return stories


def is_real_set(data: dict) -> bool:
    """A real multi-take set: raw pages from ../shared/corpus (``corpus_folder``) or kept in
    the set's own folder (``pages_folder``)."""
    return "corpus_folder" in data or "pages_folder" in data


def load_real(splits: Iterable[str], corpus: Path = CORPUS_DIR) -> tuple[list, str | None]:
    """The real multi-take sets of the splits, and a note when the corpus is missing (the
    sets whose pages are in it are then skipped)."""
    wanted = set(splits)
    chosen = [
        (folder, data)
        for folder, data in _label_files()
        if is_real_set(data) and data.get("split") in wanted
    ]
    note = None
    if not corpus.is_dir() and any("corpus_folder" in data for _, data in chosen):
        note = f"real multi-take sets of the corpus skipped: the corpus is not at {corpus}"
        chosen = [(folder, data) for folder, data in chosen if "pages_folder" in data]
    return [load_real_story(folder, data, corpus) for folder, data in chosen], note


# --------------------------------------------------------------------------- scoring


def find_sentence(comparison: Comparison, version: str, prefix: str, story: str) -> str:
    wanted = squash(prefix)
    matches = [
        s.id for s in comparison.version(version).sentences if squash(s.text).startswith(wanted)
    ]
    if len(matches) != 1:
        raise LabelError(
            f"{story}: prefix {prefix!r} matches {len(matches)} sentences of {version!r}"
            + (f" ({', '.join(matches)})" if matches else "")
        )
    return matches[0]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_labelled: int = 0  # found, and labelled right
    pairs: int = 0  # version pairs with a labelled order
    pairs_right: int = 0
    pairs_misdated: int = 0  # of those, pairs whose shown times say the opposite order
    pairs_misdated_right: int = 0
    versions: int = 0
    sentences: int = 0
    gold_links: int = 0
    # link confusion: (truth, predicted) over shared / updated / none
    link_matrix: dict[tuple[str, str], int] = field(default_factory=dict)
    sentence_matrix: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        for name in (
            "tp fp fn tp_labelled pairs pairs_right pairs_misdated pairs_misdated_right "
            "versions sentences gold_links"
        ).split():
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for mine, theirs in (
            (self.link_matrix, other.link_matrix),
            (self.sentence_matrix, other.sentence_matrix),
        ):
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0) + value

    def scores(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        def f1(p: float | None, r: float | None) -> float | None:
            if p is None or r is None:
                return None
            return 2 * p * r / (p + r) if p + r else 0.0

        precision = ratio(self.tp, self.tp + self.fp)
        recall = ratio(self.tp, self.tp + self.fn)
        precision_l = ratio(self.tp_labelled, self.tp + self.fp)
        recall_l = ratio(self.tp_labelled, self.tp + self.fn)
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall),
            "labelled_precision": precision_l,
            "labelled_recall": recall_l,
            "labelled_f1": f1(precision_l, recall_l),
            "label_accuracy": ratio(self.tp_labelled, self.tp),
            "ordering_accuracy": ratio(self.pairs_right, self.pairs),
            "ordering_accuracy_misdated": ratio(self.pairs_misdated_right, self.pairs_misdated),
        }


@dataclass
class Error:
    kind: str  # "missed", "spurious", "label"
    truth: str  # gold label or "none"
    predicted: str
    first: str  # sentence id and text
    second: str
    score: float | None = None


@dataclass
class StoryResult:
    story: LabelledStory
    counts: Counts
    errors: list[Error]
    predicted_order: list[str]
    ordering_method: str


def evaluate_story(story: LabelledStory, options: AlignOptions) -> StoryResult:
    comparison = compare_articles(Story(id=story.name), story.articles, options=options)
    sentences = comparison.sentences()
    gold: dict[frozenset[str], str] = {}
    for link in story.links:
        pair = frozenset(
            (
                find_sentence(comparison, link.source, link.source_text, story.name),
                find_sentence(comparison, link.target, link.target_text, story.name),
            )
        )
        if len(pair) != 2 or link.source == link.target:
            raise LabelError(f"{story.name}: a link must join two versions: {link}")
        if pair in gold:
            raise LabelError(f"{story.name}: link labelled twice: {link}")
        gold[pair] = link.label

    counts = Counts(
        versions=len(story.articles),
        sentences=len(sentences),
        gold_links=len(gold),
    )
    errors = score_links(counts, gold, comparison)

    tier = {stem: position for position, names in enumerate(story.order) for stem in names}
    position = {v.id: i for i, v in enumerate(comparison.versions)}
    shown = {a.id: a.published for a in story.articles}
    for a, b in combinations(sorted(tier), 2):
        if tier[a] == tier[b]:
            continue
        earlier, later = (a, b) if tier[a] < tier[b] else (b, a)
        right = position[earlier] < position[later]
        counts.pairs += 1
        counts.pairs_right += right
        if _misdated(shown[earlier], shown[later]):
            counts.pairs_misdated += 1
            counts.pairs_misdated_right += right

    return StoryResult(
        story=story,
        counts=counts,
        errors=errors,
        predicted_order=[v.id for v in comparison.versions],
        ordering_method=f"{comparison.ordering.method} ({comparison.ordering.confidence:.2f})",
    )


def score_links(
    counts: Counts,
    gold: dict[frozenset[str], str],
    comparison: Comparison,
    ignored: frozenset[str] = frozenset(),
    scored: Callable[[frozenset[str]], bool] | None = None,
) -> list[Error]:
    """Add the link and sentence confusion of ``comparison`` against ``gold`` to ``counts``;
    return the errors.  Pairs touching an ``ignored`` sentence (material glued in from
    elsewhere, labelled as not part of the story) are not scored either way; with ``scored``,
    only the pairs it accepts are (the sentence confusion then stays empty)."""
    sentences = comparison.sentences()
    predicted = {
        pair: k
        for k in comparison.links
        if not ((pair := frozenset((k.source, k.target))) & ignored)
        and (scored is None or scored(pair))
    }
    if scored is not None:
        gold = {pair: label for pair, label in gold.items() if scored(pair)}
    errors: list[Error] = []

    def shown(sid: str) -> str:
        return f"{sid}: {sentences[sid].text}"

    def ordered(pair: frozenset[str]) -> tuple[str, str]:
        a, b = sorted(pair, key=lambda s: (s.rsplit("-s", 1)[0], int(s.rsplit("-s", 1)[1])))
        return a, b

    for pair in sorted(set(gold) | set(predicted), key=lambda p: ordered(p)):
        truth = gold.get(pair, NONE)
        link = predicted.get(pair)
        guess = link.label if link else NONE
        key = (truth, guess)
        counts.link_matrix[key] = counts.link_matrix.get(key, 0) + 1
        a, b = ordered(pair)
        if truth != NONE and link is not None:
            counts.tp += 1
            if truth == guess:
                counts.tp_labelled += 1
            else:
                errors.append(Error("label", truth, guess, shown(a), shown(b), link.score))
        elif truth != NONE:
            counts.fn += 1
            errors.append(Error("missed", truth, NONE, shown(a), shown(b)))
        else:
            counts.fp += 1
            errors.append(Error("spurious", NONE, guess, shown(a), shown(b), link.score))

    gold_sentence: dict[str, str] = {}
    for pair, label in gold.items():
        for sid in pair:
            if gold_sentence.get(sid) != "updated":
                gold_sentence[sid] = label
    for sid in sentences if scored is None else ():
        if sid in ignored:
            continue
        key = (gold_sentence.get(sid, "unique"), comparison.label(sid))
        counts.sentence_matrix[key] = counts.sentence_matrix.get(key, 0) + 1
    return errors


def _instant(published: str | None) -> datetime | None:
    """A shown publication time on one footing (naive = UTC), or None."""
    if not published:
        return None
    parsed = datetime.fromisoformat(published)
    offset = parsed.utcoffset()
    return parsed.replace(tzinfo=None) - offset if offset else parsed.replace(tzinfo=None)


def _misdated(earlier: str | None, later: str | None) -> bool:
    """Whether the shown times put the (truly) later version first; a bare date says only
    which day, so two on the same day never contradict."""
    first, second = _instant(earlier), _instant(later)
    if first is None or second is None:
        return False
    if "T" not in earlier or "T" not in later:  # type: ignore[operator]
        return first.date() > second.date()
    return first > second


def evaluate(stories: Sequence[LabelledStory], options: AlignOptions) -> list[StoryResult]:
    return [evaluate_story(story, options) for story in stories]


def totals(results: Iterable[StoryResult]) -> Counts:
    total = Counts()
    for result in results:
        total.add(result.counts)
    return total


# --------------------------------------------------------------------------- real multi-take sets
#
# A real set is a folder of benchmarks/eval/ whose labels.json has "corpus_folder": the versions
# are the raw corpus pages (furniture and all) in ../shared/corpus/<corpus_folder>/, read through
# compare.ingest.read_story as a user's inputs are; or "pages_folder": the same kind of raw pages,
# from the corpus's own source, kept in the set's folder.  Format: benchmarks/eval/README.md.

# Confidence bins of the reliability table: [0, 0.5), [0.5, 0.6), … [0.9, 1.0].
CALIBRATION_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
CALIBRATION_MIN_DECISIONS = 20  # a bin this full must be within CALIBRATION_TOLERANCE
CALIBRATION_TOLERANCE = 0.1
# Ordering methods that made no decision: the versions are in name or input order.
UNDECIDED_METHODS = frozenset({"none", "input"})
LINK_SCORES = ("precision", "recall", "f1")


@dataclass(frozen=True)
class Member:
    """One wording of a statement: the sentences (one fragment each; two or more for a split
    or merge) that the named takes or versions carry, in one state."""

    where: tuple[str, ...]  # take ids and/or version stems
    texts: tuple[str, ...]
    state: str


@dataclass(frozen=True)
class StatementLabel:
    id: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class RealVersion:
    stem: str
    path: Path
    take: str
    take_uncertain: bool = False  # the take cannot be told (e.g. the lead is missing)
    cut_off_after: int | None = None  # the scraper kept paragraphs 1..N of the story
    cut_off_before: int | None = None  # the page lacks the take's first N paragraphs
    glued: tuple[str, ...] = ()  # fragments of material that is not the story
    scrape_time: datetime | None = None

    @property
    def cut_off(self) -> bool:
        """Whether the page lost part of its take (so it may lack a labelled sentence)."""
        return self.cut_off_after is not None or self.cut_off_before is not None


@dataclass
class RealStory:
    name: str
    split: str
    folder: Path
    versions: dict[str, RealVersion]  # by file stem, sorted
    take_order: list[list[str]]  # tiers of take ids, earliest first; a tier is not ordered
    statements: list[StatementLabel]

    def tier(self, stem: str) -> int:
        take = self.versions[stem].take
        return next(n for n, tier in enumerate(self.take_order) if take in tier)

    def ordered_pairs(self) -> list[tuple[str, str]]:
        """(earlier, later) for every two versions whose takes the labels order."""
        pairs = []
        for a, b in combinations(self.versions, 2):
            if self.tier(a) != self.tier(b):
                pairs.append((a, b) if self.tier(a) < self.tier(b) else (b, a))
        return pairs

    def same_take_pairs(self) -> list[tuple[str, str]]:
        return [
            (a, b)
            for a, b in combinations(self.versions, 2)
            if self.versions[a].take == self.versions[b].take
        ]


def _as_tuple(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def load_real_story(folder: Path, data: dict, corpus: Path) -> RealStory:
    """A real set's labels, checked for consistency (not yet against the text)."""
    name = folder.name
    if "pages_folder" in data:
        source = folder / data["pages_folder"]
    else:
        source = corpus / data["corpus_folder"]
    scrape: dict[str, datetime] = {}
    if (source / "versions.jsonl").is_file():
        for line in (source / "versions.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                scrape[Path(row["file"]).stem] = datetime.fromisoformat(row["scrape_time"])
    takes: dict[str, list[str]] = data["takes"]
    take_of = {stem: take for take, stems in takes.items() for stem in stems}
    meta = data.get("versions", {})
    unknown = set(meta) - set(take_of)
    if unknown:
        raise LabelError(f"{name}: versions {sorted(unknown)} are in no take")
    versions = {}
    for stem in sorted(take_of):
        path = source / f"{stem}.txt"
        if not path.is_file():
            raise LabelError(f"{name}: {path} does not exist")
        about = meta.get(stem, {})
        versions[stem] = RealVersion(
            stem=stem,
            path=path,
            take=take_of[stem],
            take_uncertain=bool(about.get("take_uncertain", False)),
            cut_off_after=about.get("cut_off_after"),
            cut_off_before=about.get("cut_off_before"),
            glued=_as_tuple(about.get("glued", ())),
            scrape_time=scrape.get(stem),
        )
    order = _tiers(data["take_order"])
    if sorted(t for tier in order for t in tier) != sorted(takes):
        raise LabelError(f"{name}: take_order names {order}, the takes are {sorted(takes)}")
    statements = []
    for item in data["statements"]:
        raw_members = item.get("members") or [
            {"in": item["in"], "text": item["text"], "state": item.get("state", "")}
        ]
        members = tuple(
            Member(_as_tuple(m["in"]), _as_tuple(m["text"]), str(m.get("state", "")))
            for m in raw_members
        )
        for member in members:
            for where in member.where:
                if where not in takes and where not in versions:
                    raise LabelError(f"{name}: statement {item['id']!r} names {where!r}")
        statements.append(StatementLabel(item["id"], members))
    ids = [s.id for s in statements]
    if len(set(ids)) != len(ids):
        raise LabelError(f"{name}: statement ids repeat")
    if data.get("split") not in ("dev", "test"):
        raise LabelError(f"{name}: split must be 'dev' or 'test', not {data.get('split')!r}")
    return RealStory(name, data["split"], source, versions, order, statements)


def member_versions(story: RealStory, member: Member) -> list[str]:
    """The version stems a member names, directly or through their take."""
    named = set()
    for where in member.where:
        if where in story.versions:
            named.add(where)
        else:
            named.update(s for s, v in story.versions.items() if v.take == where)
    return sorted(named)


def find_fragment(sentences: Sequence[Sentence], fragment: str) -> list[str]:
    """The ids of the sentences containing ``fragment`` (typography folded, spaces collapsed);
    a fragment written with a leading "^" must start the sentence."""
    if fragment.startswith("^"):
        wanted = squash(fragment[1:])
        return [s.id for s in sentences if squash(s.text).startswith(wanted)]
    wanted = squash(fragment)
    return [s.id for s in sentences if wanted in squash(s.text)]


@dataclass(frozen=True)
class ResolvedMember:
    key: int  # members of one statement are numbered; one wording is linked position by position
    state: str
    version: str
    sentences: tuple[str, ...]


def resolve(
    story: RealStory, sentences_of: dict[str, Sequence[Sentence]]
) -> tuple[list[list[ResolvedMember]], frozenset[str]]:
    """Every statement's members as sentence ids of each version, and the ignored sentences
    (those only glued material falls in).  ``sentences_of`` maps a version stem to its
    segmented sentences.  A fragment must name exactly one sentence of each version it is
    looked for in; a version cut off by the scraper may lack it."""
    resolved = []
    stated: set[str] = set()
    for statement in story.statements:
        members = []
        for key, member in enumerate(statement.members):
            for stem in member_versions(story, member):
                found = []
                for fragment in member.texts:
                    ids = find_fragment(sentences_of[stem], fragment)
                    if not ids and story.versions[stem].cut_off:
                        continue
                    if len(ids) != 1:
                        raise LabelError(
                            f"{story.name}: {statement.id}: {fragment!r} matches {len(ids)} "
                            f"sentences of {stem}"
                        )
                    found.append(ids[0])
                if found:
                    members.append(ResolvedMember(key, member.state, stem, tuple(found)))
                    stated.update(found)
        resolved.append(members)
    glued = set()
    for stem, version in story.versions.items():
        for fragment in version.glued:
            ids = find_fragment(sentences_of[stem], fragment)
            if len(ids) > 1:  # none: ingest dropped it as furniture, as it may
                raise LabelError(
                    f"{story.name}: glued {fragment!r} matches {len(ids)} sentences of {stem}"
                )
            glued.update(ids)
    return resolved, frozenset(glued - stated)


def derive_gold(statements: Sequence[Sequence[ResolvedMember]]) -> dict[frozenset[str], str]:
    """Pairwise gold links from statement clusters: two sentences of one statement in different
    versions are linked, "updated" when their states differ and "shared" otherwise.  Versions
    carrying the same wording (one member) are linked sentence by sentence in position; two
    different wordings are linked all to all (a split or merge links each part)."""
    gold: dict[frozenset[str], str] = {}
    for members in statements:
        for first, second in combinations(members, 2):
            if first.version == second.version:
                continue
            label = "shared" if first.state == second.state else "updated"
            if first.key == second.key and len(first.sentences) == len(second.sentences):
                pairs = list(zip(first.sentences, second.sentences, strict=True))
            else:
                pairs = [(a, b) for a in first.sentences for b in second.sentences]
            for a, b in pairs:
                pair = frozenset((a, b))
                if gold.get(pair, label) != label:
                    raise LabelError(f"{a} and {b} are labelled both shared and updated")
                gold[pair] = label
    return gold


# ----------------------------------------------------------------- scoring the temporal output


def f1_counts(predicted: set, truth: set) -> tuple[int, int, int]:
    """(true positives, predicted, true) for two sets of items."""
    return len(predicted & truth), len(predicted), len(truth)


def same_take_pairs(takes: Sequence[Sequence[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for take in takes for pair in combinations(take, 2)}


def order_right(versions: Sequence[str], earlier: str, later: str, method: str) -> bool:
    """Whether a comparison whose versions run in ``versions`` order (earliest first) puts
    ``earlier`` first.  An ordering method that made no decision counts as wrong."""
    if method in UNDECIDED_METHODS:
        return False
    return versions.index(earlier) < versions.index(later)


@dataclass
class Calibration:
    """Ordering decisions binned by the report's confidence: bin → [decisions, right, sum of
    confidences].  A report that orders nothing (method none: "ordered by name, nothing orders
    them", 50 %) claims no order and is counted apart, as ``undecided``: binned, it would be
    wrong (or right by the names' luck) at 50 % by construction.  Order accuracy still counts
    it wrong."""

    bins: dict[int, list[float]] = field(default_factory=dict)
    undecided: int = 0

    def add(self, confidence: float, right: bool, decided: bool = True) -> None:
        if not decided:
            self.undecided += 1
            return
        n = bin_of(confidence)
        cell = self.bins.setdefault(n, [0, 0, 0.0])
        cell[0] += 1
        cell[1] += right
        cell[2] += confidence

    def merge(self, other: Calibration) -> None:
        self.undecided += other.undecided
        for n, (count, right, total) in other.bins.items():
            cell = self.bins.setdefault(n, [0, 0, 0.0])
            cell[0] += count
            cell[1] += right
            cell[2] += total

    def rows(self) -> list[tuple[str, int, float, float, bool]]:
        """(bin, decisions, accuracy, mean confidence, flagged) for every non-empty bin."""
        rows = []
        for n in sorted(self.bins):
            count, right, total = self.bins[n]
            accuracy, mean = right / count, total / count
            flagged = (
                count >= CALIBRATION_MIN_DECISIONS and abs(accuracy - mean) > CALIBRATION_TOLERANCE
            )
            low, high = CALIBRATION_EDGES[n], CALIBRATION_EDGES[n + 1]
            rows.append((f"{low:.1f}-{high:.1f}", int(count), accuracy, mean, flagged))
        return rows


def bin_of(confidence: float) -> int:
    """The calibration bin of a confidence in [0, 1]; 1.0 falls in the last bin."""
    for n in range(len(CALIBRATION_EDGES) - 1):
        if confidence < CALIBRATION_EDGES[n + 1]:
            return n
    return len(CALIBRATION_EDGES) - 2


@dataclass
class RealCounts:
    """The temporal counts of one real set (or a split, summed)."""

    stories: int = 0
    versions: int = 0
    takes: int = 0
    statements: int = 0
    pair_decisions: int = 0  # two-version reports, every ordered pair in both input orders
    pair_right: int = 0
    pair_failed: int = 0  # of those, the pipeline raised
    take_tp: int = 0  # N-version report: same-take version pairs
    take_predicted: int = 0
    take_true: int = 0
    take_order_pairs: int = 0
    take_order_right: int = 0
    scrape_pairs: int = 0
    scrape_agree: int = 0
    same_take_runs: int = 0  # two-version reports of two versions of one take
    same_take_failed: int = 0
    n_failed: int = 0  # N-version reports that raised
    cut_off_versions: int = 0  # versions scored for the cut-off flag
    cut_off_right: int = 0  # flagged exactly when the labels say cut off
    lost_top_right: int = 0  # flagged as having lost its top exactly when the labels say so
    calibration: Calibration = field(default_factory=Calibration)
    n_calibration: Calibration = field(default_factory=Calibration)
    links: Counts = field(default_factory=Counts)
    cross_take_links: Counts = field(default_factory=Counts)  # versions of different takes

    def add(self, other: RealCounts) -> None:
        for name in (
            "stories versions takes statements pair_decisions pair_right pair_failed take_tp "
            "take_predicted take_true take_order_pairs take_order_right scrape_pairs "
            "scrape_agree same_take_runs same_take_failed n_failed cut_off_versions "
            "cut_off_right lost_top_right"
        ).split():
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.calibration.merge(other.calibration)
        self.n_calibration.merge(other.n_calibration)
        self.links.add(other.links)
        self.cross_take_links.add(other.cross_take_links)

    def scores(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        precision = ratio(self.take_tp, self.take_predicted)
        recall = ratio(self.take_tp, self.take_true)
        matrix = self.links.link_matrix
        updated_true = sum(n for (t, _), n in matrix.items() if t == "updated")
        updated_predicted = sum(n for (_, p), n in matrix.items() if p == "updated")
        updated_right = matrix.get(("updated", "updated"), 0)
        take_f1 = None
        if precision is not None and recall is not None:
            take_f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "pairwise_order_accuracy": ratio(self.pair_right, self.pair_decisions),
            "take_precision": precision,
            "take_recall": recall,
            "take_f1": take_f1,
            "take_order_accuracy": ratio(self.take_order_right, self.take_order_pairs),
            "update_recall": ratio(updated_right, updated_true),
            "update_precision": ratio(updated_right, updated_predicted),
            "scrape_order_agreement": ratio(self.scrape_agree, self.scrape_pairs),
            **{f"link_{k}": v for k, v in self.links.scores().items() if k in LINK_SCORES},
            **{
                f"cross_take_link_{k}": v
                for k, v in self.cross_take_links.scores().items()
                if k in LINK_SCORES
            },
        }


@dataclass
class RealResult:
    story: RealStory
    counts: RealCounts
    errors: list[Error]
    failures: list[str]  # one line per pipeline run that raised
    predicted_order: list[str]  # the N-version report's version order (stems)
    predicted_takes: list[list[str]]
    ordering_method: str


class PipelineRuns:
    """Each comparison of a list of corpus files, run once: ``read_story`` (as the CLI reads
    the user's files) then the pipeline.  A run that raises is kept as its error line."""

    def __init__(self, options: AlignOptions) -> None:
        self.options = options
        self._done: dict[tuple[Path, ...], tuple[Comparison | None, str | None]] = {}

    def run(self, paths: Sequence[Path]) -> tuple[Comparison | None, dict[str, str], str | None]:
        """(comparison or None, version id → file stem, error line or None)."""
        key = tuple(paths)
        if key not in self._done:
            try:
                story, articles = read_story(list(paths))
                comparison = compare_articles(story, articles, options=self.options)
                self._done[key] = (comparison, None)
            except Exception as error:  # any failure is scored, never raised
                self._done[key] = (None, f"{type(error).__name__}: {error}".splitlines()[0])
        comparison, failure = self._done[key]
        stems = {}
        if comparison is not None:
            # read_story keeps the input order; ids are derived from the file names.
            stems = {
                v.id: p.stem for v, p in zip(_input_order(comparison, paths), paths, strict=True)
            }
        return comparison, stems, failure


def _input_order(comparison: Comparison, paths: Sequence[Path]) -> list[Article]:
    by_path = {v.path: v for v in comparison.versions}
    return [by_path[str(p)] for p in paths]


def evaluate_real_story(story: RealStory, runs: PipelineRuns) -> RealResult:
    counts = RealCounts(
        stories=1,
        versions=len(story.versions),
        takes=len({v.take for v in story.versions.values()}),
        statements=len(story.statements),
    )
    failures: list[str] = []
    paths = {stem: v.path for stem, v in story.versions.items()}

    # Two-version reports: every ordered pair, passed in both orders.
    for earlier, later in story.ordered_pairs():
        for first, second in ((earlier, later), (later, earlier)):
            comparison, stems, failure = runs.run([paths[first], paths[second]])
            counts.pair_decisions += 1
            if comparison is None:
                counts.pair_failed += 1
                failures.append(f"{first} + {second}: {failure}")
                continue
            order = [stems[v.id] for v in comparison.versions]
            right = order_right(order, earlier, later, comparison.ordering.method)
            counts.pair_right += right
            decided = comparison.ordering.method != "none"
            counts.calibration.add(comparison.ordering.confidence, right, decided)
    for first, second in story.same_take_pairs():
        comparison, _, failure = runs.run([paths[first], paths[second]])
        counts.same_take_runs += 1
        if comparison is None:
            counts.same_take_failed += 1
            failures.append(f"{first} + {second} (one take): {failure}")

    for earlier, later in story.ordered_pairs():
        when = story.versions[earlier].scrape_time, story.versions[later].scrape_time
        if when[0] is not None and when[1] is not None:
            counts.scrape_pairs += 1
            counts.scrape_agree += when[0] < when[1]

    # The N-version report: all versions in one comparison.
    comparison, stems, failure = runs.run(list(paths.values()))
    errors: list[Error] = []
    predicted_order: list[str] = []
    predicted_takes: list[list[str]] = []
    method = "failed"
    if comparison is None:
        counts.n_failed += 1
        failures.append(f"all {len(paths)} versions: {failure}")
    else:
        predicted_order = [stems[v.id] for v in comparison.versions]
        grouped = {stem for take in comparison.takes for stem in (stems[v] for v in take.versions)}
        predicted_takes = [[stems[v] for v in take.versions] for take in comparison.takes]
        predicted_takes += [[stem] for stem in predicted_order if stem not in grouped]
        method = f"{comparison.ordering.method} ({comparison.ordering.confidence:.2f})"
        scored = [s for s, v in story.versions.items() if not v.take_uncertain]
        truth = same_take_pairs(
            [[s for s in scored if story.versions[s].take == t] for t in story_takes(story)]
        )
        predicted = {pair for pair in same_take_pairs(predicted_takes) if pair <= set(scored)}
        counts.take_tp, counts.take_predicted, counts.take_true = f1_counts(predicted, truth)
        for earlier, later in story.ordered_pairs():
            right = order_right(predicted_order, earlier, later, comparison.ordering.method)
            counts.take_order_pairs += 1
            counts.take_order_right += right
            decided = comparison.ordering.method != "none"
            counts.n_calibration.add(comparison.ordering.confidence, right, decided)
        by_stem = {stems[v.id]: v for v in comparison.versions}
        resolved, ignored = resolve(story, {s: v.sentences for s, v in by_stem.items()})
        gold = derive_gold(resolved)
        counts.links.versions = len(by_stem)
        counts.links.sentences = sum(len(v.sentences) for v in by_stem.values())
        counts.links.gold_links = len(gold)
        errors = score_links(counts.links, gold, comparison, ignored)
        take_of_id = {v.id: story.versions[stems[v.id]].take for v in comparison.versions}
        sentences = comparison.sentences()

        def across_takes(pair: frozenset[str]) -> bool:
            a, b = (sentences[sid].version for sid in pair)
            return take_of_id[a] != take_of_id[b]

        score_links(counts.cross_take_links, gold, comparison, ignored, across_takes)
        for a, b in story.ordered_pairs():
            counts.links.pairs += 1
            counts.links.pairs_right += order_right(
                predicted_order, a, b, comparison.ordering.method
            )
        # The takes stage records cut-off copies (report.json: versions[].cut_off_after) and
        # copies that lost their top (takes[].lost_top).
        cut_off = {cut.version for take in comparison.takes for cut in take.cut_off}
        lost_top = {top.version for take in comparison.takes for top in take.lost_top}
        for stem, version in story.versions.items():
            counts.cut_off_versions += 1
            flagged = by_stem[stem].id in cut_off
            counts.cut_off_right += flagged == (version.cut_off_after is not None)
            flagged = by_stem[stem].id in lost_top
            counts.lost_top_right += flagged == (version.cut_off_before is not None)
    return RealResult(story, counts, errors, failures, predicted_order, predicted_takes, method)


def story_takes(story: RealStory) -> list[str]:
    return [take for tier in story.take_order for take in tier]


# --------------------------------------------------------------------------- output


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def score_table(rows: Sequence[tuple[str, Counts]], first_column: str) -> list[str]:
    width = max([len(first_column)] + [len(name) for name, _ in rows])
    header = (
        f"{first_column:<{width}}  vers sents gold  tp  fp  fn   P     R     F1   "
        f"| lP    lR    lF1  | lblAcc | order           | misdated"
    )
    lines = [header, "-" * len(header)]
    for name, c in rows:
        s = c.scores()
        order = f"{c.pairs_right}/{c.pairs}" if c.pairs else "-"
        misdated = f"{c.pairs_misdated_right}/{c.pairs_misdated}" if c.pairs_misdated else "-"
        lines.append(
            f"{name:<{width}}  {c.versions:>4} {c.sentences:>5} {c.gold_links:>4} "
            f"{c.tp:>3} {c.fp:>3} {c.fn:>3} {fmt(s['precision'])} {fmt(s['recall'])} "
            f"{fmt(s['f1'])} | {fmt(s['labelled_precision'])} {fmt(s['labelled_recall'])} "
            f"{fmt(s['labelled_f1'])} | {fmt(s['label_accuracy']):>6} | "
            f"{fmt(s['ordering_accuracy'])} {f'({order})':<9} | {misdated}"
        )
    return lines


def matrix_lines(title: str, matrix: dict[tuple[str, str], int], labels: Sequence[str]) -> list:
    corner = "truth \\ predicted"
    lines = [title, f"  {corner:<18}" + "".join(f"{x:>9}" for x in labels)]
    for truth in labels:
        cells = "".join(f"{matrix.get((truth, guess), 0):>9}" for guess in labels)
        lines.append(f"  {truth:<18}{cells}")
    return lines


def per_set_confusion(split: str, rows: Sequence[tuple[str, Counts]]) -> list[str]:
    """The link confusion matrix of each labelled set, one row per set: each cell counts the
    pairs with that truth → prediction (s shared, u updated, - no link)."""
    short = {"shared": "s", "updated": "u", NONE: "-"}
    cells = [
        (truth, guess)
        for truth in (*LINK_LABELS, NONE)
        for guess in (*LINK_LABELS, NONE)
        if (truth, guess) != (NONE, NONE)
    ]
    width = max(len(name) for name, _ in rows)
    lines = [
        f"link confusion per set ({split}; truth→predicted, s shared, u updated, - no link):",
        f"  {'set':<{width}}" + "".join(f"{short[t] + '→' + short[g]:>6}" for t, g in cells),
    ]
    for name, c in rows:
        lines.append(
            f"  {name:<{width}}" + "".join(f"{c.link_matrix.get(cell, 0):>6}" for cell in cells)
        )
    return lines


def report(results: Sequence[StoryResult], splits: Sequence[str], show_errors: bool) -> list:
    lines: list[str] = []
    for split in splits:
        chosen = [r for r in results if r.story.split == split]
        if not chosen:
            continue
        lines.append("")
        lines.append(f"== split: {split} ({len(chosen)} stories)")
        rows = [(r.story.name, r.counts) for r in chosen]
        kinds = sorted({r.story.kind for r in chosen})
        if len(kinds) > 1:  # real (corpus) and written copy are reported apart
            for kind in kinds:
                rows.append(
                    (f"ALL {split} {kind}", totals(r for r in chosen if r.story.kind == kind))
                )
        rows.append((f"ALL {split}", totals(chosen)))
        lines.extend(score_table(rows, "story"))
        lines.append("")
        lines.append("ordering (labelled → predicted, method):")
        for r in chosen:
            truth = " < ".join("=".join(tier) for tier in r.story.order)
            misdated = r.counts.pairs_misdated
            note = f"; shown times contradict the content in {misdated} pair(s)" if misdated else ""
            lines.append(
                f"  {r.story.name}: {truth}  →  {' < '.join(r.predicted_order)}"
                f"  [{r.ordering_method}{note}]"
            )
        total = totals(chosen)
        lines.append("")
        lines.extend(per_set_confusion(split, rows))
        lines.append("")
        lines.extend(
            matrix_lines(
                f"link confusion ({split}; a pair is a link in truth and/or prediction):",
                total.link_matrix,
                (*LINK_LABELS, NONE),
            )
        )
        lines.extend(
            matrix_lines(
                f"sentence confusion ({split}; every sentence of every version):",
                total.sentence_matrix,
                SENTENCE_LABELS,
            )
        )
        if show_errors:
            lines.append("")
            lines.append(f"errors ({split}):")
            for r in chosen:
                for e in r.errors:
                    score = "" if e.score is None else f" score={e.score:.3f}"
                    lines.append(
                        f"  [{r.story.name}] {e.kind}: truth={e.truth} predicted={e.predicted}"
                        f"{score}"
                    )
                    lines.append(f"      {e.first[:160]}")
                    lines.append(f"      {e.second[:160]}")
    return lines


def real_table(rows: Sequence[tuple[str, RealCounts]]) -> list[str]:
    width = max(len("set"), *(len(name) for name, _ in rows))
    header = (
        f"{'set':<{width}}  vers takes stmts gold | 2v order        | take F1 (P/R)       "
        f"| take order      | link P  R     F1    | x-take F1 | upd R  P     | scrape | fail"
    )
    lines = [header, "-" * len(header)]
    for name, c in rows:
        s = c.scores()
        failed = c.pair_failed + c.same_take_failed + c.n_failed
        runs = c.pair_decisions + c.same_take_runs + c.stories
        lines.append(
            f"{name:<{width}}  {c.versions:>4} {c.takes:>5} {c.statements:>5} "
            f"{c.links.gold_links:>4} | {fmt(s['pairwise_order_accuracy'])} "
            f"{f'({c.pair_right}/{c.pair_decisions})':<9} | {fmt(s['take_f1'])} "
            f"({fmt(s['take_precision'])}/{fmt(s['take_recall'])}) | "
            f"{fmt(s['take_order_accuracy'])} {f'({c.take_order_right}/{c.take_order_pairs})':<9} "
            f"| {fmt(s['link_precision'])} {fmt(s['link_recall'])} {fmt(s['link_f1'])} | "
            f"{fmt(s['cross_take_link_f1']):>9} | "
            f"{fmt(s['update_recall'])} {fmt(s['update_precision'])} | "
            f"{fmt(s['scrape_order_agreement'])}  | {failed}/{runs}"
        )
    return lines


def calibration_lines(title: str, calibration: Calibration) -> list[str]:
    lines = [title, f"  {'confidence':<10} {'decisions':>9} {'accuracy':>9} {'mean conf':>9}"]
    for label, count, accuracy, mean, flagged in calibration.rows():
        flag = "  <- off by more than 0.1" if flagged else ""
        lines.append(f"  {label:<10} {count:>9} {accuracy:>9.3f} {mean:>9.3f}{flag}")
    if not calibration.bins:
        lines.append("  (no decisions)")
    if calibration.undecided:
        lines.append(
            f"  {'undecided':<10} {calibration.undecided:>9}  (method none: no order claimed, "
            "not binned; wrong in the order accuracy)"
        )
    return lines


def real_report(results: Sequence[RealResult], splits: Sequence[str], errors: bool) -> list:
    lines: list[str] = []
    for split in splits:
        chosen = [r for r in results if r.story.split == split]
        if not chosen:
            continue
        total = RealCounts()
        for r in chosen:
            total.add(r.counts)
        lines += ["", f"== real multi-take sets (raw corpus pages), split: {split} "
                  f"({len(chosen)} stories)"]  # fmt: skip
        lines += real_table([*((r.story.name, r.counts) for r in chosen), (f"ALL {split}", total)])
        lines += [
            "  2v order: two-version reports of every two versions from differently ordered "
            "takes, each pair passed in both orders; a refused run or an undecided order "
            "(method none) counts as wrong; the calibration tables bin the decided orders and "
            "count the undecided ones apart.",
            "  take F1: same-take version pairs of the all-versions report; take order: its "
            "version order over the same pairs; links and updates: its links (x-take: only "
            "links between versions of different takes).",
            "  scrape: share of those pairs whose versions.jsonl scrape times agree with the "
            "content order; fail: pipeline runs that raised / runs.",
        ]
        lines += ["", f"takes and order ({split}; labelled → all-versions report):"]
        for r in chosen:
            truth = " < ".join(
                "=".join(
                    "[" + " ".join(s for s, v in r.story.versions.items() if v.take == t) + "]"
                    for t in tier
                )
                for tier in r.story.take_order
            )
            shown = " | ".join(" ".join(take) for take in r.predicted_takes)
            lines.append(f"  {r.story.name}:")
            lines.append(f"    labelled: {truth}")
            lines.append(f"    report:   {shown}  [{r.ordering_method}]")
            lines.append(f"    version order: {' < '.join(r.predicted_order) or '-'}")
        c = total
        lines.append(f"cut-off flags ({split}): {c.cut_off_right}/{c.cut_off_versions} "
                     "versions flagged exactly when cut off")  # fmt: skip
        lines.append(f"lost-top flags ({split}): {c.lost_top_right}/{c.cut_off_versions} "
                     "versions flagged exactly when their top is lost")  # fmt: skip
        lines.append("")
        lines += calibration_lines(
            f"confidence calibration ({split}; two-version ordering decisions):", c.calibration
        )
        lines += calibration_lines(
            f"confidence calibration ({split}; all-versions reports, one decision per ordered "
            "version pair):",
            c.n_calibration,
        )
        lines.append("")
        lines.extend(
            per_set_confusion(f"real {split}", [(r.story.name, r.counts.links) for r in chosen])
        )
        failures = [(r.story.name, f) for r in chosen for f in r.failures]
        lines.append("")
        lines.append(f"pipeline failures ({split}): {len(failures)}")
        kinds: dict[tuple[str, str], int] = {}
        for name, failure in failures:
            reason = failure.split(": ", 1)[1]
            reason = "identical: nothing to compare" if "identical" in reason else reason
            kinds[(name, reason)] = kinds.get((name, reason), 0) + 1
        for (name, reason), n in sorted(kinds.items()):
            lines.append(f"  {name}: {n} × {reason[:110]}")
        if errors:
            lines.append("")
            lines.append(f"link errors (real {split}; all-versions reports):")
            for r in chosen:
                for e in r.errors:
                    score = "" if e.score is None else f" score={e.score:.3f}"
                    lines.append(f"  [{r.story.name}] {e.kind}: truth={e.truth} "
                                 f"predicted={e.predicted}{score}")  # fmt: skip
                    lines.append(f"      {e.first[:160]}")
                    lines.append(f"      {e.second[:160]}")
    return lines


def real_json(c: RealCounts) -> dict:
    return {
        "versions": c.versions,
        "takes": c.takes,
        "statements": c.statements,
        "gold_links": c.links.gold_links,
        "pair_decisions": c.pair_decisions,
        "pair_right": c.pair_right,
        "pair_failed": c.pair_failed,
        "same_take_runs": c.same_take_runs,
        "same_take_failed": c.same_take_failed,
        "n_failed": c.n_failed,
        "scrape_pairs": c.scrape_pairs,
        "scrape_agree": c.scrape_agree,
        **{k: _round(v) for k, v in c.scores().items()},
        "calibration": [
            {
                "bin": label,
                "decisions": n,
                "accuracy": round(acc, 4),
                "mean_confidence": round(m, 4),
            }
            for label, n, acc, m, _ in c.calibration.rows()
        ],
        "calibration_undecided": c.calibration.undecided,
        "link_confusion": {f"{t}->{p}": n for (t, p), n in sorted(c.links.link_matrix.items())},
    }


def split_summary(results: Sequence[StoryResult], splits: Sequence[str]) -> dict:
    summary = {}
    for split in splits:
        chosen = [r for r in results if r.story.split == split]
        if chosen:
            total = totals(chosen)
            summary[split] = {
                "stories": len(chosen),
                **counts_json(total),
            }
    return summary


def real_split_summary(results: Sequence[RealResult], splits: Sequence[str]) -> dict:
    summary = {}
    for split in splits:
        total = RealCounts()
        for r in results:
            if r.story.split == split:
                total.add(r.counts)
        if total.stories:
            summary[split] = {"stories": total.stories, **real_json(total)}
    return summary


def counts_json(c: Counts) -> dict:
    return {
        "versions": c.versions,
        "sentences": c.sentences,
        "gold_links": c.gold_links,
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "ordering_pairs": c.pairs,
        "ordering_pairs_right": c.pairs_right,
        "ordering_pairs_misdated": c.pairs_misdated,
        "ordering_pairs_misdated_right": c.pairs_misdated_right,
        **{k: (None if v is None else round(v, 4)) for k, v in c.scores().items()},
        "link_confusion": {f"{t}->{p}": n for (t, p), n in sorted(c.link_matrix.items())},
        "sentence_confusion": {f"{t}->{p}": n for (t, p), n in sorted(c.sentence_matrix.items())},
    }


# --------------------------------------------------------------------------- sweep


def sweep(stories: Sequence[LabelledStory], base: AlignOptions) -> tuple[list[str], dict]:
    dev = [s for s in stories if s.split == "dev"]
    held_out = [s for s in stories if s.split != "dev"]
    if not dev:
        raise SystemExit("--sweep needs the dev split")
    grid = []
    for weight in SWEEP_ORDER_WEIGHTS:
        for threshold in SWEEP_THRESHOLDS:
            options = replace(base, link_threshold=threshold, order_weight=weight)
            total = totals(evaluate(dev, options))
            grid.append((options, total))
    lines = [
        "",
        "== sweep on dev (link F1 | labelled F1); "
        f"rows link_threshold, columns order_weight; default: "
        f"threshold {base.link_threshold}, order_weight {base.order_weight}",
        f"  {'threshold':>9}" + "".join(f"   ow={w:<13}" for w in SWEEP_ORDER_WEIGHTS),
    ]
    by_key = {(o.link_threshold, o.order_weight): c for o, c in grid}
    for threshold in SWEEP_THRESHOLDS:
        cells = ""
        for weight in SWEEP_ORDER_WEIGHTS:
            s = by_key[(threshold, weight)].scores()
            cells += f"   {fmt(s['f1'])} | {fmt(s['labelled_f1'])}"
        lines.append(f"  {threshold:>9.3f}{cells}")

    # Best dev F1; ties go to the better labelled F1, then to the setting nearest the default
    # (the smallest change), then to the lower threshold — deterministic, and test-blind.
    def rank(item: tuple[AlignOptions, Counts]) -> tuple:
        options, c = item
        s = c.scores()
        distance = abs(options.link_threshold - base.link_threshold) + abs(
            options.order_weight - base.order_weight
        )
        return (-(s["f1"] or 0.0), -(s["labelled_f1"] or 0.0), round(distance, 6),
                options.link_threshold, options.order_weight)  # fmt: skip

    best, best_dev = min(grid, key=rank)
    lines.append("")
    lines.append(
        f"chosen on dev: link_threshold={best.link_threshold} order_weight={best.order_weight} "
        f"(dev F1 {fmt(best_dev.scores()['f1'])}, labelled F1 "
        f"{fmt(best_dev.scores()['labelled_f1'])})"
    )
    rows = []
    default_rows = []
    result: dict = {
        "grid": [
            {
                "link_threshold": o.link_threshold,
                "order_weight": o.order_weight,
                "dev_f1": _round(c.scores()["f1"]),
                "dev_labelled_f1": _round(c.scores()["labelled_f1"]),
            }
            for o, c in grid
        ],
        "chosen": {"link_threshold": best.link_threshold, "order_weight": best.order_weight},
        "chosen_scores": {},
        "default_scores": {},
    }
    for split in ("dev", *sorted({s.split for s in held_out}, key=SPLITS.index)):
        chosen_stories = [s for s in stories if s.split == split]
        at_best = totals(evaluate(chosen_stories, best))
        at_default = totals(evaluate(chosen_stories, base))
        rows.append((f"{split} @ chosen", at_best))
        default_rows.append((f"{split} @ default", at_default))
        result["chosen_scores"][split] = counts_json(at_best)
        result["default_scores"][split] = counts_json(at_default)
    lines.append("")
    lines.extend(score_table(rows + default_rows, "split @ setting"))
    return lines, result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--sweep", action="store_true", help="grid over AlignOptions on dev")
    parser.add_argument("--errors", action="store_true", help="list every wrong or missed link")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the numbers as JSON")
    parser.add_argument(
        "--real", action="store_true", help="only the real multi-take sets (raw corpus pages)"
    )
    args = parser.parse_args(argv)

    splits = SPLITS if args.split == "all" else (args.split,)
    load_splits = set(splits) | ({"dev"} if args.sweep else set())
    base = AlignOptions()
    try:
        stories = [] if args.real else load_all(load_splits)
        results = evaluate([s for s in stories if s.split in splits], base)
        real_stories, skipped = load_real(splits)
        runs = PipelineRuns(base)
        real_results = [evaluate_real_story(story, runs) for story in real_stories]
        lines = [
            "story-compare evaluation — labelled sets in benchmarks/eval/ (+ reference story)",
            f"AlignOptions: {base}",
        ]
        lines.extend(report(results, splits, args.errors))
        if skipped:
            lines += ["", skipped]
        lines.extend(real_report(real_results, splits, args.errors))
        output: dict = {
            "options": asdict(base),
            "splits": split_summary(results, splits),
            "stories": {
                r.story.name: {"split": r.story.split, **counts_json(r.counts)} for r in results
            },
            "real": {
                "splits": real_split_summary(real_results, splits),
                "stories": {
                    r.story.name: {"split": r.story.split, **real_json(r.counts)}
                    for r in real_results
                },
            },
        }
        segmentation_lines, output["segmentation"] = eval_segmentation.section(args.errors)
        lines.extend(segmentation_lines)
        if args.sweep:
            sweep_lines, output["sweep"] = sweep(stories, base)
            lines.extend(sweep_lines)
    except LabelError as error:
        print(f"label error: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(output, indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
