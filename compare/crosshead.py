"""The crosshead rule: which paragraph of a body is a section heading, shown but never aligned.

One rule for the two stages that ask.  Segment shows a paragraph that :func:`is_crosshead` as a
heading instead of splitting it into sentences; the readers of scraped pages keep a short line
inside the body only when :func:`is_story_crosshead` (else it is a link to another story, and
dropped), and turn an HTML or Markdown heading into a paragraph this rule reads as one.  A
light module: ingest uses it before anything heavy is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compare.normalize import fold

# Wrapped in dashes or bullets, the way wire copy prints crossheads: "- 'Arsenal for autocracy' -"
# (on folded text: en and em dashes are "-").
_DASHED = re.compile(r"^\s*[-*•]+\s+\S.{0,120}?\s+[-*•]+\s*$")
# A short line with no sentence punctuation at its end, e.g. a subhead "Talks in Pyongyang".
_SENTENCE_END = re.compile(r"[.!?:;,\"')\]]\s*$")
MAX_CROSSHEAD_WORDS = 8
# A running file's entry time on a line of its own ("9:20 a.m.", "2 p.m."): a heading over the
# entry, not a sentence (AP's "The Latest").
_ENTRY_TIME = re.compile(r"^\d{1,2}(?::\d\d)?\s?[ap]\.?\s?m\.?$", re.IGNORECASE)
# A running file's standing head on a line of its own, "Latest" capitalised as AP's slug: "The
# Latest on President Donald Trump's summit with Russian President Vladimir Putin (all times
# local):" (some pages end it with a full stop).  It names the file and reports nothing: a page
# that drops it is the same take.
_RUNNING_HEAD = re.compile(r"^The Latest on .{1,150}?(?:\(all times local\):?|\.)$")
# A list item's marker: "1.", "2.)", "3)", "a.", with an optional bullet before it.
_LIST_MARKER = re.compile(
    r"(?:(?<=\s)|^)(?P<bullet>[•⁃*-]\s?)?(?P<label>\d{1,3}|[A-Za-z])(?:\.\)|\)|\.)(?=\s)"
)
_WORD = re.compile(r"[a-z0-9]+")
_ECHO_REACH = 8  # a crosshead's words are found this far into the next paragraph's opening


@dataclass(frozen=True)
class ListItem:
    start: int  # where the item starts (its bullet, else its label)
    marker_end: int  # just after the marker's punctuation


def list_items(text: str) -> list[ListItem]:
    """The items of a numbered or lettered list that ``text`` opens, if it holds two or more
    (a list is short and unpunctuated like a crosshead, but is sentences, one per item).

    The first marker must open the paragraph and each next one must count on by one ("1.",
    "2."; "a.", "b."), so a number that merely ends a sentence ("rose by 2. Then") is no item.
    """
    if _LIST_MARKER.match(text) is None:  # the common case, settled without a scan
        return []
    items: list[ListItem] = []
    expected: str | None = None
    for match in _LIST_MARKER.finditer(text):
        label = match.group("label")
        if expected is not None and label != expected:
            continue
        items.append(ListItem(match.start(), match.end()))
        expected = str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)
    return items if len(items) >= 2 else []


def is_crosshead(paragraph: str) -> bool:
    """Dash-wrapped headings, a running file's entry times and standing head, and short lines
    that do not end like a sentence (not a list)."""
    folded = fold(paragraph).strip()
    if _marked(folded):
        return True
    if list_items(folded):
        return False
    words = folded.split()
    return 0 < len(words) <= MAX_CROSSHEAD_WORDS and not _SENTENCE_END.search(folded)


def _marked(folded: str) -> bool:
    """A heading by its form alone: dash-wrapped, a running file's entry time or its standing
    head."""
    return any(form.match(folded) for form in (_DASHED, _ENTRY_TIME, _RUNNING_HEAD))


def is_story_crosshead(line: str, following: str | None) -> bool:
    """A crosshead of this story, not a link to another one that a scraped page put in the body:
    a crosshead by :func:`is_crosshead` that is marked as one (dash-wrapped, an entry time, or
    all capitals: "WHAT TRUMP WANTS") or made of words the next paragraph opens with ("What
    Trump wants")."""
    if not is_crosshead(line):
        return False
    if _marked(fold(line).strip()):
        return True
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    if following is None:
        return False
    words = _WORD.findall(line.casefold())
    opening = _WORD.findall(following.casefold())[: len(words) + _ECHO_REACH]
    return len(words) >= 2 and set(words) <= set(opening)
