"""Link precision / recall / F1 of aligner variants, per labelled set: the recall variants of
issue 18 (docs/quality.md, "Variants tried").

    .venv/bin/python benchmarks/eval_variants.py [--split dev|test] [NAME=VALUE ...]

NAME=VALUE pairs are ``AlignOptions`` fields (``background_idf=0.5``, ``synonym_weight=0.8``);
none gives the defaults.  Scored, with benchmarks/evaluate.py's own loaders and scorers:

- the real multi-take sets (raw corpus pages; the all-versions report's links, and "x-take",
  the links between versions of different takes only — the real rewrites);
- the hand-cleaned corpus sets (``ap-*``; two-version stories).

Only the link figures ``make eval`` prints for these sets, without its ordering runs, so a
variant is scored in a fraction of the time.  Choose on ``--split dev``; run ``--split test``
once, for the chosen variant.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate
from evaluate import AlignOptions, Counts


def _value(text: str, name: str) -> float | int:
    kinds = {option.name: type(option.default) for option in fields(AlignOptions)}
    if name not in kinds:
        raise SystemExit(f"unknown AlignOptions field: {name}")
    return kinds[name](text)


def real_links(story: evaluate.RealStory, options: AlignOptions) -> tuple[Counts, Counts]:
    """(all links, cross-take links) of the story's all-versions report."""
    runs = evaluate.PipelineRuns(options)
    paths = [v.path for v in story.versions.values()]
    comparison, stems, failure = runs.run(paths)
    if comparison is None:
        raise SystemExit(f"{story.name}: {failure}")
    by_stem = {stems[v.id]: v for v in comparison.versions}
    resolved, ignored = evaluate.resolve(story, {s: v.sentences for s, v in by_stem.items()})
    gold = evaluate.derive_gold(resolved)
    take_of_id = {v.id: story.versions[stems[v.id]].take for v in comparison.versions}
    sentences = comparison.sentences()

    def across_takes(pair: frozenset[str]) -> bool:
        a, b = (sentences[sid].version for sid in pair)
        return take_of_id[a] != take_of_id[b]

    links, cross = Counts(), Counts()
    evaluate.score_links(links, gold, comparison, ignored)
    evaluate.score_links(cross, gold, comparison, ignored, across_takes)
    return links, cross


def _row(name: str, counts: Counts) -> str:
    s = counts.scores()
    return (
        f"  {name:<26} {counts.tp:>5} {counts.fp:>4} {counts.fn:>4}  "
        f"{evaluate.fmt(s['precision'])} {evaluate.fmt(s['recall'])} {evaluate.fmt(s['f1'])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("settings", nargs="*", metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    values = dict(item.split("=", 1) for item in args.settings)
    options = AlignOptions(**{name: _value(text, name) for name, text in values.items()})
    print(f"{options}  (split {args.split})")
    header = f"  {'set':<26} {'tp':>5} {'fp':>4} {'fn':>4}  P     R     F1"
    started = time.perf_counter()
    real, skipped = evaluate.load_real([args.split])
    if skipped:
        raise SystemExit(skipped)
    totals = {"links": Counts(), "x-take": Counts()}
    print("real multi-take sets (all links | x-take links)\n" + header)
    for story in real:
        links, cross = real_links(story, options)
        totals["links"].add(links)
        totals["x-take"].add(cross)
        print(_row(story.name, links) + "  |" + _row("", cross)[28:])
    print(_row("ALL real", totals["links"]) + "  |" + _row("", totals["x-take"])[28:])
    cleaned = [s for s in evaluate.load_all([args.split]) if s.kind == "corpus"]
    results = evaluate.evaluate(cleaned, options)
    print("hand-cleaned corpus sets\n" + header)
    for result in results:
        print(_row(result.story.name, result.counts))
    print(_row("ALL hand-cleaned", evaluate.totals(results)))
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
