"""story.toml: an optional title and the versions of a story folder, with their metadata, as a
:class:`~compare.ingest.specs.StorySpec` (the JSONL loader is :mod:`compare.batch.sources`).

title = "Putin and Kim Jong Un sign a strategic partnership treaty in Pyongyang"

[[versions]]
file = "dhaka.txt"          # required, relative to the folder, and inside it
outlet = "..."              # optional: outlet, published, url, phase, headline
published = 2024-06-19T12:27:00+06:00   # a TOML datetime or an ISO 8601 string
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from compare.errors import InputError
from compare.ingest.dates import normalize_published
from compare.ingest.reader import read_bytes
from compare.ingest.specs import StorySpec, VersionSpec
from compare.paths import resolve_inside

MANIFEST_NAME = "story.toml"
CORRECTIONS_NAME = "corrections.toml"  # an editor's, read by compare.corrections
LISTING_NAME = "versions.jsonl"  # a scraper's listing of the pages it saved (see read_listing)
_TEXT_FIELDS = ("outlet", "url", "phase", "headline")
_VERSION_KEYS = frozenset({"file", "published", *_TEXT_FIELDS})


def read_manifest(folder: Path) -> StorySpec | None:
    """The folder's story.toml, or None when it has none."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    name = str(path)
    resolve_inside(path, folder, name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{name}: malformed TOML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{name}: cannot read ({error})") from None
    title = data.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f"{name}: title must be a string")
    versions = data.get("versions", [])
    if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
        raise InputError(f"{name}: versions must be [[versions]] tables")
    entries = tuple(_entry(folder, name, n, v) for n, v in enumerate(versions, 1))
    return StorySpec(versions=entries, name=str(folder), within=folder, title=title)


def _entry(folder: Path, name: str, n: int, table: dict[str, object]) -> VersionSpec:
    where = f"{name}: versions[{n}]"
    unknown = sorted(set(table) - _VERSION_KEYS)
    if unknown:
        raise InputError(f"{where} has unknown key {unknown[0]!r}")
    file = table.get("file")
    if not isinstance(file, str) or not file.strip():
        raise InputError(f'{where} needs a file name (file = "...")')
    path = folder / file
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{where}: file {file!r} not found in {folder}")
    resolve_inside(path, folder, f"{where}: file {file!r}")
    texts: dict[str, str | None] = {}
    for key in _TEXT_FIELDS:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: {key} must be a string")
        texts[key] = value
    published = table.get("published")
    return VersionSpec(
        origin=str(path),
        published=normalize_published(published, where) if published is not None else None,
        outlet=texts["outlet"],
        url=texts["url"],
        phase=texts["phase"],
        headline=texts["headline"],
    )


@dataclass(frozen=True, slots=True)
class Listed:
    """What a scraper's listing says of one page: its outlet, and when the scraper saw it."""

    outlet: str | None
    seen: str | None  # ISO 8601 with its zone; a time without one is not kept


def read_listing(folder: Path) -> dict[str, Listed]:
    """What a scraper's ``versions.jsonl`` says of each page it names: file name → outlet and
    scrape time.

    One JSON object per line, ``{"file": "freep-com_0716-0728.txt", "publisher": "freep.com",
    "scrape_time": "2018-07-16T07:28:03-04:00"}`` (the corpus's format; ``outlet`` is read as
    well as ``publisher``).  A scrape time is when the page was seen, never when it was
    published: it is kept as ``seen`` (its text existed by then) only with its zone.  Names
    are matched against the folder's own files, never opened as paths.

    Raises :class:`InputError` (the caller notes it and goes on) when the file is not such a
    listing.
    """
    path = folder / LISTING_NAME
    name = LISTING_NAME
    resolve_inside(path, folder, name)
    try:
        text = read_bytes(path, name).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text") from None
    listed: dict[str, Listed] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{name}: line {number} is not JSON") from None
        file = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(file, str):
            raise InputError(f'{name}: line {number} has no "file" name')
        outlet = entry.get("outlet", entry.get("publisher"))
        named = outlet.strip() if isinstance(outlet, str) and outlet.strip() else None
        listed[Path(file).name] = Listed(named, zoned_time(entry.get("scrape_time")))
    return listed


def zoned_time(value: object) -> str | None:
    """An ISO 8601 time with its zone, written out again ("Z" as "+00:00"); None for anything
    else (a time without a zone cannot be set against another outlet's)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.isoformat() if parsed.utcoffset() is not None else None
