"""The report's English: section titles, page 1's lines about the order, the takes and the
editor's corrections, the footer's note on the aligner's options.  Every sentence the report
says about a story (rather than the story's own text) is written here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import fields
from itertools import pairwise

from compare.model import Cell, Comparison, Correction, Take
from compare.options import AlignOptions
from compare.render.view.layout import LISTED_NAMES
from compare.render.view.types import (
    CollationView,
    CorrectionView,
    PairView,
    Section,
    TakeView,
    VersionView,
)
from compare.render.view.versions import distinct_names

_ORDERING_METHODS = {
    "published": "by published time",
    "content": "by what the texts say (which version builds on which)",
    "published+content": "by published times and what the texts say",
    "input": "in the order given",
    "editor": "as the editor set it (corrections.toml)",
    "none": "by name (nothing orders them)",
}
# A step of the order less sure than this is called uncertain on page 1 (the confidence is a
# calibrated probability: at 0.8, about 1 decision in 5 is wrong).
CONFIDENT = 0.8
UNCERTAIN_NAMED = 3  # uncertain steps named on page 1; the rest are counted


def alignment_line(alignment: Mapping[str, float]) -> str:
    """The options the links were made with, naming those changed from the defaults."""
    if not alignment:  # read from a report written before options were recorded
        return ""
    defaults = {option.name: option.default for option in fields(AlignOptions)}
    changed = [
        f"--{name.replace('_', '-')} {value:g} (default {defaults[name]:g})"
        for name, value in alignment.items()
        if name in defaults and value != defaults[name]
    ]
    return "Aligned with " + (", ".join(changed) if changed else "the default options") + "."


def title(comparison: Comparison) -> str:
    headlines = (v.headline for v in comparison.versions if v.headline)
    return comparison.story.title or next(headlines, None) or comparison.story.id


def ordering_line(comparison: Comparison) -> str:
    ordering = comparison.ordering
    method = _ORDERING_METHODS.get(ordering.method, ordering.method)
    evidence = "; ".join(ordering.evidence) or "no evidence recorded"
    return (
        f"Earliest version first, ordered {method}, "
        f"confidence {ordering.confidence * 100:.0f}% ({evidence})."
    )


_CORRECTION_WORDS = {
    "link": "linked",
    "unlink": "unlinked",
    "exclude": "left out of the comparison (not part of the story)",
    "order": "versions ordered, earliest first",
    "take": "made one take",
    "time": "published time set",
}


def corrections(comparison: Comparison) -> tuple[CorrectionView, ...]:
    """Each correction in words: what it did, to which sentences or versions."""
    names = {v.id: v.outlet or v.id for v in comparison.versions}
    return tuple(
        CorrectionView(c.line, c.action, _correction_text(c, names)) for c in comparison.corrections
    )


def _correction_text(correction: Correction, names: dict[str, str]) -> str:
    done = _CORRECTION_WORDS[correction.action]
    if correction.sentences:
        quoted = " and ".join(
            f"{names.get(version, version)}: “{text}”"
            for version, text in zip(correction.versions, correction.excerpts, strict=True)
        )
        label = f" as {correction.value}" if correction.value else ""
        return f"{quoted}: {done}{label}."
    versions = ", ".join(names.get(v, v) for v in correction.versions)
    value = f" to {correction.value}" if correction.value else ""
    return f"{versions}: {done}{value}."


def notices(comparison: Comparison) -> tuple[str, ...]:
    """What page 1 must say before anything else: the report's warnings, and the steps of the
    order (between consecutive takes) that are less sure than CONFIDENT."""
    lines = [f"Warning: {w.message}." for w in comparison.warnings]
    decided = {(p.earlier, p.later): p for p in comparison.ordering.pairs}
    heads = [take.versions[0] for take in comparison.takes] or [v.id for v in comparison.versions]
    steps = [decided[pair] for pair in pairwise(heads) if pair in decided]
    uncertain = [p for p in steps if p.confidence < CONFIDENT]
    if uncertain:
        named = ", ".join(
            f"{p.earlier} before {p.later} ({p.confidence:.0%}, {p.basis})"
            for p in uncertain[:UNCERTAIN_NAMED]
        )
        more = len(uncertain) - UNCERTAIN_NAMED
        rest = f" and {more} more" if more > 0 else ""
        lines.append(
            f"Order uncertain: {named}{rest}"
            f" ({len(uncertain)} of {len(steps)} step{'s' if len(steps) != 1 else ''} below "
            f"{CONFIDENT:.0%})."
        )
    return tuple(lines)


def takes_notes(comparison: Comparison) -> tuple[str, ...]:
    """What page 1 says about the copies within each take (compare.takes)."""
    notes = []
    owner = {s.id: v.id for v in comparison.versions for s in v.sentences}
    called = distinct_names(comparison)
    for take in comparison.takes:
        for group in take.identical:
            names = [called[v] for v in group]
            if len(group) == len(comparison.versions):
                notes.append("Every version has the same text word for word: all of it shared.")
            else:
                listed = ", ".join(names[:LISTED_NAMES]) + (
                    f" and {len(names) - LISTED_NAMES} more" if len(names) > LISTED_NAMES else ""
                )
                notes.append(f"Same text word for word: {listed}.")
        for cut in take.cut_off:
            if cut.maybe_earlier_take:
                notes.append(
                    f"{called[cut.version]} is {called[cut.against]}'s first "
                    f"{cut.after_paragraph} ¶ word for word and nothing on its page shows a "
                    "cut: a copy cut off there or an earlier, shorter take; nothing after it "
                    "was dropped."
                )
                continue
            notes.append(
                f"{called[cut.version]} was cut off after ¶{cut.after_paragraph} "
                f"({called[cut.against]} goes on): nothing after the cut was dropped."
            )
        for top in take.lost_top:
            notes.append(
                f"{called[top.version]} lost its top: it starts at "
                f"¶{top.starts_at_paragraph} of {called[top.against]}, with no headline; "
                "nothing above it was dropped."
            )
        glued: dict[str, int] = defaultdict(int)
        for sid in take.not_story:
            glued[owner[sid]] += 1
        for vid, count in glued.items():
            notes.append(
                f"{called[vid]}: {count} sentence{'s' if count > 1 else ''} glued in from "
                "elsewhere on the page (a teaser, a tweet, a caption), marked “not part of the "
                "story”."
            )
    return tuple(notes)


def missing(take: Take, cell_of: dict[str, Cell], versions: dict[str, VersionView]) -> str | None:
    """The take's versions that do not run a statement the take carries: named while they are
    few, counted when a long list would bury the sentence."""
    # A copy cut off before the statement lost it: it did not leave it out.
    missing = [
        versions[v].name
        for v in take.versions
        if not cell_of[v].sentences and cell_of[v].state != "cut-off"
    ]
    if not missing:
        return None
    if len(missing) <= LISTED_NAMES:
        return f"Not in {', '.join(missing)}."
    return f"Not in {len(missing)} of the take's {len(take.versions)} versions."


def published_range(members: tuple[VersionView, ...]) -> str | None:
    """The first and last published time the members state ("2018-07-15 00:00 – 11:30")."""
    known = [v.published.replace("T", " ") for v in members if v.published]
    if not known:
        return None
    first, last = known[0], known[-1]
    if first == last:
        return first
    day, _, time = first.partition(" ")
    if time and last.startswith(day + " "):  # the day once when both give a time on it
        return f"{first} – {last.removeprefix(day + ' ')}"
    return f"{first} – {last}"


def pair_sections(
    versions: tuple[VersionView, ...],
    pairs: tuple[PairView, ...],
    has_updates: bool,
    has_headline_changes: bool,
    has_corrections: bool,
) -> tuple[Section, ...]:
    # Page 1: the legend comes right after the table whose bars it explains, so it always
    # stays on page 1 however many updates follow.
    sections = [Section("versions", "Versions", 1), Section("legend", "How to read this report", 1)]
    if has_headline_changes:
        sections.append(Section("headline", "Headline change", 1))
    if has_updates:
        sections.append(Section("updates", "Top updates", 1))
    sections.append(Section("map", "Alignment map", 1))
    sections += [
        Section(pair.anchor, f"Side by side: {pair.earlier.name} → {pair.later.name}", 1)
        for pair in pairs
    ]
    sections += tail_sections(versions, has_corrections)
    return tuple(sections)


def tail_sections(versions: tuple[VersionView, ...], has_corrections: bool) -> list[Section]:
    """The sections every report ends with: what one version alone carries, then what ingest
    removed."""
    sections = [Section("unique", "Only in one version", 1)]
    sections += [
        Section(f"unique-{v.id}", f"{v.name}: {len(v.unique)} of {v.total} sentences unique", 2)
        for v in versions
    ]
    sections.append(Section("appendix", "Appendix: page furniture removed before comparing", 1))
    sections += [Section(f"removed-{v.id}", v.name, 2) for v in versions]
    if has_corrections:
        sections.append(Section("corrections", "Appendix: the editor's corrections", 1))
    return sections


def collation_sections(
    versions: tuple[VersionView, ...],
    collation: CollationView,
    has_headline_changes: bool,
    has_corrections: bool,
) -> tuple[Section, ...]:
    sections = [
        Section("versions", "Takes and versions", 1),
        Section("legend", "How to read this report", 1),
    ]
    if has_headline_changes:
        sections.append(Section("headline", "Headline changes", 1))
    if collation.updates:
        sections.append(Section("updates", "Top updates", 1))
    sections += [
        Section("carried", "Who carried what", 1),
        Section("similarity", "How alike the versions are", 1),
        Section("timeline", "What each take added, updated and dropped", 1),
        Section("collation", "Collation: every statement, take by take", 1),
    ]
    sections += tail_sections(versions, has_corrections)
    return tuple(sections)


def running_takes(takes: tuple[TakeView, ...]) -> str:
    """The takes for the running header: all of them while they fit on one line."""
    names = [take.name for take in takes]
    if len(names) > 4:
        names = [names[0], f"… {len(names) - 2} takes …", names[-1]]
    return " → ".join(names)


def take_name(shown: VersionView, members: tuple[VersionView, ...]) -> str:
    """What a reader calls a take: "Coast Tribune + Metro Daily", "AP + 12 more"."""
    names = [v.name for v in members]
    return " + ".join(names) if len(names) <= 2 else f"{shown.name} + {len(names) - 1} more"


def pair_place(pair: PairView, before: int, after: int, pairs: int) -> str:
    """Where a row is, for page 1's list of rows to check: "¶5 → ¶14" (0-based paragraphs
    given), the pair named first when the report has several."""
    named = f"{pair.earlier.name} → {pair.later.name} " if pairs > 1 else ""
    return f"{named}¶{before + 1} → ¶{after + 1}"


def map_caption(version: VersionView) -> str:
    """The line under a version's name in the alignment map."""
    return version.phase or f"version {version.order + 1}"
