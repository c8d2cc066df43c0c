"""Render stage: JSON contract, HTML safety and content, PDF content, atomic writing.

Comparisons are built by hand here, so these tests never depend on ingest/align/classify.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

import compare.render.pdf
from compare.collate import collate
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
from compare.render.svg import Path as SvgPath
from compare.render.svg import Rect
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


SUBJECTS = (
    "The council", "Officials", "The mayor", "Residents", "Engineers", "The ministry",
    "Witnesses", "The company", "Police", "Analysts", "The union", "Doctors",
)  # fmt: skip
LONG_SENTENCE_WORDS = 260  # one sentence taller than a page column: its row must break


def long_sentence(number: int, subject: str, words: int = 14) -> str:
    """A sentence whose first four words are unique in the story ("Item 17: The council …")."""
    filler = " ".join(f"detail{n}" for n in range(words))
    return f"Item {number}: {subject} said on Tuesday that {filler} would follow."


def make_long_comparison(total: int = 200) -> Comparison:
    """Two versions, ``total`` sentences in all: most shared, some updated (with cues), some
    moved, a handful unique on each side, one sentence longer than a page column."""
    early_count = total // 2 + 10
    early = [
        long_sentence(
            i, SUBJECTS[i % len(SUBJECTS)], LONG_SENTENCE_WORDS if i == 40 else 10 + i % 9
        )
        for i in range(early_count)
    ]
    kept = [i for i in range(early_count) if i % 7 != 3]  # every seventh sentence is cut
    kept = kept[: total - early_count - 12]
    # Move a few statements to the top, as a later take does with news that happened.
    moved = [i for i in kept if i % 31 == 5]
    kept = moved + [i for i in kept if i not in moved]
    late_texts, links = [], []
    for position, i in enumerate(kept):
        if i % 11 == 2:  # an update: the statement reaches a new state
            late_texts.append(early[i].replace("would follow", "followed"))
            cues = (Cue("tense", "would follow", "followed"),)
            links.append(Link(f"early-s{i}", f"late-s{position}", "updated", 0.8, cues=cues))
        else:
            late_texts.append(early[i])
            links.append(Link(f"early-s{i}", f"late-s{position}", "shared", 1.0))
    late_texts += [
        long_sentence(1000 + n, SUBJECTS[n % len(SUBJECTS)])
        for n in range(total - early_count - len(kept))
    ]

    def paragraphs(texts: list[str]) -> list[list[str]]:
        return [texts[at : at + 2] for at in range(0, len(texts), 2)]

    return Comparison(
        Story("long-story", "A long story: two hundred sentences in two versions"),
        (
            make_article(
                "early",
                paragraphs(early),
                headline="Council weighs the plan",
                outlet="Early Wire",
                phase="before",
            ),
            make_article(
                "late",
                paragraphs(late_texts),
                headline="Council adopts the plan",
                outlet="Late Post",
                phase="after",
            ),
        ),
        tuple(links),
        Ordering("published", 0.9, ("early states 09:00, late 18:00",)),
    )


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return make_comparison()


@pytest.fixture(scope="module")
def html_report(comparison) -> str:
    return render_html(build_view(comparison))


@pytest.fixture(scope="module")
def pdf_bytes(comparison) -> bytes:
    return render_pdf(build_view(comparison))


@pytest.fixture(scope="module")
def pdf_text(pdf_bytes) -> str:
    return _text(PdfReader(BytesIO(pdf_bytes)))


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_pdf(build_view(make_long_comparison()))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _outline_titles(outline: list) -> list:
    """The PDF outline as titles, a nested list for each level below."""
    return [_outline_titles(item) if isinstance(item, list) else item.title for item in outline]


def need_binary(name: str) -> str:
    """The path of a poppler tool; skipped where it is missing, except in CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: install poppler-utils (make test does)")
        pytest.skip(f"{name} is not installed (poppler-utils)")
    return path


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.bodies: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.bodies else None

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.bodies[self._open].append(data)


# JSON -------------------------------------------------------------------------------------


