"""Stage 1 — ingest: read versions, strip page furniture, extract metadata."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compare.model import Article, Story


def read_story(inputs: Sequence[str | Path], *, story_id: str | None = None) -> tuple[Story, list[Article]]:
    raise NotImplementedError
