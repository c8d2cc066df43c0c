"""Stage 4 — classify: shared vs updated links, time order of versions, phases."""

from __future__ import annotations

from collections.abc import Sequence

from compare.model import Article, Comparison, Link, Story


def classify(story: Story, articles: Sequence[Article], links: Sequence[Link]) -> Comparison:
    raise NotImplementedError
