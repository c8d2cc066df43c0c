"""Stage 2 — segment: split an article body into sentences (nltk Punkt, offline).

``nltk.sent_tokenize`` loads trained Punkt tables that a fresh install does not have, and
fetching them needs the network, so we never call it.  Instead the tokenizer is built from
:class:`~nltk.tokenize.punkt.PunktParameters` holding the abbreviations of news copy (AP style:
titles, months, states, "U.S.", "a.m."), and Punkt's own rules do the rest: initials before a
capitalised word ("J. R. Smith"), quotes that close a sentence, ellipses.

Punkt runs on the folded text (curly quotes and dashes made ASCII, same length), so the
spans it returns are offsets into the article's own text: a :class:`Sentence` is a view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from compare.model import Article, Heading, Sentence
from compare.normalize import fold

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# Abbreviations that end with a period inside a sentence, lower case and without the final
# period as Punkt stores them.  Sources: AP style (titles, months, states), news usage.
NEWS_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm cmdr sen rep gov pres supt det insp
    rev fr sr jr st ave blvd rd mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    ala ariz ark calif colo conn fla ga ill ind kan ky md mich minn miss mo mont neb nev okla
    ore pa tenn vt va wash wis wyo
    u.s u.s.a u.k u.n e.u d.c n.y n.j n.h n.m n.c n.d s.c s.d r.i w.va l.a
    a.m p.m e.g i.e etc vs al approx dept est no nos vol inc corp co ltd llc plc bros
    """.split()
)

# A crosshead inside the body: wrapped in dashes or bullets ("- 'Arsenal for autocracy' -"),
# a heading, not a sentence.
_DASHED_CROSSHEAD = re.compile(r"^\s*[-*•]+\s+\S.{0,120}?\s+[-*•]+\s*$")
# A short line with no sentence punctuation at its end, e.g. a subhead "Talks in Pyongyang".
_SENTENCE_END = re.compile(r"[.!?:;,\"')\]]\s*$")
_MAX_SUBHEAD_WORDS = 8
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_FIRST_LETTER = re.compile(r"[^\W\d_]")


@cache
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with news abbreviations, built without any downloaded model."""
    # nltk is imported on first use: ingest reads is_crosshead from here, and an input it
    # refuses (a missing file, say) should not wait a quarter of a second for nltk.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    parameters.abbrev_types.update(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(parameters)


def is_crosshead(paragraph: str) -> bool:
    """Dash-wrapped headings, and short lines that do not end like a sentence."""
    folded = fold(paragraph).strip()
    if _DASHED_CROSSHEAD.match(folded):
        return True
    words = folded.split()
    return 0 < len(words) <= _MAX_SUBHEAD_WORDS and not _SENTENCE_END.search(folded)


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


def _rejoined(spans: Iterable[tuple[int, int]], folded: str, offset: int) -> list[tuple[int, int]]:
    """Punkt's spans, with a span that starts in lower case joined to the one before.

    Punkt always breaks after "!" and "?", also inside a quotation that the sentence goes on
    after ('calling it "Sad!" and saw…'); a news sentence never starts in lower case.
    """
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        first = _FIRST_LETTER.search(folded, offset + start, offset + end)
        if joined and first is not None and first.group().islower():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def segment(article: Article) -> Article:
    """The article with its ``sentences`` and ``headings`` filled in, in document order."""
    tokenizer = sentence_tokenizer()
    folded = fold(article.text)
    sentences: list[Sentence] = []
    headings: list[Heading] = []
    for number, (start, end) in enumerate(paragraphs(article.text)):
        if is_crosshead(article.text[start:end]):
            headings.append(Heading(paragraph=number, text=article.text[start:end]))
            continue
        for span_start, span_end in _rejoined(
            tokenizer.span_tokenize(folded[start:end]), folded, start
        ):
            a, b = _strip_span(article.text, start + span_start, start + span_end)
            if a == b:
                continue
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
