"""The evaluation harness behind ``make eval``: it must count what it claims to count."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from compare.align import AlignOptions
from compare.model import Article

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("evaluate", ROOT / "benchmarks" / "evaluate.py")
evaluate = importlib.util.module_from_spec(_spec)
sys.modules["evaluate"] = evaluate  # dataclasses look their module up there
_spec.loader.exec_module(evaluate)

EARLIER = (
    "The council will vote on the harbour plan on Thursday.\n\n"
    "Fishermen say the new quay would cut their moorings by half.\n\n"
    "The mayor called the plan a generational chance."
)
LATER = (
    "The council voted 9-2 on Thursday to approve the harbour plan.\n\n"
    "The mayor called the plan a generational chance.\n\n"
    "Work is due to begin in the spring."
)


def labelled(links: list[tuple[str, str, str]]) -> evaluate.LabelledStory:
    return evaluate.LabelledStory(
        name="harbour",
        split="dev",
        articles=[
            Article(id="early", path="early.txt", text=EARLIER),
            Article(id="late", path="late.txt", text=LATER),
        ],
        order=[["early"], ["late"]],
        links=[evaluate.GoldLink("early", a, "late", b, label) for a, b, label in links],
    )


def test_counts_a_found_a_missed_and_a_mislabelled_link():
    story = labelled(
        [
            ("The council will vote", "The council voted", "shared"),  # found, label wrong
            ("The mayor called", "The mayor called", "shared"),  # found, label right
            ("Fishermen say", "Work is due", "shared"),  # not a real link: will be missed
        ]
    )
    result = evaluate.evaluate_story(story, AlignOptions())
    counts = result.counts
    assert (counts.tp, counts.fp, counts.fn, counts.tp_labelled) == (2, 0, 1, 1)
    assert counts.link_matrix == {
        ("shared", "updated"): 1,
        ("shared", "shared"): 1,
        ("shared", "none"): 1,
    }
    assert (counts.pairs, counts.pairs_right) == (1, 1)
    scores = counts.scores()
    assert scores["precision"] == 1.0 and scores["recall"] == pytest.approx(2 / 3)
    assert scores["label_accuracy"] == 0.5
    assert {error.kind for error in result.errors} == {"label", "missed"}


def test_a_label_naming_no_sentence_is_an_error_not_a_silent_skip():
    story = labelled([("No such sentence", "The mayor called", "shared")])
    with pytest.raises(evaluate.LabelError, match="matches 0 sentences"):
        evaluate.evaluate_story(story, AlignOptions())


def test_every_labelled_set_loads_and_is_reported(tmp_path, capsys):
    numbers = tmp_path / "eval.json"
    assert evaluate.main(["--json", str(numbers)]) == 0
    printed = capsys.readouterr().out
    output = json.loads(numbers.read_text(encoding="utf-8"))
    sets = [p.name for p in (ROOT / "benchmarks" / "eval").iterdir() if p.is_dir()]
    assert set(output["stories"]) == {*sets, "putin-kim-2024-06-19"}
    for name, numbers_of_set in output["stories"].items():
        confusion = numbers_of_set["link_confusion"]
        found = sum(n for key, n in confusion.items() if not key.endswith("->none"))
        assert found == numbers_of_set["tp"] + numbers_of_set["fp"], name
    per_set = [
        line.split()[0]
        for block in printed.split("link confusion per set")[1:]
        for line in block.split("\n\n")[0].splitlines()[2:]
    ]
    assert set(per_set) - {"ALL"} == set(output["stories"])


def test_docs_quality_shows_what_make_eval_prints_now(capsys):
    # docs/quality.md must stay current: its "Current numbers" block is make eval's output.
    assert evaluate.main([]) == 0
    printed = capsys.readouterr().out
    quality = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    block = quality.split("## Current numbers (defaults)")[1].split("```\n")[1]
    assert block == printed, "docs/quality.md is stale: paste `make eval`'s output into it"
