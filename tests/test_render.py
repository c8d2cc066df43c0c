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
from collections import Counter
from dataclasses import asdict, replace
from html.parser import HTMLParser
from io import BytesIO
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader

import compare.render.pdf
from compare.align import AlignOptions
from compare.collate import collate
from compare.errors import InputError, RenderError, ResourceError
from compare.model import (
    Article,
    Comparison,
    Cue,
    Heading,
    Link,
    Ordering,
    PairOrder,
    RemovedLine,
    ReportWarning,
    Sentence,
    Story,
)
from compare.render import FORMATS, write_reports
from compare.render.html import render_html
from compare.render.json import from_dict, to_dict
from compare.render.pdf import assets_only_fetcher, render_pdf
from compare.render.svg import Path as SvgPath
from compare.render.svg import Rect, Text
from compare.render.view import ReportView, build_view
from compare.render.worddiff import word_diff
from compare.resources import templates_dir
from compare.takes import group_takes, in_time_order

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
    return taken(
        Comparison(
            Story("putin-kim", "Putin and Kim sign a treaty"), (early, late), links, ordering
        )
    )


def taken(comparison: Comparison) -> Comparison:
    """The comparison with its takes, as the pipeline's takes stage groups them."""
    versions = comparison.versions
    return replace(
        comparison, takes=in_time_order(group_takes(versions, comparison.links), versions)
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


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("He said ‘‘yes’’ to the deal.", "He said “yes” to the deal."),  # doubled single quotes
        ("He said ''yes'' to the deal.", 'He said "yes" to the deal.'),  # typewriter pairs
        ("He said ``yes'' to the deal.", "He said “yes” to the deal."),  # TeX style
        ("Putin’s ‘deal’ stands.", "Putin's 'deal' stands."),  # apostrophe and single quotes
    ],
)
def test_word_diff_folds_quote_and_apostrophe_styles(before, after):
    diff = word_diff(before, after)
    assert [s.kind for s in diff] == ["same"], diff
    assert diff[0].text == after  # shown as written
    # a real change next to the quotes is still marked, the quotes are not
    changed = word_diff(before, after.replace("yes", "no").replace("stands", "falls"))
    assert {s.body for s in changed if s.kind != "same"} in ({"yes", "no"}, {"stands", "falls"})


def test_word_diff_keeps_figures_whole():
    diff = word_diff("About 2,500 people were moved.", "More than 4,000 people were moved.")
    assert [(s.kind, s.body) for s in diff if s.kind != "same"] == [
        ("del", "About 2,500"),
        ("ins", "More than 4,000"),
    ]


# HTML --------------------------------------------------------------------------------------


def test_a_leading_deletion_keeps_its_gap():
    early = make_article("early", [["Officials said the bridge cost 40 million euros."]])
    late = make_article("late", [["The bridge cost 40 million euros."]])
    links = (Link("early-s0", "late-s0", "shared", 0.9),)
    ordering = Ordering("input", 0.5)
    page = render_html(build_view(Comparison(Story("b"), (early, late), links, ordering)))
    assert "<del>Officials said</del> The bridge" in page  # not "…said</del>The bridge"


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
    page = page.replace(csp.group(1), "")  # base64 hashes may hold "//" by chance
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

    monkeypatch.setattr(compare.render.html, "render_html", broken)
    changed = replace(comparison, story=Story("putin-kim", "A new title"))
    with pytest.raises(
        RenderError, match="HTML report could not be rendered: ValueError: layout exploded"
    ):
        write_reports(changed, story_dir, FORMATS)
    # JSON and HTML are written together: an HTML failure writes neither (nor the PDF).
    assert sorted(p.name for p in story_dir.iterdir()) == ["report.json"]
    assert (story_dir / "report.json").read_bytes() == previous


