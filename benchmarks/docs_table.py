"""What every benchmark script shares: the machine description and docs/benchmarks.md sections."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine_line() -> str:
    """One line naming the machine the numbers come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"Machine: {cpu}, {cores} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}."
    )


def load_note() -> str:
    """The load average as a run ends: this machine is shared, so wall times include waiting."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Load average at the end: {load} (a shared machine: wall times include waiting for "
        "the CPU)."
    )


def replace_section(heading: str, body: str) -> None:
    """Replace (or add) the ``heading`` section of docs/benchmarks.md, leaving others alone."""
    section = f"{heading}\n\n{body.strip()}\n"
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
