"""report.json: the contract other tools read, and its way back into a Comparison.

Fields are a stable API: extend, never rename (bump ``SCHEMA_VERSION``'s minor number and
compare/schema/report.schema.json together).  Versions and sentences keep their order; nothing
time-dependent is written, so the same comparison always gives the same bytes.

The schema is the one list of the report's fields: :func:`to_dict` writes each object's fields
in the order the schema lists them, read from the model object of the same name (the few the
model does not hold, such as a sentence's label, are derived here); :func:`from_dict` fills
each model dataclass from the fields its annotations name.  A field added to the model and the
schema needs no code here.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

import orjson

from compare import __version__
from compare.errors import InputError
from compare.model import Article, Comparison, Sentence, Statement
from compare.resources import schema_path

# 1.1: statements and takes (N-version collation); 1.2: alignment; 1.3: links' by and
# confidence, corrections; cut-off copies, glued-in material and identical copies (takes[],
# versions[].cut_off_after / not_story, two cell states); 1.4: versions' stamps and time,
# ordering pairs, warnings; 1.5: copies that lost their top (takes[].lost_top), when a scraper
# saw each page (versions[].seen); 1.6: cut-off copies that may be an earlier, shorter take
# (takes[].cut_off[].maybe_earlier_take, ordering basis "same take; text")
SCHEMA_VERSION = "1.6"
GENERATOR = "story-compare"

_SCHEMA: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
_PLAIN = (str, int, float)  # written as they are (bool is an int)


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """The report document.  Built once per comparison: a run asks for it more than once (the
    JSON file, the CSV exports, the summary line or a batch's figures), and building it took a
    quarter of a 100-version run (docs/benchmarks.md).  So every caller gets the same dict: read
    it, don't change it."""
    global _last
    if _last is not None and _last[0]() is comparison:
        return _last[1]
    built = _built(comparison)
    # A weak reference: the document goes when its comparison does (the callback), and an id
    # cannot be reused by a later comparison while this one is alive.
    _last = (weakref.ref(comparison, _forget), built)
    return built


_last: tuple[weakref.ref[Comparison], dict[str, Any]] | None = None


def _forget(dead: weakref.ref[Comparison]) -> None:
    global _last
    if _last is not None and _last[0] is dead:
        _last = None


def _built(comparison: Comparison) -> dict[str, Any]:
    return _written(
        comparison,
        _SCHEMA,
        schema_version=SCHEMA_VERSION,
        generator={"name": GENERATOR, "version": __version__},
        versions=[_version(comparison, order, v) for order, v in enumerate(comparison.versions)],
        statements=[_statement(statement) for statement in comparison.statements],
        summary={
            "versions": {
                v.id: {"sentences": len(v.sentences), **comparison.counts(v.id)}
                for v in comparison.versions
            },
            "links": comparison.link_counts(),
        },
    )


def render_json(comparison: Comparison) -> str:
    """The report's text: two-space indented UTF-8, the bytes ``json.dumps(...,
    ensure_ascii=False, indent=2)`` gives.  orjson writes them: with an indent the standard
    library falls back to its pure-Python encoder, which took a third of a 100-version run
    (docs/benchmarks.md).  Every float the report holds is finite, as orjson needs."""
    return orjson.dumps(to_dict(comparison), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def _version(comparison: Comparison, order: int, article: Article) -> dict[str, Any]:
    takes = comparison.takes
    cut = next((c for t in takes for c in t.cut_off if c.version == article.id), None)
    own = {s.id for s in article.sentences}
    interval = article.time
    return _written(
        article,
        _definition("version"),
        time=None
        if interval is None
        else {
            "earliest": interval.earliest.isoformat(timespec="minutes"),
            "latest": interval.latest.isoformat(timespec="minutes"),
        },
        order=order,
        cut_off_after=cut.after_paragraph if cut else None,
        not_story=[sid for t in takes for sid in t.not_story if sid in own],
        sentences=[
            _written(s, _definition("sentence"), label=comparison.label(s.id))
            for s in article.sentences
        ],
    )


def _statement(statement: Statement) -> dict[str, Any]:
    return _written(
        statement,
        _definition("statement"),
        sentences=[sid for cell in statement.cells for sid in cell.sentences],
    )


def _definition(name: str) -> dict[str, Any]:
    definition: dict[str, Any] = _SCHEMA["$defs"][name]
    return definition


def _written(value: Any, shape: Mapping[str, Any], **derived: Any) -> Any:
    """``value`` as the report writes it: a tuple as an array; a model object as an object of
    the fields ``shape`` (its schema) lists, in that order, each taken from ``derived`` or else
    from the object's attribute of that name."""
    if value is None or isinstance(value, _PLAIN):
        return value
    shape = _resolved(shape)
    if isinstance(value, tuple | list):
        # The item's shape is looked up once for the array, not once per item: the links
        # alone are 220k items in a 100-version report.
        items = _resolved(shape.get("items", {}))
        return [
            item if item is None or isinstance(item, _PLAIN) else _written(item, items)
            for item in value
        ]
    if isinstance(value, Mapping):
        return dict(value)
    written = {}
    for name, field in shape["properties"].items():
        if name in derived:
            written[name] = derived[name]
        else:  # most fields are plain values or empty arrays: no call for them
            attribute = getattr(value, name)
            if attribute is None or isinstance(attribute, _PLAIN):
                written[name] = attribute
            elif attribute == ():
                written[name] = []
            else:
                written[name] = _written(attribute, field)
    return written


def _resolved(shape: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in shape:
        shape = _definition(shape["$ref"].removeprefix("#/$defs/"))
    return shape


def from_dict(data: dict[str, Any]) -> Comparison:
    """The Comparison a report states: read, not computed again.

    Labels and summary follow from the versions and links.  Two things the report does not
    record are left out: each statement's cells over the takes (``take_cells``) and where in
    the other copy a cut-off copy stops or a copy that lost its top starts
    (``CutOff.against_index``, ``LostTop.against_index``); a caller that needs them
    runs the stages again (compare.takes, compare.collate).  An older report reads as what it
    holds: before 1.1 it has no statements or takes, before 1.2 no alignment options, before
    1.3 every link is the aligner's with no confidence, before 1.4 no stamps, ordering pairs
    or warnings, before 1.5 no lost tops or sightings.
    """
    try:
        versions = tuple(
            _read(
                Article,
                v,
                sentences=tuple(_read(Sentence, s, version=v["id"]) for s in v["sentences"]),
            )
            for v in sorted(data["versions"], key=lambda v: v["order"])
        )
        comparison: Comparison = _read(Comparison, data, versions=versions)
        return comparison
    except (KeyError, TypeError) as error:
        raise InputError(
            f"not a story-compare report: missing or malformed field {error}"
        ) from error


def _read(cls: Any, data: Mapping[str, Any], **given: Any) -> Any:
    """A model dataclass from its report form: each field as ``given``, else as the report
    holds it (converted to the field's annotated type), else its default (a field a report of
    an older schema lacks)."""
    hints = _annotations(cls)
    values = dict(given)
    for field in fields(cls):
        if not field.init or field.name in values:
            continue
        if field.name in data:
            values[field.name] = _typed(hints[field.name], data[field.name])
        elif field.default is MISSING and field.default_factory is MISSING:
            raise KeyError(field.name)
    return cls(**values)


def _typed(hint: Any, value: Any) -> Any:
    """A value of the report as the annotated type: tuples for arrays, model objects."""
    if is_dataclass(hint):
        return _read(hint, value)
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:  # the model's tuples are all tuple[X, ...]
        return tuple(_typed(args[0], item) for item in value)
    if origin in (Union, UnionType) and value is not None:  # X | None
        (inner,) = (arg for arg in args if arg is not type(None))
        return _typed(inner, value)
    if origin is Mapping:
        return dict(value)
    return value


@cache
def _annotations(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)
