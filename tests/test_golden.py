"""Golden files: the reference story's report.json and the five-take story's HTML, byte for byte.

A change that alters either on purpose updates them with one command, ``make golden``, and the
diff goes into the same commit so a reviewer sees what the change did to real output.  The
generator's version and the checkout's folder are scrubbed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from compare.cli import main
from compare.resources import sample_story_dir

GOLDEN = Path(__file__).resolve().parent / "golden"
FIVE_TAKES = Path(__file__).resolve().parent / "fixtures" / "five-takes"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
REPO = str(Path(__file__).resolve().parents[1])

_GENERATOR = re.compile(r'story-compare \d[\w.+-]*|"version": "\d[\w.+-]*"')


def _scrubbed(text: str) -> str:
    """The generator's version and the checkout's own folder, which differ between machines."""
    text = text.replace(REPO, "<repo>")
    return _GENERATOR.sub(
        lambda m: '"version": "X"' if m.group().startswith('"') else "story-compare X", text
    )


def _render(story: Path, fmt: str, out: Path) -> str:
    with pytest.raises(SystemExit) as done:
        main(["report", str(story), "--out", str(out), "--format", fmt, "--quiet"])
    assert done.value.code == 0
    (written,) = (out).glob(f"*/report.{fmt}")
    return _scrubbed(written.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "story", "fmt"),
    [
        ("putin-kim-report.json", sample_story_dir(), "json"),
        ("five-takes-report.html", FIVE_TAKES, "html"),
    ],
)
def test_output_matches_its_golden_file(tmp_path, name, story, fmt):
    produced = _render(story, fmt, tmp_path)
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(produced, encoding="utf-8")
    assert golden.is_file(), f"no golden file {name}: run `make golden`"
    assert produced == golden.read_text(encoding="utf-8"), (
        f"{name} changed; if on purpose, run `make golden` and commit the diff"
    )
