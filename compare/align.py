"""Stage 3 — align: link sentences that carry the same statement across versions.

For every pair of versions:

1. **Features.** Each sentence becomes its content-word stems (:mod:`compare.normalize`), each
   weighted by its rarity in the story (IDF over all versions' sentences): "Putin" in a story
   about Putin says little, "Aurus" says a lot.  Words in *background* clauses count less
   (``background_weight``): a non-restrictive relative clause (", who is awaiting trial…",
   "— who praised Spotify… —") and the speaker tag after a closing quote ('…," the governor
   said at a briefing').  The statement is the rest of the sentence; a fact that survives only
   as background, or a speaker named the same way, does not make two sentences one statement.
2. **Candidates.** An inverted index from stem to sentences gives, for each sentence, the few
   sentences of the other version sharing the most weight, so the scorer below runs on
   O(n · k) pairs instead of n × m.
3. **Similarity.** IDF-weighted Dice overlap of the stems (which words), blended with difflib's
   ratio over the content-stem sequences (in which order).  Optionally (``min_distinctive``,
   off by default), a pair that is no near copy must also share *distinctive* terms, or its
   similarity is 0: stems or pairs of adjacent stems found in no more of the story's sentences
   than the story has versions — words of one statement, which each version carries about
   once, not words of the topic ("coast guard", "ferry"), which recur all through the story —
   and not background on both sides.  It is off because a story's main statement is worded
   in its topic words too (docs/quality.md).
   Optionally too (``semantic_weight``, off by default; ``story-compare[semantic]``), the
   similarity of a retrieved pair is blended with the cosine of two sentence vectors from a
   small encoder (:mod:`compare.semantic`): a second opinion, never a candidate of its own.
4. **Matching.** A globally best one-to-one matching (Jonker–Volgenant, lap), solved per
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
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from itertools import combinations, pairwise
from typing import Any

from compare.model import Article, Link, LinkKind, Sentence
from compare.normalize import background_spans, squash, tokens
from compare.options import AlignOptions
from compare.unionfind import DisjointSet

# Candidate retrieval (see PairAligner.candidates): a sentence's QUERY_KEYS rarest stems and
# stem pairs query the other version, unless found in more than MAX_POSTINGS of its sentences.
QUERY_KEYS = 8
MAX_POSTINGS = 24

# Pairs this close (weighted Dice) are copies: they need no distinctive word in common.
NEAR_COPY = 0.8

# Matching (see PairAligner.solve): the most that tie-breaking may move a pair's gain.  Scores
# are compared to four decimals; this is far below that, and far above float rounding.
TIE_NUDGE = 1e-9


@dataclass(frozen=True, slots=True)
class _Features:
    stems: tuple[str, ...]  # content stems in sentence order
    counts: Counter[str]  # stem → occurrences
    weights: dict[str, float]  # stem → IDF × background weight (each stem once)
    total: float  # sum of weights
    background: frozenset[str]  # stems found only in background clauses
    pairs: frozenset[str]  # adjacent stems, "a b"
    vector: Any = None  # unit sentence vector (semantic_weight > 0 only)


def _in_background(term: str, features: _Features) -> bool:
    """Whether a stem, or every stem of a stem pair, is background in the sentence."""
    return all(stem in features.background for stem in term.split(" "))


def _pairs(stems: Sequence[str]) -> frozenset[str]:
    return frozenset(f"{a} {b}" for a, b in pairwise(stems))


def _stems(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Content stems in order, and those found only inside background clauses.

    A sentence of function words only ("I did it.", "He said no.") is all function words:
    without them it would have nothing to match and stay unique in every version.
    """
    if not any(t.content for t in tokens(text)):
        return tuple(t.stem for t in tokens(text)), frozenset()
    spans = background_spans(text)
    if not spans:
        return tuple(t.stem for t in tokens(text) if t.content), frozenset()
    stems: list[str] = []
    main: set[str] = set()
    background: set[str] = set()
    at = 0
    for start, end in [*spans, (len(text), len(text))]:
        for part, into in ((text[at:start], main), (text[start:end], background)):
            for token in tokens(part):  # spans start and end on non-word characters
                if token.content:
                    stems.append(token.stem)
                    into.add(token.stem)
        at = end
    return tuple(stems), frozenset(background - main)


def _idf(frequency: Counter[str], count: int) -> dict[str, float]:
    """IDF of each term from its document frequency among ``count`` sentences."""
    return {term: math.log((1 + count) / (1 + df)) + 1.0 for term, df in frequency.items()}


