"""Stage 5 — render: JSON (the contract), HTML, PDF and CSV, all from one Comparison.

Every report is rendered to memory first and written only when all succeeded, each file
atomically: a failure leaves no half-written file and the previous reports intact.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compare.errors import RenderError, StoryCompareError
from compare.fsutil import atomic_write
from compare.model import Comparison
from compare.render import html, pdf
from compare.render.csv import render_csv
from compare.render.json import render_json, to_dict
from compare.render.view import ReportView, build_view

FORMATS: tuple[str, ...] = ("json", "html", "pdf")  # the default set
# Every format: "csv" writes links.csv and sentences.csv (for spreadsheets and notebooks).
ALL_FORMATS: tuple[str, ...] = (*FORMATS, "csv")


def write_reports(
    comparison: Comparison, story_dir: Path, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write ``story_dir/report.<format>`` for each format (for "csv": ``links.csv`` and
    ``sentences.csv``); return the paths in that order."""
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in ALL_FORMATS]
    if unknown:
        raise RenderError(
            f"unknown report format {', '.join(unknown)}; choose from {', '.join(ALL_FORMATS)}"
        )
    view: ReportView | None = None
    rendered: dict[str, str | bytes] = {}  # file name → content
    for fmt in wanted:
        try:
            if fmt == "json":
                rendered["report.json"] = render_json(comparison)
                continue
            if fmt == "csv":
                rendered.update(render_csv(to_dict(comparison)))
                continue
            view = view or build_view(comparison)
            rendered[f"report.{fmt}"] = (
                html.render_html(view) if fmt == "html" else pdf.render_pdf(view)
            )
        except StoryCompareError:
            raise
        except Exception as error:  # a renderer's own failure: one line, named, no traceback
            message = f"{fmt.upper()} report could not be rendered: {type(error).__name__}: {error}"
            raise RenderError(" ".join(message.split())) from error
    paths = []
    for name, content in rendered.items():
        target = story_dir / name
        try:
            paths.append(atomic_write(target, content))
        except OSError as error:
            raise RenderError(f"cannot write {target}: {error.strerror or error}") from error
    return paths
