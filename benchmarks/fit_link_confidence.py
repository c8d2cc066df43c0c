"""Fit the link confidence curve of compare/confidence.py on the labelled dev sets.

    .venv/bin/python benchmarks/fit_link_confidence.py

Every labelled story of the dev split (benchmarks/eval, read as ``benchmarks/evaluate.py``
reads it: the hand-cleaned sets two or more versions at a time, the real multi-take sets from
../shared/corpus all versions in one comparison) runs through the pipeline with the default
options; each link the aligner makes is one example: right (1) when the labels join the same
two sentences, else 0.  A logistic
regression of right on the link's score and on whether it is half of a split or merge is
fitted by maximum likelihood (scipy, a light L2 penalty on the slopes so that a perfectly
separated dev set still gives finite constants); the split/merge term only when dev holds at
least MIN_PART_EXAMPLES of them.  The test split and the reference story take
no part in the fit: they are scored with the fitted curve for the reliability table only.

Prints the constants to paste into compare/confidence.py and the reliability tables (Markdown)
for docs/quality.md.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the local package
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the harness beside this script

from evaluate import (  # noqa: E402
    LabelledStory,
    PipelineRuns,
    RealStory,
    derive_gold,
    find_sentence,
    load_all,
    load_real,
    resolve,
)

from compare import confidence  # noqa: E402
from compare.align import AlignOptions  # noqa: E402
from compare.confidence import CHECK_BELOW, link_confidence  # noqa: E402
from compare.model import LinkKind, Story  # noqa: E402
from compare.pipeline import compare_articles  # noqa: E402

PENALTY = 0.01  # L2 weight on the slopes (not the intercept)
# Split and merge halves get a shift of their own only with this many dev examples: a handful
# would fit noise (decided before the fit; dev held 4 merges and no splits when it was set).
MIN_PART_EXAMPLES = 20
BINS = (0.0, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0001)


@dataclass(frozen=True)
class Example:
    story: str
    score: float
    kind: LinkKind
    right: bool


def examples(stories: Sequence[LabelledStory]) -> list[Example]:
    found = []
    for story in stories:
        comparison = compare_articles(Story(id=story.name), story.articles, options=AlignOptions())
        gold = {
            frozenset(
                (
                    find_sentence(comparison, link.source, link.source_text, story.name),
                    find_sentence(comparison, link.target, link.target_text, story.name),
                )
            )
            for link in story.links
        }
        found += [
            Example(story.name, k.score, k.kind, frozenset((k.source, k.target)) in gold)
            for k in comparison.links
        ]
    return found


def real_examples(stories: Sequence[RealStory]) -> list[Example]:
    """The real multi-take sets: all of a story's versions in one comparison, gold links
    derived from the labelled statements (as ``make eval`` scores them); links touching glued
    material, which the labels leave out of the story, are no example either way."""
    runs = PipelineRuns(AlignOptions())
    found = []
    for story in stories:
        comparison, stems, failure = runs.run([v.path for v in story.versions.values()])
        if comparison is None:
            raise SystemExit(f"{story.name}: {failure}")
        by_stem = {stems[v.id]: v for v in comparison.versions}
        resolved, ignored = resolve(story, {stem: v.sentences for stem, v in by_stem.items()})
        gold = derive_gold(resolved)
        found += [
            Example(story.name, link.score, link.kind, pair in gold)
            for link in comparison.links
            if not ((pair := frozenset((link.source, link.target))) & ignored)
        ]
    return found


def split_examples(split: str) -> list[Example]:
    """A split's examples: the hand-cleaned sets and the real multi-take sets."""
    real, missing = load_real([split])
    if missing:
        print(f"# {missing}", file=sys.stderr)
    return examples(load_all([split])) + real_examples(real)


def features(items: Sequence[Example], with_kind: bool) -> np.ndarray:
    columns = [
        [1.0, e.score] + ([float(e.kind != "one-to-one")] if with_kind else []) for e in items
    ]
    return np.array(columns)