class _Scorer:
    """Similarity of sentences within one story; weights from the story's own IDF."""

    def __init__(self, articles: Sequence[Article], options: AlignOptions) -> None:
        self.options = options
        parsed = {s.id: _stems(s.text) for a in articles for s in a.sentences}
        stems = {sid: seq for sid, (seq, _) in parsed.items()}
        count = max(len(stems), 1)
        frequency = Counter(term for seq in stems.values() for term in set(seq))
        self.idf = _idf(frequency, count)
        # Retrieval keys: stems, and pairs of adjacent stems, which stay rare in long versions
        # where every single word recurs (see PairAligner.candidates).
        pairs = {sid: _pairs(seq) for sid, seq in stems.items()}
        pair_frequency = Counter(key for keys in pairs.values() for key in keys)
        pair_idf = _idf(pair_frequency, count)
        # Words of one statement turn up about once per version, words of the topic more often;
        # so do pairs of adjacent words, which stay specific where single words recur.
        self.distinctive = frozenset(
            term
            for counts in (frequency, pair_frequency)
            if options.min_distinctive > 0
            for term, df in counts.items()
            if df <= len(articles)
        )
        self.features = {sid: self._features(*parsed[sid], pairs[sid]) for sid in stems}
        if options.semantic_weight > 0:
            from compare.semantic import vectors

            ids = list(self.features)
            texts = {s.id: s.text for a in articles for s in a.sentences}
            for sid, vector in zip(ids, vectors([texts[sid] for sid in ids]), strict=True):
                self.features[sid] = replace(self.features[sid], vector=vector)
        self.keys = {
            sid: (self.features[sid].weights, {key: pair_idf[key] for key in pairs[sid]})
            for sid in stems
        }

    def _features(
        self, stems: tuple[str, ...], background: frozenset[str], pairs: frozenset[str]
    ) -> _Features:
        weights = {stem: self.idf[stem] for stem in stems}
        for stem in background:
            weights[stem] *= self.options.background_weight
        total = sum(weights.values())
        return _Features(stems, Counter(stems), weights, total, background, pairs)

    def overlap(self, a: _Features, b: _Features) -> float:
        """Weight of the stems both sentences have (the smaller of the two weights)."""
        small, large = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
        if not a.background and not b.background:  # the same weight on both sides
            return sum(w for stem, w in small.weights.items() if stem in large.weights)
        return sum(
            min(w, large.weights[stem])
            for stem, w in small.weights.items()
            if stem in large.weights
        )

    def shares_distinctive(self, a: _Features, b: _Features) -> bool:
        """Whether the pair shares at least ``min_distinctive`` distinctive stems or stem pairs.

        A term in background clauses on both sides (the same speaker tag, the same relative
        clause) is no evidence that the two sentences make one statement.
        """
        needed = self.options.min_distinctive
        if needed <= 0:
            return True
        found = 0
        for mine, theirs in ((a.weights, b.weights), (a.pairs, b.pairs)):
            for term in mine:
                if (
                    term in theirs
                    and term in self.distinctive
                    and not (_in_background(term, a) and _in_background(term, b))
                ):
                    found += 1
                    if found >= needed:
                        return True
        return False

    def similarity(self, a: _Features, b: _Features, floor: float = 0.0) -> float:
        """IDF-weighted Dice blended with difflib's order ratio; 0 if below ``floor``.

        Also 0 for a pair that is no near copy and shares fewer than ``min_distinctive``
        distinctive stems or stem pairs: an overlap of the story's topic words only.  With
        ``semantic_weight``, blended with the cosine of the sentence vectors: a second opinion
        on a pair the words already make a candidate, never a pair of its own.
        """
        share = self.options.semantic_weight
        if share > 0 and a.vector is not None and b.vector is not None:
            # The cosine adds at most ``share``: the words must make up the rest of ``floor``.
            lexical = self._lexical(a, b, max(0.0, floor - share) / (1 - share or 1))
            if not lexical:
                return 0.0
            cosine = max(0.0, float(a.vector @ b.vector))
            score = (1 - share) * lexical + share * cosine
            return score if score >= floor else 0.0
        return self._lexical(a, b, floor)

    def _lexical(self, a: _Features, b: _Features, floor: float) -> float:
        if not a.total or not b.total:
            return 0.0
        dice = 2 * self.overlap(a, b) / (a.total + b.total)
        weight = self.options.order_weight
        if dice == 0.0 or (1 - weight) * dice + weight < floor:
            return 0.0
        if dice < NEAR_COPY and not self.shares_distinctive(a, b):
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
        main = (set(first.stems) - first.background) | (set(second.stems) - second.background)
        stems = first.stems + second.stems
        joined = self._features(stems, (first.background | second.background) - main, _pairs(stems))
        if first.vector is None or second.vector is None:
            return joined
        # Static sentence vectors are means of word vectors: the halves' sum points the way
        # the joined sentence's would.
        total = first.vector + second.vector
        return replace(joined, vector=total / (float(total @ total) ** 0.5 or 1.0))


