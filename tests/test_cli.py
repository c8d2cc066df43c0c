"""The command line: commands, options, exit codes, one-line errors, files written."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from support import assert_one_line_error, run

from compare import cli, pipeline
from compare.align import AlignOptions
from compare.resources import sample_story_dir


@pytest.mark.parametrize("command", [[], ["report"], ["demo"]])
def test_every_command_has_help(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert "Usage:" in out


def test_version(capsys):
    from compare import __version__

    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert __version__ in out


def test_module_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "compare", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "report" in done.stdout and "demo" in done.stdout


def test_demo_writes_all_three_reports(capsys, tmp_path):
    code, out, err = run(capsys, "demo", "--out", str(tmp_path))
    assert code == 0, err
    story_dir = tmp_path / "putin-kim-2024-06-19"
    expected = [story_dir / f"report.{ext}" for ext in ("json", "html", "pdf")]
    assert out.split() == [str(p) for p in expected]
    for path in expected:
        assert path.stat().st_size > 0
    assert expected[2].read_bytes().startswith(b"%PDF")
    assert not list(story_dir.glob(".*.tmp")), "temporary files left behind"


def test_report_from_files_with_format_and_story_id(capsys, tmp_path):
    sample = sample_story_dir()
    code, out, err = run(
        capsys,
        "report",
        str(sample / "dhaka.txt"),
        str(sample / "manila.txt"),
        "--out",
        str(tmp_path),
        "--format",
        "json",
        "--story-id",
        "my story",
    )
    assert code == 0, err
    written = [Path(p) for p in out.split()]
    assert len(written) == 1 and written[0].name == "report.json"
    assert written[0].parent.parent == tmp_path
    report = json.loads(written[0].read_text())
    assert report["story"]["id"] == written[0].parent.name
    assert {v["path"] for v in report["versions"]} == {
        str(sample / "dhaka.txt"),
        str(sample / "manila.txt"),
    }


def test_story_id_cannot_escape_the_output_folder(capsys, tmp_path):
    sample = sample_story_dir()
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys,
        "report",
        str(sample),
        "--out",
        str(out_dir),
        "--format",
        "json",
        "--story-id",
        "../../escape",
    )
    assert code == 0, err
    written = Path(out.split()[0]).resolve()
    assert out_dir.resolve() in written.parents


def test_missing_file_is_a_one_line_input_error(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "report",
        str(tmp_path / "nope.txt"),
        str(sample_story_dir() / "dhaka.txt"),
        "--out",
        str(tmp_path / "out"),
    )
    assert code == 2
    assert_one_line_error(err)
    assert "nope.txt" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("report.*"))


def test_single_version_is_refused(capsys, tmp_path):
    code, _, err = run(
        capsys, "report", str(sample_story_dir() / "dhaka.txt"), "--out", str(tmp_path)
    )
    assert code == 2
    assert_one_line_error(err)


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "a.txt", "b.txt", "--format", "docx"],
        ["report", "a.txt", "b.txt", "--no-such-option"],
        ["report", "a.txt", "b.txt", "--link-threshold", "2"],
        ["report", "a.txt", "b.txt", "--candidates", "0"],
        ["report", "a.txt", "b.txt", "--order-weight", "heavy"],
        ["report"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert_one_line_error(err)


def test_alignment_options_are_the_fields_of_align_options():
    from dataclasses import fields

    for command in (cli.cli.commands["report"], cli.cli.commands["batch"]):
        given = {param.name: param.default for param in command.params}
        for option in fields(AlignOptions):
            assert given[option.name] == option.default, (command.name, option.name)


def test_alignment_options_change_the_links_and_are_recorded(capsys, tmp_path):
    sample = sample_story_dir()
    inputs = [str(sample / "dhaka.txt"), str(sample / "manila.txt")]

    def links_with(*options: str) -> dict:
        code, _, err = run(capsys, "report", *inputs, "--format", "json", "--out", str(tmp_path),
                           "--story-id", "s", *options)  # fmt: skip
        assert code == 0, err
        return json.loads((tmp_path / "s" / "report.json").read_text(encoding="utf-8"))

    default = links_with()
    strict = links_with("--link-threshold", "0.6", "--split-containment", "0.9")
    assert default["alignment"] == asdict(AlignOptions())
    assert strict["alignment"]["link_threshold"] == 0.6
    assert strict["alignment"]["split_containment"] == 0.9
    assert 0 < len(strict["links"]) < len(default["links"])
    assert min(link["score"] for link in strict["links"] if link["kind"] == "one-to-one") >= 0.6


def test_unexpected_failure_exits_1_without_traceback(capsys, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(pipeline, "run_report", broken)
    code, _, err = run(capsys, "demo", "--out", str(tmp_path))
    assert code == 1
    assert_one_line_error(err)
    assert "boom" in err


# What start-up must not load: the stages and renderers (nltk, numpy, the assignment solver,
# jinja2, WeasyPrint), scipy, whose presence would make nltk's package import scipy.stats, and
# the readers' libraries (each is loaded when its reader runs: lxml and trafilatura for HTML,
# markdown-it-py and PyYAML for Markdown, dateutil for a stated time, http.client for a URL,
# charset-normalizer for text that is not UTF-8).
HEAVY_MODULES = (
    "lxml",
    "trafilatura",
    "markdown_it",
    "yaml",
    "dateutil",
    "http.client",
    "charset_normalizer",
    "nltk",
    "numpy",
    "lap",
    "scipy",
    "jinja2",
    "weasyprint",
    "tqdm",
    "compare.render.view",
    "compare.render.html",
    "compare.render.pdf",
    "compare.batch.runner",
)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--version"], 0),
        (["--help"], 0),
        (["report", "--help"], 0),
        (["report", "no-such-a.txt", "no-such-b.txt"], 2),  # missing files
        (["report", "README.md"], 2),  # one version only
        (["report", "README.md", "no-such.html"], 2),  # a Markdown file and a missing page
        (["report", "--format", "docx", "a", "b"], 2),
        (["batch", "no-such-folder"], 2),
    ],
)
def test_start_up_and_bad_input_load_nothing_heavy(tmp_path, argv, code):
    assert exit_and_loaded(tmp_path, argv, HEAVY_MODULES) == [code, []]


def test_a_json_report_loads_no_html_or_pdf_renderer(tmp_path):
    # The JSON report needs neither jinja2, the view-model nor WeasyPrint: a script asking for
    # report.json does not wait for them.
    versions = {
        "early": "Ministers will sign the fishing accord in Oslo on Friday. Crews are worried.",
        "late": "Ministers signed the fishing accord in Oslo on Friday. Crews are worried.",
    }
    for name, text in versions.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    argv = ["report", str(tmp_path / "early.txt"), str(tmp_path / "late.txt")]
    argv += ["--format", "json", "--out", str(tmp_path / "out")]
    renderers = ("jinja2", "weasyprint", "compare.render.view", "compare.render.html")
    assert exit_and_loaded(tmp_path, argv, renderers) == [0, []]
    assert (tmp_path / "out").is_dir()


def exit_and_loaded(tmp_path: Path, argv: list[str], modules: tuple[str, ...]) -> list:
    """[exit code, which of ``modules`` were loaded] of the CLI run on ``argv`` in a fresh
    interpreter (this test process has every module loaded already)."""
    result = tmp_path / "result.json"
    probe = (
        "import json, sys\n"
        "from compare.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exited:\n"
        f"    loaded = [m for m in {modules!r} if m in sys.modules]\n"
        f"    open({str(result)!r}, 'w').write(json.dumps([exited.code, loaded]))\n"
    )
    subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(result.read_text())
