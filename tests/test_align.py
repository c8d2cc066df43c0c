"""Stage 3 — alignment on small hand-written versions."""

from __future__ import annotations

import random

import compare.align
from compare.align import AlignOptions, align
from compare.model import Article
from compare.segment import segment


def version(version_id: str, *paragraphs: str) -> Article:
    return segment(Article(id=version_id, path=f"{version_id}.txt", text="\n\n".join(paragraphs)))


def pairs(left: Article, right: Article, **options: float) -> set[tuple[str, str, str]]:
    text = {s.id: s.text for s in (*left.sentences, *right.sentences)}
    return {
        (text[k.source][:25], text[k.target][:25], k.kind)
        for k in align([left, right], AlignOptions(**options))
    }


FLOOD = (
    "Floodwaters swept through the river town of Alder on Monday, destroying forty homes.",
    "The regional governor declared a state of emergency and asked the army for boats.",
    "Residents said the levee, built in 1962, had not been repaired for a decade.",
    "Forecasters expect more rain over the mountains through Thursday.",
)


def test_reordered_and_reworded_sentences_are_linked_one_to_one():
    left = version("a", *FLOOD)
    right = version(
        "b",
        "Forecasters expect further rain over the mountains until Thursday.",
        "Floodwaters swept through Alder, a river town, on Monday and destroyed forty homes.",
        "Residents said the 1962 levee had not been repaired in a decade.",
        "The governor of the region declared a state of emergency, asking the army for boats.",
    )
    found = pairs(left, right)
    assert {(a[:10], b[:10]) for a, b, _ in found} == {
        ("Floodwater", "Floodwater"),
        ("The region", "The govern"),
        ("Residents ", "Residents "),
        ("Forecaster", "Forecaster"),
    }
    assert {kind for *_, kind in found} == {"one-to-one"}


def test_different_statements_on_the_same_topic_stay_apart():
    left = version("a", *FLOOD)
    right = version(
        "b",
        "A separate storm knocked out power to the airport in the capital on Monday.",
        "Insurers said claims from last year's floods had still not been paid.",
    )
    assert pairs(left, right) == set()


def test_one_long_sentence_split_into_two_is_linked_to_both():
    left = version(
        "a",
        "The regional governor declared a state of emergency on Monday and asked the army "
        "to send boats and helicopters to evacuate residents of the river town of Alder.",
        "Forecasters expect more rain through Thursday.",
    )
    right = version(
        "b",
        "The regional governor declared a state of emergency on Monday.",
        "She asked the army to send boats and helicopters to evacuate residents of Alder.",
        "Forecasters expect more rain through Thursday.",
    )
    found = pairs(left, right)
    assert {kind for a, b, kind in found if a.startswith("The regional")} == {"split"}
    assert {b[:12] for a, b, _ in found if a.startswith("The regional")} == {
        "The regional",
        "She asked th",
    }


def test_two_sentences_merged_into_one_are_linked_to_it():
    left = version(
        "a",
        "The regional governor declared a state of emergency on Monday.",
        "She asked the army to send boats and helicopters to evacuate residents of Alder.",
    )
    right = version(
        "b",
        "The regional governor declared a state of emergency on Monday and asked the army "
        "to send boats and helicopters to evacuate residents of the river town of Alder.",
    )
    found = pairs(left, right)
    assert len(found) == 2
    assert {kind for *_, kind in found} == {"merge"}


def test_links_join_different_versions_and_one_to_one_links_never_share_a_sentence():
    left, middle, right = version("a", *FLOOD), version("b", *FLOOD[::-1]), version("c", *FLOOD[:2])
    links = align([left, middle, right], AlignOptions())
    assert all(k.source.split("-")[0] != k.target.split("-")[0] for k in links)
    for first, second in (("a", "b"), ("a", "c"), ("b", "c")):
        between = [k for k in links if k.source.startswith(first) and k.target.startswith(second)]
        ends = [k.source for k in between] + [k.target for k in between]
        assert len(ends) == len(set(ends))
    assert len(links) == 4 + 2 + 2


def test_candidate_retrieval_keeps_scoring_near_linear(monkeypatch):
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(3000)]

    def paragraph() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(18)).capitalize() + "."

    text = [paragraph() for _ in range(300)]
    left = version("a", *text)
    right = version("b", *rng.sample(text, len(text)))
    scored = 0
    real = compare.align._Scorer.similarity

    def counting(self, a, b, *floor):
        nonlocal scored
        scored += 1
        return real(self, a, b, *floor)

    monkeypatch.setattr(compare.align._Scorer, "similarity", counting)
    links = align([left, right], AlignOptions(candidates=5))
    assert len(links) == 300  # every paragraph found again despite the shuffle
    assert scored <= 2 * 5 * 300 + 300  # candidates both ways, plus split checks; not 300 × 300