def align(articles: Sequence[Article], options: AlignOptions) -> list[Link]:
    """Links between sentences of different versions, for every pair of versions.

    Every pair is aligned; :func:`compare.align_many.align_versions` gives the same links
    without aligning copies of one text again.
    """
    pairs = PairAligner(articles, options)
    links: list[Link] = []
    # Pairs in version-id order, never input order: the same versions give the same links.
    for earlier, later in combinations(sorted(articles, key=lambda a: a.id), 2):
        links.extend(pairs.align(earlier.id, later.id))
    return links


@dataclass(frozen=True, slots=True)
class IndexedVersion:
    """One version as candidate retrieval reads it, built once per version (not per pair)."""

    version: str  # Article.id
    sentences: tuple[Sentence, ...]
    postings: dict[str, list[int]]  # retrieval key → positions of the sentences holding it
    verbatim: dict[str, list[int]]  # words as printed (see _verbatim) → positions
    queries: tuple[tuple[tuple[str, float], ...], ...]  # by position: keys and weights (_query)


def _ranked(weights: dict[str, float]) -> list[str]:
    """A sentence's QUERY_KEYS heaviest (rarest) keys of one kind, heaviest first."""
    return heapq.nlargest(QUERY_KEYS, weights, key=lambda t: (weights[t], t))


def _indexed(scorer: _Scorer, article: Article) -> IndexedVersion:
    postings: dict[str, list[int]] = defaultdict(list)
    verbatim: dict[str, list[int]] = defaultdict(list)
    queries = []
    for position, sentence in enumerate(article.sentences):
        keys = scorer.keys[sentence.id]
        for weights in keys:
            for key in weights:
                postings[key].append(position)
        verbatim[_verbatim(sentence.text)].append(position)
        queries.append(tuple((key, weights[key]) for weights in keys for key in _ranked(weights)))
    return IndexedVersion(
        article.id, article.sentences, dict(postings), dict(verbatim), tuple(queries)
    )


