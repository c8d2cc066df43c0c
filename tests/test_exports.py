"""CSV exports: links.csv and sentences.csv load with the csv module, as report.json says."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from compare import cli
from compare.batch import run_batch
from compare.render.csv import LINK_COLUMNS, SENTENCE_COLUMNS
from compare.resources import sample_story_dir

FIVE_TAKES = Path(__file__).resolve().parent / "fixtures" / "five-takes"


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def check_against_report(story_dir: Path) -> None:
    report = json.loads((story_dir / "report.json").read_text(encoding="utf-8"))
    columns, links = read_csv(story_dir / "links.csv")
    assert tuple(columns) == LINK_COLUMNS
    assert len(links) == len(report["links"]) > 0
    text = {s["id"]: s["text"] for v in report["versions"] for s in v["sentences"]}
    version = {s["id"]: v["id"] for v in report["versions"] for s in v["sentences"]}
    for row, link in zip(links, report["links"], strict=True):
        assert (row["source"], row["target"], row["label"], row["kind"]) == (
            link["source"], link["target"], link["label"], link["kind"],
        )  # fmt: skip
        assert float(row["score"]) == link["score"]
        assert (row["source_text"], row["target_text"]) == (
            text[link["source"]],
            text[link["target"]],
        )
        assert row["target_version"] == version[link["target"]]
        assert row["cues"].count("→") == len(link["cues"])
    columns, sentences = read_csv(story_dir / "sentences.csv")
    assert tuple(columns) == SENTENCE_COLUMNS
    expected = [
        (v["id"], s)
        for v in sorted(report["versions"], key=lambda v: v["order"])
        for s in v["sentences"]
    ]
    assert len(sentences) == len(expected)
    take = {vid: t["id"] for t in report["takes"] for vid in t["versions"]}
    for row, (vid, sentence) in zip(sentences, expected, strict=True):
        assert (row["version"], row["sentence"], row["label"], row["text"]) == (
            vid, sentence["id"], sentence["label"], sentence["text"],
        )  # fmt: skip
        assert (int(row["index"]), int(row["paragraph"])) == (
            sentence["index"],
            sentence["paragraph"],
        )
        assert row["take"] == take[vid] and row["statement"].startswith("st")


def test_report_format_csv_writes_both_tables(capsys, tmp_path):
    with pytest.raises(SystemExit) as exited:
        cli.main(
            ["report", str(sample_story_dir()), "--out", str(tmp_path), "--format", "json,csv"]
        )
    out = capsys.readouterr().out
    assert exited.value.code == 0
    story_dir = tmp_path / "putin-kim-2024-06-19"
    assert out.split() == [
        str(story_dir / name) for name in ("report.json", "links.csv", "sentences.csv")
    ]
    check_against_report(story_dir)
    # UTF-8 without a byte-order mark, the copy's curly quotes as written
    raw = (story_dir / "sentences.csv").read_bytes()
    assert raw.startswith(b"story,") and "“strategic partnership treaty”".encode() in raw


def test_batch_format_csv_links_the_tables_from_the_index(tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    shutil.copytree(FIVE_TAKES, stories / "five")  # a symlink leading out of INPUT is refused
    result = run_batch(stories, tmp_path / "out", formats=("json", "csv"), workers=1)
    (story,) = result.stories
    assert story.reports == ("five/report.json", "five/links.csv", "five/sentences.csv")
    check_against_report(tmp_path / "out" / "five")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="five/links.csv">links.csv</a>' in page