def test_json_and_html_are_written_before_the_pdf_starts(tmp_path, monkeypatch, comparison):
    story_dir = tmp_path / "story"
    seen: list[str] = []

    def broken(view):
        seen.extend(sorted(p.name for p in story_dir.iterdir()))  # what exists when it starts
        raise ValueError("layout exploded")

    monkeypatch.setattr(compare.render.pdf, "render_pdf", broken)
    written: list[Path] = []
    with pytest.raises(RenderError, match="PDF report could not be rendered"):
        write_reports(comparison, story_dir, FORMATS, on_written=written.append)
    assert seen == ["report.html", "report.json"]
    assert written == [story_dir / "report.json", story_dir / "report.html"]
    assert "report.pdf" not in {p.name for p in story_dir.iterdir()}  # never half-written


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


# Three or more versions: the collation ------------------------------------------------------

FIVE_TAKES = Path(__file__).parent / "fixtures" / "five-takes"
CARRIED = ("first", "shared", "updated")


@pytest.fixture(scope="module")
def five() -> Comparison:
    from compare.pipeline import compare_inputs

    return compare_inputs([FIVE_TAKES])


@pytest.fixture(scope="module")
def five_view(five) -> ReportView:
    return build_view(five)


@pytest.fixture(scope="module")
def five_html(five_view) -> str:
    return render_html(five_view)


@pytest.fixture(scope="module")
def five_pdf(five_view) -> bytes:
    return render_pdf(five_view)


def take_cells(comparison: Comparison) -> dict[tuple[str, str], bool]:
    """(statement id, take id) → whether any version of the take carries the statement:
    worked out from the model, independently of the view."""
    return {
        (statement.id, take.id): any(
            cell.sentences for cell in statement.cells if cell.version in take.versions
        )
        for statement in comparison.statements
        for take in comparison.takes
    }


def make_three(**options: object) -> Comparison:
    """Three hand-made versions whose statements are known (see the similarity test)."""
    a = make_article(
        "alpha",
        [
            ["The mayor opened the new bridge over the river on Monday."],
            ["Traffic on the old crossing fell by half within hours."],
            ["The bridge cost 40 million euros."],
            ["Local schools closed for the ceremony."],
        ],
        outlet="Alpha Daily",
        published="2024-05-01T09:00",
        **options,
    )
    b = make_article(
        "beta",
        [
            ["The mayor opened the new bridge over the river on Monday morning."],
            ["Traffic on the old crossing fell by half within two hours."],
            ["Cyclists welcomed the wider lanes."],
        ],
        outlet="Beta Post",
        published="2024-05-01T12:00",
    )
    c = make_article(
        "gamma",
        [
            ["The mayor opened the new bridge over the river on Monday, officials said."],
            ["A second bridge is planned for 2027."],
        ],
        outlet="Gamma Times",
        published="2024-05-01T15:00",
    )
    links = (
        Link("alpha-s0", "beta-s0", "shared", 0.7),
        Link("alpha-s1", "beta-s1", "shared", 0.7),
        Link("beta-s0", "gamma-s0", "shared", 0.7),
    )
    ordering = Ordering("published", 0.9, ("stated times",))
    return collate(taken(Comparison(Story("bridge", "Bridge opens"), (a, b, c), links, ordering)))


def make_many(takes: int = 12, statements: int = 64) -> Comparison:
    """``takes`` versions, none a near-duplicate of another (links score below the take
    threshold), ``statements`` statements entering and leaving, every fifth with a figure that
    grows each take (an update chain)."""
    versions = []
    for t in range(takes):
        texts = []
        for i in range(statements):
            start = 0 if i < statements // 2 else 1 + i % (takes - 1)
            end = takes if i % 4 else max(start + 1, takes - 1 - i % 3)
            if start <= t < end:
                figure = f", where {3 + t} people were hurt" if i % 5 == 0 else ""
                texts.append(f"Item {i}: {SUBJECTS[i % len(SUBJECTS)]} said on Tuesday{figure}.")
        versions.append(
            make_article(
                f"v{t:02d}", [texts], outlet=f"Outlet {t + 1}", published=f"2024-05-{t + 1:02d}"
            )
        )
    links = []
    for earlier, later in pairwise(versions):
        position = {s.text.split(":")[0]: s.id for s in later.sentences}
        for s in earlier.sentences:
            if (target := position.get(s.text.split(":")[0])) is not None:
                links.append(Link(s.id, target, "shared", 0.7))
    ordering = Ordering("published", 0.9, ("stated times",))
    comparison = Comparison(Story("many", "Many takes"), tuple(versions), tuple(links), ordering)
    return collate(taken(comparison))


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?\"'“”‘’()—-") for w in text.split() if w.strip(".,;:!?\"'“”‘’()—-")]


