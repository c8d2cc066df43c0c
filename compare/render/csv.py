"""CSV exports for spreadsheets and notebooks: ``links.csv`` and ``sentences.csv`` per story.

Both are read from the report document (:func:`compare.render.json.to_dict`), so they say
exactly what report.json says, one row per link or sentence, UTF-8 with a header row, written
by the csv module (quoting, embedded commas and line breaks are its business).  Columns are
documented in the README; like report.json fields they are extended, never renamed.  A field
that newer reports carry (a link's ``confidence`` and ``by``) is empty when absent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

LINK_COLUMNS = (
    "story", "source", "target", "source_version", "target_version", "label", "kind", "score",
    "cues", "confidence", "by", "source_text", "target_text",
)  # fmt: skip
SENTENCE_COLUMNS = (
    "story", "version", "outlet", "version_order", "take", "sentence", "index", "paragraph",
    "label", "statement", "text",
)  # fmt: skip


def render_csv(report: Mapping[str, Any]) -> dict[str, str]:
    """File name → CSV text, for both exports of one report document."""
    story = (report.get("story") or {}).get("id", "")
    versions = sorted(report.get("versions") or (), key=lambda v: v.get("order", 0))
    sentences = {s["id"]: (v, s) for v in versions for s in v.get("sentences") or ()}
    take_of = {vid: t["id"] for t in report.get("takes") or () for vid in t.get("versions") or ()}
    statement_of = {
        sid: statement["id"]
        for statement in report.get("statements") or ()
        for sid in statement.get("sentences") or ()
    }
    links = (
        {
            "story": story,
            "source": link["source"],
            "target": link["target"],
            "source_version": sentences[link["source"]][0]["id"],
            "target_version": sentences[link["target"]][0]["id"],
            "label": link.get("label"),
            "kind": link.get("kind"),
            "score": link.get("score"),
            "cues": "; ".join(
                f"{cue['kind']}: {cue['before']} → {cue['after']}" for cue in link.get("cues") or ()
            ),
            "confidence": link.get("confidence"),
            "by": link.get("by"),
            "source_text": sentences[link["source"]][1]["text"],
            "target_text": sentences[link["target"]][1]["text"],
        }
        for link in report.get("links") or ()
    )
    rows = (
        {
            "story": story,
            "version": version["id"],
            "outlet": version.get("outlet"),
            "version_order": version.get("order"),
            "take": take_of.get(version["id"]),
            "sentence": sentence["id"],
            "index": sentence.get("index"),
            "paragraph": sentence.get("paragraph"),
            "label": sentence.get("label"),
            "statement": statement_of.get(sentence["id"]),
            "text": sentence.get("text"),
        }
        for version, sentence in sentences.values()
    )
    return {
        "links.csv": _table(LINK_COLUMNS, links),
        "sentences.csv": _table(SENTENCE_COLUMNS, rows),
    }


def _table(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
