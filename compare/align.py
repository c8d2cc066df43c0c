"""Stage 3 — align: link sentences that carry the same statement across versions.

For every pair of versions:

1. **Features.** Each sentence becomes its content-word stems (:mod:`compare.normalize`), each
   weighted by its rarity in the story (IDF over all versions' sentences): "Putin" in a story
   about Putin says little, "Aurus" says a lot.
2. **Candidates.** An inverted index from stem to sentences gives, for each sentence, the few
   sentences of the other version sharing the most weight, so the scorer below runs on
   O(n · k) pairs instead of n × m.
3. **Similarity.** IDF-weighted Dice overlap of the stems (which words), blended with difflib's
   ratio over the content-stem sequences (in which order).
4. **Matching.** A globally best one-to-one matching (Hungarian algorithm, scipy), solved per
   connected component of the candidate graph so it stays small; no assumption that
   sentences keep their order.
5. **Splits and merges.** A sentence left over whose words lie inside a matched sentence of the
   other version, and which makes that pair more similar when joined to its partner, is
   linked too: one long sentence ↔ two short ones.

Links come out with ``source`` in the earlier-given version and label "shared"; classify
orients them in time and decides shared vs updated.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations, pairwise

import numpy as np

from compare.model import Article, Link, LinkKind, Sentence
from compare.normalize import tokens

# Candidate retrieval (see _candidates): a sentence's QUERY_KEYS rarest stems and stem pairs
# query the other version, unless found in more than MAX_POSTINGS of its sentences.
QUERY_KEYS = 8
MAX_POSTINGS = 24


@dataclass(frozen=True)
class AlignOptions:
    """Thresholds of the aligner; defaults calibrated on the labelled dev sets (docs/quality.md)."""

    link_threshold: float = 0.3
    """Minimum similarity for two sentences to be linked."""
    split_containment: float = 0.6
    """Share of a leftover sentence's word weight inside the other sentence, for a split/merge."""
    order_weight: float = 0.25
    """Weight of word order (difflib ratio) against word overlap in the similarity."""
    candidates: int = 5
    """Sentences of the other version scored per sentence (candidate retrieval)."""


@dataclass(frozen=True, slots=True)
class _Features:
    stems: tuple[str, ...]  # content stems in sentence order
    counts: Counter[str]  # stem → occurrences
    weights: dict[str, float]  # stem → IDF (each stem once)
    total: float  # sum of weights


def _idf(documents: Iterable[set[str]], count: int) -> dict[str, float]:
    frequency = Counter(term for terms in documents for term in terms)
    return {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in frequency.items()}


class _Scorer:
    """Similarity of sentences within one story; weights from the story's own IDF."""

    def __init__(self, articles: Sequence[Article], options: AlignOptions) -> None:
        self.options = options
        stems = {
            s.id: tuple(t.stem for t in tokens(s.text) if t.content)
            for a in articles
            for s in a.sentences
        }
        count = max(len(stems), 1)
        self.idf = _idf((set(seq) for seq in stems.values()), count)
        self.features = {sid: self._features(seq) for sid, seq in stems.items()}
        # Retrieval keys: stems, and pairs of adjacent stems, which stay rare in long versions
        # where every single word recurs (see _candidates).
        pairs = {sid: {f"{a} {b}" for a, b in pairwise(seq)} for sid, seq in stems.items()}
        pair_idf = _idf(pairs.values(), count)
        self.keys = {
            sid: (self.features[sid].weights, {key: pair_idf[key] for key in pairs[sid]})
            for sid in stems
        }

    def _features(self, stems: tuple[str, ...]) -> _Features:
        weights = {stem: self.idf[stem] for stem in stems}
        return _Features(stems, Counter(stems), weights, sum(weights.values()))

    def overlap(self, a: _Features, b: _Features) -> float:
        """Weight of the stems both sentences have."""
        small, large = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
        return sum(w for stem, w in small.weights.items() if stem in large.weights)

    def similarity(self, a: _Features, b: _Features, floor: float = 0.0) -> float:
        """IDF-weighted Dice blended with difflib's order ratio; 0 if below ``floor``."""
        if not a.total or not b.total:
            return 0.0
        dice = 2 * self.overlap(a, b) / (a.total + b.total)
        weight = self.options.order_weight
        if dice == 0.0 or (1 - weight) * dice + weight < floor:
            return 0.0
        # difflib is the expensive part.  Its ratio, 2·matches / (len a + len b), cannot exceed
        # the same with matches = the stems both have (as multisets): skip difflib when even
        # that bound leaves the pair below the floor.
        common = sum((a.counts & b.counts).values())
        bound = 2 * common / (len(a.stems) + len(b.stems))
        if (1 - weight) * dice + weight * bound < floor:
            return 0.0
        order = SequenceMatcher(None, a.stems, b.stems, autojunk=False).ratio()
        return (1 - weight) * dice + weight * order

    def containment(self, part: _Features, whole: _Features) -> float:
        """Share of ``part``'s word weight found in ``whole``."""
        return self.overlap(part, whole) / part.total if part.total else 0.0

    def joined(self, first: _Features, second: _Features) -> _Features:
        return self._features(first.stems + second.stems)