def test_json_round_trip_is_lossless(comparison):
    comparison = collate(comparison)  # as the pipeline does: statements and takes filled in
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
    # The one script is the report's own, at the end of the body.
    assert html_report.lower().count("<script") == 1
    assert re.search(r"<script>\(function \(\) \{.*\}\)\(\);</script>\s*</body>", html_report, re.S)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_html_has_a_csp_and_loads_nothing(html_report):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html_report)
    assert csp
    policy = {d.split()[0]: d.split()[1:] for d in csp.group(1).split("; ")}
    assert policy["default-src"] == ["'none'"]
    tags = _Tags(html_report)
    # Script and style are admitted by the hash of their exact text, nothing else.
    (script,) = tags.bodies["script"]
    (style,) = tags.bodies["style"]
    assert policy["script-src"] == [_sha256(script)]
    assert policy["style-src"] == [_sha256(style)]
    assert "unsafe-inline" not in csp.group(1)
    # Nothing points outside the file; no inline handlers or styles (the CSP would block them).
    for tag, attrs in tags.tags:
        assert "src" not in attrs, tag
        assert "style" not in attrs, tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert (attrs.get("href") or "#").startswith("#"), attrs
    page = html_report.replace("https://example.org/putin-kim", "")  # shown as text only
    assert not re.search(r"https?:|//[a-z]|@import|url\((?!#)", page)


def test_html_links_and_partners_point_inside_the_page(comparison):
    long = make_long_comparison()
    tags = _Tags(render_html(build_view(long)))
    ids = {attrs["id"] for _, attrs in tags.tags if attrs.get("id")}
    hrefs = {attrs["href"][1:] for _, attrs in tags.tags if attrs.get("href")}
    assert hrefs and hrefs <= ids
    sentence_ids = {s.id for v in long.versions for s in v.sentences}
    for _, attrs in tags.tags:
        for name in ("data-sid", "data-partners"):
            assert set((attrs.get(name) or "").split()) <= sentence_ids
    # a linked sentence names its partner: dhaka-s1 → manila-s0 in the small story
    small = _Tags(render_html(build_view(comparison)))
    assert ("p", "dhaka-s1", "manila-s0") in {
        (tag, attrs.get("data-sid"), attrs.get("data-partners")) for tag, attrs in small.tags
    }


def test_figures_carry_their_styles_in_print_only(comparison):
    view = build_view(comparison)
    screen, printed = render_html(view), render_html(view, medium="print")
    figures = len(view.versions) + 1 + 3  # composition bars, the map, the legend keys
    assert screen.count('<svg class="figure') == printed.count('<svg class="figure') == figures
    assert printed.count(".link-updated {") == figures + 1  # each figure, and the page
    assert screen.count(".link-updated {") == 1


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
        "https://example.org/putin-kim",  # the source, as text
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


def test_page_one_lists_top_updates_by_evidence_and_the_headline_change():
    view = build_view(make_long_comparison())
    assert len(view.top_updates) == 5 and view.more_updates == 3
    assert all(update.row.label == "updated" for update in view.top_updates)
    assert [s.title for s in view.sections[:4]] == [
        "Versions",
        "How to read this report",
        "Headline change",
        "Top updates",
    ]
    (change,) = view.headline_changes
    assert [(seg.kind, seg.body) for seg in change.diff if seg.kind != "same"] == [
        ("del", "weighs"),
        ("ins", "adopts"),
    ]
    excerpt = "".join(seg.text for seg in view.top_updates[0].excerpt)
    assert excerpt.startswith("… ") and "Item" not in excerpt  # the unchanged start is cut
    assert excerpt.endswith("would follow followed.")
    assert view.contents and not build_view(make_comparison()).contents


def test_pairs_count_moved_statements():
    (pair,) = build_view(make_long_comparison()).pairs
    assert pair.moved == 3  # the three statements the later version put on top


def test_alignment_map_has_a_mark_per_sentence_and_a_line_per_link(comparison):
    view = build_view(comparison)
    shapes = view.alignment_map.shapes
    marks = [shape for shape in shapes if isinstance(shape, Rect)]
    assert sorted(m.sentence for m in marks) == sorted(
        s.id for v in comparison.versions for s in v.sentences
    )
    lines = {shape.classes: shape.d for shape in shapes if isinstance(shape, SvgPath)}
    # one curve per link, one path per label
    assert {label: d.count("M ") for label, d in lines.items()} == {
        "link link-shared": 1,
        "link link-updated": 1,
    }
    long_map = build_view(make_long_comparison()).alignment_map
    assert sum(s.d.count("M ") for s in long_map.shapes if isinstance(s, SvgPath)) == 78
    labels = {m.sentence: m.classes for m in marks}
    assert labels["dhaka-s0"] == "mark mark-unique" and labels["dhaka-s1"] == "mark mark-updated"
    # marks go down the column in document order
    dhaka = [m for m in marks if m.sentence.startswith("dhaka")]
    assert [m.y for m in dhaka] == sorted(m.y for m in dhaka)


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


