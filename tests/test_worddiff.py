"""The word diff (compare.render.worddiff): what it marks, what it folds."""

from __future__ import annotations

import pytest

from compare.render.worddiff import word_diff


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
