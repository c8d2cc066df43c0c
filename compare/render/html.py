"""The HTML report: one self-contained file from the view-model, jinja2 with autoescaping.

The same template feeds WeasyPrint for the PDF (``medium="print"``).  The only difference: in
print, each SVG figure is an ``<img>`` of a ``data:`` SVG document that carries, in a ``<style>``
of its own, the figure rules of report.css its shapes use (WeasyPrint styles an SVG only from
inside it, and its SVG ``@import`` is broken in WeasyPrint 70).  As an image, a figure's
hundreds of shapes stay out of WeasyPrint's HTML parse, cascade and box tree, and each figure
compiles only its own few rules instead of all of them (measured: about a tenth of the PDF
stage on a 14-version story).  In a browser the page's stylesheet reaches the inline figures,
and a copy per figure would only bloat the file.
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
from compare.render.svg import Figure
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
        return _environment().get_template(TEMPLATE).render(view=view, medium=medium)
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
    environment.filters["print_figure"] = print_figure
    environment.globals["print_stylesheet"] = print_stylesheet
    return environment


def csp_hash(source: str) -> Markup:
    """A Content-Security-Policy source admitting exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(str(source).encode("utf-8")).digest())
    return Markup(f"'sha256-{digest.decode('ascii')}'")  # base64 and quotes: nothing to escape


def print_figure(markup: str, figure: Figure) -> Markup:
    """An inline ``<svg>`` as the PDF's ``<img>``: a ``data:`` SVG document with the figure rules
    its shapes' classes use, sized and classed as the inline figure is."""
    svg = str(markup)  # plain text: Markup's own replace would escape the inserted tags
    used = set(" ".join(_CLASSES.findall(svg)).split())
    rules = " ".join(rule for classes, rule in _figure_rules() if classes & used)
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    svg = svg.replace(">", f"><style>{rules}</style>", 1) if rules else svg
    source = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup('<img class="figure {}" width="{}" height="{}" alt="{}" src="{}">').format(
        figure.classes,
        figure.width,
        figure.height,
        figure.label,
        f"data:image/svg+xml;base64,{source}",
    )


_CLASSES = re.compile(r'\bclass="([^"]*)"')
_ROOT_RULE = re.compile(r":root \{([^}]*)\}")


@functools.cache
def print_stylesheet() -> Markup:
    """report.css as the PDF uses it.  Without the rules print never uses, which WeasyPrint
    would parse all the same: the figure rules (each figure is an image carrying its own,
    :func:`print_figure`) and the screen's, between their marker comments.  With the colours
    spelled out: each ``var()`` is a value WeasyPrint leaves pending at parse and solves again
    for every element that uses it; with the ``:root`` values written in, every declaration is
    read once (same computed values, same pages)."""
    try:
        before_screen, screen_and_after = _stylesheet_source().split("/* screen: begin", 1)
        style = (
            before_screen.split("/* figures: end */", 1)[1]
            + screen_and_after.split("/* screen: end */", 1)[1]
        )
    except ValueError:
        raise ResourceError(f"{STYLESHEET} lacks its figures or screen markers") from None
    root = _ROOT_RULE.search(style)
    if root is None:
        raise ResourceError(f"{STYLESHEET} has no :root rule of colours")
    style = style.replace(root.group(0), "")
    for declaration in root.group(1).split(";"):
        if ":" in declaration:
            name, value = declaration.split(":", 1)
            style = style.replace(f"var({name.strip()})", value.strip())
    return Markup(style)  # the stylesheet as written: nothing in it to escape


def _stylesheet_source() -> str:
    """report.css as the template's ``include`` gives it (one trailing newline dropped)."""
    environment = _environment()
    assert environment.loader is not None
    source, _, _ = environment.loader.get_source(environment, STYLESHEET)
    return source.removesuffix("\n")


@functools.cache
def _figure_rules() -> tuple[tuple[frozenset[str], str], ...]:
    """The figures section of report.css as (classes in the selector, rule) pairs."""
    match = _FIGURE_RULES.search(_stylesheet_source())
    if not match:
        raise ResourceError(f"{STYLESHEET} has no figures section; the PDF's figures need it")
    # Plain class selectors and declarations (the section's own rule): no nesting, no strings.
    section = re.sub(r"/\*.*?\*/", "", match.group(1), flags=re.DOTALL)
    if "</" in section:
        raise RenderError(f"{STYLESHEET}: the figures section may not contain '</'")
    return tuple(
        (
            frozenset(re.findall(r"\.([\w-]+)", selector)),
            f"{' '.join(selector.split())} {{{' '.join(body.split())}}}",
        )
        for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", section)
    )
