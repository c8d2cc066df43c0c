"""report.json: the contract other tools read, and its way back into a Comparison.

Fields are a stable API: extend, never rename (bump ``SCHEMA_VERSION``'s minor number and
compare/schema/report.schema.json together).  Versions and sentences keep their order; nothing
time-dependent is written, so the same comparison always gives the same bytes.
``to_dict``/``from_dict`` round-trip losslessly, like spaCy's ``Doc.to_json``/``from_json``.
"""

from __future__ import annotations

import json
from typing import Any

from compare.collate import collate
from compare.confidence import link_confidence
from compare.errors import InputError
from compare.model import (
    Article,
    Cell,
    Comparison,
    Correction,
    Cue,
    Heading,
    Link,
    Ordering,
    PairOrder,
    RemovedLine,
    ReportWarning,
    Sentence,
    Stamp,
    Story,
    Take,
)
from compare.takes import group_takes, in_time_order

# 1.1: statements and takes (N-version collation); 1.2: alignment; 1.3: links' by and
# confidence, corrections; cut-off copies, glued-in material and identical copies (takes[],
# versions[].cut_off_after / not_story, two cell states); 1.4: versions' stamps and time,
# ordering pairs, warnings
SCHEMA_VERSION = "1.4"
GENERATOR = "story-compare"


def to_dict(comparison: Comparison) -> dict[str, Any]:
    from compare import __version__  # here, not at import: compare/__init__ imports this package

    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": GENERATOR, "version": __version__},
        "story": {"id": comparison.story.id, "title": comparison.story.title},
        "versions": [_version(comparison, order, v) for order, v in enumerate(comparison.versions)],
        "links": [_link(link) for link in comparison.links],
        "ordering": {
            "method": comparison.ordering.method,
            "confidence": comparison.ordering.confidence,
            "evidence": list(comparison.ordering.evidence),
            "pairs": [
                {
                    "earlier": p.earlier,
                    "later": p.later,
                    "confidence": p.confidence,
                    "basis": p.basis,
                    "margin": p.margin,
                }
                for p in comparison.ordering.pairs
            ],
        },
        "warnings": [
            {"kind": w.kind, "message": w.message, "versions": list(w.versions)}
            for w in comparison.warnings
        ],
        "statements": [
            {
                "id": statement.id,
                "sentences": [sid for cell in statement.cells for sid in cell.sentences],
                "cells": [_cell(cell) for cell in statement.cells],
            }
            for statement in comparison.statements
        ],
        "takes": [_take(take) for take in comparison.takes],
        "alignment": dict(comparison.alignment),
        "corrections": [_correction(correction) for correction in comparison.corrections],
        "summary": {
            "versions": {
                v.id: {"sentences": len(v.sentences), **comparison.counts(v.id)}
                for v in comparison.versions
            },
            "links": {
                label: sum(link.label == label for link in comparison.links)
                for label in ("shared", "updated")
            },
        },
    }


def render_json(comparison: Comparison) -> str:
    return json.dumps(to_dict(comparison), ensure_ascii=False, indent=2) + "\n"


def _take(take: Take) -> dict[str, Any]:
    return {
        "id": take.id,
        "versions": list(take.versions),
        "cut_off": [
            {"version": c.version, "after_paragraph": c.after_paragraph, "against": c.against}
            for c in take.cut_off
        ],
        "not_story": list(take.not_story),
        "identical": [list(group) for group in take.identical],
    }


def _version(comparison: Comparison, order: int, article: Article) -> dict[str, Any]:
    takes = comparison.takes
    cut = next((c for t in takes for c in t.cut_off if c.version == article.id), None)
    own = {s.id for s in article.sentences}
    return {
        "id": article.id,
        "path": article.path,
        "outlet": article.outlet,
        "headline": article.headline,
        "dateline": article.dateline,
        "published": article.published,
        "published_source": article.published_source,
        "stamps": [
            {
                "kind": s.kind,
                "text": s.text,
                "value": s.value,
                "precision": s.precision,
                "zone": s.zone,
                "source": s.source,
            }
            for s in article.stamps
        ],
        "time": _time(article),
        "order": order,
        "phase": article.phase,
        "url": article.url,
        "text": article.text,
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in article.removed],
        "headings": [{"paragraph": h.paragraph, "text": h.text} for h in article.headings],
        "cut_off_after": cut.after_paragraph if cut else None,
        "not_story": [sid for t in takes for sid in t.not_story if sid in own],
        "sentences": [
            {
                "id": s.id,
                "index": s.index,
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "label": comparison.label(s.id),
            }
            for s in article.sentences
        ],
    }


