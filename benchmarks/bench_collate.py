"""N-version collation: 20 versions of a 60-sentence story, JSON and HTML.

Not a test: prints a markdown table (target ≤ 5 s for JSON+HTML); with ``--write-docs`` puts it
under "## Many versions" in docs/benchmarks.md.

    python benchmarks/bench_collate.py [--versions 20] [--runs 5] [--write-docs]

The versions are takes of one story built from real wire paragraphs (benchmarks/generate.py):
each take edits the one before it the way later takes do (trimmed, reordered, reworded, a number
updated, a sentence split, paragraphs added), so the story moves on across all twenty.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import machine_line, replace_section  # sibling scripts, not a package
from generate import later_take, load_articles

from compare.model import Article, Story
from compare.pipeline import compare_articles
from compare.render.html import render_html
from compare.render.json import render_json
from compare.render.view import build_view
from compare.segment import sentence_tokenizer

HEADING = "## Many versions"
TARGET_SECONDS = 5.0
SENTENCES = 60


def segment_count(paragraph: str) -> list[tuple[int, int]]:
    return list(sentence_tokenizer().span_tokenize(paragraph))


def takes(count: int, seed: int = 5) -> list[Article]:
    rng = random.Random(seed)
    articles = load_articles()
    pool = [p for article in articles for p in article]
    # The longest articles, one after another, until the first take has SENTENCES sentences.
    current: list[str] = []
    for article in sorted(articles, key=len, reverse=True):
        for paragraph in article:
            if sum(len(segment_count(p)) for p in current) >= SENTENCES:
                break
            current.append(paragraph)
    # Each take edits the first one (edits compounded over twenty takes would trim the story
    # to a few sentences); the first take is take 1 itself.
    texts = [current] + [later_take(current, [rng.choice(pool)], rng) for _ in range(count - 1)]
    return [
        Article(id=f"take-{n:02}", path=f"take-{n:02}.txt", text="\n\n".join(paragraphs))
        for n, paragraphs in enumerate(texts, start=1)
    ]


def measure(count: int, runs: int) -> dict[str, float]:
    versions = takes(count)
    compare, render = [], []
    for _ in range(runs):
        started = time.perf_counter()
        comparison = compare_articles(Story("many-takes"), versions)
        middle = time.perf_counter()
        render_json(comparison)
        render_html(build_view(comparison))
        render.append(time.perf_counter() - middle)
        compare.append(middle - started)
    sentences = [len(v.sentences) for v in comparison.versions]
    return {
        "versions": count,
        "sentences": statistics.fmean(sentences),
        "statements": len(comparison.statements),
        "takes": len(comparison.takes),
        "compare": statistics.median(compare),
        "render": statistics.median(render),
        "total": statistics.median(c + r for c, r in zip(compare, render, strict=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    row = measure(args.versions, args.runs)
    verdict = "met" if row["total"] <= TARGET_SECONDS else "NOT met"
    text = "\n".join(
        [
            machine_line(),
            f"Command: `python benchmarks/bench_collate.py --versions {args.versions} "
            f"--runs {args.runs}` — median of {args.runs} runs, in one process.",
            "",
            "| versions | sentences a version (mean) | statements | takes "
            "| compare s | JSON+HTML s | total s |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {row['versions']} | {row['sentences']:.0f} | {row['statements']} | {row['takes']} "
            f"| {row['compare']:.2f} | {row['render']:.2f} | **{row['total']:.2f}** |",
            "",
            f"Target ≤ {TARGET_SECONDS:.0f} s for JSON+HTML: {verdict}.",
        ]
    )
    print(HEADING + "\n\n" + text)
    if args.write_docs:
        replace_section(HEADING, text)


if __name__ == "__main__":
    main()
