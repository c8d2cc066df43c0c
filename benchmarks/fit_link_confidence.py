"""Fit the link confidence curve of compare/confidence.py on the labelled dev sets.

    .venv/bin/python benchmarks/fit_link_confidence.py

Every labelled story of the dev split (benchmarks/eval, read as ``benchmarks/evaluate.py``
reads it) runs through the pipeline with the default options; each link the aligner makes is
one example: right (1) when the labels join the same two sentences, else 0.  A logistic
regression of right on the link's score and on whether it is half of a split or merge is
fitted by maximum likelihood (scipy, a light L2 penalty on the slopes so that a perfectly
separated dev set still gives finite constants).  The test split and the reference story take
no part in the fit: they are scored with the fitted curve for the reliability table only.

Prints the constants to paste into compare/confidence.py and the reliability tables (Markdown)
for docs/quality.md.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the local package
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the harness beside this script

from evaluate import LabelledStory, find_sentence, load_all  # noqa: E402
from compare.align import AlignOptions  # noqa: E402
from compare.confidence import CHECK_BELOW, link_confidence  # noqa: E402
from compare.model import LinkKind, Story  # noqa: E402
from compare.pipeline import compare_articles  # noqa: E402

PENALTY = 0.01  # L2 weight on the slopes (not the intercept)
BINS = (0.0, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0001)


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
            Example(story.name, link.score, link.kind, frozenset((link.source, link.target)) in gold)
            for link in comparison.links
        ]
    return found


def features(items: Sequence[Example]) -> np.ndarray:
    return np.array([[1.0, e.score, float(e.kind != "one-to-one")] for e in items])


def fit(items: Sequence[Example]) -> np.ndarray:
    x = features(items)
    y = np.array([float(e.right) for e in items])

    def loss(w: np.ndarray) -> float:
        z = x @ w
        # log(1 + e^z) - y z, written to stay finite for large |z|
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + PENALTY * np.sum(w[1:] ** 2))

    def gradient(w: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-(x @ w)))
        penalty = 2 * PENALTY * np.concatenate(([0.0], w[1:]))
        return x.T @ (p - y) + penalty

    return minimize(loss, np.zeros(x.shape[1]), jac=gradient, method="BFGS").x


def reliability(name: str, items: Sequence[Example]) -> list[str]:
    """A Markdown table: per confidence band, links, mean confidence, share right."""
    lines = [
        f"**{name}** ({len(items)} links, {sum(e.right for e in items)} right)",
        "",
        "| confidence | links | mean confidence | right |",
        "|---|---:|---:|---:|",
    ]
    for low, high in zip(BINS, BINS[1:], strict=False):
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
    dev = examples(load_all(["dev"]))
    weights = fit(dev)
    print("# Paste into compare/confidence.py:")
    print(f"INTERCEPT = {weights[0]:.3f}")
    print(f"SLOPE = {weights[1]:.3f}")
    print(f'KIND_SHIFT = {{"one-to-one": 0.0, "split": {weights[2]:.3f}, "merge": {weights[2]:.3f}}}')
    print()
    print("# Reliability with the constants compare/confidence.py ships now:")
    for name, items in (
        ("dev (fitted on)", dev),
        ("test (held out)", examples(load_all(["test"]))),
        ("reference story", examples(load_all(["reference"]))),
    ):
        print()
        print("\n".join(reliability(name, items)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
