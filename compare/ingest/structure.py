"""Helpers shared by the structured readers (HTML, Markdown): headings and kept lines."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import replace

from compare.crosshead import is_crosshead
from compare.ingest.parsed import ParsedVersion
from compare.model import RemovedLine


def heading_paragraph(text: str) -> str:
    """A heading as a paragraph that segment shows as a crosshead, never aligns as a sentence.

    Short headings without sentence punctuation are crossheads as written; longer ones, or
    ones ending in "?" or ".", are wrapped in dashes the way wire copy prints crossheads
    ("- 'Arsenal for autocracy' -").
    """
    text = " ".join(text.split())
    return text if is_crosshead(text) else f"- {text} -"


def restore_lines(
    page: ParsedVersion,
    lines: Sequence[str],
    restore: Collection[int],
    headings: Collection[int] = (),
) -> ParsedVersion:
    """``page`` (parsed from ``"\\n".join(lines)``, no blank lines) with the removed lines
    numbered in ``restore`` put back into the body in place, and the body lines numbered in
    ``headings`` made crossheads (:func:`heading_paragraph`)."""
    if not restore and not headings:
        return page
    body = []
    for number, line, paragraph in _paired(page, lines):
        if number in restore:
            body.append(heading_paragraph(line) if number in headings else line)
        elif paragraph is not None:
            body.append(heading_paragraph(paragraph) if number in headings else paragraph)
    return replace(
        page,
        text="\n\n".join(body),
        removed=tuple(r for r in page.removed if r.line not in restore),
    )


def drop_lines(
    page: ParsedVersion, lines: Sequence[str], drop: Collection[int], reason: str
) -> ParsedVersion:
    """``page`` (parsed from ``"\\n".join(lines)``, no blank lines) with the body lines
    numbered in ``drop`` removed, for ``reason``."""
    if not set(drop) - {r.line for r in page.removed}:
        return page
    body, dropped = [], []
    for number, line, paragraph in _paired(page, lines):
        if paragraph is None:
            continue
        if number in drop:
            dropped.append(RemovedLine(number, line, reason))
        else:
            body.append(paragraph)
    return replace(
        page,
        text="\n\n".join(body),
        removed=tuple(sorted((*page.removed, *dropped), key=lambda r: r.line)),
    )


def _paired(page: ParsedVersion, lines: Sequence[str]) -> Iterator[tuple[int, str, str | None]]:
    """(line number, line, its body paragraph) for each of ``lines``, the paragraph None for a
    line the page removed: the body holds one paragraph per line kept, in order."""
    removed = {r.line for r in page.removed}
    kept = iter(page.text.split("\n\n") if page.text else ())
    for number, line in enumerate(lines, 1):
        yield number, line, None if number in removed else next(kept)
