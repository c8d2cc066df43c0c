"""Alignment scaling: one version pair of 250, 500, 1,000 and 2,000 paragraphs.

Not a test: prints a markdown table and the fitted exponent of time against size (target
≤ 1.2, and ≤ 2 s at 2,000 paragraphs a side); with ``--write-docs`` it puts the table under
"## Alignment scaling" in docs/benchmarks.md.

    python benchmarks/bench_align.py [--sizes 250 500 1000 2000] [--runs 5] [--write-docs]

The text is real wire copy (the reference story and the shared AP corpus) made long without
repeating itself.  The corpus has about 700 paragraphs, so a 2,000-paragraph version draws each
about three times; every draw has 60 % of its longer words swapped for words drawn from the same
corpus, so two draws of one paragraph share about a sixth of their words (like two unrelated
paragraphs of one story) while word frequencies stay those of news text.  The later
version is edited the way later takes are (benchmarks/generate.py: trimmed, reordered, reworded,
a number updated, a sentence split, paragraphs added).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import machine_line, replace_section  # sibling scripts, not a package
from generate import later_take, load_articles

from compare.align import AlignOptions, align
from compare.model import Article
from compare.segment import segment

HEADING = "## Alignment scaling"
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")  # the words that get swapped; punctuation stays
SWAPPED = 0.6  # share of a drawn paragraph's longer words replaced (see the module docstring)
TARGET_EXPONENT = 1.2
TARGET_SECONDS_AT_2000 = 2.0


def long_versions(paragraphs: int, seed: int = 11) -> tuple[Article, Article]:
    rng = random.Random(seed)
    pool = [p for article in load_articles() for p in article]
    vocabulary = [m.group() for p in pool for m in _LONG_WORD.finditer(p)]
    earlier = [
        _LONG_WORD.sub(
            lambda m: rng.choice(vocabulary) if rng.random() < SWAPPED else m.group(),
            rng.choice(pool),
        )
        for _ in range(paragraphs)
    ]
    later = later_take(earlier, [rng.choice(pool) for _ in range(paragraphs // 20)], rng)
    return (
        segment(Article(id="earlier", path="earlier.txt", text="\n\n".join(earlier))),
        segment(Article(id="later", path="later.txt", text="\n\n".join(later))),
    )


def measure(sizes: list[int], runs: int) -> list[dict[str, float]]:
    rows = []
    for size in sizes:
        earlier, later = long_versions(size)
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            links = align([earlier, later], AlignOptions())
            seconds.append(time.perf_counter() - started)
        rows.append(
            {
                "paragraphs": size,
                "sentences": len(earlier.sentences) + len(later.sentences),
                "links": len(links),
                "seconds": statistics.median(seconds),
            }
        )
    return rows


def exponent(rows: list[dict[str, float]]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs = [math.log(r["paragraphs"]) for r in rows]
    ys = [math.log(r["seconds"]) for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def table(rows: list[dict[str, float]], runs: int, command: str) -> str:
    slope = exponent(rows)
    largest = rows[-1]
    lines = [
        machine_line(),
        f"Command: `{command}` — median of {runs} runs of `align()` per size "
        "(segmentation not included).",
        "",
        "| paragraphs a side | sentences (both) | links | median seconds |",
        "|---:|---:|---:|---:|",
        *(
            f"| {r['paragraphs']:,} | {r['sentences']:,} | {r['links']:,} | {r['seconds']:.3f} |"
            for r in rows
        ),
        "",
        f"Fitted exponent: **{slope:.2f}** (target ≤ {TARGET_EXPONENT}: "
        f"{'met' if slope <= TARGET_EXPONENT else 'NOT met'}). "
        f"{largest['paragraphs']:,} paragraphs a side: **{largest['seconds']:.2f} s** "
        f"(target ≤ {TARGET_SECONDS_AT_2000} s at 2,000: "
        f"{'met' if largest['seconds'] <= TARGET_SECONDS_AT_2000 else 'NOT met'}).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    rows = measure(args.sizes, args.runs)
    command = "python benchmarks/bench_align.py " + " ".join(sys.argv[1:])
    text = table(rows, args.runs, command.strip())
    print(HEADING + "\n\n" + text)
    if args.write_docs:
        replace_section(HEADING, text)


if __name__ == "__main__":
    main()
