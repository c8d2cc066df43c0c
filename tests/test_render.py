"""Render stage: JSON contract, HTML safety and content, PDF content, atomic writing.

Comparisons are built by hand here, so these tests never depend on ingest/align/classify.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

import compare.render.pdf
from compare.errors import RenderError, ResourceError
from compare.model import (
    Article,
    Comparison,
    Cue,
    Heading,
    Link,
    Ordering,
    RemovedLine,
    Sentence,
    Story,
)
from compare.render import FORMATS, write_reports
from compare.render.html import render_html
from compare.render.json import from_dict, to_dict
from compare.render.pdf import assets_only_fetcher, render_pdf
from compare.render.view import build_view
from compare.render.worddiff import word_diff
from compare.resources import templates_dir

HOSTILE_SCRIPT = "<script>alert(1)</script> was posted by a reader."
HOSTILE_IMG = 'Officials shared <img src=x onerror="alert(2)"> online.'


def make_article(version: str, paragraphs: list[list[str]], **meta: object) -> Article:
    """An Article whose sentences are real views into its text, paragraph by paragraph."""
    text, sentences, offset = "", [], 0
    for number, paragraph in enumerate(paragraphs):
        if number:
            text += "\n\n"
        for position, sentence in enumerate(paragraph):
            if position:
                text += " "
            start = len(text)
            text += sentence
            sentences.append(
                Sentence(
                    id=f"{version}-s{offset}",
                    version=version,
                    index=offset,
                    paragraph=number,
                    start=start,
                    end=len(text),
                    text=sentence,
                )
            )
            offset += 1
    return Article(id=version, path=f"{version}.txt", text=text, sentences=tuple(sentences), **meta)


def make_comparison() -> Comparison:
    early = make_article(
        "dhaka",
        [
            ["Putin will meet Kim in Pyongyang on Wednesday, the Kremlin said."],
            ["The two leaders are expected to sign a partnership treaty."],
            ["Ushakov said the visit would last two days.", HOSTILE_SCRIPT],
        ],
        headline="Putin heads to North Korea",
        outlet="Dhaka Tribune",
        dateline="MOSCOW",
        published="2024-06-19T12:27",
        published_source="article",
        phase="pre-summit",
        removed=(
            RemovedLine(1, "LATEST NEWS", "navigation"),
            RemovedLine(4, "- Advertisement -", "advertisement"),
        ),
        headings=(Heading(2, "Arsenal for autocracy"),),
    )
    late = make_article(
        "manila",
        [
            ["Putin and Kim signed a strategic partnership treaty in Pyongyang on Wednesday."],
            ["Ushakov said the visit would last two days."],
            [HOSTILE_IMG],
        ],
        headline="Putin, Kim ink strategic alliance treaty",
        outlet=None,
        phase="post-treaty",
        url="https://example.org/putin-kim",
        removed=(RemovedLine(3, "Sunday, November 24, 2024", "page-date"),),
    )
    links = (
        Link("dhaka-s2", "manila-s1", "shared", 1.0),
        Link(
            "dhaka-s1",
            "manila-s0",
            "updated",
            0.62,
            cues=(Cue("outcome", "are expected to sign", "signed"),),
        ),
    )
    ordering = Ordering("published", 0.8, ("dhaka states 12:27, 19 June 2024",))
    return Comparison(
        Story("putin-kim", "Putin and Kim sign a treaty"), (early, late), links, ordering
    )


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return make_comparison()


@pytest.fixture(scope="module")
def html_report(comparison) -> str:
    return render_html(build_view(comparison))


@pytest.fixture(scope="module")
def pdf_text(comparison) -> str:
    reader = PdfReader(BytesIO(render_pdf(build_view(comparison))))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# JSON -------------------------------------------------------------------------------------


def test_json_round_trip_is_lossless(comparison):
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


def test_json_bytes_are_deterministic(tmp_path, comparison):
    first = write_reports(comparison, tmp_path / "a", ["json"])[0].read_bytes()
    second = write_reports(make_comparison(), tmp_path / "b", ["json"])[0].read_bytes()
    assert first == second


# Word diff ---------------------------------------------------------------------------------


def test_word_diff_marks_inserted_and_deleted_words():
    diff = word_diff(
        "Putin will meet Kim on Wednesday.", "Putin met Kim in Pyongyang on Wednesday."
    )
    assert [(s.kind, s.body) for s in diff if s.kind != "same"] == [
        ("del", "will meet"),
        ("ins", "met"),
        ("ins", "in Pyongyang"),
    ]
    assert (
        "".join(s.text for s in diff if s.kind != "del")
        == "Putin met Kim in Pyongyang on Wednesday."
    )
    assert "".join(s.text for s in diff if s.kind != "ins") == "Putin will meet Kim on Wednesday."


def test_word_diff_ignores_quote_style_and_case_but_shows_the_later_text():
    diff = word_diff("He called it “absurd”.", 'he called it "absurd".')
    assert [s.kind for s in diff] == ["same"]
    assert diff[0].text == 'he called it "absurd".'


# HTML --------------------------------------------------------------------------------------


def test_html_escapes_article_text(html_report):
    assert "<script>alert" not in html_report
    assert "<img src=x" not in html_report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_report
    assert "&lt;img src=x onerror=" in html_report
    assert "<script" not in html_report.lower()


def test_html_has_a_csp_and_loads_nothing(html_report):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html_report)
    assert csp and "default-src 'none'" in csp.group(1)
    # The article URL is shown as text only; nothing else may point outside the file.
    page = html_report.replace("https://example.org/putin-kim", "")
    assert not re.search(
        r"https?:|//[a-z]|\bsrc=|\bhref=|@import|url\(", page.replace("&lt;img src=x", "")
    )


def test_html_shows_versions_counts_legend_pairs_uniques_and_furniture(html_report):
    for expected in [
        "Putin and Kim sign a treaty",  # story title
        "Dhaka Tribune",  # outlet
        "manila",  # no outlet: the version id stands in
        "2024-06-19 12:27",
        "(article)",
        "pre-summit",
        "post-treaty",
        "SHARED",
        "UPDATED",
        "UNIQUE",
        "What changed:",
        "are expected to sign",
        "LATEST NEWS",
        "Sunday, November 24, 2024",
        "Arsenal for autocracy",
    ]:
        assert expected in html_report, expected
    assert "<del>will meet Kim</del>" not in html_report  # unlinked sentences are not diffed
    assert "<ins>" in html_report and "<del>" in html_report


def test_html_pairs_follow_the_earlier_version_order(comparison):
    pair = build_view(comparison).pairs[0]
    assert [row.before[0].id for row in pair.rows] == ["dhaka-s1", "dhaka-s2"]
    assert [row.label for row in pair.rows] == ["updated", "shared"]
    assert pair.rows[1].same_words


def test_split_links_become_one_row():
    base = make_comparison()
    late = base.versions[1]
    links = (
        Link("dhaka-s1", "manila-s0", "shared", 0.7, kind="split"),
        Link("dhaka-s1", "manila-s1", "shared", 0.6, kind="split"),
    )
    view = build_view(replace(base, links=links))
    (row,) = view.pairs[0].rows
    assert [s.id for s in row.after] == ["manila-s0", "manila-s1"]
    assert row.kind == "split" and row.score == 0.6
    assert late.sentences[0].text.split()[0] in "".join(s.text for s in row.diff)


def test_no_colour_is_set_in_python():
    render_dir = Path(compare.render.pdf.__file__).parent
    for source in render_dir.glob("*.py"):
        assert not re.search(r"#[0-9a-fA-F]{6}\b|\brgb\(", source.read_text(encoding="utf-8")), (
            source
        )


# PDF ---------------------------------------------------------------------------------------


def test_pdf_contains_sentences_legend_and_counts(pdf_text, comparison):
    for version in comparison.versions:
        for sentence in version.sentences:
            first_words = " ".join(sentence.text.split()[:4])
            assert first_words in pdf_text, first_words
    assert "Only this version carries the sentence" in pdf_text
    assert "1 statements shared, 1 updated" in pdf_text or "1 shared, 1 updated" in pdf_text
    assert re.search(r"Page 1 of \d+", pdf_text)


def test_pdf_metadata_has_the_title(comparison):
    reader = PdfReader(BytesIO(render_pdf(build_view(comparison))))
    assert reader.metadata.title == "Putin and Kim sign a treaty"


def test_pdf_bytes_are_deterministic(comparison):
    harfbuzz_subset = pytest.importorskip("weasyprint.text.ffi").harfbuzz_subset
    if harfbuzz_subset is None:
        pytest.skip("without libharfbuzz-subset0, fontTools stamps the time into font subsets")
    assert render_pdf(build_view(comparison)) == render_pdf(build_view(make_comparison()))


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/x.css", "https://example.org/font.woff", "ftp://host/x"]
)
def test_url_fetcher_refuses_remote_urls(url):
    with pytest.raises(RenderError, match="refused"):
        assets_only_fetcher().fetch(url)


def test_url_fetcher_refuses_local_files_outside_the_assets(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    escape = (templates_dir() / ".." / ".." / "etc" / "passwd").as_uri()
    for url in (secret.as_uri(), "file:///etc/passwd", escape):
        with pytest.raises(RenderError, match="refused"):
            assets_only_fetcher().fetch(url)


def test_url_fetcher_reads_the_assets_themselves():
    response = assets_only_fetcher().fetch((templates_dir() / "report.css").as_uri())
    assert b"@page" in response.read()


def test_pdf_render_stops_when_the_template_asks_for_something_remote(monkeypatch, comparison):
    def with_remote_stylesheet(view):
        return '<html><head><link rel="stylesheet" href="https://example.org/x.css"></head><body>x</body></html>'

    monkeypatch.setattr(compare.render.pdf, "render_html", with_remote_stylesheet)
    with pytest.raises(RenderError, match="refused"):
        render_pdf(build_view(comparison))


# write_reports ------------------------------------------------------------------------------


def test_write_reports_writes_the_formats_asked_in_order(tmp_path, comparison):
    paths = write_reports(comparison, tmp_path / "story", ["pdf", "json"])
    assert paths == [tmp_path / "story" / "report.pdf", tmp_path / "story" / "report.json"]
    assert paths[0].read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in (tmp_path / "story").iterdir()) == ["report.json", "report.pdf"]


def test_write_reports_is_atomic_when_a_renderer_fails(tmp_path, monkeypatch, comparison):
    story_dir = tmp_path / "story"
    previous = write_reports(comparison, story_dir, ["json"])[0].read_bytes()

    def broken(view):
        raise ValueError("layout exploded")

    monkeypatch.setattr(compare.render.pdf, "render_pdf", broken)
    changed = replace(comparison, story=Story("putin-kim", "A new title"))
    with pytest.raises(
        RenderError, match="PDF report could not be rendered: ValueError: layout exploded"
    ):
        write_reports(changed, story_dir, FORMATS)
    assert sorted(p.name for p in story_dir.iterdir()) == ["report.json"]
    assert (story_dir / "report.json").read_bytes() == previous


def test_write_reports_rejects_unknown_formats(tmp_path, comparison):
    with pytest.raises(RenderError, match="docx"):
        write_reports(comparison, tmp_path, ["json", "docx"])
    assert not list(tmp_path.iterdir())


def test_missing_system_libraries_name_the_debian_packages(monkeypatch, comparison):
    import builtins
    import sys

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(ResourceError, match=re.escape("apt-get install -y libpango-1.0-0")):
        render_pdf(build_view(comparison))