def test_pdf_metadata(pdf_bytes):
    metadata = PdfReader(BytesIO(pdf_bytes)).metadata
    assert metadata.title == "Putin and Kim sign a treaty"
    assert metadata.subject == "How 2 versions of story putin-kim compare, sentence by sentence"
    assert metadata["/Keywords"] == "story-compare, putin-kim, Dhaka Tribune, manila"
    assert metadata.creator.startswith("story-compare ")
    assert metadata.creation_date is None and metadata.modification_date is None


def test_pdf_is_a4_with_an_outline_of_the_sections(pdf_bytes):
    reader = PdfReader(BytesIO(pdf_bytes))
    sizes = {(round(page.mediabox.width), round(page.mediabox.height)) for page in reader.pages}
    assert sizes == {(595, 842)}
    assert _outline_titles(reader.outline) == [
        "Versions",
        "How to read this report",
        "Headline change",
        "Top updates",
        "Alignment map",
        "Side by side: Dhaka Tribune → manila",
        "Only in one version",
        ["Dhaka Tribune: 2 of 4 sentences unique", "manila: 1 of 3 sentences unique"],
        "Appendix: page furniture removed before comparing",
        ["Dhaka Tribune dhaka.txt", "manila manila.txt"],
    ]


def test_pdf_embeds_every_font(pdf_bytes, tmp_path):
    pdffonts = need_binary("pdffonts")
    (tmp_path / "report.pdf").write_bytes(pdf_bytes)
    listing = subprocess.run(
        [pdffonts, str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:  # name type encoding emb sub uni object ID
        assert line.split()[-5] == "yes", line


def test_pdf_page_one_renders_to_png(pdf_bytes, tmp_path):
    pdftoppm = need_binary("pdftoppm")
    (tmp_path / "report.pdf").write_bytes(pdf_bytes)
    pdf, png = tmp_path / "report.pdf", tmp_path / "page1"
    subprocess.run(
        [pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
        check=True,
    )
    assert (tmp_path / "page1.png").read_bytes().startswith(b"\x89PNG")


def test_long_story_pdf_has_contents_and_every_sentence(long_pdf):
    reader = PdfReader(BytesIO(long_pdf))
    assert len(reader.pages) > 4
    contents = " ".join(reader.pages[1].extract_text().split())
    assert contents.startswith("Contents")
    # each entry ends with its page number (after a dotted leader)
    assert re.search(r"Side by side: Early Wire → Late Post[ .]*\d+", contents)
    assert re.search(r"Appendix: page furniture removed before comparing[ .]*\d+", contents)
    text = _text(reader)
    for version in make_long_comparison().versions:
        for sentence in version.sentences:
            first_words = " ".join(sentence.text.split()[:4])
            assert first_words in text, first_words
    assert "detail259 would follow." in text  # the sentence longer than a page, to its end


def test_pdf_bytes_are_deterministic(pdf_bytes):
    harfbuzz_subset = pytest.importorskip("weasyprint.text.ffi").harfbuzz_subset
    if harfbuzz_subset is None:
        pytest.skip("without libharfbuzz-subset0, fontTools stamps the time into font subsets")
    again = render_pdf(build_view(make_comparison()))  # a new but equal comparison
    assert again == pdf_bytes
    assert b"/ID [" in again  # derived from the content, so it is the same too


def test_pdf_render_fails_when_weasyprint_drops_something(monkeypatch, comparison):
    def with_broken_image(view, **options):
        return '<p>x</p><img alt="" src="data:image/png;base64,AAAA">'

    monkeypatch.setattr(compare.render.pdf, "render_html", with_broken_image)
    with pytest.raises(RenderError, match="Failed to load image"):
        render_pdf(build_view(comparison))


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
    def with_remote_stylesheet(view, **options):
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
