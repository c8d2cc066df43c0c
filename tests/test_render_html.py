"""The HTML report: safety (escaping, CSP, nothing loaded), links inside the page, content."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from compare.model import (
    Comparison,
    Link,
    Ordering,
    Story,
)
from compare.render.html import render_html
from compare.render.view import build_view


@pytest.fixture(scope="module")
def html_report(comparison) -> str:
    return render_html(build_view(comparison))


def test_a_leading_deletion_keeps_its_gap(make_article):
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


def test_html_has_a_csp_and_loads_nothing(html_report, html_tags):
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html_report)
    assert csp
    policy = {d.split()[0]: d.split()[1:] for d in csp.group(1).split("; ")}
    assert policy["default-src"] == ["'none'"]
    tags = html_tags(html_report)
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


def test_html_links_and_partners_point_inside_the_page(comparison, make_long_comparison, html_tags):
    long = make_long_comparison()
    tags = html_tags(render_html(build_view(long)))
    ids = {attrs["id"] for _, attrs in tags.tags if attrs.get("id")}
    hrefs = {attrs["href"][1:] for _, attrs in tags.tags if attrs.get("href")}
    assert hrefs and hrefs <= ids
    sentence_ids = {s.id for v in long.versions for s in v.sentences}
    for _, attrs in tags.tags:
        for name in ("data-sid", "data-partners"):
            assert set((attrs.get(name) or "").split()) <= sentence_ids
    # a linked sentence names its partner: dhaka-s1 → manila-s0 in the small story
    small = html_tags(render_html(build_view(comparison)))
    assert ("p", "dhaka-s1", "manila-s0") in {
        (tag, attrs.get("data-sid"), attrs.get("data-partners")) for tag, attrs in small.tags
    }


def test_figures_carry_their_styles_in_print_only(comparison):
    view = build_view(comparison)
    screen, printed = render_html(view), render_html(view, medium="print")
    figures = len(view.versions) + 1 + 3  # composition bars, the map, the legend keys
    assert screen.count('<svg class="figure') == figures
    assert screen.count(".link-updated {") == 1  # the page's stylesheet only
    # In print each figure is an SVG image carrying the figure rules its own shapes use.
    sources = re.findall(
        r'<img class="figure [^"]*"[^>]* src="data:image/svg\+xml;base64,([^"]+)"', printed
    )
    assert len(sources) == figures and '<svg class="figure' not in printed.split("</head>")[1]
    svgs = [base64.b64decode(source).decode("utf-8") for source in sources]
    for svg in svgs:
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="figure')
        used = set(" ".join(re.findall(r'class="([^"]*)"', svg)).split())
        styled = set(re.findall(r"\.([\w-]+) \{", svg))
        assert styled and styled <= used  # no rule for a class the figure does not draw
    (the_map,) = [svg for svg in svgs if "alignment-map" in svg]
    assert ".link-updated {" in the_map and ".mark-shared {" in the_map
    assert ".bar-frame {" not in the_map


def test_print_stylesheet_spells_out_the_colours(comparison):
    view = build_view(comparison)
    screen, printed = render_html(view), render_html(view, medium="print")
    (screen_css,) = re.findall(r"<style>(.*?)</style>", screen, re.DOTALL)
    (print_css,) = re.findall(r"<style>(.*?)</style>", printed, re.DOTALL)
    colours = dict(
        re.findall(r"(--[\w-]+):\s*([^;]+);", screen_css.split(":root {")[1].split("}")[0])
    )
    assert colours["--ink"] == "#1a1a1a" and "var(--ink)" in screen_css
    # print: no var() for WeasyPrint to solve per element, no :root, each value in its place
    assert "var(" not in print_css and ":root" not in print_css
    assert f"border: 1.5px solid {colours['--shared']};" in print_css
    assert "border-bottom: 1.5px solid var(--ink);" in screen_css
    assert f"border-bottom: 1.5px solid {colours['--ink']};" in print_css


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
