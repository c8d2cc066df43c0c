"""report.json against its JSON Schema (compare/schema/report.schema.json)."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from compare.render.json import SCHEMA_VERSION, to_dict
from compare.resources import schema_path


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def report(make_comparison) -> dict:
    return to_dict(make_comparison())


def test_the_schema_is_draft_2020_12():
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_report_validates(validator, report):
    validator.validate(report)
    assert report["schema_version"] == SCHEMA_VERSION


def test_top_level_accepts_new_fields(validator, report):
    report["future_extension"] = {"anything": [1, 2]}
    validator.validate(report)


@pytest.mark.parametrize(
    "path",
    [
        ("schema_version",),
        ("story",),
        ("versions",),
        ("links",),
        ("summary",),
        ("versions", 0, "published"),
        ("versions", 0, "sentences", 0, "label"),
        ("links", 0, "score"),
        ("links", 1, "cues", 0, "after"),
    ],
)
def test_required_fields_are_enforced(validator, report, path):
    broken = copy.deepcopy(report)
    parent = broken
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("versions", 0, "sentences", 0, "label"), "moved"),
        (("links", 0, "label"), "unique"),
        (("versions", 0, "published"), "Monday 22 July 2024"),
        (("links", 0, "score"), 1.5),
        (("versions", 0, "sentences", 0, "renamed_field"), 1),
    ],
)
def test_wrong_values_are_rejected(validator, report, path, value):
    broken = copy.deepcopy(report)
    parent = broken
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_links_refer_to_sentences_of_the_report(report):
    # What JSON Schema cannot say: every link joins two existing sentences of different versions.
    version_of = {s["id"]: v["id"] for v in report["versions"] for s in v["sentences"]}
    for link in report["links"]:
        assert version_of[link["source"]] != version_of[link["target"]]
