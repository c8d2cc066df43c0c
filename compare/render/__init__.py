"""Stage 5 — render: JSON (the contract), HTML and PDF, all from one Comparison.

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

if TYPE_CHECKING:
    from compare.render.view import ReportView

FORMATS: tuple[str, ...] = ("json", "html", "pdf")


def write_reports(
    comparison: Comparison,
    story_dir: Path,
    formats: Sequence[str] = FORMATS,
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write ``story_dir/report.<format>`` for each format; return the paths in that order.

    ``on_written`` hears of each file as soon as it is written: JSON and HTML before the PDF
    is started.
    """
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

    def render(fmt: str) -> str | bytes:
        nonlocal view
        try:
            if fmt == "json":
                return render_json(comparison)
            view = view or build_view(comparison)
            return html.render_html(view) if fmt == "html" else pdf.render_pdf(view)
        except StoryCompareError:
            raise
        except Exception as error:  # a renderer's own failure: one line, named, no traceback
            message = f"{fmt.upper()} report could not be rendered: {type(error).__name__}: {error}"
            raise RenderError(" ".join(message.split())) from error

    written: dict[str, Path] = {}
    quick = [fmt for fmt in wanted if fmt != "pdf"]
    for group in (quick, [fmt for fmt in wanted if fmt == "pdf"]):
        rendered = {fmt: render(fmt) for fmt in group}
        for fmt in group:
            target = story_dir / f"report.{fmt}"
            try:
                written[fmt] = atomic_write(target, rendered[fmt])
            except OSError as error:
                raise RenderError(f"cannot write {target}: {error.strerror or error}") from error
            if on_written is not None:
                on_written(written[fmt])
    return [written[fmt] for fmt in wanted]
