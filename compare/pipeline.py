"""The one path from inputs to reports.  The CLI, the library API and batch workers all call it.

Stages, in the spirit of CollateX: ingest → segment → align → takes → classify → collate →
render.  Each stage is a plain function over the model in :mod:`compare.model`, run inside
:func:`compare.errors.stage`, so that a bug met in one is one line naming the stage and the
version it was reading or segmenting ("segment failed on 'b.txt': unexpected KeyError: 'x'"),
or, for the stages that work on the whole story, the story ("align failed on story 'b-vs-c':
..."); ``--debug`` shows its traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from itertools import pairwise
from pathlib import Path

from compare import ingest
from compare.corrections import (
    Corrections,
    folder_corrections,
    read_corrections,
    regroup_takes,
)
from compare.errors import stage
from compare.ingest.specs import StorySpec
from compare.model import Article, Comparison, Story
from compare.options import AlignOptions
from compare.render import FORMATS, write_reports


def compare_inputs(
    inputs: Sequence[str | Path] | StorySpec,
    *,
    story_id: str | None = None,
    options: AlignOptions | None = None,
    on_warning: Callable[[str], None] | None = None,
    corrections: Path | None = None,
) -> Comparison:
    """Read two or more versions (files, one story folder, or the versions a JSONL manifest
    lists); return the classified comparison.

    ``on_warning`` receives one line per doubtful input (text that does not look like English,
    a few bytes that are not valid UTF-8), per file of a story folder that is not a version,
    and a note when every version has the same text; the comparison still goes ahead.
    ``corrections`` is an editor's corrections.toml; without it, a story folder's own is applied.
    """
    edits_file = corrections or (
        None if isinstance(inputs, StorySpec) else folder_corrections(inputs)
    )
    # Parsed before anything is read: a malformed file fails at once.
    edits = read_corrections(edits_file) if edits_file else None
    story, articles = ingest.read_story(inputs, story_id=story_id, on_note=on_warning)
    if on_warning is not None:
        for article in articles:
            if warning := ingest.language_warning(article):
                on_warning(warning)
    comparison = compare_articles(story, articles, options=options, corrections=edits)
    if on_warning is not None and (note := identical_note(comparison)):
        on_warning(note)
    return comparison


def identical_note(comparison: Comparison) -> str | None:
    """A note when every version has the same text: one take, every sentence shared."""
    everyone = tuple(sorted(v.id for v in comparison.versions))
    if not any(tuple(sorted(g)) == everyone for t in comparison.takes for g in t.identical):
        return None
    names = [v.path for v in comparison.versions]
    listed = " and ".join(names) if len(names) == 2 else f"all {len(names)} versions"
    return f"note: {listed} have identical text: one take, every sentence shared"


def compare_articles(
    story: Story,
    articles: Sequence[Article],
    *,
    options: AlignOptions | None = None,
    corrections: Corrections | None = None,
) -> Comparison:
    """The stages after ingest: segment, align (and rewrites), confidence, corrections, takes,
    classify, collate.

    The editor's corrections apply where each belongs (compare.corrections): exclusions and
    times before alignment, links and unlinks after it, takes after grouping, the order in
    classify, labels after it.
    """
    # The stages after ingest are imported once there are versions to run them on: an input
    # ingest refuses is refused before they load (make bench: "bad input").
    from compare.align import similarities
    from compare.align_many import align_versions
    from compare.classify import classify
    from compare.collate import collate
    from compare.confidence import with_confidence
    from compare.rewrites import rewrite_links
    from compare.segment import segment
    from compare.takes import group_takes

    options = options or AlignOptions()
    whole = f"story {story.id!r}"
    segmented = []
    for article in articles:
        with stage("segment", repr(article.path)):
            segmented.append(segment(article))
    with stage("corrections", whole):
        edits = (corrections or Corrections(path="")).resolve(segmented)
        segmented = edits.articles(segmented)
    with stage("align", whole):
        aligned = align_versions(segmented, options)
        links = with_confidence(rewrite_links(segmented, aligned))
        links = edits.relink(
            links, segmented, lambda pairs: similarities(segmented, options, pairs)
        )
    with stage("takes", whole):
        takes = regroup_takes(group_takes(segmented, links), segmented, edits.takes)
    with stage("classify", whole):
        comparison = classify(story, segmented, links, takes, order=edits.order)
    with stage("collate", whole):
        collated = collate(edits.relabel(comparison))
    return replace(collated, alignment=asdict(options))


def run_report(
    inputs: Sequence[str | Path],
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    story_id: str | None = None,
    options: AlignOptions | None = None,
    pairs: bool = False,
    on_warning: Callable[[str], None] | None = None,
    corrections: Path | None = None,
    on_written: Callable[[Path], None] | None = None,
    on_compared: Callable[[Comparison], None] | None = None,
) -> list[Path]:
    """Compare ``inputs`` and write ``out_dir/<story id>/report.<format>`` for each format.

    ``on_written`` hears of each report file as soon as it is written.  With ``pairs``, each
    consecutive pair of takes also gets its two-version report in
    ``out_dir/<story id>/pairs/<earlier>-vs-<later>/``.  ``on_compared`` receives the story's
    comparison once its reports are written.
    """
    comparison = compare_inputs(
        inputs, story_id=story_id, options=options, on_warning=on_warning, corrections=corrections
    )
    story_dir = out_dir / comparison.story.id
    paths = render(comparison, story_dir, formats, on_written)
    if pairs:
        for earlier, later in consecutive_takes(comparison):
            pair = compare_articles(
                Story(id=f"{earlier.id}-vs-{later.id}", title=comparison.story.title),
                [earlier, later],
                options=options,
            )
            paths += render(pair, story_dir / "pairs" / pair.story.id, formats, on_written)
    if on_compared is not None:
        on_compared(comparison)
    return paths


def render(
    comparison: Comparison,
    story_dir: Path,
    formats: Sequence[str] = FORMATS,
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """The render stage: ``story_dir/report.<format>`` for each format (compare.render)."""
    with stage("render", f"story {comparison.story.id!r}"):
        return write_reports(comparison, story_dir, formats, on_written)


def consecutive_takes(comparison: Comparison) -> list[tuple[Article, Article]]:
    """Each take's representative version next to the following take's, in time order."""
    shown = [comparison.version(take.id) for take in comparison.takes]
    shown.sort(key=lambda article: comparison.versions.index(article))
    return list(pairwise(shown))