def _in_order(words: list[str], haystack: list[str]) -> bool:
    """Whether ``words`` appear in ``haystack`` in order, close together (a word diff puts
    struck words between them, nothing else)."""
    for start, word in enumerate(haystack):
        if word != words[0]:
            continue
        at, end = 1, min(len(haystack), start + 4 * len(words) + 40)
        for candidate in haystack[start + 1 : end]:
            if at < len(words) and candidate == words[at]:
                at += 1
        if at == len(words):
            return True
    return False


def test_collation_pdf_has_every_statements_sentences(five, five_pdf):
    # a line may break after a word's hyphen ("low-lying"); the text gets a space there
    text = re.sub(r"(\w)- (\w)", r"\1-\2", _text(PdfReader(BytesIO(five_pdf))))
    words = _words(text)
    sentences = five.sentences()
    for statement in five.statements:
        first = next(cell for cell in statement.cells if cell.sentences)
        for sid in first.sentences:  # where it first appears: as written, in one piece
            assert " ".join(sentences[sid].text.split()) in text, sentences[sid].text
        for cell in statement.cells:  # every later wording: its words in order, maybe with
            for sid in cell.sentences:  # struck words between them
                assert _in_order(_words(sentences[sid].text), words), sentences[sid].text
    assert "Side by side" not in text  # the pairs are left to --pairs


def test_collation_pdf_puts_the_table_on_landscape_pages(five_pdf):
    reader = PdfReader(BytesIO(five_pdf))
    sizes = [(round(page.mediabox.width), round(page.mediabox.height)) for page in reader.pages]
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    table = [i for i, page in enumerate(texts) if "# Take 1" in page]  # the header row
    assert table == list(range(table[0], table[-1] + 1))  # one run of pages
    assert texts[table[0]].startswith("Collation: every statement")
    assert {sizes[i] for i in table} == {(842, 595)}  # A4 landscape
    others = set(range(len(sizes))) - set(table)
    assert {sizes[i] for i in others} == {(595, 842)}
    assert re.search(r"Page 1 of \d+", texts[0])


def test_collation_pdf_outline_follows_the_sections(five_view, five_pdf):
    outline = _outline_titles(PdfReader(BytesIO(five_pdf)).outline)
    outline.remove("Contents")  # the list of the sections, not one of them
    expected: list = []
    for section in five_view.sections:
        if section.level == 1:
            expected.append(section.title)
        elif expected and isinstance(expected[-1], list):
            expected[-1].append(section.title)
        else:
            expected.append([section.title])
    assert len(outline) == len(expected)
    for got, want in zip(outline, expected, strict=True):
        if isinstance(want, list):  # appendix entries add the file name
            assert all(g.startswith(w) for g, w in zip(got, want, strict=True))
        else:
            assert got == want
    top = [title for title in outline if isinstance(title, str)]
    assert top[:2] == ["Takes and versions", "How to read this report"]
    for title in ("Who carried what", "How alike the versions are", "Only in one version"):
        assert title in top
    assert not [title for title in top if title.startswith("Side by side")]


def test_matrix_has_one_mark_per_carried_cell(five, five_view, five_html):
    expected = take_cells(five)
    figure = five_view.collation.carried_matrix
    marks = [s for s in figure.shapes if isinstance(s, Rect) and s.classes.startswith("carry ")]
    carried = Counter(m.href for m in marks if m.classes.split()[1][6:] in CARRIED)
    assert carried == Counter(f"#row-{st}" for (st, _), has in expected.items() if has)
    # one first appearance per statement, and a dropped mark wherever a take stopped carrying
    firsts = Counter(m.href for m in marks if m.classes == "carry carry-first")
    assert firsts == Counter(f"#row-{st.id}" for st in five.statements)
    dropped = sum(m.classes == "carry carry-dropped" for m in marks)
    takes = [take.id for take in five.takes]
    assert dropped == sum(
        not expected[(st.id, take)] and any(expected[(st.id, t)] for t in takes[:at])
        for st in five.statements
        for at, take in enumerate(takes)
    )
    # and the page draws them: one <rect> per mark in the figure's SVG, linked to its row
    svg = re.search(r'<svg class="figure carried-matrix".*?</svg>', five_html, re.S).group(0)
    for state in CARRIED:
        count = sum(m.classes == f"carry carry-{state}" for m in marks)
        assert svg.count(f'<rect class="carry carry-{state}"') == count
    assert svg.count('<a href="#row-') == len(marks)


