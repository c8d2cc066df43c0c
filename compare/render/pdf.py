"""The PDF report: WeasyPrint over the same HTML, with the stylesheet's print rules.

WeasyPrint is imported only here, inside the functions, so JSON and HTML reports never pay
for it (nor need its system libraries).  It fetches nothing: :class:`AssetsOnlyFetcher`
refuses every URL except ``data:`` and files inside the package's templates folder.

Determinism: the same view gives the same bytes with the same WeasyPrint, pydyf, Pango,
HarfBuzz and fonts.  No byte depends on the time or on chance: the PDF has no creation or
modification date (the HTML has no ``dcterms.created``/``dcterms.modified``, and the XMP
metadata, which would carry them, is not written), its file identifier (/ID) is the MD5 of its
own objects (``pdf_identifier=True``), font subsets are made by HarfBuzz (without
libharfbuzz-subset, WeasyPrint falls back to fontTools, which stamps the time into each subset:
the one known source of varying bytes), and the subset tags (``XKQQSR+DejaVu-Sans``) are
an MD5 of the font description.  A different WeasyPrint or font version changes the bytes
(layout, font subsets), never the text.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare.errors import InputError, RenderError, ResourceError
from compare.render.html import render_html
from compare.render.view import ReportView
from compare.resources import templates_dir

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

# The PDF's budget (docs/benchmarks.md, "Big inputs"): WeasyPrint lays out about 60 of the
# report's sentences a second on the 2-core benchmark machine, and its memory grows with the
# document (a 500 KB input: 56 s, 543 MB).  Past this many sentences in all versions the PDF
# would take over a minute and approach a gigabyte, so it is refused, in one line, before
# WeasyPrint starts; the JSON and HTML reports are written all the same.
MAX_PDF_SENTENCES = 3000

# What WeasyPrint needs from Debian (the Makefile installs them): Pango for text layout, fonts.
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as error:  # cffi could not load Pango and friends
        raise ResourceError(
            f"WeasyPrint cannot load its system libraries ({error}); "
            f"install them with: apt-get install -y {SYSTEM_PACKAGES}"
        ) from error
    except ImportError as error:
        raise ResourceError(
            f"WeasyPrint is not installed ({error}); reinstall story-compare"
        ) from error
    return weasyprint


def assets_only_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that loads ``data:`` URLs and files under templates_dir() only."""
    from weasyprint.urls import URLFetcher

    assets = templates_dir().resolve()

    class AssetsOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.partition(":")[0].lower()
            if scheme == "file":
                from urllib.request import url2pathname

                path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
                if not path.is_relative_to(assets):
                    raise RenderError(
                        f"PDF renderer refused to read {path}: outside the report's assets"
                    )
            elif scheme != "data":
                raise RenderError(
                    f"PDF renderer refused to fetch {url}: reports load nothing remote"
                )
            return super().fetch(url, headers)

    # fail_on_errors: a refused fetch stops the render instead of leaving a hole in the PDF.
    return AssetsOnlyFetcher(fail_on_errors=True)


def render_pdf(view: ReportView) -> bytes:
    """The report as PDF bytes: A4, running header, page X of Y, outline, metadata."""
    if view.sentences > MAX_PDF_SENTENCES:
        raise InputError(
            f"too long for a PDF report: {view.sentences:,} sentences in all versions, "
            f"over the PDF's limit of {MAX_PDF_SENTENCES:,} (about a minute of layout); "
            "the JSON and HTML reports hold it all (--format json,html)"
        )
    with collector_paused():
        return _pdf(render_html(view, medium="print"))


def _pdf(html: str) -> bytes:
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    errors = _ErrorLog()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        document = weasyprint.HTML(
            string=html,
            base_url=templates_dir().resolve().as_uri() + "/",
            url_fetcher=assets_only_fetcher(),
        )
        # pdf_identifier=True: the /ID is the MD5 of the document's own objects, not random.
        pdf = document.write_pdf(pdf_identifier=True)
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        raise RenderError(f"PDF report could not be rendered: {cause}") from error
    finally:
        logger.removeHandler(errors)
    if errors.messages:
        # WeasyPrint logs what it drops (an SVG it cannot read, say) and carries on: a report
        # with a hole in it is a failed report.
        raise RenderError(f"PDF report could not be rendered: {errors.messages[0]}")
    return pdf


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one render, and back as it was after it
    (benchmarks/bench_render.py holds its bare WeasyPrint anchor under the same pause).

    WeasyPrint builds boxes, styles and line layouts by the hundred thousand, and they live
    until the PDF is written: the collector walks them over and over and finds next to nothing
    to free.  Paused, the 28-take benchmark story's PDF takes about a quarter less CPU and the
    1,000-sentence one a fifth less, at the same peak memory (docs/benchmarks.md, "Rendering").
    Reference counting still frees everything else as it goes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _ErrorLog(logging.Handler):
    """Collects WeasyPrint's error messages during one render."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
