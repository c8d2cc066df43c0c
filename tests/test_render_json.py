"""report.json: the contract's content, its round trip and its bytes."""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from compare.align import AlignOptions
from compare.collate import collate
from compare.render import write_reports
from compare.render.html import render_html
from compare.render.json import from_dict, to_dict
from compare.render.view import build_view


def test_json_round_trip_is_lossless(comparison):
    # As the pipeline does: statements and takes filled in, the aligner's options recorded.
    comparison = replace(collate(comparison), alignment=asdict(AlignOptions(candidates=7)))
    data = to_dict(comparison)
    again = from_dict(json.loads(json.dumps(data)))
    # Everything but each statement's cells over the takes, which report.json does not record.
    statements = tuple(replace(st, take_cells=()) for st in comparison.statements)
    assert again == replace(comparison, statements=statements)
    assert to_dict(again) == data


def test_from_dict_reads_the_report_and_computes_nothing_again(comparison):
    data = to_dict(collate(comparison))
    data["statements"], data["takes"] = data["statements"][:1], []
    again = from_dict(data)
    assert [st.id for st in again.statements] == [data["statements"][0]["id"]]
    assert again.takes == ()


def test_a_report_of_schema_1_0_reads_back_as_what_it_holds(comparison):
    data = to_dict(collate(comparison))
    for name in ("statements", "takes", "alignment", "corrections", "warnings"):
        del data[name]
    del data["ordering"]["pairs"]
    for link in data["links"]:
        del link["by"], link["confidence"]
    for version in data["versions"]:
        del version["stamps"], version["time"], version["cut_off_after"], version["not_story"]
    again = from_dict(data)
    assert (again.statements, again.takes, again.alignment) == ((), (), {})
    assert [(k.source, k.target, k.label, k.by, k.confidence) for k in again.links] == [
        (k.source, k.target, k.label, "aligner", None) for k in comparison.links
    ]
    assert "Putin" in render_html(build_view(again))


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


def test_report_text_is_the_standard_librarys_indented_json(comparison):
    # report.json's bytes are a contract: the fast writer (orjson) must give exactly what
    # json.dumps(..., ensure_ascii=False, indent=2) gives, non-ASCII text and floats included.
    from compare.render.json import render_json

    title = 'Déjà vu — «summit» 東京 😀 \u2028 "quoted" \\ tab\t'
    patched = replace(comparison, story=replace(comparison.story, title=title))
    written = render_json(patched)
    assert written == json.dumps(to_dict(patched), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(written)["story"]["title"] == title
    assert any(isinstance(link["score"], float) for link in json.loads(written)["links"])


def test_the_document_is_built_once_per_comparison(comparison):
    collated = collate(comparison)
    assert to_dict(collated) is to_dict(collated)  # the JSON file and the summary line share it
    other = replace(collated, warnings=())
    assert to_dict(other) is not to_dict(collated)
    assert to_dict(other) == to_dict(collated)
