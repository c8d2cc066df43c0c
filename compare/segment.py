"""Stage 2 — segment: split an article body into sentences (nltk Punkt, offline).

``nltk.sent_tokenize`` loads trained Punkt tables that a fresh install does not have, and
fetching them needs the network, so we never call it.  Instead the tokenizer is built from
:class:`~nltk.tokenize.punkt.PunktParameters` filled from two sources:

- ``compare/data/punkt_news.json``: what nltk's ``PunktTrainer`` learned offline from news
  reports (``benchmarks/train_punkt.py`` says on what, and how to redo it) — above all the
  orthographic context of each word, which lets Punkt tell an abbreviation that ends a sentence
  ("… against the U.S. The ministry said") from one inside it ("the U.S. Government");
- the abbreviations and sentence starters of news copy kept by hand in :mod:`compare.words`
  (AP style: titles, months, states, "U.S.", "a.m."), which a small training body cannot learn
  reliably.

Punkt's own rules do the rest (initials before a name, quotes that close a sentence), and a few
news rules cover what Punkt gets wrong: ellipses in every style ("…", "...", ". . .", a fourth
dot that ends the sentence), numbered and lettered list items glued into one paragraph
("1. The first item 2. The second item"), references such as "p. 55" and "No. 1026", and an
upper-case "P.M." that ends a sentence.

Punkt runs on the folded text (curly quotes and dashes made ASCII, same length) with the
periods those rules decide masked, so the spans it returns are offsets into the article's own
text: a :class:`Sentence` is a view.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from compare.crosshead import is_crosshead, list_items
from compare.model import Article, Heading, Sentence
from compare.normalize import fold
from compare.resources import PACKAGE_DIR
from compare.words import NEWS_ABBREVIATIONS, NEWS_SENTENCE_STARTERS

PUNKT_PARAMETERS = PACKAGE_DIR / "data" / "punkt_news.json"

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# An ellipsis: three or more periods, spaced or not, or the one-character "…" (with perhaps a
# sentence's own period after it).
_ELLIPSIS = re.compile(r"\.(?:[ \u00a0]?\.){2,}|…(?:[ \u00a0]?\.)?")
# What may follow an ellipsis before the next word: closing quotes and brackets, space, an
# opening quote.
_AFTER_ELLIPSIS = re.compile(r"[\"')\]]*\s+[\"'(]?(?P<word>[^\W\d_][\w'-]*)")
# A reference that a number follows: "p. 55", "pp. 10-12", "No. 1026", "N°. 1026.253.553".
_REFERENCE = re.compile(r"(?<![\w°])(?:pp?|nos?|n°|vol|ch|fig|art|sec|para)\.(?=\s?\d)", re.I)
# "at 6 P.M. Mr. Smith …": upper-case clock abbreviations followed by a capital end a sentence
# (lower-case "a.m." before a name does not: "At 5 a.m. Mr. Smith went to the bank").
_CLOCK_END = re.compile(r"\d\s?[AP]\.M\.(?=\s+[\"'(]?[A-Z])")
# Middle initials: "George W. Bush", "George H.W. Bush" (Punkt breaks there when the surname
# is also a common word, as "bush" is in Australian news, or the initials are unknown).
_MIDDLE_INITIAL = re.compile(
    r"(?<![\w.])[A-Z][a-z]+\s[A-Z](?:\.[A-Z])*(?P<period>\.)\s(?P<next>[A-Z][\w'-]*)"
)
# A quotation that ends in "!" or "?" and the attribution after it are one sentence:
# '"… the Rigged Witch Hunt!" Trump tweeted.'
_EXCLAIMED_QUOTE_END = re.compile(r"[!?][\"']+$")
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w.'-]*\s){1,4}(?:said|says|tweeted|wrote|writes|asked|added|told|posted|"
    r"replied|continued|declared|insisted|shouted|exclaimed)\b"
)
# Any period the rules above decided is replaced by this before Punkt sees the text.
_MASK = "\u2024"  # one dot leader: not one of Punkt's sentence-ending characters

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_FIRST_LETTER = re.compile(r"[^\W\d_]")


@cache
def sentence_starters() -> frozenset[str]:
    """Learned and hand-kept sentence starters, lower case."""
    learned = json.loads(PUNKT_PARAMETERS.read_text(encoding="utf-8"))["sentence_starters"]
    return NEWS_SENTENCE_STARTERS | frozenset(learned)


@cache
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the shipped news parameters, built without any downloaded model."""
    # nltk is imported on first use: an input ingest refuses (a missing file, say) should
    # not wait a quarter of a second for nltk.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    learned = json.loads(PUNKT_PARAMETERS.read_text(encoding="utf-8"))
    parameters = PunktParameters()
    parameters.abbrev_types.update(NEWS_ABBREVIATIONS, learned["abbreviations"])
    parameters.collocations.update(tuple(pair) for pair in learned["collocations"])
    parameters.sent_starters.update(sentence_starters())
    for word, context in learned["ortho_context"].items():
        parameters.ortho_context[word] = context
    return PunktSentenceTokenizer(parameters)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the non-blank paragraphs of ``text``, blank lines between them."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [_strip_span(text, a, b) for a, b in spans if text[a:b].strip()]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _masked(text: str, positions: Iterator[int]) -> str:
    chars = list(text)
    for position in positions:
        chars[position] = _MASK
    return "".join(chars)


