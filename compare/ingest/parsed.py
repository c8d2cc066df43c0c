"""What every reader returns: one version's article body and what its page says about it.

The readers of :mod:`compare.ingest.registry` (plain text, HTML, Markdown) all return a
:class:`ParsedVersion`; :func:`compare.ingest.read_version` then lays a manifest's metadata
over it and makes the :class:`~compare.model.Article`.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.model import RemovedLine, Stamp


@dataclass(frozen=True, slots=True)
class ParsedVersion:
    text: str  # the article body, paragraphs separated by blank lines
    headline: str | None
    outlet: str | None
    dateline: str | None
    published: str | None
    published_source: str | None
    removed: tuple[RemovedLine, ...]  # every line dropped as page furniture, with its reason
    stamps: tuple[Stamp, ...] = ()  # every time the article states, in page order
    url: str | None = None  # the address the page gives itself (canonical URL, front matter)
    phase: str | None = None  # the phase the page gives itself (front matter)
