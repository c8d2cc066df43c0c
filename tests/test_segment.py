"""Stage 2 — sentences from news text, offline."""

from __future__ import annotations

import pytest

from compare.model import Article
from compare.segment import is_crosshead, segment


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