def test_matrix_stays_legible_with_many_statements_and_takes():
    many = make_many()
    assert len(many.takes) == 12 and len(many.statements) >= 60
    figure = build_view(many).collation.carried_matrix
    squares = [s for s in figure.shapes if isinstance(s, Rect) and s.classes == "carry carry-first"]
    labels = [s for s in figure.shapes if isinstance(s, Text) and s.classes == "matrix-take"]
    bands = len(labels) // len(many.takes)
    assert bands >= 2  # wrapped, not squeezed
    assert all(label.text.split()[0].isdigit() for label in labels)
    assert min(square.width for square in squares) >= 5  # about 1.5 mm on an A4 page
    assert all(s.x >= 0 and s.x + s.width <= figure.width for s in squares)
    assert len(squares) == len(many.statements)


def test_similarity_is_the_share_of_statements_in_common():
    # alpha carries 4 statements, beta 3, gamma 2; alpha and beta share 2, the others 1:
    # Dice = 2·|A∩B| / (|A| + |B|), in percent rounded half up.
    view = build_view(make_three())
    assert [take.name for take in view.collation.takes] == [
        "Alpha Daily",
        "Beta Post",
        "Gamma Times",
    ]
    assert view.collation.similarity_percent == (
        (100, 57, 33),
        (57, 100, 40),
        (33, 40, 100),
    )
    numbers = [
        int(s.text)
        for s in view.collation.similarity.shapes
        if isinstance(s, Text) and "sim-value" in s.classes
    ]
    assert numbers == [100, 57, 33, 57, 100, 40, 33, 40, 100]  # printed row by row


def test_collation_table_has_a_row_per_statement_and_a_column_per_take(five, five_view, five_html):
    tags = _Tags(five_html)
    rows = [attrs for tag, attrs in tags.tags if "statement-row" in (attrs.get("class") or "")]
    heads = [attrs for tag, attrs in tags.tags if attrs.get("class") == "take-head"]
    assert [row["id"] for row in rows] == [f"row-{st.id}" for st in five.statements]
    assert len(heads) == len(five.takes)
    table = re.search(r'<table class="collation.*?</table>', five_html, re.S).group(0)
    for row in re.findall(r'<tr id="row-.*?</tr>', table, re.S):
        assert row.count("<td") == len(five.takes)
    # cells agree with the model: carried where a version of the take carries the statement
    expected = take_cells(five)
    for row in five_view.collation.rows:
        for take, cell in zip(five.takes, row.cells, strict=True):
            assert cell.carried == expected[(row.id, take.id)]
            assert (cell.state in CARRIED) == cell.carried


def test_collation_cells_compare_with_the_previous_carrier(five_view):
    rows = five_view.collation.rows
    diffs = 0
    for row in rows:
        carried = [at for at, cell in enumerate(row.cells) if cell.carried]
        assert row.cells[carried[0]].state == "first"
        for before, at in pairwise(carried):
            cell = row.cells[at]
            assert cell.previous == before and cell.state in ("shared", "updated")
            earlier = " ".join(s.text for s in row.cells[before].sentences)
            later = " ".join(s.text for s in cell.sentences)
            assert cell.text == word_diff(earlier, later)
            assert cell.same_words == (earlier.split() == later.split()) or not cell.same_words
            diffs += not cell.same_words
            assert bool(cell.cues) == (cell.state == "updated")
    assert diffs  # the fixture rewords and updates
    # every update of the fixture is a cell of the table and, the most evidence first, on page 1
    updated = [cell for row in rows for cell in row.cells if cell.state == "updated"]
    assert five_view.collation.updated == len(updated) > 0
    cues = [len(update.cell.cues) for update in five_view.collation.updates]
    assert cues == sorted(cues, reverse=True)
    assert len(five_view.collation.updates) == min(len(updated), 5)


