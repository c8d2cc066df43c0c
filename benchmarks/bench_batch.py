"""Batch benchmark: a cold run over N generated stories, a re-run with nothing changed, the
peak memory of the parent process, and PDF throughput against bare WeasyPrint.  Not a test: it
prints a markdown table and, with ``--write-docs``, puts it under the "Batch" heading of
docs/benchmarks.md.

    python benchmarks/bench_batch.py [--stories 1000] [--workers 2] [--runs 3]
                                     [--pdf-stories 60] [--write-docs]

Each run is the real command (``story-compare batch``) in a fresh Python process: wall time is
measured around that process, peak RSS inside it (``resource.getrusage(RUSAGE_SELF)``, which
counts the parent only, not its worker processes).

PDF throughput: the first ``--pdf-stories`` stories through ``story-compare batch --format
json,html,pdf`` (everything: ingest to PDF), against a process pool of the same size in which
WeasyPrint renders each story's print HTML — the very HTML our PDF stage hands it, prepared
beforehand — with nothing else.  Target: our stories/s ≥ 85% of that.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import machine_line, replace_section  # sibling scripts, not a package
from generate import generate

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Batch"
TARGETS = {"cold_seconds": 30.0, "speedup": 20.0, "parent_rss_mb": 400.0, "pdf_share": 0.85}


def _child(argv: list[str]) -> None:
    """Run the CLI in this process; on exit, report this process's peak RSS on stderr."""
    import atexit

    from compare.cli import main

    def report_rss() -> None:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        print(f"BENCH-RSS-MB {peak_kb / 1024:.1f}", file=sys.stderr)

    atexit.register(report_rss)
    main(argv)


def run_once(stories: Path, out_dir: Path, workers: int, formats: str) -> dict[str, float]:
    command = [
        sys.executable, __file__, "--child", "batch", str(stories), "--out", str(out_dir),
        "--format", formats, "--workers", str(workers),
    ]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    rss = re.search(r"BENCH-RSS-MB ([\d.]+)", done.stderr)
    counts = re.search(r"(\d+) done, (\d+) skipped, (\d+) failed", done.stderr)
    if rss is None or counts is None:
        raise SystemExit(f"batch run failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    done_count, skipped, failed = map(int, counts.groups())
    return {
        "seconds": seconds,
        "rss_mb": float(rss.group(1)),
        "done": done_count,
        "skipped": skipped,
        "failed": failed,
    }


def _bare_pdf(markup: str) -> int:
    """WeasyPrint alone on one story's print HTML (fonts and figures inline, as ours)."""
    import weasyprint

    from compare.resources import templates_dir

    base_url = templates_dir().resolve().as_uri() + "/"
    return len(weasyprint.HTML(string=markup, base_url=base_url).write_pdf())


def pdf_throughput(stories: Path, scratch: Path, count: int, workers: int) -> dict[str, float]:
    """Stories/s of the whole batch with PDF, and of bare WeasyPrint on the same HTML."""
    from concurrent.futures import ProcessPoolExecutor

    from compare.pipeline import compare_inputs
    from compare.render.html import render_html
    from compare.render.view import build_view

    subset = scratch / "pdf-stories"
    for folder in sorted(stories.iterdir())[:count]:
        shutil.copytree(folder, subset / folder.name)
    ours = run_once(subset, scratch / "pdf-out", workers, "json,html,pdf")
    pages = [
        render_html(build_view(compare_inputs([folder])), medium="print")
        for folder in sorted(subset.iterdir())
    ]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_bare_pdf, pages))
    bare_seconds = time.perf_counter() - started
    return {"ours": count / ours["seconds"], "bare": count / bare_seconds}


def table(
    cold: list[dict], warm: list[dict], pdf: dict[str, float] | None, args: argparse.Namespace
) -> str:
    cold_s = statistics.median(r["seconds"] for r in cold)
    warm_s = statistics.median(r["seconds"] for r in warm)
    rss = max(r["rss_mb"] for r in cold + warm)
    failed = cold[0]["failed"]
    speedup = cold_s / warm_s
    rows = [
        ("Cold run, stories/s", f"{args.stories / cold_s:.1f}", "—", ""),
        ("Cold run, wall time", f"{cold_s:.1f} s", f"≤ {TARGETS['cold_seconds']:.0f} s",
         _verdict(cold_s <= TARGETS["cold_seconds"])),
        ("Re-run, nothing changed", f"{warm_s:.2f} s", "", ""),
        ("Re-run speed-up", f"{speedup:.0f}×", f"≥ {TARGETS['speedup']:.0f}×",
         _verdict(speedup >= TARGETS["speedup"])),
        ("Peak RSS of the parent", f"{rss:.0f} MB", f"≤ {TARGETS['parent_rss_mb']:.0f} MB",
         _verdict(rss <= TARGETS["parent_rss_mb"])),
        ("Stories failed (cold run)", str(failed), "0", _verdict(failed == 0)),
    ]  # fmt: skip
    if pdf is not None:
        share = pdf["ours"] / pdf["bare"]
        rows += [
            (f"With PDF ({args.pdf_stories} stories), stories/s", f"{pdf['ours']:.2f}", "", ""),
            ("Bare WeasyPrint on the same HTML, stories/s", f"{pdf['bare']:.2f}", "", ""),
            ("PDF throughput ÷ bare", f"{share:.0%}", f"≥ {TARGETS['pdf_share']:.0%}",
             _verdict(share >= TARGETS["pdf_share"])),
        ]  # fmt: skip
    lines = ["| measure | result | target | |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind; the median counts")
    parser.add_argument("--format", default="json,html")
    parser.add_argument(
        "--pdf-stories", type=int, default=60, help="stories in the PDF throughput run (0: skip)"
    )
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        stories = Path(scratch) / "stories"
        generate(stories, args.stories)
        cold, warm = [], []
        for run in range(args.runs):
            out_dir = Path(scratch) / f"out-{run}"
            cold.append(run_once(stories, out_dir, args.workers, args.format))
            warm.append(run_once(stories, out_dir, args.workers, args.format))
            if warm[-1]["skipped"] != args.stories - cold[-1]["failed"]:
                raise SystemExit(f"re-run redid stories it should have skipped: {warm[-1]}")
            print(f"run {run + 1}: cold {json.dumps(cold[-1])}, re-run {json.dumps(warm[-1])}")
            shutil.rmtree(out_dir)
        pdf = None
        if args.pdf_stories:
            pdf = pdf_throughput(stories, Path(scratch), args.pdf_stories, args.workers)
            print(f"pdf: {json.dumps(pdf)}")

    command = (
        f"python benchmarks/bench_batch.py --stories {args.stories} --workers {args.workers} "
        f"--runs {args.runs} --format {args.format} --pdf-stories {args.pdf_stories}"
    )
    result = table(cold, warm, pdf, args)
    body = (
        f"{args.stories} generated two-version stories (benchmarks/generate.py: "
        f"real wire paragraphs, edited), formats {args.format}, {args.workers} workers; "
        f"median of {args.runs} runs, each the real `story-compare batch` in a fresh process.\n\n"
        f"{machine_line()}\nCommand: `{command}`\n\n{result}\n"
    )
    print(f"{HEADING}\n\n{body}")
    if args.write_docs:
        replace_section(HEADING, body)


if __name__ == "__main__":
    main()
