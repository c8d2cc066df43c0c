"""A cheap "is this English?" check: sentence splitting and matching are tuned for English.

Running English prose is about 40 % function words ("the", "of", "and", "to" ...); German,
French or Spanish prose shares only a handful of them ("a", "in", "on"), and text in another
script shares none.  No model, no download: one pass over the words.
"""

from __future__ import annotations

import re

from compare.model import Article

# The commonest English function words, none of which is a common word of another major
# European language ("a", "in", "on", "so", "die", "me" are left out for that reason).
FUNCTION_WORDS = frozenset(
    """
    the of and to is was for that with as by at from it its this be are were has have had been
    will would could should not but or an which who whom whose their they them there these
    those he his him she her we our you your than then when where what while after before
    into about over also more most said says
    """.split()
)
MIN_WORDS = 25  # shorter texts are not judged: too few words to tell
MIN_SHARE = 0.12  # English news copy stays well above this; other languages well below
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Latin letters: Basic Latin, Latin-1 (without × and ÷) and Latin Extended-A and -B.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def english_share(text: str) -> tuple[int, float]:
    """(number of words, share of them that are common English function words)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return 0, 0.0
    return len(words), sum(word in FUNCTION_WORDS for word in words) / len(words)


def language_warning(article: Article) -> str | None:
    """A one-line warning when ``article`` does not look like English, else None.

    The CLI prints it as "story-compare: WARNING: ..." and still compares the versions.
    """
    text = article.text
    letters = sum(map(str.isalpha, text))  # counted in C: a per-character loop was 2 % of a run
    if letters >= 40 and len(_LATIN.findall(text)) < 0.5 * letters:
        return (
            f"WARNING: {article.path}: text is not in the Latin alphabet, so probably not "
            "English; sentence splitting and matching are tuned for English"
        )
    count, share = english_share(text)
    if count < MIN_WORDS or share >= MIN_SHARE:
        return None
    return (
        f"WARNING: {article.path}: text does not look like English ({share:.0%} common English "
        "words); sentence splitting and matching are tuned for English"
    )
