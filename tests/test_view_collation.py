"""Three or more versions (compare.render.view.collation): statements as rows, takes as columns,
print bands, what one version alone carries."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from compare.model import (
    CARRIED_STATES,
)
from compare.render.html import render_html
from compare.render.view import build_view
from compare.render.worddiff import word_diff

FIVE_TAKES = Path(__file__).resolve().parent / "fixtures" / "five-takes"


def test_collation_table_has_a_row_per_statement_and_a_column_per_take(
    five, five_view, five_html, take_cells, html_tags
):
    tags = html_tags(five_html)
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
            assert (cell.state in CARRIED_STATES) == cell.carried


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


def test_many_takes_print_in_bands_of_at_most_five(tmp_path, make_many):
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


def test_collation_links_point_inside_the_page(five, five_html, html_tags):
    tags = html_tags(five_html)
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


def test_headline_changes_across_takes(make_three):
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
