"""Knowledge about English words from outside the story, shipped as small tables in
``compare/data/`` (built offline by the benchmarks/ scripts named below; never fetched).

- ``news_df.json.gz``: in how many of a news body's sentences each content stem occurs
  (benchmarks/build_news_idf.py), for ``AlignOptions.background_idf``;
- ``wordnet_synonyms.json.gz``: the WordNet synsets of each stem's most frequent senses
  (benchmarks/build_synonyms.py), for ``AlignOptions.synonym_weight``.

Both are read on first use only: the default options never load them.
"""

from __future__ import annotations

import gzip
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
NEWS_DF = DATA_DIR / "news_df.json.gz"
SYNONYMS = DATA_DIR / "wordnet_synonyms.json.gz"


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return data


@cache
def _news_idf() -> tuple[dict[str, float], float]:
    table = _read(NEWS_DF)
    count = table["sentences"]
    idf = {stem: math.log((1 + count) / (1 + df)) + 1.0 for stem, df in table["df"].items()}
    return idf, math.log(1 + count) + 1.0  # a stem the body never has: df 0


def news_idf(stem: str) -> float:
    """The stem's IDF over the news body's sentences (the same formula as the story's)."""
    idf, unseen = _news_idf()
    return idf.get(stem, unseen)


@cache
def _synsets() -> dict[str, frozenset[int]]:
    return {stem: frozenset(numbers) for stem, numbers in _read(SYNONYMS)["synsets"].items()}


def synsets(stem: str) -> frozenset[int]:
    """The WordNet synsets of the stem's most frequent senses; two stems sharing one are
    synonyms ("provid" and "suppli", "accus" and "charg")."""
    return _synsets().get(stem, frozenset())
