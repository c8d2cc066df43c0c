"""Stage 1 — ingest: read versions, strip page furniture, extract metadata.

Public surface: :func:`read_story` (files or a story folder), :func:`read_version` (one file or
inline text), :func:`safe_story_id` and :data:`MAX_INPUT_BYTES`.  Every bad input is an
:class:`~compare.errors.InputError` with a one-line message naming the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from compare.errors import InputError
from compare.ingest.dates import normalize_published
from compare.ingest.ids import safe_story_id, unique_ids
from compare.ingest.manifest import Manifest, ManifestEntry, read_manifest
from compare.ingest.plaintext import parse_page
from compare.ingest.reader import MAX_INPUT_BYTES, check_text, read_file
from compare.model import Article, Story

__all__ = ["MAX_INPUT_BYTES", "read_story", "read_version", "safe_story_id"]

# Extensions read from a story folder; HTML and Markdown are read as plain text for now.
VERSION_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


def read_story(
    inputs: Sequence[str | Path], *, story_id: str | None = None
) -> tuple[Story, list[Article]]:
    """Two or more version files, or one folder holding them (and maybe a story.toml)."""
    if not inputs:
        raise InputError("no inputs given: pass two or more files or one story folder")
    folder = Path(inputs[0]) if len(inputs) == 1 else None
    if folder is not None and folder.is_dir():
        return _read_folder(folder, str(inputs[0]), story_id)
    paths = [_existing_file(item) for item in inputs]
    if len(paths) < 2:
        raise InputError(f"{inputs[0]}: need at least two versions, got 1")
    ids = unique_ids([safe_story_id(path.stem) for path in paths])
    articles = [read_version(item, version_id=v) for item, v in zip(inputs, ids, strict=True)]
    raw_id = story_id or "-vs-".join(path.stem for path in paths)
    return Story(id=safe_story_id(raw_id)), articles


def read_version(
    origin: str | Path,
    *,
    text: str | None = None,
    version_id: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    phase: str | None = None,
) -> Article:
    """One version from a file (or from inline ``text``, ``origin`` then only names it).

    Explicit ``outlet``/``published``/``phase`` win over what the page states.
    """
    name = str(origin)
    if text is None:
        content = read_file(Path(origin), name)
    else:
        content = check_text(text.replace("\r\n", "\n").replace("\r", "\n"), name)
    page = parse_page(content)
    if not page.text.strip():
        raise InputError(f"{name}: no article text found after removing page furniture")
    article = Article(
        id=safe_story_id(version_id or Path(name).stem),
        path=name,
        text=page.text,
        headline=page.headline,
        outlet=outlet or page.outlet,
        dateline=page.dateline,
        published=page.published,
        published_source=page.published_source,
        phase=phase,
        removed=page.removed,
    )
    if published is not None:
        stated = normalize_published(published, name)
        article = replace(article, published=stated, published_source="manifest")
    return article


def _existing_file(item: str | Path) -> Path:
    path = Path(item)
    if path.is_dir():
        raise InputError(f"{item}: is a folder; give either one story folder or several files")
    if not path.exists():
        raise InputError(f"{item}: no such file or folder")
    return path


def _read_folder(folder: Path, name: str, story_id: str | None) -> tuple[Story, list[Article]]:
    manifest = read_manifest(folder)
    entries = _entries(folder, name, manifest)
    if len(entries) < 2:
        raise InputError(f"{name}: need at least two versions, got {len(entries)}")
    ids = unique_ids([safe_story_id(entry.path.stem) for entry in entries])
    articles = [_read_entry(entry, v) for entry, v in zip(entries, ids, strict=True)]
    story = Story(
        id=safe_story_id(story_id or folder.resolve().name),
        title=manifest.title if manifest else None,
    )
    return story, articles


def _entries(folder: Path, name: str, manifest: Manifest | None) -> list[ManifestEntry]:
    if manifest is not None and manifest.versions:
        return list(manifest.versions)
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        raise InputError(f"{name}: cannot list folder ({error.strerror})") from None
    return [
        ManifestEntry(path=child)
        for child in children
        if not child.name.startswith(".")
        and child.suffix.lower() in VERSION_SUFFIXES
        and child.is_file()
    ]


def _read_entry(entry: ManifestEntry, version_id: str) -> Article:
    article = read_version(
        entry.path,
        version_id=version_id,
        outlet=entry.outlet,
        published=entry.published,
        phase=entry.phase,
    )
    return replace(
        article,
        url=entry.url or article.url,
        headline=entry.headline or article.headline,
    )
