"""An editor's corrections.toml: applied end to end, kept across re-runs, refused when wrong."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from support import REFERENCE_FIX

from compare import cli
from compare.batch import run_batch
from compare.corrections import read_corrections
from compare.errors import InputError
from compare.ingest import read_story
from compare.model import Comparison
from compare.pipeline import compare_articles, compare_inputs
from compare.render.json import from_dict, to_dict
from compare.resources import sample_story_dir, schema_path

# The reference story's two false links and its missed one (issue 16).


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "putin-kim"
    shutil.copytree(sample_story_dir(), folder)
    return folder


@pytest.fixture(scope="module")
def articles():
    return read_story([sample_story_dir()])


def compare_with(tmp_path: Path, articles, text: str) -> Comparison:
    path = tmp_path / "corrections.toml"
    path.write_text(text, encoding="utf-8")
    story, versions = articles
    return compare_articles(story, versions, corrections=read_corrections(path))


def sentence_id(comparison: Comparison, version: str, fragment: str) -> str:
    (found,) = [s.id for s in comparison.version(version).sentences if fragment in s.text]
    return found


def pairs(comparison: Comparison) -> set[frozenset[str]]:
    return {frozenset((k.source, k.target)) for k in comparison.links}


def test_reference_story_fixed_end_to_end(story_dir, tmp_path, capsys):
    before = compare_inputs([story_dir])
    handshake = sentence_id(before, "dhaka", "shook hands with Putin")
    second_meeting = sentence_id(before, "manila", "second meeting in a year")
    ammunition = sentence_id(before, "dhaka", "Russia needs ammunition")
    accused = sentence_id(before, "manila", "accused North Korea of providing ammunition")
    western = sentence_id(before, "dhaka", "Western countries accuse Kim")
    assert {frozenset((handshake, second_meeting)), frozenset((ammunition, accused))} <= pairs(
        before
    ), "the reference story's false links are the aligner's (else this test proves nothing)"
    assert frozenset((western, accused)) not in pairs(before)

    (story_dir / "corrections.toml").write_text(REFERENCE_FIX, encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        cli.main(["report", str(story_dir), "--out", str(tmp_path / "out")])
    assert exited.value.code == 0, capsys.readouterr().err
    report_dir = tmp_path / "out" / "putin-kim"
    data = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(schema_path().read_text(encoding="utf-8")))

    linked = {frozenset((k["source"], k["target"])): k for k in data["links"]}
    assert frozenset((handshake, second_meeting)) not in linked
    assert frozenset((ammunition, accused)) not in linked
    added = linked[frozenset((western, accused))]
    assert (added["by"], added["label"], added["confidence"]) == ("editor", "shared", 1.0)
    assert 0 < added["score"] < 1, "scored the way the aligner scores"
    assert {k["by"] for key, k in linked.items() if key != frozenset((western, accused))} == {
        "aligner"
    }
    assert [(c["action"], c["line"]) for c in data["corrections"]] == [
        ("unlink", 2),
        ("unlink", 6),
        ("link", 10),
    ]
    assert data["corrections"][2]["sentences"] == [western, accused]

    html = (report_dir / "report.html").read_text(encoding="utf-8")
    assert html.count("set by editor") >= 2  # page 1 and the linked row
    assert "Appendix: the editor&#39;s corrections" in html or "the editor's corrections" in html
    pdf_text = subprocess.run(
        ["pdftotext", str(report_dir / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "set by editor" in pdf_text
    assert "3 corrections by an editor applied" in pdf_text
    assert "linked as shared" in pdf_text and "unlinked" in pdf_text

    # The corrections live in the folder: a plain re-run applies them again.
    again = compare_inputs([story_dir])
    assert frozenset((western, accused)) in pairs(again)
    assert frozenset((handshake, second_meeting)) not in pairs(again)


def test_report_json_round_trips_editor_links_and_corrections(tmp_path, articles):
    comparison = compare_with(tmp_path, articles, REFERENCE_FIX)
    data = to_dict(comparison)
    assert to_dict(from_dict(data)) == data


def test_without_corrections_every_link_has_a_calibrated_confidence_and_the_false_ones_are_flagged(
    articles,
):
    story, versions = articles
    comparison = compare_articles(story, versions)
    assert all(0 < link.confidence < 1 and link.by == "aligner" for link in comparison.links)
    weakest = sorted(comparison.links, key=lambda k: k.confidence)[:2]
    texts = {comparison.sentences()[k.source].text for k in weakest}
    assert any("shook hands" in t for t in texts) and any("Russia needs" in t for t in texts)
    assert all(
        a.confidence <= b.confidence
        for a, b in zip(
            sorted(comparison.links, key=lambda k: k.score),
            sorted(comparison.links, key=lambda k: k.score)[1:],
            strict=False,
        )
        if a.kind == b.kind
    ), "confidence rises with the score"


def test_exclude_takes_a_sentence_out_of_alignment(tmp_path, articles):
    comparison = compare_with(
        tmp_path,
        articles,
        '[[exclude]]\nsentence = { version = "manila", text = "Pyongyang has described" }\n',
    )
    texts = [s.text for s in comparison.version("manila").sentences]
    assert not any("Pyongyang has described" in t for t in texts)
    dhaka_twin = sentence_id(comparison, "dhaka", "Pyongyang has described")
    assert comparison.label(dhaka_twin) == "unique", "its partner is gone, so it is unlinked"
    (applied,) = comparison.corrections
    assert applied.action == "exclude" and "Pyongyang" in applied.excerpts[0]


def test_order_and_time_and_relabel(tmp_path, articles):
    comparison = compare_with(
        tmp_path,
        articles,
        """
