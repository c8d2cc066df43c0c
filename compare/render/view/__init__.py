"""The one view-model of a report.  HTML and PDF read it; neither looks at the Comparison.

Like rich's renderables: everything a reader sees is decided here (which pairs, in what order,
which words changed, how long each bar is), and the templates only lay it out.  The facts
themselves (labels, statements, cell states, link groups, similarity) come from the model,
computed once, so report.json and the pages say the same.

Two versions make the side-by-side report (``pairs``).  Three or more make one collation
(``collation``): the statements as rows, the takes (near-duplicate versions grouped) as columns
in time order, each cell compared with the nearest earlier take that carried the statement;
the pairwise sections are left to ``story-compare report --pairs``.

The package: ``types`` (the view's dataclasses), ``versions``, ``pairs`` and ``collation``
(a builder per part of the report), ``layout`` (page rules), ``wording`` (the report's
English) and ``figures`` (the SVG figures, drawn from the finished view's data).
"""

from __future__ import annotations

from compare import __version__
from compare.confidence import CHECK_BELOW
from compare.model import LABELS, MARKED_STATES, CellState, Comparison, SentenceLabel
from compare.render.svg import Figure, legend_key, state_key
from compare.render.view.collation import collation_view
from compare.render.view.figures import alignment_figure
from compare.render.view.layout import (
    COLLATION_FILTERS,
    CONTENTS_MIN_SENTENCES,
    PAIR_FILTERS,
    TOP_UPDATES,
)
from compare.render.view.pairs import pair_views, top_updates
from compare.render.view.types import (
    CheckRef,
    CollationView,
    PairView,
    ReportView,
    TopUpdate,
)
from compare.render.view.versions import headline_changes, partners, version_view
from compare.render.view.wording import (
    alignment_line,
    collation_sections,
    corrections,
    notices,
    ordering_line,
    pair_place,
    pair_sections,
    running_takes,
    takes_notes,
    title,
)

__all__ = ["ReportView", "build_view"]


def build_view(comparison: Comparison) -> ReportView:
    """Decide everything the report shows, once, for every renderer."""
    linked = partners(comparison.links)
    versions = tuple(
        version_view(comparison, order, v, linked) for order, v in enumerate(comparison.versions)
    )
    sentences = sum(v.total for v in versions)
    collation: CollationView | None = None
    pairs: tuple[PairView, ...] = ()
    updates: list[TopUpdate] = []
    if comparison.collated:
        collation = collation_view(comparison, versions)
        changes = headline_changes(tuple(take.shown for take in collation.takes))
        sections = collation_sections(
            versions, collation, bool(changes), bool(comparison.corrections)
        )
        checks = tuple(
            CheckRef(row.anchor, f"statement {row.number}") for row in collation.rows if row.check
        )
    else:
        pairs = pair_views(comparison, {v.id: v for v in versions}, linked)
        updates = top_updates(pairs)
        changes = headline_changes(versions)
        sections = pair_sections(
            versions, pairs, bool(updates), bool(changes), bool(comparison.corrections)
        )
        checks = tuple(
            CheckRef(
                row.anchor,
                pair_place(pair, row.before[0].paragraph, row.after[0].paragraph, len(pairs)),
            )
            for pair in pairs
            for row in pair.rows
            if row.check
        )
    legend_keys: dict[SentenceLabel | CellState, Figure] = (
        {state: state_key(state) for state in MARKED_STATES}
        if collation
        else {label: legend_key(label) for label in LABELS}
    )
    return ReportView(
        story_id=comparison.story.id,
        title=title(comparison),
        generator=f"story-compare {__version__}",
        alignment_line=alignment_line(comparison.alignment),
        versions=versions,
        pairs=pairs,
        collation=collation,
        links=comparison.link_counts(),
        sentences=sentences,
        ordering_line=ordering_line(comparison),
        notices=notices(comparison),
        takes_notes=takes_notes(comparison),
        headline_changes=changes,
        top_updates=tuple(updates[:TOP_UPDATES]),
        more_updates=max(len(updates) - TOP_UPDATES, 0),
        alignment_map=None if collation else alignment_figure(versions, pairs),
        legend_keys=legend_keys,
        sections=sections,
        contents=sentences > CONTENTS_MIN_SENTENCES,
        running_versions=running_takes(collation.takes)
        if collation
        else " → ".join(v.name for v in versions),
        filters=COLLATION_FILTERS if collation else PAIR_FILTERS,
        checks=checks,
        check_level=round(CHECK_BELOW * 100),
        corrections=corrections(comparison),
    )
