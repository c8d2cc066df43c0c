"""The HTML report: one self-contained file from the view-model, jinja2 with autoescaping.

The same template feeds WeasyPrint for the PDF (``medium="print"``).  The only difference: in
print, each inline SVG figure carries the figure rules of report.css in a ``<style>`` of its own,
because WeasyPrint styles an inline ``<svg>`` only from inside it (and its SVG ``@import`` is
broken in WeasyPrint 70).  In a browser the page's stylesheet reaches the figures anyway, and a
second copy per figure would only bloat the file.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from typing import Literal

import jinja2
from markupsafe import Markup

from compare.errors import RenderError, ResourceError
from compare.render.view import ReportView
from compare.resources import templates_dir

TEMPLATE = "report.html.jinja"
STYLESHEET = "report.css"

Medium = Literal["screen", "print"]

# The part of report.css that styles the SVG figures, between these two marker comments.
_FIGURE_RULES = re.compile(r"/\* figures: begin\b.*?\*/(.*?)/\* figures: end \*/", re.DOTALL)


def render_html(view: ReportView, *, medium: Medium = "screen") -> str:
    """The report as one HTML document: inline CSS, no external loads, readable without JS."""
    try:
        environment = _environment()
        figure_css = _figure_css(environment) if medium == "print" else ""
        return environment.get_template(TEMPLATE).render(
            view=view, medium=medium, figure_css=figure_css
        )
    except (FileNotFoundError, jinja2.TemplateNotFound) as error:
        raise ResourceError(f"report template missing from the installation: {error}") from error
    except jinja2.TemplateError as error:
        raise RenderError(f"HTML report could not be rendered: {error}") from error


def render_template(name: str, **context: object) -> str:
    """Another page from the templates folder (the review page), with the same environment."""
    try:
        return _environment().get_template(name).render(**context)
    except (FileNotFoundError, jinja2.TemplateNotFound) as error:
        raise ResourceError(f"template missing from the installation: {error}") from error


@functools.cache
def _environment() -> jinja2.Environment:
    """One environment per process: it caches the compiled template (a tenth of a second)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,  # article text is data, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["csp_hash"] = csp_hash
    return environment


def csp_hash(source: str) -> Markup:
    """A Content-Security-Policy source admitting exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(str(source).encode("utf-8")).digest())
    return Markup(f"'sha256-{digest.decode('ascii')}'")  # base64 and quotes: nothing to escape


def _figure_css(environment: jinja2.Environment) -> Markup:
    assert environment.loader is not None
    source, _, _ = environment.loader.get_source(environment, STYLESHEET)
    match = _FIGURE_RULES.search(source)
    if not match:
        raise ResourceError(f"{STYLESHEET} has no figures section; the PDF's figures need it")
    # Stylesheet text inside <style>: nothing to escape, but it must not close the element.
    rules = " ".join(match.group(1).split())
    if "</" in rules:
        raise RenderError(f"{STYLESHEET}: the figures section may not contain '</'")
    return Markup(rules)
