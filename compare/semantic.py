"""Sentence vectors from a small static encoder, for ``AlignOptions.semantic_weight``.

The encoder is WordLlama's ``l2_supercat`` (256 dimensions, token embeddings distilled from a
large language model and mean-pooled), whose weights and tokenizer ship inside the
``wordllama`` wheel: ``pip install 'story-compare[semantic]'``.  Nothing is downloaded; the
package and its model are loaded on first use only.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from compare.errors import ResourceError

INSTALL = "pip install 'story-compare[semantic]'"


@cache
def _model() -> Any:
    try:
        import wordllama
    except ImportError:
        raise ResourceError(f"semantic_weight needs the sentence encoder: {INSTALL}") from None
    # The wheel holds the tokenizer in wordllama/tokenizers/, which load() finds only as a
    # cache folder; disable_download makes a missing file an error, never a download.
    package = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(cache_dir=package, disable_download=True)


def vectors(texts: Sequence[str]) -> Any:
    """One unit-length vector per text (a numpy array, one row each)."""
    return _model().embed(list(texts), norm=True)
