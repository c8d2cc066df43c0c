"""Two versions (compare.render.view.pairs): rows in the earlier version's order, splits as one
row, page 1's top updates and moved statements."""

from __future__ import annotations

from dataclasses import replace

from compare.collate import collate
from compare.model import (
    Link,
)
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
