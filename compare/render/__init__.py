"""Stage 5 — render: JSON (the contract), HTML and PDF, all from one Comparison.

Every report is rendered to memory first and written only when all succeeded, each file
atomically: a failure leaves no half-written file and the previous reports intact.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from compare.errors import RenderError, StoryCompareError
from compare.fsutil import atomic_write
from compare.model import Comparison

if TYPE_CHECKING:
    from compare.render.view import ReportView

FORMATS: tuple[str, ...] = ("json", "html", "pdf")


def write_reports(
    comparison: Comparison, story_dir: Path, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write ``story_dir/report.<format>`` for each format; return the paths in that order."""
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise RenderError(
            f"unknown report format {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    # The renderers are imported here, not at the top: the CLI reads FORMATS to check its
    # options without loading jinja2 and the view-model.
    from compare.render import html, pdf
    from compare.render.json import render_json
    from compare.render.view import build_view

    view: ReportView | None = None
    rendered: dict[str, str | bytes] = {}
    for fmt in wanted:
        try:
            if fmt == "json":
                rendered[fmt] = render_json(comparison)
                continue
            view = view or build_view(comparison)
            rendered[fmt] = html.render_html(view) if fmt == "html" else pdf.render_pdf(view)
        except StoryCompareError:
            raise
        except Exception as error:  # a renderer's own failure: one line, named, no traceback
            message = f"{fmt.upper()} report could not be rendered: {type(error).__name__}: {error}"
            raise RenderError(" ".join(message.split())) from error
    paths = []
    for fmt in wanted:
        target = story_dir / f"report.{fmt}"
        try:
            paths.append(atomic_write(target, rendered[fmt]))
        except OSError as error:
            raise RenderError(f"cannot write {target}: {error.strerror or error}") from error
    return paths