def _ellipsis_breaks(text: str) -> tuple[list[int], list[int]]:
    """The periods of every ellipsis (for masking), and where an ellipsis ends a sentence.

    A sentence ends at an ellipsis that a capitalised word follows when it has a fourth dot,
    the sentence's own period ("that.... She left", "complex. . . . The practice" — there the
    period stays with the word and the ellipsis opens the next sentence), or when the word is
    one that starts sentences ("… we agreed ... The talks"); "… the thing is . . . I didn't"
    goes on.
    """
    periods: list[int] = []
    breaks: list[int] = []
    for match in _ELLIPSIS.finditer(text):
        periods.extend(i for i in range(match.start(), match.end()) if text[i] == ".")
        following = _AFTER_ELLIPSIS.match(text, match.end())
        if following is None or not following.group("word")[0].isupper():
            continue
        run = match.group()
        dots = run.count(".") + 3 * run.count("…")
        if dots >= 4:
            attached = match.start() > 0 and not text[match.start() - 1].isspace()
            if attached and run[1] in " \u00a0":
                breaks.append(match.start() + 1)
            else:
                breaks.append(following.start("word") - _opening_quote_length(following))
        elif _starts_sentences(following.group("word")):
            breaks.append(following.start("word") - _opening_quote_length(following))
    return periods, breaks


def _starts_sentences(word: str) -> bool:
    """Whether ``word`` (capitalised) is one that opens news sentences ("He's" as "he")."""
    return word.split("'")[0].lower() in sentence_starters()


def _opening_quote_length(following: re.Match[str]) -> int:
    before = following.string[following.start() : following.start("word")]
    return 1 if before and before[-1] in "\"'(" else 0


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph of folded text."""
    ellipsis_periods, breaks = _ellipsis_breaks(text)
    masked_periods = [
        *ellipsis_periods,
        *(m.end() - 1 for m in _REFERENCE.finditer(text)),
        *(
            m.start("period")
            for m in _MIDDLE_INITIAL.finditer(text)
            if not _starts_sentences(m.group("next"))
        ),
    ]
    items = list_items(text)
    breaks += [item.start for item in items[1:]]
    breaks += [m.end() for m in _CLOCK_END.finditer(text)]
    no_break_after = {item.marker_end for item in items}

    starts = {
        start
        for start, _ in sentence_tokenizer().span_tokenize(_masked(text, iter(masked_periods)))
    }
    for position in breaks:
        while position < len(text) and text[position].isspace():
            position += 1
        starts.add(position)
    starts = {s for s in starts if s == 0 or _last_non_space(text, s) not in no_break_after}
    item_starts = {item.start for item in items}

    spans: list[tuple[int, int]] = []
    bounds = sorted(starts | {0})
    for start, end in zip(bounds, [*bounds[1:], len(text)], strict=True):
        start, end = _strip_span(text, start, end)
        if start == end:
            continue
        # Punkt always breaks after "!" and "?", also inside a quotation that the sentence
        # goes on after ('calling it "Sad!" and saw…', '"… Witch Hunt!" Trump tweeted.').
        if spans and start not in item_starts and _goes_on(text, spans[-1], start, end):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _goes_on(text: str, previous: tuple[int, int], start: int, end: int) -> bool:
    """Whether text[start:end] continues the sentence ``previous`` rather than starting one.

    A news sentence never starts in lower case (a lettered list item aside, which the caller
    leaves out), and an attribution after an exclaimed or asked quotation belongs to it.
    """
    first = _FIRST_LETTER.search(text, start, end)
    if first is not None and first.group().islower():
        return True
    return bool(
        _EXCLAIMED_QUOTE_END.search(text, previous[0], previous[1])
        and _ATTRIBUTION.match(text[start:end])
    )


def _last_non_space(text: str, position: int) -> int:
    """The offset just after the last non-space character before ``position``."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def segment(article: Article) -> Article:
    """The article with its ``sentences`` and ``headings`` filled in, in document order."""
    folded = fold(article.text)
    sentences: list[Sentence] = []
    headings: list[Heading] = []
    for number, (start, end) in enumerate(paragraphs(article.text)):
        if is_crosshead(article.text[start:end]):
            headings.append(Heading(paragraph=number, text=article.text[start:end]))
            continue
        for span_start, span_end in _sentence_spans(folded[start:end]):
            a, b = start + span_start, start + span_end
            sentences.append(
                Sentence(
                    id=f"{article.id}-s{len(sentences)}",
                    version=article.id,
                    index=len(sentences),
                    paragraph=number,
                    start=a,
                    end=b,
                    text=article.text[a:b],
                )
            )
    return replace(article, sentences=tuple(sentences), headings=tuple(headings))
