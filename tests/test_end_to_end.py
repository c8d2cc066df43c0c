"""The whole pipeline on the reference story, against links labelled by hand."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from compare.model import Comparison
from compare.pipeline import compare_inputs, run_report
from compare.render.json import to_dict
from compare.resources import sample_story_dir, schema_path

FIXTURE = Path(__file__).parent / "fixtures" / "putin-kim-2024-06-19.links.json"

# A regression floor for link F1 on the hand-labelled reference story.  The aligner's defaults
# are calibrated on the dev sets only (benchmarks/eval, docs/quality.md); on this fixture they
# measure 0.87 (10 of 11 links, 2 spurious).  The floor sits just under that, so a change that
# loses a link fails here; improvements are measured by `make eval`, not tuned against this.
MIN_LINK_F1 = 0.85


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare_inputs([sample_story_dir()])


def expected_links() -> list[dict[str, str]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data["links"] if isinstance(data, dict) else data


def find_sentence(comparison: Comparison, version: str, prefix: str) -> str:
    matches = [s.id for s in comparison.version(version).sentences if s.text.startswith(prefix)]
    assert len(matches) == 1, f"{prefix!r} matches {len(matches)} sentences of {version}"
    return matches[0]


def test_versions_come_out_in_news_order_with_their_phases(comparison):
    assert [v.id for v in comparison.versions] == ["dhaka", "manila"]
    assert [v.phase for v in comparison.versions] == ["pre-summit", "post-treaty"]
    dhaka, manila = comparison.versions
    assert dhaka.published == "2024-06-19T12:27"
    assert manila.published is None, "the Manila page only shows the day it was viewed"


def test_link_f1_against_hand_labels(comparison):
    truth = {
        (
            find_sentence(comparison, "dhaka", t["source"]),
            find_sentence(comparison, "manila", t["target"]),
        )
        for t in expected_links()
    }
    found = {(link.source, link.target) for link in comparison.links}
    true_positives = len(truth & found)
    precision = true_positives / len(found)
    recall = true_positives / len(truth)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= MIN_LINK_F1, f"precision {precision:.2f} recall {recall:.2f} f1 {f1:.2f}"


def test_both_temporal_updates_are_found_and_labelled(comparison):
    updates = {(link.source, link.target) for link in comparison.links if link.label == "updated"}
    for truth in expected_links():
        if truth["label"] == "updated":
            pair = (
                find_sentence(comparison, "dhaka", truth["source"]),
                find_sentence(comparison, "manila", truth["target"]),
            )
            assert pair in updates, f"missed update {truth['source']!r} → {truth['target']!r}"


def test_every_sentence_has_exactly_one_label(comparison):
    report = to_dict(comparison)
    ids = [s["id"] for v in report["versions"] for s in v["sentences"]]
    assert len(ids) == len(set(ids))
    assert {s["label"] for v in report["versions"] for s in v["sentences"]} <= {
        "shared",
        "updated",
        "unique",
    }


def test_demo_reports_validate_and_contain_the_story(tmp_path):
    paths = run_report([sample_story_dir()], tmp_path)
    by_ext = {p.suffix: p for p in paths}
    report = json.loads(by_ext[".json"].read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(schema_path().read_text(encoding="utf-8")))

    pdf_text = " ".join(page.extract_text() for page in PdfReader(by_ext[".pdf"]).pages)
    pdf_words = " ".join(pdf_text.split())
    for version in report["versions"]:
        for sentence in version["sentences"][:3]:
            # PDF text extraction reflows lines; compare on the first words only.
            assert " ".join(sentence["text"].split()[:5]) in pdf_words


def test_markup_in_input_never_reaches_the_html_unescaped(tmp_path):
    sample = sample_story_dir()
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        (sample / "manila.txt").read_text(encoding="utf-8")
        + '\n\nOfficials said <script>alert("x")</script>'
        + " and <img src=x onerror=alert(1)> later.\n",
        encoding="utf-8",
    )
    paths = run_report([sample / "dhaka.txt", hostile], tmp_path / "out", formats=["html"])
    html = paths[0].read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert" in html


RUSSIAN_MEDIA = Path("/work/shared/corpus/helsinki-2018-07-16_ap-trump-wins-sympathy-russian-media")


@pytest.mark.skipif(not RUSSIAN_MEDIA.is_dir(), reason="shared corpus not present")
def test_the_later_take_with_a_bare_date_follows_the_takes_it_builds_on():
    # The Boston Globe page states only "July 16, 2018" (the whole day, not midnight) and alone
    # carries Trump's Monday-morning tweet from Helsinki: it ran the later take.
    comparison = compare_inputs([RUSSIAN_MEDIA])
    order = [v.id for v in comparison.versions]
    assert order[-1] == "bostonglobe-com"
    assert comparison.takes[-1].versions == ("bostonglobe-com",)
    globe = comparison.version("bostonglobe-com")
    assert [(s.precision, s.zone) for s in globe.stamps] == [("day", None)]
    tweet = next(s.id for s in globe.sentences if "NEVER been worse" in s.text)
    row = next(st for st in comparison.statements if any(tweet in c.sentences for c in st.cells))
    states = {cell.version: cell.state for cell in row.take_cells}
    assert states["bostonglobe-com"] == "first"
    assert "dropped" not in states.values()  # no take after it dropped it
    # The stamps overlap (a whole day of unknown zone), so the text decides, and says how sure.
    step = next(p for p in comparison.ordering.pairs if p.later == "bostonglobe-com")
    assert step.basis == "text" and 0.5 < step.confidence < 1.0
