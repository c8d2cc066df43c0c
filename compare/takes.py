"""Stage 3b — takes: versions that are one take of the story as several outlets ran it.

Outlets trim and retouch the same take; a take is what a wire editor would call one
transmission.  The grouping reads only the versions and their links (no time order, so it
can inform the ordering), and never the order of the inputs: the same versions and links give
the same takes in any order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from scipy.cluster.hierarchy import DisjointSet

from compare.model import Article, Link, Take
from compare.temporal import cues, is_update

# Versions are one take when the shorter one's sentences nearly all reappear, reworded at most
# lightly and never updated, in the longer one (outlets trim and retouch the same take).
SAME_TAKE_SHARE = 0.9
SAME_TAKE_SCORE = 0.8


def group_takes(articles: Sequence[Article], links: Sequence[Link]) -> tuple[Take, ...]:
    """Near-duplicate versions grouped; every version in exactly one take.

    Each take's versions are in id order and the takes ordered by their representative's id;
    classify puts both in time order.
    """
    sentences = {s.id: s for a in articles for s in a.sentences}
    close: dict[tuple[str, str], set[str]] = defaultdict(set)  # version pair → sentences linked
    updated: set[tuple[str, str]] = set()
    for link in links:
        source, target = sentences[link.source], sentences[link.target]
        pair = (min(source.version, target.version), max(source.version, target.version))
        # Either direction: a state change makes two takes whichever of them came first.
        if is_update(cues(source.text, target.text)) or is_update(cues(target.text, source.text)):
            updated.add(pair)
        elif link.score >= SAME_TAKE_SCORE:
            close[pair].update((link.source, link.target))
    size = {a.id: len(a.sentences) for a in articles}
    takes = DisjointSet(sorted(size))
    for (a, b), linked in sorted(close.items()):
        if (a, b) in updated or not size[a] or not size[b]:
            continue
        shorter = min((a, b), key=lambda v: (size[v], v))
        share = sum(sentences[sid].version == shorter for sid in linked) / size[shorter]
        if share >= SAME_TAKE_SHARE:
            takes.merge(a, b)
    groups = [sorted(group) for group in takes.subsets()]
    # The representative is the most complete version; among equals, the first by id.
    return tuple(
        sorted(
            (Take(id=min(g, key=lambda vid: (-size[vid], vid)), versions=tuple(g)) for g in groups),
            key=lambda take: take.id,
        )
    )


def in_time_order(takes: Sequence[Take], versions: Sequence[Article]) -> tuple[Take, ...]:
    """Each take's versions in the order of ``versions`` (time order), the takes by their first."""
    rank = {article.id: position for position, article in enumerate(versions)}
    ordered = [replace(t, versions=tuple(sorted(t.versions, key=rank.__getitem__))) for t in takes]
    return tuple(sorted(ordered, key=lambda take: rank[take.versions[0]]))
