"""Stage 3, many versions: every pair's links without the work of aligning every pair.

A story run by a hundred outlets is a handful of texts: most pages are wire copies, many
word for word, others with a line of furniture left in, cut off by the scraper, or one
sentence retouched.  :func:`compare.align.align` aligns all N(N−1)/2 pairs; this gives the
same links (tests/test_align_many.py checks it on real and written stories) with two savings,
each exact by construction rather than by approximation:

1. **Copies.** Versions whose sentences have the same texts in the same order form a group.
   A pair alignment reads nothing of a version but its sentences' texts in order (positions
   and ids only name them), so the links of any two versions are those of their groups'
   representatives with the ids renamed: one alignment per pair of groups (and one within
   each group of two or more), about N + T² for T groups instead of N².
2. **Near copies.** Versions that differ in a few sentences (a cut-off, a teaser glued on)
   are aligned directly, but most of the work is remembered across pairs: a sentence's
   retrieval candidates in a given version (by its text), the similarity of two sentence
   texts, and the matching of a connected component (by its matrix of gains).  Each is a
   function of exactly what the cache is keyed by, so a pair of near copies costs a few
   lookups where its sentences were seen before.

Indexes and query keys are built once per version (:class:`compare.align.PairAligner`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from compare.align import IndexedVersion, PairAligner
from compare.model import Article, Link, Sentence
from compare.options import AlignOptions


def align_versions(articles: Sequence[Article], options: AlignOptions) -> list[Link]:
    """The links of :func:`compare.align.align` (every pair of versions, in version-id order),
    each pair of copies' links derived from their groups' representatives."""
    ordered = sorted(articles, key=lambda a: a.id)
    groups: dict[tuple[str, ...], list[Article]] = {}
    for article in ordered:
        groups.setdefault(copy_key(article), []).append(article)
    group_of = {a.id: group for group in groups.values() for a in group}
    aligner = RememberingAligner(articles, options)
    aligned: dict[tuple[str, str], list[Link]] = {}
    links: list[Link] = []
    for earlier, later in combinations(ordered, 2):
        one, two = group_of[earlier.id], group_of[later.id]
        # The pair stood for: the representatives, or a group's first two for copies.
        left, right = (one[0], two[0]) if one is not two else (one[0], one[1])
        key = (left.id, right.id)
        if key not in aligned:
            aligned[key] = aligner.align(left.id, right.id)
        links += _renamed(aligned[key], left, right, earlier, later)
    return links


def copy_key(article: Article) -> tuple[str, ...]:
    """What a pair alignment reads of a version: its sentences' texts, in order."""
    return tuple(s.text for s in article.sentences)


def _renamed(
    links: list[Link], left: Article, right: Article, earlier: Article, later: Article
) -> list[Link]:
    """``links`` between ``left`` and ``right`` as links between their copies ``earlier`` and
    ``later`` (the same sentence positions)."""
    if (left.id, right.id) == (earlier.id, later.id):
        return links
    source = {s.id: e.id for s, e in zip(left.sentences, earlier.sentences, strict=True)}
    target = {s.id: e.id for s, e in zip(right.sentences, later.sentences, strict=True)}
    return [
        Link(source[link.source], target[link.target], link.label, link.score, link.kind)
        for link in links
    ]


class RememberingAligner(PairAligner):
    """A pair aligner that remembers, across the pairs of one story, each step's answer for
    what that step reads (see the module docstring)."""

    def __init__(self, articles: Sequence[Article], options: AlignOptions) -> None:
        super().__init__(articles, options)
        self._top: dict[tuple[str, str], list[int]] = {}
        self._similarity: dict[tuple[str, str], float] = {}
        self._solved: dict[
            tuple[int, int, tuple[tuple[int, int, float], ...]], list[tuple[int, int]]
        ] = {}

    def top(self, source: IndexedVersion, position: int, targets: IndexedVersion) -> list[int]:
        key = (source.sentences[position].text, targets.version)
        found = self._top.get(key)
        if found is None:
            found = self._top[key] = super().top(source, position, targets)
        return found

    def similarity(self, a: Sentence, b: Sentence) -> float:
        key = (a.text, b.text)
        found = self._similarity.get(key)
        if found is None:
            found = self._similarity[key] = super().similarity(a, b)
        return found

    def solve(
        self, rows: int, cols: int, entries: tuple[tuple[int, int, float], ...]
    ) -> list[tuple[int, int]]:
        key = (rows, cols, entries)
        found = self._solved.get(key)
        if found is None:
            found = self._solved[key] = super().solve(rows, cols, entries)
        return found
