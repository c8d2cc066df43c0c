"""Safe identifiers: story and version ids end up in folder names, URLs and HTML ids."""

from __future__ import annotations

import re
import unicodedata

from compare.errors import InputError

MAX_ID_CHARS = 100
# Anything but letters, digits, "-", "_" and "." (path separators and controls included).
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
# Runs of dots ("..") could climb out of a folder; runs of dashes are just untidy.
_DOT_RUN = re.compile(r"\.{2,}")
_DASH_RUN = re.compile(r"-{2,}")


def safe_story_id(raw: str) -> str:
    """A lowercase slug of ``raw``: letters, digits, "-", "_", "."; no leading dot, no "..".

    >>> safe_story_id("Putin Kim / 2024-06-19")
    'putin-kim-2024-06-19'
    """
    # "Zürich" → "zurich": accents go, other non-ASCII characters become separators.
    decomposed = unicodedata.normalize("NFKD", raw)
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _UNSAFE.sub("-", unaccented.lower())
    slug = _DASH_RUN.sub("-", _DOT_RUN.sub(".", slug))
    slug = slug[:MAX_ID_CHARS].strip(".-")
    if not slug:
        raise InputError(f"story id {raw!r} has no usable characters (letters, digits, - _ .)")
    return slug


def unique_ids(ids: list[str]) -> list[str]:
    """``ids`` with repeats numbered: ["a", "a", "b"] → ["a", "a-2", "b"]."""
    seen: set[str] = set()
    unique = []
    for base in ids:
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        unique.append(candidate)
    return unique