[order]
versions = ["manila", "dhaka"]

[[time]]
version = "manila"
published = 2024-06-19T09:00:00+08:00

[[link]]
from = "dhaka-s9"
to = { version = "manila", text = "described allegations of supplying weapons" }
label = "updated"
""",
    )
    assert [v.id for v in comparison.versions] == ["manila", "dhaka"]
    assert comparison.ordering.method == "editor"
    manila = comparison.version("manila")
    assert (manila.published, manila.published_source) == ("2024-06-19T09:00+08:00", "editor")
    relabelled = [k for k in comparison.links if "dhaka-s9" in (k.source, k.target)]
    assert [(k.label, k.by) for k in relabelled] == [("updated", "editor")]
    assert [c.action for c in comparison.corrections] == ["order", "time", "link"]


def test_take_groups_versions_as_the_editor_says(tmp_path, articles):
    two = compare_with(tmp_path, articles, '[[take]]\nversions = ["dhaka", "manila"]\n')
    assert [t.versions for t in two.takes] == [("dhaka", "manila")]
    apart = compare_with(tmp_path, articles, '[[take]]\nversions = ["dhaka"]\n')
    assert sorted(t.versions for t in apart.takes) == [("dhaka",), ("manila",)]
    assert to_dict(from_dict(to_dict(two)))["takes"] == to_dict(two)["takes"]


# Every bad correction: one line naming file, line and what is wrong; exit 2; nothing written.
BAD = [
    (
        '[[unlink]]\nfrom = { version = "dhaka", text = "no such words here" }\n'
        'to = { version = "manila", text = "second meeting" }\n',
        2,
        "text 'no such words here' matches no sentence of dhaka",
    ),
    (
        '\n[[link]]\nfrom = { version = "dhaka", text = "Putin" }\nto = "manila-s3"\n',
        3,
        "text 'Putin' matches",
    ),
    (
        '[[exclude]]\nsentence = { version = "tokyo", text = "Putin" }\n',
        2,
        "unknown version 'tokyo'",
    ),
    (
        '[[link]]\nfrom = "dhaka-s2"\nto = "manila-s10"\nlabel = "same"\n',
        4,
        "label 'same' is not one of: shared, updated",
    ),
    ('[[link]]\nfrom = "dhaka-s2"\nto = "manila-s10"\nlabel = \n', 4, "malformed TOML"),
    ('[[link]]\nfrom = "dhaka-s2"\nto = "manila-s99"\n', 3, "no sentence 'manila-s99'"),
    ('[[link]]\nfrom = "dhaka-s2"\nto = "dhaka-s3"\n', 1, "two sentences of dhaka"),
    ('[order]\nversions = ["dhaka"]\n', 1, "order leaves out manila"),
    ('\n\n[[relink]]\nfrom = "dhaka-s2"\n', 3, "unknown correction 'relink'"),
    ('[[link]]\nfrom = "dhaka-s2"\n', 1, "needs to"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_a_bad_correction_is_one_line_exit_2_and_nothing_written(
    story_dir, tmp_path, capsys, text, line, message
):
    corrections = story_dir / "corrections.toml"
    corrections.write_text(text, encoding="utf-8")
    out_dir = tmp_path / "out"
    with pytest.raises(SystemExit) as exited:
        cli.main(["report", str(story_dir), "--out", str(out_dir)])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{corrections}:{line}: " in err and message in err, err
    assert not out_dir.exists()


def test_corrections_option_names_another_file(story_dir, tmp_path, capsys):
    elsewhere = tmp_path / "fixes.toml"
    elsewhere.write_text('[order]\nversions = ["manila", "dhaka"]\n', encoding="utf-8")
    out_dir = tmp_path / "out"
    code = subprocess.run(
        [
            *(sys.executable, "-m", "compare", "report", str(story_dir)),
            *("--out", str(out_dir), "--format", "json", "--corrections", str(elsewhere)),
        ],
        capture_output=True,
        text=True,
    ).returncode
    assert code == 0
    data = json.loads((out_dir / "putin-kim" / "report.json").read_text(encoding="utf-8"))
    assert data["ordering"]["method"] == "editor"
    assert [v["id"] for v in sorted(data["versions"], key=lambda v: v["order"])] == [
        "manila",
        "dhaka",
    ]


def test_a_changed_corrections_file_redoes_the_story_on_resume(story_dir, tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    shutil.move(story_dir, stories / "putin-kim")
    out_dir = tmp_path / "out"
    first = run_batch(stories, out_dir, formats=("json",), workers=1)
    assert first.count("done") == 1
    assert run_batch(stories, out_dir, formats=("json",), workers=1).count("skipped") == 1
    (stories / "putin-kim" / "corrections.toml").write_text(REFERENCE_FIX, encoding="utf-8")
    redone = run_batch(stories, out_dir, formats=("json",), workers=1)
    assert redone.count("done") == 1
    data = json.loads((out_dir / "putin-kim" / "report.json").read_text(encoding="utf-8"))
    assert [c["action"] for c in data["corrections"]] == ["unlink", "unlink", "link"]


def test_fragments_match_folded_text(tmp_path, articles):
    # Manila's page prints curly quotes; the editor types straight ones, in another case.
    comparison = compare_with(
        tmp_path,
        articles,
        '[[exclude]]\nsentence = { version = "manila", text = "THANK THE NORTH \\"FOR ACTING" }\n',
    )
    assert comparison.corrections[0].sentences == ("manila-s22",)


def test_read_corrections_reports_unreadable_file(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_corrections(tmp_path / "missing.toml")


def test_a_corrections_link_out_of_the_folder_is_refused(story_dir, tmp_path, capsys):
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('[order]\nversions = ["manila", "dhaka"]\n', encoding="utf-8")
    (story_dir / "corrections.toml").symlink_to(outside)
    with pytest.raises(SystemExit) as exited:
        cli.main(["report", str(story_dir), "--out", str(tmp_path / "out")])
    assert exited.value.code == 2
    assert "lies outside" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
