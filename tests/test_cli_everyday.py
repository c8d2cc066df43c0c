"""The command line's everyday edges: bare usage, options checked first, which files are
versions, and the one-line summary after the paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compare import cli, pipeline
from compare.batch import runner
from compare.resources import sample_story_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        cli.main(list(argv))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def test_bare_command_prints_the_usage_on_several_lines(capsys):
    code, _, err = run(capsys)
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith("Usage: story-compare")
    assert len(lines) > 5 and any(line.strip().startswith("report") for line in lines)


@pytest.mark.parametrize("command", ["report", "batch"])
def test_an_unwritable_out_fails_at_once_without_any_work(capsys, monkeypatch, tmp_path, command):
    def no_work(*args, **kwargs):
        raise AssertionError("the comparison started before --out was checked")

    monkeypatch.setattr(pipeline, "run_report", no_work)
    monkeypatch.setattr(runner, "run_batch", no_work)  # the CLI imports it when it runs
    source = sample_story_dir() if command == "report" else sample_story_dir().parent
    code, out, err = run(capsys, command, str(source), "--out", "/proc/nope")
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and "/proc/nope" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, command, str(source), "--out", str(blocker / "sub"))
    assert code == 2 and "is not a folder" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # the probe left nothing


@pytest.fixture
def folder_with_extras(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(sample_story_dir(), folder)
    (folder / "notes.txt").write_text("Call the desk about the Manila copy.\n")
    (folder / "README.md").write_text("# What this folder is\n")
    (folder / "LICENSE").write_text("All rights reserved.\n")
    (folder / "links.csv").write_text("a,b\n")
    (folder / ".hidden.txt").write_text("never seen\n")
    return folder


def test_only_article_pages_are_versions_and_each_skipped_file_is_named(
    capsys, folder_with_extras, tmp_path
):
    code, out, err = run(
        capsys,
        "report",
        str(folder_with_extras),
        "--out",
        str(tmp_path / "out"),
        "--format",
        "json",
    )
    assert code == 0, err
    report = json.loads(Path(out.split()[0]).read_text(encoding="utf-8"))
    assert sorted(v["id"] for v in report["versions"]) == ["dhaka", "manila"]
    notes = [line for line in err.splitlines() if "skipped" in line]
    assert sorted(line.split("skipped ")[1].split(":")[0] for line in notes) == [
        "LICENSE", "README.md", "links.csv", "notes.txt",
    ]  # fmt: skip
    assert all(line.startswith(f"story-compare: {folder_with_extras}: skipped ") for line in notes)


GALLERY = "Photo: Jane Doe, AP\nImage 1 of 9\nPhoto: John Roe, AFP\nImage 2 of 9\n"


def test_a_gallery_page_in_a_story_folder_is_skipped_with_a_note(capsys, tmp_path):
    # A scraper's folder holds a photo gallery of the story (captions, credits, nothing else):
    # it is no version, as a README is not; named by the user, it is refused.
    folder = tmp_path / "story"
    shutil.copytree(sample_story_dir(), folder)
    (folder / "gallery.txt").write_text(GALLERY)
    argv = ("--out", str(tmp_path / "out"), "--format", "json")
    code, out, err = run(capsys, "report", str(folder), *argv)
    assert code == 0, err
    report = json.loads(Path(out.split()[0]).read_text(encoding="utf-8"))
    assert sorted(v["id"] for v in report["versions"]) == ["dhaka", "manila"]
    note = f"story-compare: {folder}: skipped gallery.txt: no article text found after removing"
    assert note in err  # the note says why, as the refusal does
    code, out, err = run(capsys, "report", str(folder / "dhaka.txt"), str(folder / "gallery.txt"))
    assert (code, out) == (2, "") and "gallery.txt: no article text found" in err
    (folder / "story.toml").write_text('[[versions]]\nfile = "gallery.txt"\n')
    code, _, err = run(capsys, "report", str(folder), *argv)
    assert code == 2 and "gallery.txt: no article text found" in err


def test_files_story_toml_does_not_list_are_still_versions(capsys, folder_with_extras, tmp_path):
    # Issue 16: a story.toml that annotates some versions never drops the others.
    (folder_with_extras / "story.toml").write_text(
        '[[versions]]\nfile = "dhaka.txt"\n\n[[versions]]\nfile = "notes.txt"\n'
    )
    code, out, err = run(
        capsys,
        "report",
        str(folder_with_extras),
        "--out",
        str(tmp_path / "out"),
        "--format",
        "json",
    )
    assert code == 0, err  # listed, notes.txt is a version: the list decides for what it names
    report = json.loads(Path(out.split()[0]).read_text(encoding="utf-8"))
    assert sorted(v["id"] for v in report["versions"]) == ["dhaka", "manila", "notes"]
    assert "manila.txt" not in err


def test_report_prints_a_summary_line_unless_quiet(capsys, tmp_path):
    argv = ("report", str(sample_story_dir()), "--out", str(tmp_path), "--format", "json")
    code, out, err = run(capsys, *argv)
    assert code == 0
    report = json.loads(Path(out.split()[0]).read_text(encoding="utf-8"))
    updated = sum(link["label"] == "updated" for link in report["links"])
    confidence = round(report["ordering"]["confidence"] * 100)
    takes = len(report["takes"])
    assert err.splitlines()[-1] == (
        f"story-compare: 2 versions in {takes} take{'s' * (takes != 1)}, "
        f"{len(report['links'])} links "
        f"({updated} updated), ordered by {report['ordering']['method']} "
        f"(confidence {confidence}%)"
    )
    code, quiet_out, quiet_err = run(capsys, *argv, "--quiet")
    assert (code, quiet_out, quiet_err) == (0, out, "")
