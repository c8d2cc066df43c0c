"""Stage 4 — classify: order the versions in time, label links shared or updated.

Order, by trust: publication times when every version has one, they differ, and the text does
not contradict them; otherwise the text itself (:func:`compare.temporal.order_evidence` summed
over linked sentences: plans in one version reported as done in the other); otherwise the
times that exist; otherwise the versions' names (never the input order, so that any order of
the inputs gives the same report).  The result records its method, a confidence and
the evidence, so a reader can check it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from itertools import combinations

from compare.model import (
    Article,
    Comparison,
    Link,
    LinkKind,
    Ordering,
    Sentence,
    Story,
    Take,
)
from compare.takes import in_time_order
from compare.temporal import cues, is_update, order_evidence

_FLIPPED_KIND: dict[LinkKind, LinkKind] = {
    "one-to-one": "one-to-one",
    "split": "merge",
    "merge": "split",
}


def classify(
    story: Story,
    articles: Sequence[Article],
    links: Sequence[Link],
    takes: Sequence[Take],
    *,
    order: Sequence[str] | None = None,
) -> Comparison:
    """The comparison: versions in time order, links oriented and labelled, takes (from
    :func:`compare.takes.group_takes`) in time order.

    ``order``: the version ids earliest first, when an editor set them (compare.corrections).
    """
    sentences = {s.id: s for a in articles for s in a.sentences}
    if order is None:
        ordering, ordered = order_versions(articles, links, sentences)
    else:
        ordering = Ordering("editor", 1.0, ("order set by the editor",))
        ordered = sorted(articles, key=lambda article: order.index(article.id))
    rank = {article.id: position for position, article in enumerate(ordered)}
    labelled = [_label(_orient(link, sentences, rank), sentences) for link in links]
    labelled.sort(
        key=lambda k: (
            rank[sentences[k.source].version],
            sentences[k.source].index,
            rank[sentences[k.target].version],
            sentences[k.target].index,
        )
    )
    return Comparison(
        story=story,
        versions=tuple(ordered),
        links=tuple(labelled),
        ordering=ordering,
        takes=in_time_order(takes, ordered),
    )


def order_versions(
    articles: Sequence[Article], links: Sequence[Link], sentences: dict[str, Sentence]
) -> tuple[Ordering, list[Article]]:
    """The versions earliest first, and how that order was decided."""
    evidence = _pairwise_evidence(articles, links, sentences)
    times = {a.id: parse_time(a.published) for a in articles}
    known = [t for t in times.values() if t is not None]
    by_time_possible = len(known) == len(articles) and len(set(known)) == len(known)
    if by_time_possible:
        by_time = sorted(articles, key=lambda a: times[a.id])  # type: ignore[arg-type, return-value]
        contradictions = [
            f"{later.id} reads earlier than {earlier.id}"
            for earlier, later in combinations(by_time, 2)
            if evidence.get((later.id, earlier.id), 0.0) > 0
        ]
        if not contradictions:
            return Ordering("published", 1.0, ("publication times",)), by_time
    wins = {a.id: 0.0 for a in articles}
    notes = []
    for (first, second), score in sorted(evidence.items()):
        if score > 0:
            wins[first] += 1
            notes.append(f"{first} before {second}: text evidence {score:+.1f}")
    total = sum(abs(score) for score in evidence.values()) / 2
    if total:
        ordered = sorted(
            articles,
            key=lambda a: (-wins[a.id], times[a.id] or datetime.max, a.id),
        )
        agreeing = sum(
            max(evidence.get((x.id, y.id), 0.0), 0.0) for x, y in combinations(ordered, 2)
        )
        # Agreement alone is not confidence: one cue, perhaps from a wrong link, orders two
        # versions but says little.  Scale by the amount of evidence: 1 cue ≈ 0.4, 4 ≈ 0.86.
        confidence = agreeing / total * (1 - math.exp(-total / 2))
        return Ordering("content", round(min(confidence, 1.0), 2), tuple(notes)), ordered
    if known:
        ordered = sorted(articles, key=lambda a: (times[a.id] or datetime.max, a.id))
        return Ordering("published", 0.5, ("publication times of some versions",)), ordered
    # Nothing to go on: name order, so that the result never depends on the input order.
    unordered = ("no times and no evidence in the text; versions in name order",)
    return Ordering("none", 0.0, unordered), sorted(articles, key=lambda a: a.id)


def _pairwise_evidence(
    articles: Sequence[Article], links: Sequence[Link], sentences: dict[str, Sentence]
) -> dict[tuple[str, str], float]:
    """(a, b) → how strongly the text says a was written before b (antisymmetric)."""
    evidence: dict[tuple[str, str], float] = {}
    for link in links:
        first, second = sentences[link.source], sentences[link.target]
        score = order_evidence(first.text, second.text)
        key = (first.version, second.version)
        evidence[key] = evidence.get(key, 0.0) + score
        evidence[key[::-1]] = evidence.get(key[::-1], 0.0) - score
    return {pair: score for pair, score in evidence.items() if score}


def _orient(link: Link, sentences: dict[str, Sentence], rank: dict[str, int]) -> Link:
    """Source in the earlier version, target in the later one."""
    if rank[sentences[link.source].version] <= rank[sentences[link.target].version]:
        return link
    return replace(link, source=link.target, target=link.source, kind=_FLIPPED_KIND[link.kind])


def _label(link: Link, sentences: dict[str, Sentence]) -> Link:
    found = cues(sentences[link.source].text, sentences[link.target].text)
    return replace(link, label="updated" if is_update(found) else "shared", cues=found)


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time as naive UTC (a naive time is taken as UTC); None if not a time."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    # Compare naive and aware times on one footing: a stated offset is honoured, a naive time
    # is taken as UTC (the best guess we have).
    offset = parsed.utcoffset()
    naive = parsed.replace(tzinfo=None)
    return naive - offset if offset else naive
