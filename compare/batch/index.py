"""The batch's own outputs: ``index.html``, ``summary.csv``, ``summary.json`` and the roll-up.

Every figure comes from each story's :class:`StoryResult` (the figures of the report on disk,
see :mod:`compare.batch.result`); this module only lays them out.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from compare import __version__
from compare.batch import rollup
from compare.batch.result import StoryResult
from compare.errors import ResourceError
from compare.fsutil import atomic_write
from compare.resources import templates_dir

INDEX_TEMPLATE = "index.html.j2"
ROLLUP_TEMPLATE = "rollup.html.j2"
# summary.csv: the first eleven columns are the original ones, in their original order; later
# columns are appended, never inserted (scripts may read by position).
CSV_COLUMNS = (
    "story", "status", "versions", "sentences", "shared", "shared_pct", "updates", "unique",
    "reports", "error", "seconds",
    "headline", "outlets", "takes", "updated", "links", "order_method", "order_confidence",
    "warnings", "made",
)  # fmt: skip
LIST_SEPARATOR = "; "  # between the items of a list column in the CSV


def write_outputs(out_dir: Path, results: Sequence[StoryResult], seconds: float) -> list[Path]:
    """Write the index, both summaries and the roll-up (each atomically); return their paths."""
    totals = _totals(results, seconds)
    outlets = rollup.by_outlet(results)
    return [
        atomic_write(out_dir / "index.html", render_index(results, totals)),
        atomic_write(out_dir / "summary.csv", _summary_csv(results)),
        atomic_write(out_dir / "summary.json", _summary_json(results, totals)),
        atomic_write(out_dir / "rollup.html", render_rollup(outlets, totals)),
        atomic_write(out_dir / "rollup.csv", rollup.to_csv(outlets)),
    ]


def _environment() -> jinja2.Environment:
    try:
        loader = jinja2.FileSystemLoader(templates_dir())
    except FileNotFoundError as error:
        raise ResourceError(str(error)) from error
    # autoescape=True, not select_autoescape: the template's name ends in .j2, not .html.
    environment = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters["csp_hash"] = _csp_hash
    return environment


def _render(template_name: str, **context: Any) -> str:
    try:
        template = _environment().get_template(template_name)
    except jinja2.TemplateNotFound as error:
        raise ResourceError(f"batch template {template_name} is missing") from error
    return template.render(generator=f"story-compare {__version__}", **context)


def render_index(results: Sequence[StoryResult], totals: dict[str, float]) -> str:
    rows = []
    for result in results:
        links = _links(result)
        rows.append({"result": result, "links": links, "html": dict(links).get("HTML")})
    failures = [result for result in results if result.status == "failed"]
    return _render(INDEX_TEMPLATE, rows=rows, failures=failures, totals=totals)


def render_rollup(outlets: Sequence[rollup.OutletRow], totals: dict[str, float]) -> str:
    return _render(ROLLUP_TEMPLATE, outlets=outlets, totals=totals, charts=rollup.charts(outlets))


def _csp_hash(source: str) -> Markup:
    """A Content-Security-Policy source allowing exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(str(source).encode("utf-8")).digest())
    return Markup(f"'sha256-{digest.decode('ascii')}'")  # base64 and quotes: nothing to escape


def _links(result: StoryResult) -> list[tuple[str, str]]:
    """(label, relative URL) for each report of a story: "HTML", "JSON", "PDF", "links.csv"."""
    links = []
    for report in result.reports:
        path = PurePosixPath(report)
        label = path.suffix.lstrip(".").upper() if path.stem == "report" else path.name
        links.append((label, quote(report)))
    return links


def _totals(results: Sequence[StoryResult], seconds: float) -> dict[str, float]:
    totals: dict[str, float] = {"stories": len(results)}
    for status in ("done", "skipped", "failed"):
        totals[status] = sum(1 for result in results if result.status == status)
    totals["warned"] = sum(1 for result in results if result.warnings)
    totals["seconds"] = round(seconds, 2)
    return totals


def _summary_csv(results: Sequence[StoryResult]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for result in results:
        row = result.to_dict()
        row["reports"] = " ".join(result.reports)
        row["outlets"] = LIST_SEPARATOR.join(result.outlets)
        row["warnings"] = LIST_SEPARATOR.join(result.warnings)
        row["seconds"] = round(result.seconds, 3)
        writer.writerow(row)
    return buffer.getvalue()


def _summary_json(results: Sequence[StoryResult], totals: dict[str, float]) -> str:
    stories = []
    for result in results:
        row = result.to_dict()
        del row["copies"]  # per version: the roll-up's input, not a story's column
        stories.append(row)
    document = {
        "generator": f"story-compare {__version__}",
        "totals": totals,
        "stories": stories,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
