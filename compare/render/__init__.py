"""Stage 5 — render: JSON (the contract), HTML, PDF and CSV, all from one Comparison.

Each file is written atomically: a failure leaves no half-written file.  JSON and HTML take
milliseconds and the PDF seconds, so they are rendered and written first (a reader can open
them while WeasyPrint works); a JSON or HTML failure writes nothing, a PDF failure leaves the
new JSON and HTML and the previous PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from compare.errors import RenderError, StoryCompareError
from compare.fsutil import atomic_write
from compare.model import Comparison
from compare.options import ALL_FORMATS, FORMATS

if TYPE_CHECKING:
    from compare.render.view import ReportView


def write_reports(
    comparison: Comparison,
    story_dir: Path,
    formats: Sequence[str] = FORMATS,
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write ``story_dir/report.<format>`` for each format (for "csv": ``links.csv`` and
    ``sentences.csv``); return the paths in that order.

    ``on_written`` hears of each file as soon as it is written: every other format before the
    PDF is started.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in ALL_FORMATS]
    if unknown:
        raise RenderError(
            f"unknown report format {', '.join(unknown)}; choose from {', '.join(ALL_FORMATS)}"
        )
    view: ReportView | None = None

    # Each renderer is imported when its format is asked for, not at the top: the pipeline
    # imports this module before the inputs are read (an input that ingest refuses should
    # not wait for jinja2), and a JSON report needs neither jinja2 nor the view-model.
    def render(fmt: str) -> dict[str, str | bytes]:
        """File name → content."""
        nonlocal view
        try:
            if fmt == "json":
                from compare.render.json import render_json

                return {"report.json": render_json(comparison)}
            if fmt == "csv":
                from compare.render.csv import render_csv
                from compare.render.json import to_dict

                return dict(render_csv(to_dict(comparison)))
            from compare.render.view import build_view

            view = view or build_view(comparison)
            if fmt == "html":
                from compare.render.html import render_html

                return {"report.html": render_html(view)}
            from compare.render.pdf import render_pdf

            return {"report.pdf": render_pdf(view)}
        except StoryCompareError:
            raise
        except Exception as error:  # a renderer's own failure: one line, named, no traceback
            message = f"{fmt.upper()} report could not be rendered: {type(error).__name__}: {error}"
            raise RenderError(" ".join(message.split())) from error

    written: dict[str, list[Path]] = {}
    quick = [fmt for fmt in wanted if fmt != "pdf"]
    for group in (quick, [fmt for fmt in wanted if fmt == "pdf"]):
        rendered = {fmt: render(fmt) for fmt in group}
        for fmt in group:
            written[fmt] = []
            for name, content in rendered[fmt].items():
                target = story_dir / name
                try:
                    written[fmt].append(atomic_write(target, content))
                except OSError as error:
                    message = f"cannot write {target}: {error.strerror or error}"
                    raise RenderError(message) from error
                if on_written is not None:
                    on_written(written[fmt][-1])
    return [path for fmt in wanted for path in written[fmt]]
