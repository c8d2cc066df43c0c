"""The one path from inputs to reports.  The CLI, the library API and batch workers all call it.

Stages, in the spirit of CollateX: ingest → segment → align → classify → render.  Each stage is
a plain function over the model in :mod:`compare.model`; a failure names the stage it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compare import ingest
from compare.align import AlignOptions, align
from compare.classify import classify
from compare.model import Article, Comparison, Story
from compare.render import FORMATS, write_reports
from compare.segment import segment


def compare_inputs(
    inputs: Sequence[str | Path],
    *,
    story_id: str | None = None,
    options: AlignOptions | None = None,
) -> Comparison:
    """Read two or more versions (files, or one story folder); return the classified comparison."""
    story, articles = ingest.read_story(inputs, story_id=story_id)
    return compare_articles(story, articles, options=options)


def compare_articles(
    story: Story, articles: Sequence[Article], *, options: AlignOptions | None = None
) -> Comparison:
    """The stages after ingest: segment, align, classify."""
    segmented = [segment(article) for article in articles]
    links = align(segmented, options or AlignOptions())
    return classify(story, segmented, links)


def run_report(
    inputs: Sequence[str | Path],
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    story_id: str | None = None,
    options: AlignOptions | None = None,
) -> list[Path]:
    """Compare ``inputs`` and write ``out_dir/<story id>/report.<format>`` for each format."""
    comparison = compare_inputs(inputs, story_id=story_id, options=options)
    return write_reports(comparison, out_dir / comparison.story.id, formats)
