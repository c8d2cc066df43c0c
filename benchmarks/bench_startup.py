"""Speed a user feels: whole ``story-compare`` processes, each next to its anchor, in one run.

    python benchmarks/bench_startup.py [--runs 5] [--compare-to PATH] [--big-runs 1]
                                       [--write-docs]

Each row is the median wall time (and the median CPU time, user + system, of the process: on
a shared machine the wall time also counts the other processes' turns) of ``--runs`` fresh
processes:

- the floor: ``python -c pass``, the interpreter alone;
- ``story-compare --version``;
- a bad input: ``report`` on two missing files (exit 2);
- ``report A B --format json`` on a real AP pair from the shared corpus;
- ``story-compare demo`` (JSON, HTML and PDF of the reference story);
- a 1 MB input pair (two versions of about 500 KB each, real wire paragraphs, edited; made
  by ``bench_align.long_versions``), every format: done in time and memory, or refused in one
  line.  Peak memory (RSS) is the process's own, from ``wait4``.

``--compare-to PATH`` runs every row also with another installation's ``story-compare`` (say
the main branch's ``.venv/bin/story-compare``), side by side in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from docs_table import DOCS, load_note, machine_line, replace_section  # noqa: E402  (sibling scripts, not a package)

HEADING = "## Start-up and whole runs"
CORPUS_PAIR = (
    ROOT.parent / "shared" / "corpus" / "helsinki-2018-07-16_ap-trump-wins-sympathy-russian-media"
)
PAIR_FILES = ("bostonglobe-com.txt", "foxnews-com.txt")
BIG_PARAGRAPHS = 2000  # a side: about 500 KB each, 1 MB the pair

# Targets (issue 17), seconds of wall time; the big pair also ≤ 1.5 GB (or a clear refusal).
TARGETS = {"version": 0.25, "bad input": 0.4, "report json": 1.0, "demo": 2.5, "1 MB pair": 60.0}
BIG_MEMORY_MB = 1536


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    code: int
    stderr: str


def run_once(argv: list[str], cwd: Path) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, stderr
    )


def median_run(argv: list[str], cwd: Path, runs: int) -> Run:
    done = [run_once(argv, cwd) for _ in range(runs)]
    return Run(
        statistics.median(r.wall for r in done),
        statistics.median(r.cpu for r in done),
        max(r.peak_mb for r in done),
        done[-1].code,
        done[-1].stderr.strip().splitlines()[-1] if done[-1].stderr.strip() else "",
    )


def big_pair(folder: Path) -> tuple[Path, Path]:
    from bench_align import long_versions

    earlier, later = long_versions(BIG_PARAGRAPHS)
    paths = (folder / "earlier.txt", folder / "later.txt")
    for path, article in zip(paths, (earlier, later), strict=True):
        path.write_text(article.text, encoding="utf-8")
    return paths


def rows_for(tool: str, work: Path, runs: int, big_runs: int) -> dict[str, Run]:
    """Every row for one installation; the 1 MB pair only when ``big_runs`` (it takes
    minutes where the PDF is not refused)."""
    a, b = (str(CORPUS_PAIR / name) for name in PAIR_FILES)
    big_a, big_b = (str(p) for p in big_pair(work))
    out = str(work / "out")
    commands = {
        "floor": [sys.executable, "-c", "pass"],
        "version": [tool, "--version"],
        "bad input": [tool, "report", "no-such-a.txt", "no-such-b.txt"],
        "report json": [tool, "report", a, b, "--format", "json", "--out", out],
        "demo": [tool, "demo", "--out", out],
    }
    rows = {name: median_run(argv, work, runs) for name, argv in commands.items()}
    if big_runs:
        rows["1 MB pair"] = median_run(
            [tool, "report", big_a, big_b, "--out", out, "--story-id", "big"], work, big_runs
        )
    return rows


def verdict(name: str, run: Run) -> str:
    """The target, judged on wall time and on CPU time: on a shared machine the wall time
    mostly counts other processes' turns, and the CPU time is what an idle machine would show
    (plus a little I/O)."""
    target = TARGETS.get(name)
    if target is None:
        return ""
    memory = name != "1 MB pair" or run.peak_mb <= BIG_MEMORY_MB

    def met(seconds: float) -> str:
        return "met" if seconds <= target and memory else "not met"

    return f"≤ {target:g} s: wall {met(run.wall)}, CPU {met(run.cpu)}"


def table(results: dict[str, dict[str, Run]]) -> str:
    tools = list(results)
    head = "| run | " + " | ".join(f"{t}: wall | {t}: CPU" for t in tools) + " | target |"
    lines = [head, "|---" * (1 + 2 * len(tools)) + "|---|"]
    for name in results[tools[-1]]:
        cells = []
        for tool in tools:
            run = results[tool].get(name)
            cells += [f"{run.wall:.2f} s", f"{run.cpu:.2f} s"] if run else ["—", "—"]
        ours = results[tools[-1]][name]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {verdict(name, ours)} |")
    big = {tool: results[tool]["1 MB pair"] for tool in tools if "1 MB pair" in results[tool]}
    notes = [
        f"1 MB pair, {tool}: exit {run.code}, peak {run.peak_mb:,.0f} MB"
        + (f", said: “{run.stderr}”" if run.code else "")
        for tool, run in big.items()
    ]
    return "\n".join(lines) + "\n\n" + "  \n".join(notes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-runs", type=int, default=1, help="runs of the 1 MB pair")
    parser.add_argument("--compare-to", type=Path, help="another story-compare executable")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    ours = shutil.which("story-compare", path=str(Path(sys.executable).parent))
    if ours is None:
        raise SystemExit("story-compare is not installed next to this Python")
    tools = ([str(args.compare_to)] if args.compare_to else []) + [ours]
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for tool in tools:
            label = "this tree" if tool == ours else "compared"
            big_runs = args.big_runs if tool == ours else 0
            results[label] = rows_for(tool, Path(work), args.runs, big_runs)
    command = "python benchmarks/bench_startup.py" + (
        f" --runs {args.runs}" if args.runs != 5 else ""
    )
    section = (
        f"{HEADING}\n\n"
        "Whole `story-compare` processes, median of the runs, next to the interpreter's own "
        "start (floor). CPU is the process's user + system time.\n\n"
        f"{table(results)}\n\n"
        f"{machine_line()} {load_note()}  \nCommand: `{command}`"
        + (f" with `--compare-to {args.compare_to}`" if args.compare_to else "")
        + "\n"
    )
    print(section)
    if args.write_docs:
        replace_section(HEADING, section.removeprefix(HEADING))
        print(f"wrote {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
