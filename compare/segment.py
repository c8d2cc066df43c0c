"""Stage 2 — segment: split an article body into sentences (nltk Punkt, offline)."""

from __future__ import annotations

from compare.model import Article


def segment(article: Article) -> Article:
    raise NotImplementedError
