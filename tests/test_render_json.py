"""report.json: the contract's content, its round trip and its bytes."""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from compare.align import AlignOptions
from compare.collate import collate
from compare.render import write_reports
from compare.render.json import from_dict, to_dict


def test_json_round_trip_is_lossless(comparison):
    # As the pipeline does: statements and takes filled in, the aligner's options recorded.
    comparison = replace(collate(comparison), alignment=asdict(AlignOptions(candidates=7)))
    data = to_dict(comparison)
    again = from_dict(json.loads(json.dumps(data)))
    assert again == comparison
    assert to_dict(again) == data


def test_every_sentence_appears_once_in_the_json_with_its_label(comparison):
    data = to_dict(comparison)
    labels = {s["id"]: s["label"] for v in data["versions"] for s in v["sentences"]}
    ids = [s["id"] for v in data["versions"] for s in v["sentences"]]
    assert sorted(ids) == sorted(s.id for v in comparison.versions for s in v.sentences)
    assert len(ids) == len(set(ids))
    assert labels["dhaka-s1"] == labels["manila-s0"] == "updated"
    assert labels["dhaka-s2"] == labels["manila-s1"] == "shared"
    assert [i for i, label in labels.items() if label == "unique"] == [
        "dhaka-s0",
        "dhaka-s3",
        "manila-s2",
    ]


def test_json_sentences_are_views_into_the_version_text(comparison):
    for version in to_dict(comparison)["versions"]:
        for s in version["sentences"]:
            assert version["text"][s["start"] : s["end"]] == s["text"]


def test_json_summary_and_order(comparison):
    data = to_dict(comparison)
    assert [v["id"] for v in data["versions"]] == ["dhaka", "manila"]
    assert [v["order"] for v in data["versions"]] == [0, 1]
    assert data["summary"]["versions"]["dhaka"] == {
        "sentences": 4,
        "shared": 1,
        "updated": 1,
        "unique": 2,
    }
    assert data["summary"]["links"] == {"shared": 1, "updated": 1}
    assert data["links"][1]["cues"] == [
        {"kind": "outcome", "before": "are expected to sign", "after": "signed"}
    ]


def test_json_bytes_are_deterministic(tmp_path, comparison, make_comparison):
    first = write_reports(comparison, tmp_path / "a", ["json"])[0].read_bytes()
    second = write_reports(make_comparison(), tmp_path / "b", ["json"])[0].read_bytes()
    assert first == second
