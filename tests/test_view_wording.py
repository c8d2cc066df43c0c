"""The report's own words (compare.render.view.wording): the footer's aligner options, page 1's
warnings and uncertain order."""

from __future__ import annotations

from dataclasses import asdict, replace

from compare.align import AlignOptions
from compare.model import (
    Comparison,
    Link,
    Ordering,
    PairOrder,
    ReportWarning,
    Story,
)
from compare.render.html import render_html
from compare.render.view import build_view


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


def test_page_one_says_plainly_when_the_order_is_uncertain_or_the_stories_differ(make_article):
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