class PairAligner:
    """Aligns pairs of one story's versions: the story's scorer and each version's retrieval
    index are built once, for all the pairs.

    Sentences are handled by position within their version (``Sentence.index``).  ``top``,
    ``similarity`` and ``solve`` read nothing of a sentence but its text and nothing of a
    version but its sentences' texts in order: :mod:`compare.align_many` remembers their
    answers across pairs.
    """

    def __init__(self, articles: Sequence[Article], options: AlignOptions) -> None:
        self.scorer = _Scorer(articles, options)
        self.versions = {a.id: _indexed(self.scorer, a) for a in articles}

    def align(self, left: str, right: str) -> list[Link]:
        """Links between the versions of ids ``left`` and ``right`` (sources in ``left``)."""
        one, two = self.versions[left], self.versions[right]
        threshold = self.scorer.options.link_threshold
        scores: dict[tuple[int, int], float] = {}
        for i, j in self.candidates(one, two):
            if (score := self.similarity(one.sentences[i], two.sentences[j])) >= threshold:
                scores[(i, j)] = score
        matched: dict[tuple[Sentence, Sentence], float] = {}
        for component in _components(scores):
            for i, j in self.matching(component, scores):
                matched[(one.sentences[i], two.sentences[j])] = scores[(i, j)]
        return _with_splits_and_merges(self.scorer, one.sentences, two.sentences, matched)

    def candidates(self, left: IndexedVersion, right: IndexedVersion) -> set[tuple[int, int]]:
        """Pairs worth scoring: each sentence's top-k by shared key weight, in both directions.

        Only a sentence's rarest stems and stem pairs query the index (prefix filtering): two
        sentences carrying the same statement share some of their rarest words.  A key found
        in more than MAX_POSTINGS sentences is not rare in this story and does not query, so
        retrieval stays near-linear however long the versions are; the pairs keep long
        versions, where every single word recurs, retrievable.
        """
        # A sentence the other version prints word for word is always a candidate, even when
        # all its words are the story's topic words ("That's not what Spotify is about."),
        # which query nothing: the top-k of a common word need not hold it.
        pairs = {
            (i, j)
            for words, mine in left.verbatim.items()
            for j in right.verbatim.get(words, ())
            for i in mine
        }
        for i in range(len(left.sentences)):
            pairs.update((i, j) for j in self.top(left, i, right))
        for j in range(len(right.sentences)):
            pairs.update((i, j) for i in self.top(right, j, left))
        return pairs

    def top(self, source: IndexedVersion, position: int, targets: IndexedVersion) -> list[int]:
        """Positions of the sentences of ``targets`` sharing the most key weight with the
        sentence of ``source`` at ``position`` (the first ``candidates`` of them)."""
        shared: dict[int, float] = defaultdict(float)
        for key, weight in _query(source.queries[position], targets.postings):
            for target in targets.postings[key]:
                shared[target] += weight
        return heapq.nlargest(self.scorer.options.candidates, shared, key=lambda p: (shared[p], -p))

    def similarity(self, a: Sentence, b: Sentence) -> float:
        """The pair's similarity, 0 below the link threshold."""
        features = self.scorer.features
        return self.scorer.similarity(
            features[a.id], features[b.id], self.scorer.options.link_threshold
        )

    def matching(
        self, component: list[tuple[int, int]], scores: dict[tuple[int, int], float]
    ) -> list[tuple[int, int]]:
        """The pairs of one connected component in its one-to-one matching of greatest total
        similarity."""
        if len(component) == 1:
            return component
        rows = sorted({i for i, _ in component})
        cols = sorted({j for _, j in component})
        row_of = {i: r for r, i in enumerate(rows)}
        col_of = {j: c for c, j in enumerate(cols)}
        entries = tuple((row_of[i], col_of[j], scores[(i, j)]) for i, j in component)
        return [(rows[r], cols[c]) for r, c in self.solve(len(rows), len(cols), entries)]

    def solve(
        self, rows: int, cols: int, entries: tuple[tuple[int, int, float], ...]
    ) -> list[tuple[int, int]]:
        """(row, column) of the matching of greatest total gain in a ``rows`` × ``cols``
        matrix of gains ``entries`` (row, column, gain), zero elsewhere."""
        # numpy and lap are imported here, not at the top: they load with the first story
        # aligned, not with every import of the aligner's types (compare.align_many's).
        import lap
        import numpy as np

        gain = np.zeros((rows, cols))
        for r, c, score in entries:
            gain[r, c] = score
        # lap minimises, so the gains go in negated; extend_cost pads a non-square component.
        # A tie (a sentence that a version repeats word for word) goes to the pairing in
        # order, then to the earliest sentences: a nudge far below any real difference in
        # score makes the optimum unique.  (The sum of positions alone breaks no tie between
        # two pairings of the same sentences: every perfect matching of them has one sum.)
        row, col = np.arange(rows), np.arange(cols)
        span = rows + cols
        nudge = np.abs(np.subtract.outer(row, col)) * span + np.add.outer(row, col)
        cost = nudge * (TIE_NUDGE / (span * span)) - gain
        _, column_of_row, _ = lap.lapjv(cost, extend_cost=True)
        return [(r, int(c)) for r, c in enumerate(column_of_row) if c >= 0 and gain[r, c] > 0]


def _verbatim(text: str) -> str:
    """A sentence's words as printed, typography and case folded: equal for a verbatim copy."""
    return squash(text).lower()


def _query(
    ranked: tuple[tuple[str, float], ...], index: dict[str, list[int]]
) -> list[tuple[str, float]]:
    """A sentence's rarest stems and stem pairs (``ranked``: its heaviest keys of each kind)
    that are rare in the other version too."""
    query: list[tuple[str, float]] = []
    rarest: tuple[str, float] | None = None
    for key, weight in ranked:
        postings = len(index.get(key, ()))
        if 0 < postings <= MAX_POSTINGS:
            query.append((key, weight))
        elif postings and (rarest is None or postings < len(index[rarest[0]])):
            rarest = (key, weight)
    return query or ([rarest] if rarest else [])


def _components(scores: Iterable[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Candidate pairs (left position, right position) grouped by connected component of the
    bipartite candidate graph."""
    pairs = sorted(scores)
    nodes: DisjointSet[int] = DisjointSet()
    for i, j in pairs:  # left positions as they are, right ones as ~j (negative)
        nodes.add(i)  # adding an element already there changes nothing
        nodes.add(~j)
        nodes.merge(i, ~j)
    groups: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, j in pairs:
        groups[nodes[i]].append((i, j))
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
    sides: tuple[tuple[Sequence[Sentence], LinkKind], ...] = ((right, "split"), (left, "merge"))
    for side, kind in sides:
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


def similarities(
    articles: Sequence[Article], options: AlignOptions, pairs: Sequence[tuple[str, str]]
) -> list[float]:
    """The aligner's score of each pair of sentence ids, linked or not: an editor's link
    (compare.corrections) is scored the way the aligner would have scored it."""
    scorer = _Scorer(articles, options)
    features = scorer.features
    return [round(scorer.similarity(features[a], features[b]), 4) for a, b in pairs]
