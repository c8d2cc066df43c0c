"""Order accuracy and confidence calibration on the labelled sets; fits the calibration slope.

    .venv/bin/python benchmarks/calibrate_order.py [--split dev|test] [--fit]

Every labelled story (``benchmarks/eval/``, see ``evaluate.py``) gives two kinds of pairwise
decisions, each with its evidence margin and calibrated confidence (``Ordering.pairs``):

- two-version reports: every pair of its versions in different tiers of the labelled order,
  compared alone, in both input orders (the result must not depend on it);
- N-version reports (three versions or more): the story's own report; its decisions between
  versions of different labelled tiers measure the take order.

``--loso`` is the held-out check: the slope fitted with each dev story left out in turn, each
left-out story's mean confidence against its accuracy under the shipped slope, and the lower
quartile of the fold slopes (the value shipped in ``compare.classify.CALIBRATION_SLOPE``).

``--fit`` finds the slope ``b`` of ``confidence = 1 / (1 + exp(-b * margin))`` that maximises
the likelihood of the decisions being right (a one-parameter logistic regression with no
intercept: a margin of 0 is a coin; Platt's smoothed targets, so that a split with few wrong
decisions does not fit certainty) — on the split given, which must be dev.  The fitted value
goes into ``compare.classify.CALIBRATION_SLOPE`` by hand, with the date and the split.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from dataclasses import dataclass
from itertools import combinations, pairwise, permutations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout: import the local package
    sys.path.insert(0, str(ROOT))
BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from evaluate import LabelledStory, PipelineRuns, RealStory, load_all, load_real  # noqa: E402

from compare.align import AlignOptions  # noqa: E402
from compare.classify import CALIBRATION_SLOPE  # noqa: E402
from compare.model import Comparison, Story  # noqa: E402
from compare.pipeline import compare_articles  # noqa: E402

BINS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass(frozen=True)
class Decision:
    story: str
    kind: str  # "two" (a two-version report) or "many" (an N-version report)
    margin: float
    confidence: float
    right: bool
    detail: str = ""  # the decision, "a < b", and what it rests on


def decisions(story: LabelledStory) -> list[Decision]:
    tier = {vid: position for position, names in enumerate(story.order) for vid in names}
    found = []
    by_id = {a.id: a for a in story.articles}
    for a, b in combinations(sorted(by_id), 2):
        if tier[a] == tier[b]:
            continue
        for first, second in permutations((a, b)):
            pair = compare_articles(Story(f"{first}-vs-{second}"), [by_id[first], by_id[second]])
            found += _scored(story.name, "two", pair, tier)
    if len(story.articles) >= 3:
        found += _scored(
            story.name, "many", compare_articles(Story(story.name), story.articles), tier
        )
    return found


def real_decisions(story: RealStory, runs: PipelineRuns) -> list[Decision]:
    """The same for a real set: its raw corpus pages, read as the CLI reads them."""
    paths = {stem: v.path for stem, v in story.versions.items()}
    found = []
    for earlier, later in story.ordered_pairs():
        for first, second in ((earlier, later), (later, earlier)):
            comparison, stems, _ = runs.run([paths[first], paths[second]])
            if comparison is not None:
                tier = {vid: story.tier(stem) for vid, stem in stems.items()}
                found += _scored(story.name, "two", comparison, tier)
    comparison, stems, _ = runs.run(list(paths.values()))
    if comparison is not None:
        tier = {vid: story.tier(stem) for vid, stem in stems.items()}
        found += _scored(story.name, "many", comparison, tier)
    return found


def _scored(name: str, kind: str, comparison: Comparison, tier: dict[str, int]) -> list[Decision]:
    return [
        Decision(
            name,
            kind,
            p.margin,
            p.confidence,
            tier[p.earlier] < tier[p.later],
            f"{p.earlier} < {p.later} [{p.basis}]",
        )
        for p in comparison.ordering.pairs
        if not p.basis.startswith("same take") and tier[p.earlier] != tier[p.later]
    ]


def fit_slope(found: list[Decision]) -> float:
    """The maximum-likelihood slope with Platt's smoothed targets (right decisions count as
    (n+1)/(n+2) right, wrong ones as 1/(m+2)): on dev most decisions are right, and plain
    maximum likelihood would push the slope, and every confidence, towards certainty.
    Golden-section search on 0.05 … 50.  (Weighting each story once instead, as its decisions
    are not independent, gave 1.03 on dev: confidences 0.3 below the accuracy they meet.)"""
    right = sum(d.right for d in found)
    wrong = len(found) - right
    hit, miss = (right + 1) / (right + 2), 1 / (wrong + 2)

    def loss(slope: float) -> float:
        total = 0.0
        for d in found:
            p = 1 / (1 + math.exp(-slope * d.margin))
            p = min(max(p, 1e-9), 1 - 1e-9)
            target = hit if d.right else miss
            total -= target * math.log(p) + (1 - target) * math.log(1 - p)
        return total

    low, high = 0.05, 50.0
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        left, right_end = high - ratio * (high - low), low + ratio * (high - low)
        if loss(left) < loss(right_end):
            high = right_end
        else:
            low = left
    return (low + high) / 2


def leave_one_story_out(found: list[Decision]) -> tuple[list[str], float]:
    """Lines of the held-out check, and the lower quartile of the fold slopes.

    With every dev decision of positive margin right, the fitted slope rests on the smoothing
    alone, and which story is left out moves it several-fold; the lower quartile is the value
    three folds in four would exceed, so that unseen stories are not given dev's certainty.
    """
    lines = ["leave one story out (fold slope; the story's mean confidence at the shipped slope):"]
    slopes = []
    for story in sorted({d.story for d in found}):
        held = [d for d in found if d.story == story]
        slope = fit_slope([d for d in found if d.story != story])
        slopes.append(slope)
        confidence = sum(1 / (1 + math.exp(-CALIBRATION_SLOPE * d.margin)) for d in held)
        accuracy = sum(d.right for d in held) / len(held)
        lines.append(
            f"  {story:28s} slope {slope:6.2f}  decisions {len(held):3d}  "
            f"confidence {confidence / len(held):.3f}  accuracy {accuracy:.3f}"
        )
    slopes.sort()
    quartile = statistics.quantiles(slopes, n=4, method="inclusive")[0]
    lines.append(
        f"  fold slopes: median {statistics.median(slopes):.2f}, lower quartile {quartile:.2f}"
    )
    return lines, quartile


def report(found: list[Decision], slope: float) -> list[str]:
    lines = []
    for real in (False, True):
        for kind, title in (("two", "two-version reports"), ("many", "N-version reports")):
            chosen = [d for d in found if d.kind == kind and d.story.startswith("r-") == real]
            right = sum(d.right for d in chosen)
            share = f"{right / len(chosen):.3f}" if chosen else "-"
            sets = "real sets" if real else "other sets"
            lines.append(
                f"pairwise order accuracy, {title}, {sets}: {share} ({right}/{len(chosen)})"
            )
    lines.append(f"calibration (slope {slope:.2f}; all decisions):")
    lines.append("  confidence   decisions  mean conf  accuracy")
    for low, high in pairwise(BINS):
        chosen = [d for d in found if low <= 1 / (1 + math.exp(-slope * d.margin)) < high]
        if not chosen:
            lines.append(f"  {low:.1f}-{min(high, 1):.1f}      0")
            continue
        mean = sum(1 / (1 + math.exp(-slope * d.margin)) for d in chosen) / len(chosen)
        accuracy = sum(d.right for d in chosen) / len(chosen)
        lines.append(
            f"  {low:.1f}-{min(high, 1):.1f}    {len(chosen):5d}      {mean:.3f}     {accuracy:.3f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--fit", action="store_true", help="fit the slope (dev only)")
    parser.add_argument("--errors", action="store_true", help="list the wrong decisions")
    parser.add_argument("--margins", action="store_true", help="count decisions by margin")
    parser.add_argument("--loso", action="store_true", help="leave-one-story-out check (dev)")
    args = parser.parse_args(argv)
    if (args.fit or args.loso) and args.split != "dev":
        parser.error("the calibration is fitted on dev only")
    found = [d for story in load_all([args.split]) for d in decisions(story)]
    runs = PipelineRuns(AlignOptions())
    real, note = load_real([args.split])
    if note:
        print(note)
    found += [d for story in real for d in real_decisions(story, runs)]
    slope = fit_slope(found) if args.fit else CALIBRATION_SLOPE
    print(f"== split: {args.split} ({len(found)} pairwise decisions)")
    print("\n".join(report(found, slope)))
    if args.loso:
        print("\n".join(leave_one_story_out(found)[0]))
    if args.margins:
        counts: dict[tuple[float, bool], int] = {}
        for d in found:
            counts[(round(d.margin, 1), d.right)] = counts.get((round(d.margin, 1), d.right), 0) + 1
        for (margin, right), n in sorted(counts.items()):
            print(f"  margin {margin:+.1f} {'right' if right else 'wrong'}: {n}")
    if args.errors:
        for d in found:
            if not d.right:
                print(f"  wrong: {d.story} ({d.kind}) {d.detail} margin {d.margin:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
