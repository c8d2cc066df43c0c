"""The batch's own outputs: ``index.html``, ``summary.csv`` and ``summary.json``."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from compare import __version__
from compare.batch.result import StoryResult
from compare.errors import ResourceError
from compare.fsutil import atomic_write
from compare.resources import templates_dir

INDEX_TEMPLATE = "index.html.j2"
CSV_COLUMNS = (
    "story", "status", "versions", "sentences", "shared", "shared_pct", "updates", "unique",
    "reports", "error", "seconds",
)  # fmt: skip


def write_outputs(out_dir: Path, results: Sequence[StoryResult], seconds: float) -> list[Path]:
    """Write the index page and both summaries (each atomically); return their paths."""
    totals = _totals(results, seconds)
    return [
        atomic_write(out_dir / "index.html", render_index(results, totals)),
        atomic_write(out_dir / "summary.csv", _summary_csv(results)),
        atomic_write(out_dir / "summary.json", _summary_json(results, totals)),
    ]


def render_index(results: Sequence[StoryResult], totals: dict[str, float]) -> str:
    try:
        loader = jinja2.FileSystemLoader(templates_dir())
    except FileNotFoundError as error:
        raise ResourceError(str(error)) from error
    # autoescape=True, not select_autoescape: the template's name ends in .j2, not .html.
    environment = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters["csp_hash"] = _csp_hash
    try:
        template = environment.get_template(INDEX_TEMPLATE)
    except jinja2.TemplateNotFound as error:
        raise ResourceError(f"batch index template {INDEX_TEMPLATE} is missing") from error
    rows = [{"result": result, "links": _links(result)} for result in results]
    failures = [result for result in results if result.status == "failed"]
    return template.render(
        rows=rows, failures=failures, totals=totals, generator=f"story-compare {__version__}"
    )


def _csp_hash(source: str) -> Markup:
    """A Content-Security-Policy source allowing exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(str(source).encode("utf-8")).digest())
    return Markup(f"'sha256-{digest.decode('ascii')}'")  # base64 and quotes: nothing to escape


def _links(result: StoryResult) -> dict[str, str]:
    """Format → relative URL, for each report of a story."""
    return {PurePosixPath(report).suffix.lstrip("."): quote(report) for report in result.reports}


def _totals(results: Sequence[StoryResult], seconds: float) -> dict[str, float]:
    totals: dict[str, float] = {"stories": len(results)}
    for status in ("done", "skipped", "failed"):
        totals[status] = sum(1 for result in results if result.status == status)
    totals["seconds"] = round(seconds, 2)
    return totals


def _summary_csv(results: Sequence[StoryResult]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for result in results:
        row = result.to_dict()
        row["reports"] = " ".join(result.reports)
        row["seconds"] = round(result.seconds, 3)
        writer.writerow(row)
    return buffer.getvalue()


def _summary_json(results: Sequence[StoryResult], totals: dict[str, float]) -> str:
    document = {
        "generator": f"story-compare {__version__}",
        "totals": totals,
        "stories": [result.to_dict() for result in results],
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
