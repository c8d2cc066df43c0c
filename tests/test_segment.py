"""Stage 2 — sentences from news text, offline."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from compare.model import Article
from compare.segment import PUNKT_PARAMETERS, is_crosshead, segment, sentence_tokenizer


def sentences(text: str) -> list[str]:
    return [s.text for s in segment(Article(id="v", path="v.txt", text=text)).sentences]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Army said it would leave. Officials agreed.",
        "Gen. Mark Milley and Sen. Bob Corker met on Jan. 5 at 10 a.m. in the capital. "
        "Talks ended.",
        "The vote, under Rule No. 3 of the charter, passed. Critics objected.",
        "J. R. Smith, a lawyer, filed the case. He lost.",
    ],
)
def test_abbreviations_and_initials_do_not_end_sentences(text):
    assert len(sentences(text)) == 2


def test_quotes_closing_a_sentence_stay_with_it():
    text = "Kim said relations had reached “a new high.” Putin nodded. “We agree,” he said."
    assert sentences(text) == [
        "Kim said relations had reached “a new high.”",
        "Putin nodded.",
        "“We agree,” he said.",
    ]


def test_em_dashes_do_not_split():
    text = (
        "Putin -- who is travelling with officials -- spoke with Kim. Lavrov — the minister — too."
    )
    assert len(sentences(text)) == 2


def test_sentences_are_views_into_the_text_with_paragraphs():
    text = "First one. Second one.\n\nThird, in paragraph two."
    article = segment(Article(id="v", path="v.txt", text=text))
    assert [(s.paragraph, s.index, s.id) for s in article.sentences] == [
        (0, 0, "v-s0"),
        (0, 1, "v-s1"),
        (1, 2, "v-s2"),
    ]
    assert all(text[s.start : s.end] == s.text for s in article.sentences)


def test_crossheads_are_headings_not_sentences():
    text = "Putin arrived.\n\n- 'Arsenal for autocracy' -\n\nExperts warned."
    article = segment(Article(id="v", path="v.txt", text=text))
    assert [h.text for h in article.headings] == ["- 'Arsenal for autocracy' -"]
    assert [h.paragraph for h in article.headings] == [1]
    assert [s.text for s in article.sentences] == ["Putin arrived.", "Experts warned."]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("- 'Arsenal for autocracy' -", True),
        ("— Talks in Pyongyang —", True),
        ("A new era", True),
        ("Kim said he was glad.", False),
        ("“Russia requires North Korea’s weapon support,” Koh said.", False),
        ("9:20 a.m.", True),  # a running file's entry time
        ("12:45 p.m.", True),
        ("The talks began at 2 p.m.", False),
        # a running file's standing head: it names the file and reports nothing
        ("The Latest on U.S. election officials meeting (all times local):", True),
        ("The Latest on President Donald Trump's summit with Russian President Putin.", True),
        ("The latest on the inquiry came on Monday from the ministry.", False),
    ],
)
def test_crosshead_rule(line, heading):
    assert is_crosshead(line) is heading


def test_segmenting_never_downloads(monkeypatch):
    import nltk

    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download called")

    monkeypatch.setattr(nltk, "download", refuse)
    assert len(sentences("One. Two.")) == 2


def test_an_exclamation_inside_a_quote_does_not_end_the_sentence():
    text = 'He called the ruling "Sad!" and vowed to appeal. The judge declined to comment.'
    assert sentences(text) == [
        'He called the ruling "Sad!" and vowed to appeal.',
        "The judge declined to comment.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia announced sanctions against the U.S. The ministry said more would follow.",
            ["Russia announced sanctions against the U.S.", "The ministry said more would follow."],
        ),
        (
            "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
            ["They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."],
        ),
        (
            "He left the bank at 6 P.M. Mr. Smith then went to the store.",
            ["He left the bank at 6 P.M.", "Mr. Smith then went to the store."],
        ),
        ("I live in the E.U. How about you?", ["I live in the E.U.", "How about you?"]),
    ],
)
def test_an_abbreviation_can_end_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "They closed the deal with Pitt, Briggs & Co. at noon.",
        "At 5 a.m. Mr. Smith went to the bank.",
        "I work for the U.S. Government in Virginia.",
        "They asked U.S. District Judge Jesse M. Furman to rule.",
        "He served in the George W. Bush administration.",
        "In 1990, George H.W. Bush met Gorbachev in Helsinki.",
    ],
)
def test_an_abbreviation_inside_a_sentence_does_not_end_it(text):
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said he was… well, surprised.", ["He said he was… well, surprised."]),
        (
            "We will see what happens… The talks resume.",
            ["We will see what happens…", "The talks resume."],
        ),
        ("I wasn't really ... well, sure.", ["I wasn't really ... well, sure."]),
        (
            "He's a competitor ... He's not my enemy.",
            ["He's a competitor ...", "He's not my enemy."],
        ),
        ("The plan is . . . unworkable.", ["The plan is . . . unworkable."]),
        ("The thing is . . . I didn't mean it.", ["The thing is . . . I didn't mean it."]),
        ("I never meant that.... She left.", ["I never meant that....", "She left."]),
        ("It ends with a period . . . . Next one.", ["It ends with a period . . . .", "Next one."]),
        (
            "It was combined into compounds. . . . The practice went on.",
            ["It was combined into compounds.", ". . . The practice went on."],
        ),
        (
            'He said it "will appear less complex. . . ."',
            ['He said it "will appear less complex. . . ."'],
        ),
    ],
)
def test_ellipses_in_every_style(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("1. The first item. 2. The second item.", ["1. The first item.", "2. The second item."]),
        ("1) Cut taxes 2) Raise wages", ["1) Cut taxes", "2) Raise wages"]),
        ("1.) The first item 2.) The second item", ["1.) The first item", "2.) The second item"]),
        ("a. Close it b. Open it c. Wait", ["a. Close it", "b. Open it", "c. Wait"]),
        ("• 9. The ninth • 10. The tenth", ["• 9. The ninth", "• 10. The tenth"]),
    ],
)
def test_list_items_are_sentences_not_crossheads(text, expected):
    assert not is_crosshead(text)
    assert sentences(text) == expected


def test_a_number_ending_a_sentence_is_not_a_list():
    assert sentences("Unemployment rose by 2. Then it fell.") == [
        "Unemployment rose by 2.",
        "Then it fell.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Please turn to p. 55 of the report.",
        "The bill, No. 1026, passed in May.",
        "You can find it at N°. 1026.253.553 on the map.",
    ],
)
def test_references_before_a_number_do_not_end_sentences(text):
    assert sentences(text) == [text]


def test_no_as_an_answer_ends_a_sentence():
    assert sentences('"Would I have allowed it? No." Trump added that it was over.') == [
        '"Would I have allowed it?',
        'No."',
        "Trump added that it was over.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"Our relationship has NEVER been worse!" Trump tweeted Monday.',
        "“Why now?” Smith asked reporters.",
    ],
)
def test_an_attribution_after_an_exclaimed_quote_stays_with_it(text):
    assert sentences(text) == [text]


def test_a_new_sentence_after_an_exclaimed_quote_is_split():
    assert sentences('"We won!" The crowd roared back.') == ['"We won!"', "The crowd roared back."]


def test_tokenizer_carries_the_learned_parameters():
    # The shipped data, not an empty model: word contexts learned from news reports.
    parameters = json.loads(PUNKT_PARAMETERS.read_text(encoding="utf-8"))
    tokenizer = sentence_tokenizer()
    assert len(parameters["ortho_context"]) > 500
    for word, context in parameters["ortho_context"].items():
        assert tokenizer._params.ortho_context[word] == context
    assert "the" in tokenizer._params.sent_starters
    assert {"u.s", "co", "p.m"} <= tokenizer._params.abbrev_types


def _eval_segmentation():
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "eval_segmentation.py"
    spec = importlib.util.spec_from_file_location("eval_segmentation", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_segmentation"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_segmentation_eval_set_is_large_and_exact_match_counts_whole_lists():
    harness = _eval_segmentation()
    cases = harness.load_cases()
    assert len(cases) >= 150
    assert {case.split for case in cases} == {"dev", "test"}
    assert len({case.id for case in cases}) == len(cases)
    case = harness.Case("x", "test", "written", "One. Two.", ("One.", "Two."))
    assert harness.exact(harness.story_compare, case)
    assert not harness.exact(lambda text: [text], case)
    results = harness.evaluate([case, replace(case, sentences=("One. Two.",))])
    assert results["story-compare"]["all"] == {"exact": 1, "cases": 2}
