"""Stage 3a — rewrites: links align misses because a later take rewrote the statement.

A later take reports what a plan became, often in new words ("are ready to go one-on-one" →
"then talked one on one behind closed doors for two-plus hours"): too few words in common for
the aligner's threshold.  This pass links such a pair only when all of these hold:

- neither sentence is linked to the other's version, and they sit in the same gap between
  two linked statements (the story around them lines up);
- one of them reports a plan that the other reports as done, or as given way to another event
  (a tense, modality or outcome cue of :func:`compare.temporal.cues`, in either direction: the
  time order is decided later, by classify);
- they share a fair part of their content words and figures, names aside (REWRITE_OVERLAP).

Each sentence gets at most one such link, the best overlap first.  Nothing here depends on the
order of the inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from compare.model import Article, Link, Sentence
from compare.normalize import number_value, tokens
from compare.temporal import cues

# The share of content words and figures, names aside (Dice), a rewritten pair must have in
# common.
REWRITE_OVERLAP = 0.3
PLAN_CUES = frozenset({"tense", "modality", "outcome"})


def rewrite_links(articles: Sequence[Article], links: Sequence[Link]) -> list[Link]:
    """Extra links between plans and what became of them, for every pair of versions."""
    partners: dict[str, set[str]] = defaultdict(set)
    for link in links:
        partners[link.source].add(link.target)
        partners[link.target].add(link.source)
    found: list[Link] = []
    for a, b in combinations(sorted(articles, key=lambda article: article.id), 2):
        found += _rewrites(a, b, partners)
    return found


def _rewrites(a: Article, b: Article, partners: dict[str, set[str]]) -> list[Link]:
    position = {s.id: s.index for s in b.sentences}
    # The partner in b of each linked sentence of a, by a's index: the anchors of the gaps.
    anchors = {
        s.index: min(position[p] for p in partners[s.id] if p in position)
        for s in a.sentences
        if any(p in position for p in partners.get(s.id, ()))
    }
    linked_b = {position[p] for s in a.sentences for p in partners.get(s.id, ()) if p in position}
    candidates = []
    for x in a.sentences:
        if x.index in anchors:
            continue
        low = max((anchors[i] for i in anchors if i < x.index), default=-1)
        high = min((anchors[i] for i in anchors if i > x.index), default=len(b.sentences))
        for y in b.sentences[low + 1 : max(high, low + 1)]:
            if y.index in linked_b:
                continue
            overlap = _overlap(x, y)
            if overlap >= REWRITE_OVERLAP and _plan_came_true(x, y):
                candidates.append((-overlap, x.id, y.id))
    used: set[str] = set()
    chosen = []
    for negative, source, target in sorted(candidates):
        if source in used or target in used:
            continue
        used.update((source, target))
        chosen.append(Link(source, target, "shared", round(-negative, 3)))
    return chosen


def _plan_came_true(x: Sentence, y: Sentence) -> bool:
    return any(
        cue.kind in PLAN_CUES
        for first, second in ((x, y), (y, x))
        for cue in cues(first.text, second.text)
    )


def _overlap(x: Sentence, y: Sentence) -> float:
    """Dice over the two sentences' content stems and figures ("one on one", "two leaders")."""
    left = _words(x.text)
    right = _words(y.text)
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def _words(text: str) -> set[str]:
    """Content words and figures; names left out, which every sentence of the story shares."""
    return {
        t.stem
        for t in tokens(text)
        if (t.content and not t.capitalized) or number_value(t) is not None
    }