def _time(article: Article) -> dict[str, str] | None:
    interval = article.time
    if interval is None:
        return None
    return {
        "earliest": interval.earliest.isoformat(timespec="minutes"),
        "latest": interval.latest.isoformat(timespec="minutes"),
    }


def _link(link: Link) -> dict[str, Any]:
    return {
        "source": link.source,
        "target": link.target,
        "label": link.label,
        "score": link.score,
        "kind": link.kind,
        "cues": [{"kind": c.kind, "before": c.before, "after": c.after} for c in link.cues],
        "by": link.by,
        "confidence": link.confidence,
    }


def _correction(correction: Correction) -> dict[str, Any]:
    return {
        "action": correction.action,
        "line": correction.line,
        "sentences": list(correction.sentences),
        "versions": list(correction.versions),
        "value": correction.value,
        "excerpts": list(correction.excerpts),
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "version": cell.version,
        "sentences": list(cell.sentences),
        "state": cell.state,
        "cues": [{"kind": c.kind, "before": c.before, "after": c.after} for c in cell.cues],
    }


def from_dict(data: dict[str, Any]) -> Comparison:
    """Rebuild the Comparison a report was written from.

    Labels, summary, statements and takes are derived again (they follow from versions and
    links), so a report of schema 1.0 without statements reads back whole too; a report before 1.2
    has no alignment options; before 1.3 every link is the aligner's, its confidence from the
    fitted curve; one before 1.4 has no stamps, ordering pairs or warnings.
    """
    # Imported here: corrections reads through ingest, which a batch parent does not load.
    from compare.corrections import regroup_takes

    try:
        versions = tuple(_article(v) for v in sorted(data["versions"], key=lambda v: v["order"]))
        links = tuple(
            Link(
                source=k["source"],
                target=k["target"],
                label=k["label"],
                score=k["score"],
                kind=k["kind"],
                cues=tuple(Cue(c["kind"], c["before"], c["after"]) for c in k["cues"]),
                by=k.get("by", "aligner"),
                # A report before 1.3 stores none: the fitted curve gives it.
                confidence=k["confidence"]
                if "confidence" in k
                else link_confidence(k["score"], k["kind"]),
            )
            for k in data["links"]
        )
        corrections = tuple(
            Correction(
                action=c["action"],
                line=c["line"],
                sentences=tuple(c["sentences"]),
                versions=tuple(c["versions"]),
                value=c["value"],
                excerpts=tuple(c["excerpts"]),
            )
            for c in data.get("corrections", [])
        )
        # The takes follow from versions and links, and from the editor's [[take]] edits.
        edited_takes = tuple(c.versions for c in corrections if c.action == "take")
        takes = regroup_takes(group_takes(versions, links), versions, edited_takes)
        return collate(
            Comparison(
                story=Story(id=data["story"]["id"], title=data["story"]["title"]),
                versions=versions,
                links=links,
                ordering=Ordering(
                    method=data["ordering"]["method"],
                    confidence=data["ordering"]["confidence"],
                    evidence=tuple(data["ordering"]["evidence"]),
                    pairs=tuple(
                        PairOrder(
                            p["earlier"], p["later"], p["confidence"], p["basis"], p["margin"]
                        )
                        for p in data["ordering"].get("pairs", ())
                    ),
                ),
                takes=in_time_order(takes, versions),
                alignment=dict(data.get("alignment", {})),
                corrections=corrections,
                warnings=tuple(
                    ReportWarning(w["kind"], w["message"], tuple(w["versions"]))
                    for w in data.get("warnings", ())
                ),
            )
        )
    except (KeyError, TypeError) as error:
        raise InputError(
            f"not a story-compare report: missing or malformed field {error}"
        ) from error


def _article(data: dict[str, Any]) -> Article:
    return Article(
        id=data["id"],
        path=data["path"],
        text=data["text"],
        headline=data["headline"],
        outlet=data["outlet"],
        dateline=data["dateline"],
        published=data["published"],
        published_source=data["published_source"],
        stamps=tuple(
            Stamp(
                kind=s["kind"],
                text=s["text"],
                value=s["value"],
                precision=s["precision"],
                zone=s["zone"],
                source=s["source"],
            )
            for s in data.get("stamps", ())
        ),
        url=data["url"],
        phase=data["phase"],
        removed=tuple(RemovedLine(r["line"], r["text"], r["reason"]) for r in data["removed"]),
        headings=tuple(Heading(h["paragraph"], h["text"]) for h in data["headings"]),
        sentences=tuple(
            Sentence(
                id=s["id"],
                version=data["id"],
                index=s["index"],
                paragraph=s["paragraph"],
                start=s["start"],
                end=s["end"],
                text=s["text"],
            )
            for s in data["sentences"]
        ),
    )
