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

A sentence the aligner linked to one part of its split in the other version may also be
linked to a rewrite of the rest of it, anywhere in that version (the state change often moves
up to the lead: "first meet one on one in the … Gothic Hall, then continue their discussions
… over lunch" → "their private meeting in the opulent Gothic Hall was under way" and "They'll
continue their discussions … over lunch"): the rest is its words the linked part lacks, and it
must share at least SPLIT_REST_WORDS of them besides REWRITE_OVERLAP, with the same plan cue.
A write-through's new top is such a split too: the old lead's background clause goes on as a
sentence of its own ("… a summit that plays out against a backdrop of fraying Western
alliances …" → "The drama was playing out against a backdrop …"), and its plan is the new
lead's news ("are ready to go one-on-one" → "arrived Monday at Helsinki's presidential palace
for a long-awaited summit"), in new words around the few it keeps: where the split sentence
and its rewrite both lead their versions, SPLIT_REST_WORDS in common and the plan cue suffice
(dev: r-ap-summit-overnight's t1/t2 → t5 lead; nothing else of the corpus's clusters moves).

Each sentence gets at most one such link, the best overlap first.  Nothing here depends on the
order of the inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import combinations

from compare.model import Article, Link, LinkKind, Sentence
from compare.normalize import number_value, tokens
from compare.temporal import cues

# The share of content words and figures, names aside (Dice), a rewritten pair must have in
# common.
REWRITE_OVERLAP = 0.3
# Content words a split's rest must share with its rewrite: a word or two in common ("the
# leaders") is a topic, not a statement.
SPLIT_REST_WORDS = 3
PLAN_CUES = frozenset({"tense", "modality", "outcome"})
# (a's sentence position, b's, overlap, the side holding the split sentence: 0, 1 or None)
_Rewrite = tuple[int, int, float, int | None]


def rewrite_links(articles: Sequence[Article], links: Sequence[Link]) -> list[Link]:
    """``links`` and, after them, the links between plans and what became of them, for every
    pair of versions.  A split's rewrite and the link to its other half are marked as a split
    (kind "split" where the split sentence is the link's source, "merge" where it is the
    target), so that collate puts both halves in the split sentence's statement."""
    sentences = {s.id: s for a in articles for s in a.sentences}
    # (version, other version) → the (own index, other's index) of each sentence pair linked.
    linked: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for link in links:
        x, y = sentences.get(link.source), sentences.get(link.target)
        if x is not None and y is not None:
            linked[(x.version, y.version)].add((x.index, y.index))
            linked[(y.version, x.version)].add((y.index, x.index))
    # A pair's rewrites depend on nothing but what this key holds, so copies of a story (the
    # same sentences, linked at the same places: compare.align_many renames their links)
    # are worked out once: about T² pairs for T distinct texts instead of N².  The ids'
    # tails after the version id are in the key because ties are broken by id.
    shapes: dict[tuple[tuple[int, str, str], ...], int] = {}
    shape = {
        a.id: shapes.setdefault(
            tuple((s.index, s.text, s.id.removeprefix(a.id)) for s in a.sentences), len(shapes)
        )
        for a in articles
    }
    known: dict[tuple[int, int, frozenset[tuple[int, int]]], list[_Rewrite]] = {}
    found: list[Link] = []
    split: set[tuple[str, str]] = set()  # (split sentence, the other version)
    for a, b in combinations(sorted(articles, key=lambda article: article.id), 2):
        pairs = frozenset(linked.get((a.id, b.id), ()))
        key = (shape[a.id], shape[b.id], pairs)
        if key not in known:
            known[key] = _rewrites(a, b, pairs)
        for i, j, score, split_side in known[key]:
            x, y = a.sentences[i], b.sentences[j]
            kind: LinkKind = "one-to-one"
            if split_side == 0:
                kind = "split"
                split.add((x.id, b.id))
            elif split_side == 1:
                kind = "merge"
                split.add((y.id, a.id))
            found.append(Link(x.id, y.id, "shared", score, kind))
    # Only the few links at a split sentence change: a story of a hundred versions has some
    # 220,000 links and, mostly, no split rewrite at all.
    at_split = {sid for sid, _ in split}
    return [
        *(
            _as_split(link, split, sentences)
            if link.source in at_split or link.target in at_split
            else link
            for link in links
        ),
        *found,
    ]


def _as_split(link: Link, split: set[tuple[str, str]], sentences: dict[str, Sentence]) -> Link:
    """The link, marked as one half of a split when a rewrite linked the other half."""
    source, target = sentences.get(link.source), sentences.get(link.target)
    if source is None or target is None:
        return link
    if (source.id, target.version) in split:
        return replace(link, kind="split")
    if (target.id, source.version) in split:
        return replace(link, kind="merge")
    return link


def _rewrites(a: Article, b: Article, pairs: frozenset[tuple[int, int]]) -> list[_Rewrite]:
    """The rewrites between a and b, as (a's sentence position, b's, overlap, the side of the
    split sentence or None); ``pairs`` holds the (a index, b index) of the sentences already
    linked."""
    # The partner in b of each linked sentence of a, by a's index: the anchors of the gaps.
    anchors: dict[int, int] = {}
    for i, j in pairs:
        anchors[i] = min(j, anchors.get(i, j))
    linked_b = {j for _, j in pairs}
    # By sentence index, which an editor's exclusion leaves with gaps (not a list position).
    words = (
        {sentence.index: _words(sentence.text) for sentence in a.sentences},
        {sentence.index: _words(sentence.text) for sentence in b.sentences},
    )
    by_index = ({s.index: s for s in a.sentences}, {s.index: s for s in b.sentences})
    candidates: list[tuple[float, str, str, int | None]] = []
    # The two versions' first sentences: a split lead's rest that the other's lead rewrites.
    leads = {a.sentences[0].id, b.sentences[0].id} if a.sentences and b.sentences else set()
    for x in a.sentences:
        if x.index in anchors:
            continue
        low = max((anchors[i] for i in anchors if i < x.index), default=-1)
        high = min((anchors[i] for i in anchors if i > x.index), default=len(b.sentences))
        for y in b.sentences[low + 1 : max(high, low + 1)]:
            if y.index in linked_b:
                continue
            overlap = _dice(words[0][x.index], words[1][y.index])
            if overlap >= REWRITE_OVERLAP and _plan_came_true(x, y):
                candidates.append((-overlap, x.id, y.id, None))
    # Splits: (side, index) of a linked sentence → its partners' indexes on the other side.
    partners: dict[tuple[int, int], set[int]] = defaultdict(set)
    for i, j in pairs:
        partners[(0, i)].add(j)
        partners[(1, j)].add(i)
    for (side, index), linked_to in partners.items():
        other = 1 - side
        rest = words[side][index].difference(*(words[other][p] for p in linked_to))
        if len(rest) < SPLIT_REST_WORDS:
            continue
        x = by_index[side][index]
        for y in by_index[other].values():
            theirs = words[other][y.index]
            if (other, y.index) in partners or len(rest & theirs) < SPLIT_REST_WORDS:
                continue
            overlap = _dice(rest, theirs)
            new_top = {x.id, y.id} == leads
            if (overlap >= REWRITE_OVERLAP or new_top) and _plan_came_true(x, y):
                ids = (x.id, y.id) if side == 0 else (y.id, x.id)
                candidates.append((-overlap, *ids, side))
    position = {s.id: at for at, s in enumerate(a.sentences)}
    position.update((s.id, at) for at, s in enumerate(b.sentences))
    used: set[str] = set()
    chosen = []
    for negative, source, target, split_side in sorted(candidates, key=lambda c: c[:3]):
        if source in used or target in used:
            continue
        used.update((source, target))
        chosen.append((position[source], position[target], round(-negative, 3), split_side))
    return chosen


def _plan_came_true(x: Sentence, y: Sentence) -> bool:
    return any(
        cue.kind in PLAN_CUES
        for first, second in ((x, y), (y, x))
        for cue in cues(first.text, second.text)
    )


def _dice(left: frozenset[str], right: frozenset[str]) -> float:
    """The share of content stems and figures two sentences have in common ("one on one",
    "two leaders")."""
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


@lru_cache(maxsize=16384)
def _words(text: str) -> frozenset[str]:
    """Content words and figures; names left out, which every sentence of the story shares.
    Cached: each distinct pair of versions looks at every sentence of both."""
    return frozenset(
        t.stem
        for t in tokens(text)
        if (t.content and not t.capitalized) or number_value(t) is not None
    )
