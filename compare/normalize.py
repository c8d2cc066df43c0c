"""The matching form of text: what alignment and classification compare, never what is shown.

Like CollateX's token ``t``/``n`` pair, every sentence keeps its original text for display; this
module only derives the normalised form.  News copy varies in typography from outlet to outlet
(curly vs straight quotes, en/em dashes vs ``--``, NBSP, soft hyphens, zero-width characters),
so those are folded first; then words are case-folded and stemmed with nltk's Snowball stemmer,
which needs no downloaded data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from compare.words import ATTRIBUTION_VERBS, STOPWORDS

if TYPE_CHECKING:
    from nltk.stem.snowball import SnowballStemmer

# One character in, one character out: offsets computed on folded text stay valid on the
# original (segment relies on this).
_FOLD_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # –
        "\u2014": "-",  # —
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u00a0": " ",  # NBSP
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u00ad": " ",  # soft hyphen: invisible, but must not glue words together
        "\u200b": " ",  # zero-width space
        "\u200c": " ",
        "\u200d": " ",
        "\u2060": " ",
        "\ufeff": " ",
    }
)


def fold(text: str) -> str:
    """Typography folded to ASCII quotes, dashes and spaces; same length as ``text``."""
    return text.translate(_FOLD_SAME_LENGTH)


def squash(text: str) -> str:
    """``text`` folded and its runs of whitespace made single spaces: two copies of a text
    that differ only in typography and spacing squash to one string."""
    return " ".join(fold(text).split())


# Numbers with separators ("1,000", "3.5", "1950-53"), dotted abbreviations ("U.S.", "a.m."),
# words with an inner apostrophe ("Putin's").  Hyphenated words are matched by their parts, so
# "sanctions-busting" meets "sanctions busting".
_WORD = re.compile(
    r"\d+(?:[.,:]\d+)*(?:-\d+)?|[^\W\d_](?:\.[^\W\d_])+\.?|[^\W\d_]+(?:'[^\W\d_]+)*", re.UNICODE
)
_NUMBER = re.compile(r"^\d")


@cache
def _stemmer() -> SnowballStemmer:
    # Imported on first use: the renderers and corrections use fold() from here, and "import nltk"
    # takes a quarter of a second, which the CLI's start-up and a batch parent that only
    # schedules or skips stories should not pay for.
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a case-folded word; numbers and dotted abbreviations unchanged."""
    if _NUMBER.match(word) or "." in word:
        return word
    return _stemmer().stem(word)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a sentence: as written, case-folded, and stemmed."""

    text: str
    norm: str
    stem: str
    content: bool  # not a function word
    capitalized: bool  # as written: a name, or a sentence's first word


@lru_cache(maxsize=16384)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of ``text`` in order, each with its matching forms.

    Cached: align, classify and collate all look at the same sentences, often many times.
    """
    return tuple(
        Token(
            text=text[match.start() : match.end()],
            norm=norm,
            stem=stem(norm),
            content=_content(norm),
            capitalized=match.group()[:1].isupper(),
        )
        for match, norm in _words(text)
    )


def content_norms(text: str) -> set[str]:
    """The case-folded content words of ``text``, as :func:`tokens` reads them but unstemmed:
    for ingest, which runs before the stemmer (nltk) is loaded."""
    return {norm for _, norm in _words(text) if _content(norm)}


def _words(text: str) -> Iterator[tuple[re.Match[str], str]]:
    for match in _WORD.finditer(fold(text)):
        norm = match.group().casefold().rstrip(".")
        if "'" in norm:  # possessive and elided forms match the bare word: "Putin's" ~ "Putin"
            norm = norm.removesuffix("'s").replace("'", "")
        if norm:
            yield match, norm


def _content(norm: str) -> bool:
    return norm not in STOPWORDS and (len(norm) > 1 or norm.isdigit())


# Numbers as news copy spells them ("three people", "a dozen", "hundreds").
NUMBER_WORDS = {
    word: value
    for value, words in enumerate(
        (
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty",
        )
    )
    for word in (words,)
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200,
     "thousand": 1000, "thousands": 2000}  # fmt: skip


def number_value(token: Token) -> float | None:
    """The value of a number written in digits or words, else None."""
    if _NUMBER.match(token.norm):
        try:
            return float(token.norm.replace(",", "").split("-")[0])
        except ValueError:
            return None
    return NUMBER_WORDS.get(token.norm)


# Background clauses (compare.align: words that count less in a link; compare.temporal: no
# state cue comes from them), found on the folded text.  A non-restrictive
# relative clause opens with a comma or a spaced dash and a relative pronoun, and runs to the
# next comma, semicolon, colon, parenthesis or spaced dash, or to the end of the sentence.
_RELATIVE_CLAUSE = re.compile(
    r"(?:,|\s-{1,2})\s*(?:who|whom|whose|which|who's|where)\b[^,;:()]*?(?=\s-{1,2}\s|[,;:()]|$)",
    re.IGNORECASE,
)
# The speaker tag after a quote closed by a comma, "?" or "!": up to a new quote, a clause that
# adds a statement (", adding that…") or the end; it must name a saying verb.
_SPEAKER_TAG = re.compile(r'(?<=[,?!]")[^"]*?(?=,\s*(?:adding|saying)\b|"|$)', re.IGNORECASE)


def background_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the background clauses of a sentence, in order, not overlapping."""
    folded = fold(text)
    spans = [m.span() for m in _RELATIVE_CLAUSE.finditer(folded)]
    spans += [
        m.span()
        for m in _SPEAKER_TAG.finditer(folded)
        if any(t.norm in ATTRIBUTION_VERBS for t in tokens(m.group()))
    ]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
