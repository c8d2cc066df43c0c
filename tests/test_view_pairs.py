"""Two versions (compare.render.view.pairs): rows in the earlier version's order, splits as one
row, page 1's top updates and moved statements."""

from __future__ import annotations

import re
from dataclasses import replace

from compare.collate import collate
from compare.model import Link, Stamp
from compare.render.html import render_html
from compare.render.view import build_view


def test_html_pairs_follow_the_earlier_version_order(comparison):
    pair = build_view(comparison).pairs[0]
    assert [row.before[0].id for row in pair.rows] == ["dhaka-s1", "dhaka-s2"]
    assert [row.label for row in pair.rows] == ["updated", "shared"]
    assert pair.rows[1].same_words


def test_split_links_become_one_row(make_comparison):
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


def test_page_one_lists_top_updates_by_evidence_and_the_headline_change(
    make_comparison, make_long_comparison
):
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


def test_pairs_count_moved_statements(make_long_comparison):
    (pair,) = build_view(make_long_comparison()).pairs
    assert pair.moved == 3  # the three statements the later version put on top


def test_two_versions_keep_the_side_by_side_report(comparison):
    view = build_view(collate(comparison))
    assert view.collation is None and view.pairs and view.alignment_map is not None
    assert view.filters == ("shared", "updated", "unique")


def test_the_published_column_and_phases_give_the_stamp_that_dates_the_text(comparison):
    # A page first posted at 02:01 and updated at 05:23: its text is the 05:23 one.
    first = Stamp("published", "Published 2:01 a.m.", "2018-07-15T02:01", "minute", None, "article")
    update = Stamp("updated", "Updated 5:23 a.m.", "2018-07-15T05:23", "minute", None, "article")
    early, late = comparison.versions
    dated = replace(
        late, published="2018-07-15T02:01", published_source="article", phase=None,
        stamps=(first, update),
    )  # fmt: skip
    view = build_view(collate(replace(comparison, versions=(early, dated))))
    shown = view.versions[1]
    assert (shown.published, shown.published_source) == (
        "2018-07-15T05:23",
        "article-updated, zone not stated",
    )
    assert shown.phase == "later — 15 Jul 05:23"
    cells = [
        " ".join(cell.split())
        for cell in re.findall(r'<td class="published">(.*?)</td>', render_html(view), re.S)
    ]
    assert cells[1] == (
        '2018-07-15 05:23 <span class="source">(article-updated, zone not stated)</span>'
    )
    # a version built without stamps keeps its published time as given
    assert view.versions[0].published == early.published == "2024-06-19T12:27"
    assert view.versions[0].published_source == "article"


def test_a_stated_zone_or_a_date_alone_is_not_marked_zone_not_stated(comparison):
    early, late = comparison.versions
    for value, zone in (("2018-07-15T05:23-04:00", "-04:00"), ("2018-07-15", None)):
        precision = "minute" if "T" in value else "day"
        stamp = Stamp("updated", "Updated", value, precision, zone, "article")
        dated = replace(late, stamps=(stamp,), phase=None)
        shown = build_view(collate(replace(comparison, versions=(early, dated)))).versions[1]
        assert shown.published_source == "article-updated"
