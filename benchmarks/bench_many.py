"""Many versions of one story: whole ``story-compare report DIR --format json`` processes.

Not a test: prints a markdown table (target: 100 versions ≤ 10 s) and, with ``--write-docs``,
puts it under "## Many versions of one story" in docs/benchmarks.md.

    python benchmarks/bench_many.py [--versions 28 100] [--runs 3] [--compare-to PATH]
                                    [--write-docs]

The versions are built at run time from real corpus pages, never checked in: the 14 pages of
the AP story helsinki-2018-07-15_ap-what-trump-putin-hope-to-achieve as scraped (furniture
and all), then copies of them varied the way syndicated copies vary — page furniture that
ingest removed from other corpus pages inserted between paragraphs, the page cut off after a
paragraph (a scraper's truncation), a paragraph broken in two at a sentence end.  A seeded RNG
gives the same files for the same count.  ``--compare-to`` runs the same inputs with another
installation's ``story-compare`` (say the main branch's), side by side in the same run.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_startup import Run, median_run  # noqa: E402  (sibling scripts, not a package)
from docs_table import load_note, machine_line, replace_section  # noqa: E402

HEADING = "## Many versions of one story"
CORPUS = ROOT.parent / "shared" / "corpus"
STORY = CORPUS / "helsinki-2018-07-15_ap-what-trump-putin-hope-to-achieve"
TARGETS = {100: 10.0}  # seconds of wall time (issue 17)

# Variation of a copy (see the module docstring): the chance of each edit.
CUT_OFF = 0.3
BROKEN_PARAGRAPH = 0.4
FURNITURE_LINES = (0, 3)  # inserted lines, fewest and most
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“A-Z])")


def furniture() -> list[str]:
    """Lines that ingest removed as furniture from the corpus's other stories' pages."""
    from compare import ingest

    lines: set[str] = set()
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir() and p != STORY):
        _, articles = ingest.read_story([folder])
        lines.update(line.text for a in articles for line in a.removed if line.text.strip())
    return sorted(lines)


def vary(page: str, extras: list[str], rng: random.Random) -> str:
    """A copy of a page as another outlet's site (or another scrape) shows it."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", page.strip())]
    if rng.random() < CUT_OFF:
        paragraphs = paragraphs[: rng.randint(len(paragraphs) // 3, len(paragraphs) - 1)]
    if rng.random() < BROKEN_PARAGRAPH:
        long = [i for i, p in enumerate(paragraphs) if len(_SENTENCE_END.split(p)) > 1]
        if long:
            i = rng.choice(long)
            first, *rest = _SENTENCE_END.split(paragraphs[i])
            paragraphs[i : i + 1] = [first, " ".join(rest)]
    for _ in range(rng.randint(*FURNITURE_LINES)):
        paragraphs.insert(rng.randint(4, len(paragraphs)), rng.choice(extras))
    return "\n\n".join(paragraphs) + "\n"


def write_versions(count: int, folder: Path, seed: int = 17) -> None:
    """``count`` version files in ``folder``: the story's real pages first, then copies."""
    rng = random.Random(seed)
    pages = sorted(STORY.glob("*.txt"))
    extras = furniture()
    for n in range(count):
        source = pages[n % len(pages)]
        text = source.read_text(encoding="utf-8")
        if n >= len(pages):
            text = vary(text, extras, rng)
        (folder / f"{source.stem}-{n:03}.txt").write_text(text, encoding="utf-8")


def inputs_summary(folder: Path) -> tuple[int, int]:
    """(sentences in all versions, distinct version texts: the groups of copies that
    compare.align_many aligns once)."""
    from compare import ingest
    from compare.align_many import copy_key
    from compare.segment import segment

    _, articles = ingest.read_story([folder])
    segmented = [segment(a) for a in articles]
    return sum(len(a.sentences) for a in segmented), len({copy_key(a) for a in segmented})


def verdict(count: int, run: Run) -> str:
    target = TARGETS.get(count)
    if target is None:
        return ""
    return (
        f"≤ {target:g} s: wall {'met' if run.wall <= target else 'not met'}, "
        f"CPU {'met' if run.cpu <= target else 'not met'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", type=int, nargs="+", default=[28, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare-to", type=Path, help="another story-compare executable")
    parser.add_argument("--compare-runs", type=int, default=1, help="its runs (it is slow)")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    ours = shutil.which("story-compare", path=str(Path(sys.executable).parent))
    if ours is None:
        raise SystemExit("story-compare is not installed next to this Python")
    tools = [(ours, args.runs)]
    if args.compare_to:
        tools.insert(0, (str(args.compare_to), args.compare_runs))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for count in args.versions:
            folder = Path(work) / f"versions-{count}"
            folder.mkdir()
            write_versions(count, folder)
            sentences, texts = inputs_summary(folder)
            runs = []
            for tool, times in tools:
                argv = [tool, "report", str(folder), "--format", "json", "--quiet"]
                run = median_run([*argv, "--out", str(Path(work) / "out")], Path(work), times)
                if run.code:
                    raise SystemExit(f"{tool} failed on {count} versions: {run.stderr}")
                runs.append(run)
            rows.append((count, sentences, texts, runs))
    names = (["compared"] if args.compare_to else []) + ["this tree"]
    lines = [
        "Whole `story-compare report DIR --format json` processes on N versions of one real "
        "story (see benchmarks/bench_many.py: the 14 corpus pages of the AP story "
        "helsinki-2018-07-15_ap-what-trump-putin-hope-to-achieve, then copies of them with "
        "furniture from other corpus pages, cut-offs and broken paragraphs); median wall "
        "time and CPU (user + system) of the runs.",
        "",
        "| versions | sentences | distinct texts | version pairs | "
        + " | ".join(f"{n}: wall | {n}: CPU" for n in names)
        + " | target |",
        "|---:|---:|---:|---:|" + "---:|---:|" * len(names) + "---|",
    ]
    for count, sentences, texts, runs in rows:
        cells = " | ".join(f"{r.wall:.2f} s | {r.cpu:.2f} s" for r in runs)
        lines.append(
            f"| {count} | {sentences:,} | {texts} | {count * (count - 1) // 2:,} | {cells} "
            f"| {verdict(count, runs[-1])} |"
        )
    command = "python benchmarks/bench_many.py " + " ".join(sys.argv[1:])
    lines += [
        "",
        f"{machine_line()} {load_note()}  ",
        f"Command: `{command.strip()}` ({args.runs} runs"
        + (f"; the compared installation {args.compare_runs}" if args.compare_to else "")
        + ").",
    ]
    text = "\n".join(lines)
    print(HEADING + "\n\n" + text)
    if args.write_docs:
        replace_section(HEADING, text)


if __name__ == "__main__":
    main()
