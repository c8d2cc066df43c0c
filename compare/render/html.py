"""The HTML report: one self-contained file from the view-model, jinja2 with autoescaping."""

from __future__ import annotations

import jinja2

from compare.errors import RenderError, ResourceError
from compare.render.view import ReportView
from compare.resources import templates_dir

TEMPLATE = "report.html.jinja"


def render_html(view: ReportView) -> str:
    """The report as one HTML document: inline CSS, no external loads, readable without JS."""
    try:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir()),
            autoescape=True,  # article text is data, whatever the template's name
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        return environment.get_template(TEMPLATE).render(view=view)
    except (FileNotFoundError, jinja2.TemplateNotFound) as error:
        raise ResourceError(f"report template missing from the installation: {error}") from error
    except jinja2.TemplateError as error:
        raise RenderError(f"HTML report could not be rendered: {error}") from error
