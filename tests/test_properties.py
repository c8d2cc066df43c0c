"""Properties of ingest → segment → align → classify → render over generated input (hypothesis).

Whatever text arrives (plain, HTML, Markdown; hostile markup, odd Unicode, control
characters), the pipeline either refuses it with an InputError or produces a report that keeps
every sentence exactly once, links only sentences of different versions, validates against the
JSON Schema, and never lets markup from the input into the HTML report.
"""

from __future__ import annotations

import contextlib
import json
import re
from functools import cache

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.errors import InputError
from compare.ingest import read_version
from compare.model import Article, Comparison, Story
from compare.normalize import fold
from compare.pipeline import compare_articles
from compare.render.html import render_html
from compare.render.json import to_dict
from compare.render.view import build_view
from compare.resources import schema_path

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SENTENCES = [
    "The council voted on Tuesday to close the old bridge for repairs.",
    "Engineers found cracks in two of the supports, the transport office said.",
    "Drivers will be sent through the northern tunnel until the work ends in March.",
    '"We had no choice," Mayor Ana Ruiz told reporters on Tuesday.',
    "The bridge reopened on Friday after the repairs were finished.",
    "Putin and Kim signed a strategic partnership treaty in Pyongyang.",
    "Mr. Smith arrived at 10 a.m. in Washington, D.C., for the talks.",
    "Officials said 1,200 people were evacuated.",
]
HOSTILE = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "</textarea><script>alert(2)</script>",
    '"><script>alert(3)</script>',
    "<scr<script>ipt>alert(4)</script>",
    "javascript:alert(5)",
    "&lt;script&gt;alert(6)&lt;/script&gt;",
]
ODD = ["\u00a0", "\u200b", "\ufeff", "\u2028", "\r", "\r\n", "\t", "“", "”", "’", "—", "…", "\x0b"]

# Any character but NUL (a NUL makes the input binary, which test_ingest_never_crashes... covers).
any_text = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=40)
fragments = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(SENTENCES),
    st.sampled_from(HOSTILE),
    st.sampled_from(ODD),
    any_text,
    st.text(alphabet="abc .!?\n-*#>[]()\"'", max_size=30),
)
separators = st.sampled_from([" ", "\n", "\n\n", "\r\n", "\n\n\n", ""])


@st.composite
def page_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(fragments, separators), max_size=14))
    lead = draw(st.sampled_from(SENTENCES))  # most pages have some prose to compare
    return lead + "\n" + "".join(text + sep for text, sep in parts)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """(name, content): plain text, an HTML page or Markdown with front matter around a body."""
    body = draw(page_texts())
    form = draw(st.sampled_from(["text", "html", "markdown"]))
    if form == "html":
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
        title = draw(st.sampled_from(["News", *HOSTILE]))
        return "page.html", f"<!DOCTYPE html><html><head><title>{title}</title></head>" + (
            f"<body><article>{paragraphs}</article></body></html>"
        )
    if form == "markdown":
        keys = st.sampled_from(["title", "outlet", "url", "phase", "tags", "author", "x"])
        values = st.one_of(any_text.map(lambda v: " ".join(v.split())), st.sampled_from(HOSTILE))
        lines = draw(st.lists(st.tuples(keys, values), max_size=4))
        front = "\n".join(f"{key}: {json.dumps(value)}" for key, value in lines)
        return "page.md", f"---\n{front}\n---\n\n# Heading\n\n{body}"
    return "page.txt", body


def ingest_or_none(name: str, content: str, version: str) -> Article | None:
    try:
        return read_version(name, text=content, version_id=version)
    except InputError:
        return None  # refusing bad input is allowed; any other exception fails the test


@cache
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))


@cache
def own_scripts() -> int:
    """How many <script> elements the report template itself carries."""
    article = read_version("a.txt", text=SENTENCES[0])
    other = read_version("b.txt", text=SENTENCES[1])
    comparison = compare_articles(Story(id="x"), [article, other])
    return render_html(build_view(comparison)).lower().count("<script")


def compare_documents(docs: list[tuple[str, str]]) -> Comparison | None:
    articles = [ingest_or_none(name, content, f"v{n}") for n, (name, content) in enumerate(docs)]
    kept = [article for article in articles if article is not None]
    if len(kept) < 2:
        return None
    return compare_articles(Story(id="generated"), kept)


@PROPERTY_SETTINGS
@given(st.text(max_size=600), st.sampled_from(["a.txt", "a.html", "a.md", "a.jsonl", "a"]))
def test_ingest_never_crashes_on_arbitrary_text(text, name):
    ingest_or_none(name, text, "v")


