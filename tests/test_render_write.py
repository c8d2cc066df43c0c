"""write_reports: the formats asked, in order, each file written atomically."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import compare.render.pdf
from compare.errors import RenderError
from compare.model import (
    Story,
)
from compare.render import FORMATS, write_reports


def test_write_reports_writes_the_formats_asked_in_order(tmp_path, comparison):
    paths = write_reports(comparison, tmp_path / "story", ["pdf", "json"])
    assert paths == [tmp_path / "story" / "report.pdf", tmp_path / "story" / "report.json"]
    assert paths[0].read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in (tmp_path / "story").iterdir()) == ["report.json", "report.pdf"]


def test_write_reports_is_atomic_when_a_renderer_fails(tmp_path, monkeypatch, comparison):
    story_dir = tmp_path / "story"
    previous = write_reports(comparison, story_dir, ["json"])[0].read_bytes()

    def broken(view):
        raise ValueError("layout exploded")

    monkeypatch.setattr(compare.render.html, "render_html", broken)
    changed = replace(comparison, story=Story("putin-kim", "A new title"))
    with pytest.raises(
        RenderError, match="HTML report could not be rendered: ValueError: layout exploded"
    ):
        write_reports(changed, story_dir, FORMATS)
    # JSON and HTML are written together: an HTML failure writes neither (nor the PDF).
    assert sorted(p.name for p in story_dir.iterdir()) == ["report.json"]
    assert (story_dir / "report.json").read_bytes() == previous


def test_json_and_html_are_written_before_the_pdf_starts(tmp_path, monkeypatch, comparison):
    story_dir = tmp_path / "story"
    seen: list[str] = []

    def broken(view):
        seen.extend(sorted(p.name for p in story_dir.iterdir()))  # what exists when it starts
        raise ValueError("layout exploded")

    monkeypatch.setattr(compare.render.pdf, "render_pdf", broken)
    written: list[Path] = []
    with pytest.raises(RenderError, match="PDF report could not be rendered"):
        write_reports(comparison, story_dir, FORMATS, on_written=written.append)
    assert seen == ["report.html", "report.json"]
    assert written == [story_dir / "report.json", story_dir / "report.html"]
    assert "report.pdf" not in {p.name for p in story_dir.iterdir()}  # never half-written


def test_write_reports_rejects_unknown_formats(tmp_path, comparison):
    with pytest.raises(RenderError, match="docx"):
        write_reports(comparison, tmp_path, ["json", "docx"])
    assert not list(tmp_path.iterdir())
