"""Word-level diff of two sentences, for showing what an outlet changed.

Tokens are words and single punctuation marks, so "Pyongyang," → "Pyongyang" marks only the
comma; a figure with thousands separators is one word, so "2,500" → "4,000" marks both whole
(split at the comma, the diff would read "4,500 000").  Tokens are compared on a folded form
(case, dashes, NBSP, and quote and apostrophe styles: ‘‘ “ '' " all one double quote, ’ and '
one apostrophe) and always shown as written, like CollateX's ``t``/``n``
pair; the whitespace before each token is kept so the diff reads like the sentence itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from compare.normalize import fold

SegmentKind = Literal["same", "del", "ins"]

# A doubled single quote (‘‘ ’’ '' ``, as typewriter and TeX-style copy writes a double quote)
# is one token, so that it can fold to the double quote it stands for.
_QUOTE_PAIR = "['‘’`]{2}"
_TOKEN = re.compile(rf"(\s*)(\w+(?:['’.-]\w+|,\d{{3}}(?!\d))*|{_QUOTE_PAIR}|[^\w\s])")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the diff: words both sentences have, or words only the earlier/later one has.

    ``text`` keeps the whitespace before the run, so the non-"del" segments join up to the later
    sentence and the non-"ins" ones to the earlier (up to spacing); renderers mark ``body`` and
    leave ``lead`` outside the mark.
    """

    kind: SegmentKind
    text: str

    @property
    def body(self) -> str:
        return self.text.lstrip()

    @property
    def lead(self) -> str:
        return self.text[: len(self.text) - len(self.body)]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(whitespace before, token) pairs that rebuild ``text`` up to trailing whitespace."""
    return [(match.group(1), match.group(2)) for match in _TOKEN.finditer(text)]


def _fold(token: str) -> str:
    """The form tokens are compared on: quote and apostrophe styles, dashes and case folded."""
    if re.fullmatch(_QUOTE_PAIR, token):
        return '"'
    return fold(token).replace("`", "'").casefold()


def _joined(tokens: list[tuple[str, str]]) -> str:
    return "".join(space + token for space, token in tokens)


def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """The edit from ``before`` to ``after`` as segments: unchanged words come from ``after``."""
    old, new = _tokens(before), _tokens(after)
    matcher = SequenceMatcher(
        None, [_fold(t) for _, t in old], [_fold(t) for _, t in new], autojunk=False
    )
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", _joined(new[j1:j2])))
            continue
        if i2 > i1:
            segments.append(Segment("del", _joined(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment("ins", _joined(new[j1:j2])))
    return tuple(segments)