def fit(items: Sequence[Example]) -> tuple[float, float, float]:
    """(intercept, slope, split/merge shift); the shift is 0 when dev has too few of them."""
    with_kind = sum(e.kind != "one-to-one" for e in items) >= MIN_PART_EXAMPLES
    x = features(items, with_kind)
    y = np.array([float(e.right) for e in items])

    def loss(w: np.ndarray) -> float:
        z = x @ w
        # log(1 + e^z) - y z, written to stay finite for large |z|
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + PENALTY * np.sum(w[1:] ** 2))

    def gradient(w: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-(x @ w)))
        penalty = 2 * PENALTY * np.concatenate(([0.0], w[1:]))
        return x.T @ (p - y) + penalty

    weights = minimize(loss, np.zeros(x.shape[1]), jac=gradient, method="BFGS").x
    return float(weights[0]), float(weights[1]), float(weights[2]) if with_kind else 0.0


def reliability(name: str, items: Sequence[Example]) -> list[str]:
    """A Markdown table: per confidence band, links, mean confidence, share right."""
    lines = [
        f"**{name}** ({len(items)} links, {sum(e.right for e in items)} right)",
        "",
        "| confidence | links | mean confidence | right |",
        "|---|---:|---:|---:|",
    ]
    for low, high in pairwise(BINS):
        band = [e for e in items if low <= link_confidence(e.score, e.kind) < high]
        if not band:
            continue
        mean = sum(link_confidence(e.score, e.kind) for e in band) / len(band)
        right = sum(e.right for e in band) / len(band)
        shown_high = "1.00" if high > 1 else f"{high:.2f}"
        lines.append(f"| {low:.2f}–{shown_high} | {len(band)} | {mean:.3f} | {right:.3f} |")
    if items:
        brier = sum((link_confidence(e.score, e.kind) - e.right) ** 2 for e in items) / len(items)
        log_loss = -sum(
            math.log(max(p if e.right else 1 - p, 1e-9))
            for e in items
            if (p := link_confidence(e.score, e.kind)) is not None
        ) / len(items)
        flagged = [e for e in items if link_confidence(e.score, e.kind) < CHECK_BELOW]
        wrong = [e for e in items if not e.right]
        caught = sum(not e.right for e in flagged)
        lines += [
            "",
            f"Brier score {brier:.3f}, log loss {log_loss:.3f}. Marked check (confidence < "
            f"{CHECK_BELOW}): {len(flagged)} links, {caught} of the {len(wrong)} wrong ones.",
        ]
    return lines


def main() -> int:
    dev = split_examples("dev")
    intercept, slope, part_shift = fit(dev)
    print("# Paste into compare/confidence.py:")
    print(f"INTERCEPT = {intercept:.3f}")
    print(f"SLOPE = {slope:.3f}")
    kinds = Counter(e.kind for e in dev)
    shift = f"{part_shift:.3f}"
    print(f'KIND_SHIFT = {{"one-to-one": 0.0, "split": {shift}, "merge": {shift}}}')
    print(f"# dev examples by kind: {dict(kinds)}; wrong: {sum(not e.right for e in dev)}")
    fitted = (round(intercept, 3), round(slope, 3), round(part_shift, 3))
    shipped = (confidence.INTERCEPT, confidence.SLOPE, confidence.KIND_SHIFT["merge"])
    if fitted != shipped:
        print(f"# compare/confidence.py ships {shipped}: paste the constants above")
    # The tables score the curve as it is shipped with the fitted constants.
    confidence.INTERCEPT, confidence.SLOPE = fitted[0], fitted[1]
    confidence.KIND_SHIFT.update(split=fitted[2], merge=fitted[2])
    print()
    print("# Reliability of the fitted curve:")
    for name, items in (
        ("dev (fitted on)", dev),
        ("test (held out)", split_examples("test")),
        ("reference story", examples(load_all(["reference"]))),
    ):
        print()
        print("\n".join(reliability(name, items)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