def align(articles: Sequence[Article], options: AlignOptions) -> list[Link]:
    """Links between sentences of different versions, for every pair of versions."""
    scorer = _Scorer(articles, options)
    links: list[Link] = []
    # Pairs in version-id order, never input order: the same versions give the same links.
    for earlier, later in combinations(sorted(articles, key=lambda a: a.id), 2):
        links.extend(_align_pair(scorer, earlier.sentences, later.sentences))
    return links


def _align_pair(scorer: _Scorer, left: Sequence[Sentence], right: Sequence[Sentence]) -> list[Link]:
    threshold = scorer.options.link_threshold
    scores = {
        pair: score
        for pair in _candidates(scorer, left, right)
        if (score := scorer.similarity(*(scorer.features[s.id] for s in pair), threshold))
        >= threshold
    }
    matched = _best_matching(scores)
    return _with_splits_and_merges(scorer, left, right, matched)


def _candidates(
    scorer: _Scorer, left: Sequence[Sentence], right: Sequence[Sentence]
) -> set[tuple[Sentence, Sentence]]:
    """Pairs worth scoring: each sentence's top-k by shared key weight, in both directions.

    Only a sentence's rarest stems and stem pairs query the index (prefix filtering): two
    sentences carrying the same statement share some of their rarest words.  A key found in
    more than MAX_POSTINGS sentences is not rare in this story and does not query, so
    retrieval stays near-linear however long the versions are; the pairs keep long versions,
    where every single word recurs, retrievable.
    """
    k = scorer.options.candidates
    pairs: set[tuple[Sentence, Sentence]] = set()
    for sources, targets, flip in ((left, right, False), (right, left, True)):
        index: dict[str, list[int]] = defaultdict(list)
        for position, sentence in enumerate(targets):
            for keys in scorer.keys[sentence.id]:
                for key in keys:
                    index[key].append(position)
        for sentence in sources:
            shared: dict[int, float] = defaultdict(float)
            for key, weight in _query(scorer.keys[sentence.id], index):
                for position in index[key]:
                    shared[position] += weight
            for position in heapq.nlargest(k, shared, key=lambda p: (shared[p], -p)):
                other = targets[position]
                pairs.add((other, sentence) if flip else (sentence, other))
    return pairs


def _query(
    keys: tuple[dict[str, float], dict[str, float]], index: dict[str, list[int]]
) -> list[tuple[str, float]]:
    """A sentence's rarest stems and stem pairs that are rare in the other version too."""
    query: list[tuple[str, float]] = []
    rarest: tuple[str, float] | None = None
    for weights in keys:
        for key in heapq.nlargest(QUERY_KEYS, weights, key=lambda t: (weights[t], t)):
            postings = len(index.get(key, ()))
            if 0 < postings <= MAX_POSTINGS:
                query.append((key, weights[key]))
            elif postings and (rarest is None or postings < len(index[rarest[0]])):
                rarest = (key, weights[key])
    return query or ([rarest] if rarest else [])


