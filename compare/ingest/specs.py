"""What a story's inputs say before any is read: its versions, where each is, what is known of it.

One model, loaded two ways: a story folder's story.toml (:mod:`compare.ingest.manifest`) and
a batch's JSONL manifest (:mod:`compare.batch.sources`); files named on the command line make
one too.  :func:`compare.ingest.read_story` reads every kind the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class VersionSpec:
    """One version: a file, an http(s) URL, or inline text, with the metadata a manifest gives
    it (which wins over what the page itself says)."""

    origin: str  # the file or URL; for inline text, the name it goes by ("m.jsonl line 3")
    text: str | None = None  # inline text; None when the version is read from ``origin``
    version: str | None = None  # the id a JSONL manifest gives it; else made from its name
    outlet: str | None = None
    published: str | None = None
    phase: str | None = None
    url: str | None = None
    headline: str | None = None
    seen: str | None = None  # when a scraper saw the page (its listing), ISO 8601 with zone
    line: int | None = None  # its line in a JSONL manifest (not part of what it says)


@dataclass(frozen=True, slots=True)
class StorySpec:
    """The versions of one story, and the folder all of its files must lie inside (None for
    files the user named on the command line, which are read wherever they are)."""

    versions: tuple[VersionSpec, ...]
    name: str  # how messages name the story's inputs: its folder, else its first version
    within: Path | None = None
    title: str | None = None
    # The origins of the versions found by listing a story folder (not named by the user or a
    # story.toml): one of them with no article text is skipped, not refused.
    found: frozenset[str] = frozenset()