def test_identical_text_says_same_as_instead_of_repeating(five_view, five_html):
    same = [
        (row, at)
        for row in five_view.collation.rows
        for at, cell in enumerate(row.cells)
        if cell.same_words
    ]
    assert same
    assert five_html.count('<p class="same-as"') == len(same)
    assert "same as ←" in five_html


def test_a_duplicated_take_is_one_column_listing_both_outlets(tmp_path):
    from compare.pipeline import compare_inputs

    folder = tmp_path / "six"
    shutil.copytree(FIVE_TAKES, folder)
    shutil.copy(folder / "river-times.txt", folder / "river-copy.txt")
    with (folder / "story.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[[versions]]\nfile = "river-copy.txt"\noutlet = "River Copy"\n')
    six = compare_inputs([folder])
    five_takes = len(compare_inputs([FIVE_TAKES]).takes)
    view = build_view(six)
    assert len(view.collation.takes) == five_takes
    (both,) = [
        take
        for take in view.collation.takes
        if {"River Times", "River Copy"} <= set(take.header_names)
    ]
    assert {v.id for v in both.members} == {"river-times", "river-copy"}
    page = render_html(view)
    heads = re.findall(r'<th scope="col" class="take-head">(.*?)</th>', page, re.S)
    assert len(heads) == five_takes
    assert sum("River Times" in head and "River Copy" in head for head in heads) == 1
    # and the versions table lists both outlets in the one take's rows
    take_rows = re.search(
        rf'<tbody class="version take" id="take-{both.number}">(.*?)</tbody>', page, re.S
    )
    assert "River Times" in take_rows.group(1) and "River Copy" in take_rows.group(1)


def test_the_view_does_not_depend_on_the_order_of_the_inputs():
    from compare.pipeline import compare_inputs

    files = sorted(FIVE_TAKES.glob("*.txt"))
    baseline = build_view(compare_inputs(files, story_id="five"))
    for order in (files[::-1], files[2:] + files[:2]):
        assert build_view(compare_inputs(order, story_id="five")) == baseline


def test_many_takes_print_in_bands_of_at_most_five(tmp_path):
    view = build_view(make_many())
    bands = view.collation.bands
    assert [len(band.takes) for band in bands] == [4, 4, 4]  # even, none over BAND_TAKES
    assert [t.number for band in bands for t in band.takes] == list(range(1, 13))
    # a cell compared with a take on an earlier band names it; "←" would point at nothing
    for band in bands[1:]:
        for band_row in band.rows:
            first = band_row.cells[0]
            if first.cell.carried and first.cell.previous is not None:
                assert first.against == view.collation.takes[first.cell.previous].name
    printed = render_html(view, medium="print")
    tables = re.findall(r'<table class="collation.*?</table>', printed, re.S)
    assert len(tables) == 3
    assert all('<th scope="col" class="statement-number">#</th>' in table for table in tables)
    ids = re.findall(r' id="([^"]+)"', printed)
    assert len(ids) == len(set(ids))  # a row repeated on later bands keeps its id once
    screen = render_html(view)
    assert screen.count('<table class="collation') == 1
    assert screen.count('<th scope="col" class="take-head">') == 12


def test_collation_links_point_inside_the_page(five, five_html):
    tags = _Tags(five_html)
    ids = [attrs["id"] for _, attrs in tags.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))
    hrefs = {attrs["href"][1:] for _, attrs in tags.tags if attrs.get("href")}
    assert hrefs and hrefs <= set(ids)
    sentence_ids = {s.id for v in five.versions for s in v.sentences}
    for _, attrs in tags.tags:
        for name in ("data-sid", "data-partners"):
            assert set((attrs.get(name) or "").split()) <= sentence_ids
    # the toolbar filters on what rows carry; every row names its states
    buttons = [attrs["data-filter"] for tag, attrs in tags.tags if attrs.get("data-filter")]
    assert buttons == ["all", "updated", "dropped", "unique"]


