"""The PDF report: content, metadata, outline, fonts, determinism, the fetcher that loads nothing
remote, the landscape collation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

import compare.render.pdf
from compare.errors import InputError, RenderError, ResourceError
from compare.render import FORMATS, write_reports
from compare.render.pdf import assets_only_fetcher, render_pdf
from compare.render.view import build_view
from compare.resources import templates_dir


@pytest.fixture(scope="module")
def pdf_bytes(comparison) -> bytes:
    return render_pdf(build_view(comparison))


@pytest.fixture(scope="module")
def pdf_text(pdf_bytes) -> str:
    return _text(PdfReader(BytesIO(pdf_bytes)))


@pytest.fixture(scope="module")
def long_pdf(make_long_comparison) -> bytes:
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


def test_long_story_pdf_has_contents_and_every_sentence(long_pdf, make_long_comparison):
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


def test_pdf_bytes_are_deterministic(pdf_bytes, make_comparison):
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


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_cyclic_collector_is_paused_for_the_render_and_restored(
    monkeypatch, comparison, enabled_before
):
    import gc

    seen = []

    def broken_render(view, **options):
        seen.append(gc.isenabled())
        raise RenderError("layout failed")

    monkeypatch.setattr(compare.render.pdf, "render_html", broken_render)
    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(RenderError, match="layout failed"):
            render_pdf(build_view(comparison))
        assert seen == [False]  # off while WeasyPrint's boxes are built
        assert gc.isenabled() is enabled_before  # as it was, even after a failure
    finally:
        gc.enable()


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
