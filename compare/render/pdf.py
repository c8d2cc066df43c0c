"""The PDF report: WeasyPrint over the same HTML, with the stylesheet's print rules.

WeasyPrint is imported only here, inside the functions, so JSON and HTML reports never pay
for it (nor need its system libraries).  It fetches nothing: :class:`AssetsOnlyFetcher`
refuses every URL except ``data:`` and files inside the package's templates folder.

Determinism: the same view gives the same bytes with the same WeasyPrint, Pango and fonts —
the PDF carries no creation date (the HTML has no ``dcterms.created``) and its file
identifier is derived from the content.  A different WeasyPrint or font version changes the
bytes (layout, font subsets), not the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from compare.errors import RenderError, ResourceError
from compare.render.html import render_html
from compare.render.view import ReportView
from compare.resources import templates_dir

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

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
    """The report as PDF bytes (A4, page X of Y, running header, title metadata)."""
    html = render_html(view)
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = weasyprint.HTML(
            string=html,
            base_url=templates_dir().resolve().as_uri() + "/",
            url_fetcher=assets_only_fetcher(),
        )
        return document.write_pdf()
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        raise RenderError(f"PDF report could not be rendered: {cause}") from error
