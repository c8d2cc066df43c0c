"""Stage 3 — alignment on small hand-written versions."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

import compare.align
from compare.align import AlignOptions, align
from compare.model import Article
from compare.normalize import background_spans
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


@pytest.mark.parametrize(
    ("sentence", "background"),
    [
        (
            "The port, which handled a record 1.1 million cars, is closed.",
            [", which handled a record 1.1 million cars"],
        ),
        (
            "Women's group UltraViolet — who praised Spotify last month — was not happy.",
            [" — who praised Spotify last month"],
        ),
        (
            '"It is over," said Marcus Hill, president of the local.',
            [" said Marcus Hill, president of the local."],
        ),
        (
            '"We will rebuild," the mayor said, adding that the levee would be raised.',
            [" the mayor said"],
        ),
        ('The vote was "a disgrace," and the union will appeal.', []),  # no saying verb: no tag
        ("The cause of the fire is under investigation.", []),
    ],
)
def test_background_clauses_are_relative_clauses_and_speaker_tags(sentence, background):
    assert [sentence[a:b] for a, b in background_spans(sentence)] == background


def test_a_fact_repeated_only_in_a_relative_clause_is_not_linked():
    left = version(
        "a",
        "Prosecutors charged the former mayor, Tomas Brandt, with fraud on Tuesday.",
        "The city council voted to dissolve the harbour authority, which had run the port "
        "since 1954.",
    )
    right = version(
        "b",
        "The harbour authority had run the port since 1954 under a royal charter granted by "
        "the king.",
        "Councillors voted on Tuesday to dissolve the harbour authority.",
    )
    expected = {("The city council voted to", "Councillors voted on Tues", "one-to-one")}
    assert pairs(left, right) == expected
    # Weighted like the rest, the relative clause drags its fact in as the half of a "split".
    assert len(pairs(left, right, background_weight=1.0)) == 2


TAG = " Fire Chief Dana Ortiz told reporters at a briefing in Chico on Monday."
QUOTES = (
    '"Evacuation orders now cover every home in Paradise and Magalia,"' + TAG,
    '"Crews contained a third of the blaze overnight, and the wind is dropping,"' + TAG,
)


def test_two_quotes_with_the_same_speaker_tag_stay_apart():
    left, right = version("a", QUOTES[0]), version("b", QUOTES[1])
    assert pairs(left, right) == set()
    # Weighted like the rest, the shared tag links them.
    assert len(pairs(left, right, background_weight=1.0)) == 1
    # The optional distinctive-term rule keeps them apart on its own too: a tag shared in the
    # background of both sides is no evidence.
    assert pairs(left, right, background_weight=1.0, min_distinctive=1) == set()


def test_with_min_distinctive_sentences_sharing_only_the_story_topic_stay_apart():
    # "coast guard" and "ferry" run through the story; the second sentences share nothing else.
    lede = "A ferry carrying 150 people capsized off Bohol island on Monday, the coast guard said."
    left = version("a", lede, "Divers from the coast guard searched the ferry overnight.")
    right = version("b", lede, "The coast guard said the ferry had sailed despite a storm warning.")
    assert pairs(left, right, min_distinctive=1) == {(lede[:25], lede[:25], "one-to-one")}
    assert len(pairs(left, right, min_distinctive=0)) == 2  # the default: the rule is off


def test_with_min_distinctive_a_copied_sentence_of_topic_words_is_still_linked():
    copied = "The coast guard searched for the ferry."
    left = version(
        "a",
        copied,
        "Passengers said the coast guard searched slowly.",
        "Divers will search ferry cabins.",
    )
    right = version(
        "b",
        "Navy divers search ferry decks.",
        copied,
        "Relatives said the coast guard searched all night.",
    )
    found = pairs(left, right, min_distinctive=1)
    assert (copied[:25], copied[:25], "one-to-one") in found
    assert ("Passengers said the coast", "Relatives said the coast ", "one-to-one") not in found


def test_with_min_distinctive_a_distinctive_word_pair_is_evidence_enough():
    # Every word of the first sentence recurs in the story, but "searched the ferry" and
    # "coast guard divers" as neighbours occur only in it and in its trimmed copy.
    left = version(
        "a",
        "Coast guard divers searched the ferry.",
        "Divers said the coast guard searched slowly.",
        "The ferry was searched by divers.",
    )
    right = version(
        "b",
        "The ferry sank near the coast, and divers searched it.",
        "Coast guard divers searched the ferry after dark on Monday, officials said.",
        "Relatives searched for divers on the ferry.",
    )
    assert ("Coast guard divers search", "Coast guard divers search", "one-to-one") in pairs(
        left, right, min_distinctive=1
    )


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


def test_a_sentence_of_function_words_only_links_to_its_copy():
    # "I did it." has no content word; it must still be found in the other version, and not
    # be matched to a different short sentence.
    left = version("a", FLOOD[0], '"I did it."', FLOOD[1])
    right = version("b", FLOOD[1], '"We did not."', '"I did it."', FLOOD[0])
    linked = pairs(left, right)
    assert ('"I did it."', '"I did it."', "one-to-one") in linked
    assert not any(a == '"I did it."' and b != '"I did it."' for a, b, _ in linked)


@pytest.mark.parametrize(
    ("given", "error", "message"),
    [
        ({"link_threshold": 1.5}, ValueError, "link_threshold must be between 0.0 and 1.0"),
        ({"candidates": 0}, ValueError, "candidates must be at least 1"),
        ({"order_weight": "0.3"}, TypeError, "order_weight must be a number"),
        ({"candidates": 2.5}, TypeError, "candidates must be a number"),
    ],
)
def test_options_out_of_range_are_refused(given, error, message):
    with pytest.raises(error, match=message):
        AlignOptions(**given)


def test_a_higher_link_threshold_links_only_the_closer_pairs():
    left = version("a", *FLOOD)
    right = version(
        "b",
        "Floodwaters swept through Alder on Monday and destroyed forty homes, officials said.",
        "The governor declared an emergency.",
        FLOOD[2],
    )
    loose, strict = pairs(left, right), pairs(left, right, link_threshold=0.9)
    assert (FLOOD[2][:25], FLOOD[2][:25], "one-to-one") in strict
    assert strict < loose


def test_a_verbatim_copy_of_topic_words_only_is_linked_among_many_topic_sentences():
    # Every sentence names Spotify; the short one has no other content word, so it queries
    # only "spotify", whose top candidates are the first sentences, not its late copy.
    topic = [f"Spotify changed rule number {n} for playlists in market {n}." for n in range(30)]
    quote = "That's not what Spotify is about."
    left = version("a", *topic, quote)
    right = version("b", *reversed(topic), quote)
    assert (quote[:25], quote[:25], "one-to-one") in pairs(left, right)


# The semantic option (semantic_weight): a sentence encoder's second opinion on the pairs the
# words retrieved (compare/semantic.py; wordllama is in the dev and semantic extras).

PARAPHRASE = (
    "Western countries accuse Kim of supplying arms to Moscow for its war in Ukraine.",
    "Washington and its allies say Kim has been providing ammunition to Moscow for the "
    "fighting in Ukraine.",
)


def _scorer_pair(**options: float) -> tuple[compare.align._Scorer, float]:
    left, right = version("a", PARAPHRASE[0]), version("b", PARAPHRASE[1])
    scorer = compare.align._Scorer([left, right], AlignOptions(**options))
    features = scorer.features
    return scorer, scorer.similarity(features["a-s0"], features["b-s0"])


def test_the_semantic_score_blends_the_encoders_cosine_into_the_lexical_one():
    pytest.importorskip("wordllama")
    _, lexical = _scorer_pair()
    scorer, blended = _scorer_pair(semantic_weight=0.4)
    a, b = scorer.features["a-s0"], scorer.features["b-s0"]
    cosine = float(a.vector @ b.vector)
    assert 0.3 < cosine < 1  # a paraphrase, not a copy
    assert blended == pytest.approx(0.6 * lexical + 0.4 * cosine)
    assert blended > lexical  # the encoder sees "supplying arms" ~ "providing ammunition"


def test_the_encoder_never_links_a_pair_that_shares_no_words():
    pytest.importorskip("wordllama")
    left = version("a", "The storm knocked out power to thousands of homes overnight.")
    right = version("b", "Electricity was cut across the region as gales battered houses.")
    assert pairs(left, right) == set()
    assert pairs(left, right, semantic_weight=1.0, link_threshold=0.05) == set()


def test_the_semantic_option_without_its_package_is_one_clear_error(monkeypatch):
    import compare.semantic
    from compare.errors import ResourceError

    monkeypatch.setitem(sys.modules, "wordllama", None)  # import fails as if not installed
    compare.semantic._model.cache_clear()
    with pytest.raises(ResourceError, match=r"pip install 'story-compare\[semantic\]'"):
        _scorer_pair(semantic_weight=0.25)
    compare.semantic._model.cache_clear()  # a later test loads the real package again


def test_the_default_options_never_load_the_encoder():
    code = (
        "import sys; from compare.align import AlignOptions, align; "
        "from compare.model import Article; from compare.segment import segment; "
        "v = [segment(Article(id=i, path=i, text=t)) for i, t in (('a', 'One two three.'), "
        "('b', 'One two three four.'))]; align(v, AlignOptions()); "
        "print('compare.semantic' in sys.modules, 'wordllama' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_a_sentence_each_version_repeats_is_linked_in_order():
    # A gallery page prints its first caption again lower down; two copies of the page must
    # pair first with first and second with second, not cross them (the leads then differ).
    repeated = "People gather in the square for a demonstration on Sunday."
    paragraphs = (repeated, *FLOOD, repeated, "The rally ended peacefully by the evening.")
    left, right = version("a", *paragraphs), version("b", *paragraphs)
    links = {(k.source, k.target) for k in align([left, right], AlignOptions())}
    assert links == {(f"a-s{i}", f"b-s{i}") for i in range(len(paragraphs))}
