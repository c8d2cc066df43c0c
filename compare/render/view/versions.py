"""The versions as the report shows them: each sentence with its label and partners, each
version's counts and bar, and how the headline changed from one version to the next."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from itertools import pairwise
from pathlib import PurePath

from compare.model import LABELS, Article, Comparison, Link, Sentence
from compare.render.svg import BarPart, composition_bar
from compare.render.view.layout import LISTED_NAMES
from compare.render.view.types import HeadlineChange, SentenceView, VersionView
from compare.render.worddiff import word_diff


def partners(links: tuple[Link, ...]) -> dict[str, tuple[str, ...]]:
    """Sentence id → the ids of the sentences linked to it, in any version."""
    found: dict[str, set[str]] = defaultdict(set)
    for link in links:
        found[link.source].add(link.target)
        found[link.target].add(link.source)
    return {sid: tuple(sorted(ids)) for sid, ids in found.items()}


def sentence_view(
    comparison: Comparison,
    sentence: Sentence,
    partners: dict[str, tuple[str, ...]],
    lost_note: str | None = None,
) -> SentenceView:
    return SentenceView(
        id=sentence.id,
        index=sentence.index,
        paragraph=sentence.paragraph,
        text=sentence.text,
        label=comparison.label(sentence.id),
        partners=partners.get(sentence.id, ()),
        not_story=any(sentence.id in take.not_story for take in comparison.takes),
        lost_note=lost_note,
    )


def distinct_names(comparison: Comparison) -> dict[str, str]:
    """Version id → how a note tells it from the others: its outlet, or its id where two
    versions share the outlet (two scrapes of one page)."""
    outlets = Counter(a.outlet for a in comparison.versions if a.outlet)
    return {
        a.id: a.outlet if a.outlet and outlets[a.outlet] == 1 else a.id for a in comparison.versions
    }


def lost_notes(comparison: Comparison, article: Article) -> dict[str, str]:
    """Sentence id → what a reader must know of the copies of its take that lack it because
    the scraper truncated them (compare.takes): cut off before it, or their top lost above it.
    Such a sentence is not one the others left out."""
    names = distinct_names(comparison)
    sentences = article.sentences
    cut: dict[str, list[str]] = defaultdict(list)
    top: dict[str, list[str]] = defaultdict(list)
    for take in comparison.takes:
        for truncated, copies in ((take.cut_off, cut), (take.lost_top, top)):
            for copy in truncated:
                for s in sentences:
                    if copy.lost(s):
                        copies[s.id].append(names[copy.version])
    return {
        s.id: "; ".join(
            note
            for note in (
                _not_in(cut.get(s.id, []), "cut off before it"),
                _not_in(top.get(s.id, []), "which lost its top"),
            )
            if note
        )
        for s in sentences
        if s.id in cut or s.id in top
    }


def _not_in(copies: list[str], why: str) -> str | None:
    """The note for the copies that lack a sentence: "not in X's copy, …", "not in X's and Y's
    copies, …", or, beyond a few, "not in 6 copies, …"."""
    if not copies:
        return None
    if len(copies) == 1:
        return f"not in {copies[0]}'s copy, {why}"
    if len(copies) <= LISTED_NAMES:
        named = ", ".join(f"{c}'s" for c in copies[:-1]) + f" and {copies[-1]}'s"
        return f"not in {named} copies, {why}"
    return f"not in {len(copies)} copies, {why}"


def version_view(
    comparison: Comparison,
    order: int,
    article: Article,
    partners: dict[str, tuple[str, ...]],
) -> VersionView:
    counts = comparison.counts(article.id)
    total = len(article.sentences)
    bar, start = [], 0.0
    for label in LABELS:
        width = 100.0 * counts[label] / total if total else 0.0
        bar.append(BarPart(label, counts[label], round(start, 3), round(width, 3)))
        start += width
    lost = lost_notes(comparison, article)
    sentences = tuple(
        sentence_view(comparison, s, partners, lost.get(s.id)) for s in article.sentences
    )
    name = article.outlet or article.id
    takes = comparison.takes
    published, source = _dating(article)
    return VersionView(
        id=article.id,
        name=name,
        order=order,
        path=article.path,
        file=PurePath(article.path).name or article.path,
        outlet=article.outlet,
        headline=article.headline,
        dateline=article.dateline,
        published=published,
        published_source=source,
        phase=article.phase,
        url=article.url,
        total=total,
        counts=counts,
        bar=tuple(bar),
        bar_figure=composition_bar(article.id, name, total, bar),
        headings=article.headings,
        sentences=sentences,
        unique=tuple(s for s in sentences if s.label == "unique"),
        removed=article.removed,
        cut_off_after=next(
            (c.after_paragraph for t in takes for c in t.cut_off if c.version == article.id), None
        ),
        seen=_sighting(article.seen),
        starts_at_paragraph=next(
            (t.starts_at_paragraph for k in takes for t in k.lost_top if t.version == article.id),
            None,
        ),
        not_story=sum(s.not_story for s in sentences),
    )


def headline_changes(versions: tuple[VersionView, ...]) -> tuple[HeadlineChange, ...]:
    """Each version's headline against the previous version's, where both have one and differ."""
    changes = []
    for earlier, later in pairwise(versions):
        if not (earlier.headline and later.headline):
            continue
        diff = word_diff(earlier.headline, later.headline)
        if any(segment.kind != "same" for segment in diff):
            changes.append(HeadlineChange(earlier, later, diff))
    return tuple(changes)


def _sighting(seen: str | None) -> str | None:
    """When a scraper saw the page, to the minute as the stamps are shown."""
    if seen is None:
        return None
    return datetime.fromisoformat(seen).isoformat(sep=" ", timespec="minutes")


def _dating(article: Article) -> tuple[str | None, str | None]:
    """The time that dates the version's text, and where it is stated: its latest stamp
    ("Updated …" rather than the slug's first posting), the source marked "-updated" when that
    stamp is an update, as ingest marks a page that states an update only, and "zone not
    stated" for a clock time without one."""
    stamp = article.dated_by
    if stamp is None or not article.stamps:  # built without stamps: its published time
        return article.published, article.published_source
    source = stamp.source + ("-updated" if stamp.kind == "updated" else "")
    if stamp.precision == "minute" and stamp.zone is None:
        # a local time of a zone the page does not state: not comparable as read with an
        # outlet's time that states one ("06:12" beside "07:15-04:00")
        source += ", zone not stated"
    return stamp.value, source