def _best_matching(
    scores: dict[tuple[Sentence, Sentence], float],
) -> dict[tuple[Sentence, Sentence], float]:
    """The one-to-one matching of greatest total similarity, per connected component."""
    # Imported here: scipy.optimize costs 0.4 s to import, which a batch parent that only
    # schedules (or skips) stories should not pay.
    from scipy.optimize import linear_sum_assignment

    matched: dict[tuple[Sentence, Sentence], float] = {}
    for component in _components(scores):
        rows = sorted({a for a, _ in component}, key=lambda s: s.index)
        cols = sorted({b for _, b in component}, key=lambda s: s.index)
        if len(component) == 1:
            matched[component[0]] = scores[component[0]]
            continue
        row_of = {s.id: i for i, s in enumerate(rows)}
        col_of = {s.id: j for j, s in enumerate(cols)}
        gain = np.zeros((len(rows), len(cols)))
        for a, b in component:
            gain[row_of[a.id], col_of[b.id]] = scores[(a, b)]
        for i, j in zip(*linear_sum_assignment(gain, maximize=True), strict=True):
            if gain[i, j] > 0:
                matched[(rows[i], cols[j])] = float(gain[i, j])
    return matched


def _components(
    scores: Iterable[tuple[Sentence, Sentence]],
) -> list[list[tuple[Sentence, Sentence]]]:
    """Candidate pairs grouped by connected component of the bipartite candidate graph."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    pairs = sorted(scores, key=lambda p: (p[0].index, p[1].index))
    for a, b in pairs:
        parent[root("L" + a.id)] = root("R" + b.id)
    groups: dict[str, list[tuple[Sentence, Sentence]]] = defaultdict(list)
    for a, b in pairs:
        groups[root("L" + a.id)].append((a, b))
    return list(groups.values())


def _with_splits_and_merges(
    scorer: _Scorer,
    left: Sequence[Sentence],
    right: Sequence[Sentence],
    matched: dict[tuple[Sentence, Sentence], float],
) -> list[Link]:
    """One-to-one links, plus leftovers that complete a matched pair (split or merge)."""
    links: dict[tuple[str, str], tuple[float, LinkKind]] = {
        (a.id, b.id): (score, "one-to-one") for (a, b), score in matched.items()
    }
    partner = {a.id: b.id for a, b in matched} | {b.id: a.id for a, b in matched}
    # A right sentence with no partner may be the second half of a left sentence (a split);
    # a left one with no partner, the other half of a right sentence (a merge).
    for side, kind in ((right, "split"), (left, "merge")):
        for extra in side:
            if extra.id in partner:
                continue
            found = _completed_pair(scorer, extra, side, partner)
            if found is None:
                continue
            anchor, first = found
            one, two = ((anchor, first), (anchor, extra.id))
            if kind == "merge":
                one, two = (first, anchor), (extra.id, anchor)
            links[one] = (links[one][0], kind)
            similarity = scorer.similarity(scorer.features[extra.id], scorer.features[anchor])
            links[two] = (similarity, kind)
    position = {s.id: s.index for s in (*left, *right)}
    return [
        Link(source=source, target=target, label="shared", score=round(score, 4), kind=kind)
        for (source, target), (score, kind) in sorted(
            links.items(), key=lambda item: (position[item[0][0]], position[item[0][1]])
        )
    ]


def _completed_pair(
    scorer: _Scorer, extra: Sentence, side: Sequence[Sentence], partner: dict[str, str]
) -> tuple[str, str] | None:
    """(anchor id, first half id) if ``extra`` is the missing half of the anchor's link.

    The halves of a split sentence sit next to each other, so only ``extra``'s neighbours are
    tried as the first half.  ``extra``'s words must lie inside the anchor, and the anchor
    must match the two halves joined better than the first half alone.
    """
    features = scorer.features
    best: tuple[float, str, str] | None = None
    # ``side`` is one version's sentences, so side[i].index == i.
    neighbours = [side[i] for i in (extra.index - 1, extra.index + 1) if 0 <= i < len(side)]
    for first in neighbours:
        if first.id not in partner:
            continue
        anchor = partner[first.id]
        inside = scorer.containment(features[extra.id], features[anchor])
        if inside < scorer.options.split_containment:
            continue
        halves = (first, extra) if first.index < extra.index else (extra, first)
        joined = scorer.joined(features[halves[0].id], features[halves[1].id])
        gain = scorer.similarity(features[anchor], joined) - scorer.similarity(
            features[anchor], features[first.id]
        )
        if gain > 0 and (best is None or gain > best[0]):
            best = (gain, anchor, first.id)
    return None if best is None else (best[1], best[2])
