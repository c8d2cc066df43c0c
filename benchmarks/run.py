"""`make bench`: every benchmark, one after another, each writing its section of
docs/benchmarks.md.  Speed and memory targets live here, never in the unit tests.

    python benchmarks/run.py [--quick]

``--quick`` runs each benchmark small (fewer stories and runs) to check that they work; its
numbers are printed, not written to the docs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (script, arguments for the full run, arguments for --quick)
BENCHMARKS = (
    ("bench_startup.py", [], ["--runs", "1", "--big-runs", "0"]),
    ("bench_align.py", [], ["--sizes", "250", "500", "--runs", "1"]),
    ("bench_collate.py", [], ["--versions", "5", "--runs", "1"]),
    ("bench_many.py", [], ["--versions", "28", "--runs", "1"]),
    ("bench_render.py", [], ["--runs", "1"]),
    ("bench_batch.py", [], ["--stories", "20", "--runs", "1", "--pdf-stories", "4"]),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    failed = []
    for script, full, quick in BENCHMARKS:
        argv = quick if args.quick else [*full, "--write-docs"]
        print(f"== {script} {' '.join(argv)}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *argv], check=False)
        if done.returncode:
            failed.append(script)
    if failed:
        raise SystemExit(f"benchmarks failed: {', '.join(failed)}")
    if not args.quick:
        print("numbers written to docs/benchmarks.md")


if __name__ == "__main__":
    main()
