"""Stage 3 — align: link sentences that carry the same statement across versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compare.model import Article, Link


@dataclass(frozen=True)
class AlignOptions:
    pass


def align(articles: Sequence[Article], options: AlignOptions) -> list[Link]:
    raise NotImplementedError
