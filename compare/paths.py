"""Names and paths that come from input: safe ids, and the folders input must stay inside.

Every id that becomes a folder name (a story, a version, a batch's story folder) is made by
:func:`safe_story_id`, and a batch's ids by :func:`distinct_ids`, which keeps them distinct.
Every file a manifest names or a folder lists is found through :func:`resolve_inside`.  Only the
standard library is used here: a batch parent imports this without loading the ingest stage.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from compare.errors import InputError

MAX_ID_CHARS = 100
# The batch's own files beside the story folders in --out: no story may take their names.
# (tests/test_hardening.py checks that every file a batch writes there is listed.)
RESERVED_IDS = frozenset({"index.html", "summary.csv", "summary.json", "rollup.html", "rollup.csv"})
# Anything but letters, digits, "-", "_" and "." (path separators and controls included).
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
# Runs of dots ("..") could climb out of a folder; runs of dashes are just untidy.
_DOT_RUN = re.compile(r"\.{2,}")
_DASH_RUN = re.compile(r"-{2,}")
_HASH_CHARS = 8  # of sha256(raw name) after a "-": 4 billion values; more only on a clash
_UNNAMED = "story"  # the base of an id made for a name with no usable characters


def safe_story_id(raw: str) -> str:
    """A lowercase slug of ``raw``: letters, digits, "-", "_", "."; no leading dot, no "..".

    A slug that is a reserved name (:data:`RESERVED_IDS`) gets a hash of ``raw`` appended.
    Feeding an id back in returns it unchanged.

    >>> safe_story_id("Putin Kim / 2024-06-19")
    'putin-kim-2024-06-19'
    """
    slug = _slug(raw)
    if not slug:
        raise InputError(f"story id {raw!r} has no usable characters (letters, digits, - _ .)")
    return _suffixed(slug, raw) if slug in RESERVED_IDS else slug


def distinct_ids(names: Iterable[str]) -> dict[str, str]:
    """Each of ``names`` → a safe id, all distinct, whatever order the names come in.

    A name whose slug no other name shares keeps it.  Names whose slugs clash ("My Story",
    "my-story"; case and accents are folded) each get a short hash of the name appended,
    except one that is already exactly the slug; so do reserved names and names with no usable
    characters.  The choice depends only on the set of names, so a re-run over the same names
    gives the same ids.
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        groups.setdefault(_slug(name), []).append(name)
    ids: dict[str, str] = {}
    for slug, group in groups.items():
        for name in group:
            clash = len(group) > 1 and name != slug
            ids[name] = (
                _suffixed(slug or _UNNAMED, name)
                if clash or not slug or slug in RESERVED_IDS
                else slug
            )
    return _rehash_clashes(ids)


def unique_ids(ids: list[str]) -> list[str]:
    """``ids`` with repeats numbered in the order given: ["a", "a", "b"] → ["a", "a-2", "b"]."""
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


def resolve_inside(path: Path, folder: Path, name: str) -> Path:
    """``path`` with every symbolic link followed, refused unless it lies inside ``folder``.

    Manifests and folder listings may only name files inside their own folder ("..", absolute
    paths and symbolic links that leave it are refused); a file the user names on the command
    line is not checked.
    """
    try:
        base = Path(os.path.realpath(folder, strict=True))
        resolved = Path(os.path.realpath(path, strict=True))
    except OSError as error:
        raise InputError(f"{name}: {os_reason(error)}") from None
    if not resolved.is_relative_to(base):
        raise InputError(
            f"{name}: lies outside {folder} (through '..', an absolute path or a symbolic "
            "link); only files inside it are read"
        )
    return resolved


def os_reason(error: OSError) -> str:
    """What went wrong reading a file, in the words the other input errors use."""
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read ({error.strerror or type(error).__name__})"


def _slug(raw: str) -> str:
    # "Zürich" → "zurich": accents go, other non-ASCII characters become separators.
    decomposed = unicodedata.normalize("NFKD", raw)
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _UNSAFE.sub("-", unaccented.lower())
    slug = _DASH_RUN.sub("-", _DOT_RUN.sub(".", slug))
    return slug[:MAX_ID_CHARS].strip(".-")


def _suffixed(slug: str, raw: str, chars: int = _HASH_CHARS) -> str:
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:chars]
    return f"{slug[: MAX_ID_CHARS - chars - 1].rstrip('.-')}-{digest}"


def _rehash_clashes(ids: dict[str, str]) -> dict[str, str]:
    """A hashed id may equal another name's own slug, or (once in billions) another hash:
    lengthen the hash of every hashed id in a clash until none is left."""
    chars = _HASH_CHARS
    while chars < 64:
        holders: dict[str, list[str]] = {}
        for name, story_id in ids.items():
            holders.setdefault(story_id, []).append(name)
        clashing = [
            name
            for group in holders.values()
            if len(group) > 1
            for name in group
            if ids[name] != _slug(name)
        ]
        if not clashing:
            break
        chars *= 2
        for name in clashing:
            ids[name] = _suffixed(_slug(name) or _UNNAMED, name, chars)
    return ids
