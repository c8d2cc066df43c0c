"""The batch's dashboard: story figures read from reports, the index columns, summaries, roll-up."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from compare.batch import StoryResult, rollup, run_batch
from compare.batch.index import CSV_COLUMNS
from compare.batch.result import LOW_ORDER_CONFIDENCE, Copy, figures_of, outlet_key
from compare.pipeline import compare_inputs
from compare.render.json import to_dict

FIVE_TAKES = Path(__file__).resolve().parent / "fixtures" / "five-takes"


def sentence(version: str, index: int, label: str) -> dict:
    return {"id": f"{version}-s{index}", "label": label}


def cell(version: str, count: int) -> dict:
    return {"version": version, "sentences": [f"{version}-x"] * count}


# Three copies: "wire_0900" and its trim "paper_1000" are take 1, "wire_1200" is take 2.
SMALL_REPORT = {
    "story": {"id": "s", "title": None},
    "versions": [
        {"id": "wire_0900", "order": 0, "outlet": None, "headline": "First take",
         "sentences": [sentence("wire_0900", i, "shared") for i in range(4)]},
        {"id": "paper_1000", "order": 1, "outlet": "The Paper", "headline": None,
         "sentences": [sentence("paper_1000", 0, "shared"), sentence("paper_1000", 1, "unique")]},
        {"id": "wire_1200", "order": 2, "outlet": None, "headline": "Second take",
         "sentences": [sentence("wire_1200", 0, "updated"), sentence("wire_1200", 1, "shared")]},
    ],
    "links": [
        {"source": "wire_0900-s0", "target": "paper_1000-s0", "label": "shared"},
        {"source": "wire_0900-s1", "target": "wire_1200-s0", "label": "updated"},
        {"source": "paper_1000-s0", "target": "wire_1200-s0", "label": "updated"},
    ],
    "ordering": {"method": "content", "confidence": 0.8, "evidence": []},
    "takes": [
        {"id": "wire_0900", "versions": ["wire_0900", "paper_1000"]},
        {"id": "wire_1200", "versions": ["wire_1200"]},
    ],
    "statements": [
        # wire_0900 has 3 sentences paper_1000 lacks (cut 3); paper_1000 adds one (added 1)
        {"cells": [cell("wire_0900", 1), cell("paper_1000", 1), cell("wire_1200", 1)]},
        {"cells": [cell("wire_0900", 2), cell("paper_1000", 0), cell("wire_1200", 0)]},
        {"cells": [cell("wire_0900", 1), cell("paper_1000", 0), cell("wire_1200", 1)]},
        {"cells": [cell("wire_0900", 0), cell("paper_1000", 1), cell("wire_1200", 0)]},
    ],
}  # fmt: skip


def test_figures_of_a_report_count_takes_copies_cuts_and_updates():
    figures = figures_of(SMALL_REPORT)
    assert figures["headline"] == "First take"  # no title: the earliest headline
    assert (figures["versions"], figures["takes"], figures["links"]) == (3, 2, 3)
    assert (figures["sentences"], figures["shared"], figures["updated"], figures["unique"]) == (
        8, 6, 1, 1,
    )  # fmt: skip
    assert figures["updates"] == 2
    assert figures["outlets"] == ("wire", "paper")  # file names up to the first underscore
    assert (figures["order_method"], figures["order_confidence"]) == ("content", 0.8)
    assert figures["warnings"] == ()
    copies = {copy.version: copy for copy in figures["copies"]}
    assert copies["wire_0900"] == Copy(
        "wire_0900", "wire", None, "wire_0900", latest=False, sentences=4, cut=0, added=0,
        updates=0,
    )  # fmt: skip
    paper = copies["paper_1000"]
    assert (paper.stated_outlet, paper.take, paper.latest) == ("The Paper", "wire_0900", False)
    assert (paper.cut, paper.added, paper.updates) == (3, 1, 0)
    latest = copies["wire_1200"]
    assert (latest.latest, latest.cut, latest.added, latest.updates) == (True, 0, 0, 1)


def test_new_report_fields_become_warnings_and_absent_ones_are_empty():
    report = json.loads(json.dumps(SMALL_REPORT))
    report["warnings"] = ["wire_1200 and paper_1000 may be different stories", {"message": "x  y"}]
    report["versions"][1]["cut_off_after"] = 2
    report["takes"][-1]["lost_top"] = [
        {"version": "wire_1200", "starts_at_paragraph": 3, "against": "wire_0900"}
    ]
    report["ordering"]["confidence"] = LOW_ORDER_CONFIDENCE - 0.1
    report["corrections"] = [{"line": 1}, {"line": 2}]
    assert figures_of(report)["warnings"] == (
        "wire_1200 and paper_1000 may be different stories",
        "x y",
        "paper_1000 is cut off after ¶2",  # 1-based, as the report says it
        "wire_1200 lost its top (starts at ¶3)",
        "time order uncertain (confidence 40%)",
        "2 editor corrections",
    )
    assert figures_of({})["versions"] == 0 and figures_of({})["copies"] == ()


def test_figures_of_a_real_comparison_add_up():
    comparison = compare_inputs([FIVE_TAKES])
    figures = figures_of(to_dict(comparison))
    assert figures["headline"] == comparison.story.title
    assert figures["takes"] == len(comparison.takes) >= 2
    assert figures["sentences"] == sum(len(v.sentences) for v in comparison.versions)
    assert figures["shared"] + figures["updated"] + figures["unique"] == figures["sentences"]
    copies = figures["copies"]
    assert [copy.version for copy in copies] == [v.id for v in comparison.versions]
    latest = comparison.takes[-1]
    assert {c.version for c in copies if c.latest} == set(latest.versions)
    for take in comparison.takes:  # the take's most complete version is its yardstick
        representative = next(copy for copy in copies if copy.version == take.id)
        assert (representative.cut, representative.added) == (0, 0)
    updated_targets = {link.target for link in comparison.links if link.label == "updated"}
    assert sum(copy.updates for copy in copies) == len(updated_targets) > 0


def test_story_result_round_trips_through_a_marker_and_old_markers_still_read():
    result = StoryResult(
        story="s", status="done", reports=("s/report.json",),
        made="2026-01-01T00:00:00+00:00", **figures_of(SMALL_REPORT),
    )  # fmt: skip
    assert StoryResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    old = {"story": "s", "status": "done", "versions": 2, "reports": ["s/report.json"]}
    read = StoryResult.from_dict(old)
    assert (read.versions, read.copies, read.warnings, read.made) == (2, (), (), None)


def test_outlet_key_is_the_file_name_up_to_the_first_underscore():
    assert outlet_key({"id": "miamiherald-com_0715-0644"}) == "miamiherald-com"
    assert outlet_key({"id": "dhaka"}) == "dhaka"


def test_rollup_sums_copies_per_outlet_and_its_csv_matches():
    first = StoryResult(story="one", status="done", **figures_of(SMALL_REPORT))
    second = StoryResult(story="two", status="done", **figures_of(SMALL_REPORT))
    rows = rollup.by_outlet([first, second, StoryResult.failure("three", "broken")])
    by_name = {row.outlet: row for row in rows}
    assert [row.outlet for row in rows] == ["wire", "paper"]  # most copies first
    wire, paper = by_name["wire"], by_name["paper"]
    assert (len(wire.stories), wire.copies, wire.latest_take, wire.stale_take) == (2, 4, 2, 2)
    assert (paper.copies, paper.stale_take, paper.stale_pct, paper.cut, paper.added) == (
        2, 2, 100.0, 6, 2,
    )  # fmt: skip
    assert (wire.updates, paper.stated_as) == (2, ["The Paper"])
    table = list(csv.DictReader(io.StringIO(rollup.to_csv(rows))))
    assert tuple(table[0]) == rollup.CSV_COLUMNS
    assert {row["outlet"]: row["cut_per_copy"] for row in table} == {"wire": "0.0", "paper": "3.0"}

    charts = rollup.charts(rows)
    bar = charts["takes"][0]  # the outlet with the most copies spans the whole plot
    assert bar["latest"] + bar["stale"] == pytest.approx(charts["plot"])
    assert bar["stale_x"] == pytest.approx(charts["label_width"] + bar["latest"])
    (paper_edit,) = charts["edits"]  # only outlets that cut or added anything
    assert paper_edit["cut"] == pytest.approx(charts["plot"] / 2)  # the widest edit
    assert paper_edit["added"] == pytest.approx(charts["plot"] / 2 / 3, abs=0.05)


@pytest.fixture(scope="module")
def batch_twice(
    dashboard_stories: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict, dict]:
    stories = dashboard_stories
    out = tmp_path_factory.mktemp("dash") / "out"
    run_batch(stories, out, formats=("json", "html"), workers=2)
    first = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    run_batch(stories, out, formats=("json", "html"), workers=2)
    second = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return out, first, second


def test_a_skipped_story_keeps_the_figures_and_time_of_its_report(batch_twice):
    out, first, second = batch_twice
    before = {row["story"]: row for row in first["stories"]}
    after = {row["story"]: row for row in second["stories"]}
    assert after["five"]["status"] == "skipped" and before["five"]["status"] == "done"
    for name in ("five", "summit"):
        report = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
        figures = figures_of(report)
        for column in ("versions", "takes", "shared", "updated", "unique", "updates", "links"):
            assert after[name][column] == figures[column] == before[name][column], column
        assert after[name]["made"] == before[name]["made"] is not None
        assert after[name]["seconds"] == before[name]["seconds"] > 0
        assert after[name]["headline"] == (report["story"]["title"] or figures["headline"])
    assert after["lonely"]["status"] == "failed"


def test_summary_csv_carries_the_summary_json_columns(batch_twice):
    out, _, summary = batch_twice
    with (out / "summary.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        table = {row["story"]: row for row in reader}
    for row in summary["stories"]:
        line = table[row["story"]]
        assert set(CSV_COLUMNS) <= set(row)
        assert line["outlets"] == "; ".join(row["outlets"])
        assert line["warnings"] == "; ".join(row["warnings"])
        for column in ("status", "versions", "takes", "updated", "order_method", "made"):
            assert line[column] == ("" if row[column] is None else str(row[column])), column


def test_index_and_rollup_pages_show_the_figures(batch_twice):
    out, _, summary = batch_twice
    page = (out / "index.html").read_text(encoding="utf-8")
    five = next(row for row in summary["stories"] if row["story"] == "five")
    assert five["headline"] in page.replace("&#39;", "'")
    assert 'href="five/report.html"' in page and 'href="rollup.html"' in page
    assert 'data-status="skipped"' in page and 'data-status="failed"' in page
    rollup_page = (out / "rollup.html").read_text(encoding="utf-8")
    with (out / "rollup.csv").open(newline="", encoding="utf-8") as handle:
        outlets = list(csv.DictReader(handle))
    versions = sum(row["versions"] or 0 for row in summary["stories"])
    assert sum(int(row["copies"]) for row in outlets) == versions
    assert rollup_page.count("<svg") == 2
    for row in outlets:
        assert f"<strong>{row['outlet']}</strong>" in rollup_page
