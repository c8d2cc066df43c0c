"""Evaluate alignment, labelling and ordering against hand-labelled stories.

    .venv/bin/python benchmarks/evaluate.py [--split dev|test|reference|all] [--sweep]
                                            [--errors] [--json PATH]

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

``--sweep`` runs a grid over ``AlignOptions.link_threshold`` and ``order_weight``, chooses the
setting with the best link F1 on the dev split only, and then reports that setting on test
(and reference).  Test numbers never take part in the choice.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the local package
    sys.path.insert(0, str(ROOT))

from compare.align import AlignOptions  # noqa: E402
from compare.ingest import read_story  # noqa: E402
from compare.model import Article, Comparison, Story  # noqa: E402
from compare.normalize import fold  # noqa: E402
from compare.pipeline import compare_articles  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))  # the segmentation section lives beside this file
import eval_segmentation  # noqa: E402

EVAL_DIR = ROOT / "benchmarks" / "eval"
REFERENCE_DIR = ROOT / "compare" / "samples" / "putin-kim-2024-06-19"
REFERENCE_LABELS = ROOT / "tests" / "fixtures" / "putin-kim-2024-06-19.links.json"
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


def load_all(splits: Iterable[str]) -> list[LabelledStory]:
    wanted = set(splits)
    stories = []
    if wanted & {"dev", "test"}:
        for folder in sorted(p for p in EVAL_DIR.iterdir() if (p / "labels.json").is_file()):
            story = load_eval_story(folder)
            if story.split in wanted:
                stories.append(story)
    if "reference" in wanted:
        stories.append(load_reference())
    return stories


# --------------------------------------------------------------------------- scoring


def _squash(text: str) -> str:
    return " ".join(fold(text).split())


def find_sentence(comparison: Comparison, version: str, prefix: str, story: str) -> str:
    wanted = _squash(prefix)
    matches = [
        s.id for s in comparison.version(version).sentences if _squash(s.text).startswith(wanted)
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
    predicted = {frozenset((k.source, k.target)): k for k in comparison.links}

    counts = Counts(
        versions=len(story.articles),
        sentences=len(sentences),
        gold_links=len(gold),
    )
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
    for sid in sentences:
        key = (gold_sentence.get(sid, "unique"), comparison.label(sid))
        counts.sentence_matrix[key] = counts.sentence_matrix.get(key, 0) + 1

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
    args = parser.parse_args(argv)

    splits = SPLITS if args.split == "all" else (args.split,)
    load_splits = set(splits) | ({"dev"} if args.sweep else set())
    base = AlignOptions()
    try:
        stories = load_all(load_splits)
        results = evaluate([s for s in stories if s.split in splits], base)
        lines = [
            "story-compare evaluation — labelled sets in benchmarks/eval/ (+ reference story)",
            f"AlignOptions: {base}",
        ]
        lines.extend(report(results, splits, args.errors))
        output: dict = {
            "options": asdict(base),
            "splits": split_summary(results, splits),
            "stories": {
                r.story.name: {"split": r.story.split, **counts_json(r.counts)} for r in results
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