def test_only_in_one_version_lists_statements_one_version_carries(five, five_view):
    single = {
        sid
        for st in five.statements
        if sum(bool(cell.sentences) for cell in st.cells) == 1
        for cell in st.cells
        for sid in cell.sentences
    }
    listed = {s.id for v in five_view.versions for s in v.unique}
    assert listed == single
    assert five_view.collation.single == sum(
        sum(bool(cell.sentences) for cell in st.cells) == 1 for st in five.statements
    )


def test_headline_changes_across_takes():
    three = make_three(headline="Mayor to open bridge")
    base = three.versions
    three = replace(
        three,
        versions=(
            base[0],
            replace(base[1], headline="Mayor opens bridge"),
            replace(base[2], headline="Mayor opens bridge"),
        ),
    )
    view = build_view(three)
    (change,) = view.headline_changes  # beta → gamma did not change it
    assert (change.earlier.id, change.later.id) == ("alpha", "beta")
    assert [(seg.kind, seg.body) for seg in change.diff if seg.kind != "same"] == [
        ("del", "to open"),
        ("ins", "opens"),
    ]
    assert "Headline changes" in [section.title for section in view.sections]


def test_two_versions_keep_the_side_by_side_report(comparison):
    view = build_view(collate(comparison))
    assert view.collation is None and view.pairs and view.alignment_map is not None
    assert view.filters == ("shared", "updated", "unique")


def test_footer_names_the_alignment_options_that_differ_from_the_defaults(comparison):
    default = build_view(replace(comparison, alignment=asdict(AlignOptions())))
    changed = build_view(
        replace(comparison, alignment=asdict(AlignOptions(link_threshold=0.45, candidates=8)))
    )
    assert default.alignment_line == "Aligned with the default options."
    assert "--link-threshold 0.45 (default 0.3)" in changed.alignment_line
    assert "--candidates 8 (default 5)" in changed.alignment_line
    assert "order-weight" not in changed.alignment_line
    assert changed.alignment_line in render_html(changed)


# Page 1: warnings and uncertain order --------------------------------------------------------


def test_page_one_says_plainly_when_the_order_is_uncertain_or_the_stories_differ():
    early = make_article("early", [["Officials said the bridge cost 40 million euros."]])
    late = make_article("late", [["The bridge cost 40 million euros."]])
    links = (Link("early-s0", "late-s0", "shared", 0.9),)
    ordering = Ordering("none", 0.5, (), (PairOrder("early", "late", 0.5, "none", 0.0),))
    warning = ReportWarning(
        "different-stories", "early and late share little text", ("early", "late")
    )
    comparison = Comparison(Story("b"), (early, late), links, ordering, warnings=(warning,))
    view = build_view(comparison)
    assert view.notices == (
        "Warning: early and late share little text.",
        "Order uncertain: early before late (50%, none) (1 of 1 step below 80%).",
    )
    page = render_html(view)
    assert '<p class="notice">Order uncertain: early before late' in page
    sure = Ordering("published", 0.9, (), (PairOrder("early", "late", 0.9, "stamps", 2.5),))
    assert build_view(Comparison(Story("b"), (early, late), links, sure)).notices == ()


def test_a_story_too_long_for_a_pdf_is_refused_before_layout(tmp_path, monkeypatch, comparison):
    # The limit lowered to just below this story's sentences: the real one (3,000) would need
    # a story whose PDF takes a minute to show that it is not laid out.
    sentences = sum(len(v.sentences) for v in comparison.versions)
    monkeypatch.setattr(compare.render.pdf, "MAX_PDF_SENTENCES", sentences - 1)
    monkeypatch.setattr(compare.render.pdf, "_weasyprint", None)  # never reached
    story_dir = tmp_path / "story"
    refusal = rf"too long for a PDF report: {sentences} sentences .* {sentences - 1} "
    with pytest.raises(InputError, match=refusal):
        write_reports(comparison, story_dir, FORMATS)
    assert InputError.exit_code == 2
    # JSON and HTML come first and hold the whole story.
    assert sorted(p.name for p in story_dir.iterdir()) == ["report.html", "report.json"]