TAGS = [
    "<p>", "</p>", "<div>", "<h2>", "</h2>", "<html>", "<!DOCTYPE html>", "<script>", "<br/>",
    '<meta charset="koi8-r">', "<title>", '<!ENTITY x "y">', "<![CDATA[", "]]>", "&x;", "&#0;",
    "&#xD800;", '<?xml version="1.0"?>', "<!--", "-->", '<time datetime="2024">',
]  # fmt: skip
html_soup = st.lists(
    st.one_of(st.sampled_from(TAGS), st.sampled_from(SENTENCES), any_text), max_size=20
).map("".join)


@PROPERTY_SETTINGS
@given(html_soup)
def test_html_reader_never_crashes_on_tag_soup(soup):
    ingest_or_none("soup.html", f"<!DOCTYPE html><html><body>{soup}", "v")


YAML_PIECES = [
    "title: ", "published: ", "date: ", "url: ", "\n", "  ", "- ", "? ", ": ", "!!int ",
    "!!float ", "!!timestamp ", "!!binary ", "!!python/name:x ", "&a ", "*a", "[", "]", "{", "}",
    "'", '"', "0000-01-01", "2024-13-45", "1e999",
]  # fmt: skip
yaml_soup = st.lists(st.one_of(st.sampled_from(YAML_PIECES), any_text), max_size=16).map("".join)


@PROPERTY_SETTINGS
@given(yaml_soup)
def test_front_matter_never_crashes(front):
    ingest_or_none("page.md", f"---\n{front}\n---\n\n{SENTENCES[0]}\n", "v")


@PROPERTY_SETTINGS
@given(st.binary(max_size=300))
def test_ingest_never_crashes_on_arbitrary_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "input.txt"
    path.write_bytes(data)
    with contextlib.suppress(InputError):  # refusing is fine; any other exception is not
        read_version(path)


@PROPERTY_SETTINGS
@given(st.lists(documents(), min_size=2, max_size=3))
def test_pipeline_keeps_every_sentence_once_and_validates(docs):
    comparison = compare_documents(docs)
    if comparison is None:
        return
    report = to_dict(comparison)
    validator().validate(report)
    seen: dict[str, str] = {}
    for version, article in zip(report["versions"], comparison.versions, strict=True):
        assert [s["id"] for s in version["sentences"]] == [s.id for s in article.sentences]
        for sentence in version["sentences"]:
            assert sentence["id"] not in seen, "a sentence appears twice"
            seen[sentence["id"]] = version["id"]
            assert version["text"][sentence["start"] : sentence["end"]] == sentence["text"]
            assert sentence["text"].strip() == sentence["text"] != ""
        assert_every_character_in_one_sentence(version)
    for link in report["links"]:
        assert link["source"] in seen and link["target"] in seen
        assert seen[link["source"]] != seen[link["target"]], "a link inside one version"


def assert_every_character_in_one_sentence(version: dict) -> None:
    """Outside headings and blank space, each character of the text is in exactly one sentence."""
    text = version["text"]
    owner = [0] * len(text)
    for sentence in version["sentences"]:
        for i in range(sentence["start"], sentence["end"]):
            owner[i] += 1
    headings = {h["text"] for h in version["headings"]}
    offset = 0
    for paragraph in text.split("\n\n"):
        if paragraph.strip() not in headings:
            for i, char in enumerate(paragraph, offset):
                if not fold(char).isspace():  # NBSP, zero-width space ... are blanks too
                    assert owner[i] == 1, f"{char!r} at {i} is in {owner[i]} sentences"
        offset += len(paragraph) + 2


@PROPERTY_SETTINGS
@given(
    st.lists(documents(), min_size=2, max_size=2),
    st.sampled_from(["dhaka.txt", *(f"{h}.txt" for h in HOSTILE[:3])]),
)
def test_html_report_never_carries_markup_from_the_input(docs, name):
    docs = [(name if n == 0 else doc_name, content) for n, (doc_name, content) in enumerate(docs)]
    comparison = compare_documents(docs)
    if comparison is None:
        return
    page = render_html(build_view(comparison))
    assert page.lower().count("<script") == own_scripts()
    assert re.search(r"<img[^>]*onerror", page, re.IGNORECASE) is None
    assert "<scr<script>" not in page.lower()


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_in_plain_text_is_shown_escaped(hostile):
    a = read_version("a.txt", text=f"{SENTENCES[0]} {hostile} {SENTENCES[1]}")
    b = read_version("b.txt", text=f"{SENTENCES[0]} {SENTENCES[2]}")
    page = render_html(build_view(compare_articles(Story(id="x"), [a, b])))
    assert page.lower().count("<script") == own_scripts()
