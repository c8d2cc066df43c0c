"""Stage 1 — ingest: read versions, strip page furniture, extract metadata.

Public surface: :func:`read_story` (files, URLs or a story folder), :func:`read_version` (one
file, URL or inline text), :func:`language_warning`, :func:`check_count`,
:func:`safe_story_id`, :func:`detect_format` and :data:`MAX_INPUT_BYTES`.  Every bad input is
an :class:`~compare.errors.InputError` with a one-line message naming the file; so is every
error the operating system raises while reading.  Versions with the same text are not bad
input: they are one take (:mod:`compare.takes`).

Files a story folder lists or its story.toml names must lie inside the folder
(:func:`compare.paths.resolve_inside`); files named on the command line are read wherever
they are.

Each version's format is judged by its content (:mod:`compare.ingest.sniff`): plain text (the
page-furniture rules of :mod:`compare.ingest.plaintext`), HTML (:mod:`compare.ingest.htmlpage`)
or Markdown with front matter (:mod:`compare.ingest.mdpage`).  Publication time is trusted in
the order: a manifest (story.toml, JSONL or front matter) > the article's own published line >
the HTML page's metadata > none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from compare.errors import InputError
from compare.ingest.dates import normalize_published
from compare.ingest.htmlpage import parse_html
from compare.ingest.language import language_warning
from compare.ingest.manifest import (
    CORRECTIONS_NAME,
    MANIFEST_NAME,
    Manifest,
    ManifestEntry,
    read_manifest,
)
from compare.ingest.mdpage import parse_markdown
from compare.ingest.plaintext import parse_page
from compare.ingest.reader import MAX_INPUT_BYTES, check_text, decode, read_bytes
from compare.ingest.sniff import JSONL_SUFFIXES, detect_format
from compare.ingest.urls import fetch, is_url, url_stem
from compare.model import Article, Story, given_stamp
from compare.paths import os_reason, resolve_inside, safe_story_id, unique_ids

__all__ = [
    "MAX_INPUT_BYTES",
    "check_count",
    "detect_format",
    "language_warning",
    "read_story",
    "read_version",
    "safe_story_id",
]

# Which files of a story folder are versions: those story.toml lists; without a list, the files
# with these extensions (each file's format is then judged by its content), but never a hidden
# file nor one whose name starts with one of NOT_VERSIONS (any case).  Every other file is
# skipped, and named in a note.
VERSION_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"})
NOT_VERSIONS = ("readme", "notes", "license", "licence", "copying", "changelog", "authors")


Warn = Callable[[str], None]


def read_story(
    inputs: Sequence[str | Path],
    *,
    story_id: str | None = None,
    on_note: Warn | None = None,
) -> tuple[Story, list[Article]]:
    """Two or more version files or URLs, or one folder holding them (and maybe a story.toml).

    ``on_note`` hears one line for each file of a story folder that is not read as a version,
    and for each input read with a doubt (a few bytes that are not valid UTF-8).
    """
    if not inputs:
        raise InputError("no inputs given: pass two or more files or one story folder")
    first = inputs[0]
    try:
        if len(inputs) == 1 and not is_url(first) and Path(first).is_dir():
            return _read_folder(Path(first), str(first), story_id, on_note)
        stems = [url_stem(str(i)) if is_url(i) else _version_file(i).stem for i in inputs]
        check_count(len(inputs), str(first))
        ids = unique_ids([_version_id(stem, n) for n, stem in enumerate(stems, 1)])
        articles = [
            read_version(item, version_id=v, on_warning=on_note)
            for item, v in zip(inputs, ids, strict=True)
        ]
    except OSError as error:
        raise InputError(f"{error.filename or first}: {os_reason(error)}") from None
    named = all(_usable(stem) for stem in stems)  # else "v1-vs-v2" rather than a bare "vs"
    return Story(id=_story_id(story_id, "-vs-".join(stems if named else ids))), articles


def read_version(
    origin: str | Path,
    *,
    text: str | None = None,
    version_id: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    phase: str | None = None,
    within: Path | None = None,
    on_warning: Warn | None = None,
) -> Article:
    """One version from a file or an http(s) URL (or from inline ``text``, ``origin`` then only
    names it).  Explicit ``outlet``/``published``/``phase`` win over what the page states.

    A file named by a manifest or found in a folder must lie inside ``within`` (that folder).
    """
    name = str(origin)
    url: str | None = None
    if text is not None:
        content = check_text(text.replace("\r\n", "\n").replace("\r", "\n"), name)
    elif is_url(name):
        fetched = fetch(name)
        decoded = decode(fetched.data, name, declared=fetched.charset, on_warning=on_warning)
        content = check_text(decoded, name)
        url = fetched.url
    else:
        path = Path(origin) if within is None else resolve_inside(Path(origin), within, name)
        content = check_text(decode(read_bytes(path, name), name, on_warning=on_warning), name)
    form = detect_format(name, content)
    if form == "jsonl":
        raise InputError(
            f"{name}: is a JSONL manifest, not a version of a story; "
            f"compare the stories it lists with: story-compare batch {name}"
        )
    if form == "html":
        page, canonical = parse_html(content, name)
        url = canonical or url
    elif form == "markdown":
        version = parse_markdown(content, name)
        page, url, phase = version.page, version.url or url, phase or version.phase
    else:
        page = parse_page(content)
    if not page.text.strip():
        raise InputError(f"{name}: no article text found after removing page furniture")
    default_id = url_stem(name) if is_url(name) else Path(name).stem
    article = Article(
        id=safe_story_id(version_id) if version_id else _version_id(default_id, 1),
        path=name,
        text=page.text,
        headline=page.headline,
        outlet=outlet or page.outlet,
        dateline=page.dateline,
        published=page.published,
        published_source=page.published_source,
        stamps=page.stamps,
        url=url,
        phase=phase,
        removed=page.removed,
    )
    if published is not None:
        stated = normalize_published(published, name)
        given = given_stamp(stated, "manifest", text=str(published))
        stamps = (*article.stamps, given) if given else article.stamps
        article = replace(article, published=stated, published_source="manifest", stamps=stamps)
    return article


def check_count(count: int, name: str) -> None:
    """Refuse a story with fewer than two versions, naming its first input."""
    if count < 2:
        raise InputError(f"{name}: need at least two versions, got {count}")


def _version_file(item: str | Path) -> Path:
    path = Path(item)
    if path.is_dir():
        raise InputError(f"{item}: is a folder; give either one story folder or several files")
    if not path.exists():
        raise InputError(f"{item}: no such file or folder")
    if path.suffix.lower() in JSONL_SUFFIXES:
        raise InputError(
            f"{item}: is a JSONL manifest, not a version of a story; "
            f"compare the stories it lists with: story-compare batch {item}"
        )
    return path


def _version_id(stem: str, n: int) -> str:
    """The version id a file name gives; "v<n>" when the name has no usable characters."""
    try:
        return safe_story_id(stem)
    except InputError:
        return f"v{n}"


def _usable(name: str) -> bool:
    try:
        safe_story_id(name)
    except InputError:
        return False
    return True


def _story_id(given: str | None, derived: str) -> str:
    """The user's story id (refused when unusable) or one made from the inputs' names."""
    if given:
        return safe_story_id(given)
    try:
        return safe_story_id(derived)
    except InputError:
        return "story"


def _read_folder(
    folder: Path, name: str, story_id: str | None, on_note: Warn | None
) -> tuple[Story, list[Article]]:
    manifest = read_manifest(folder)
    entries, skipped = _entries(folder, name, manifest)
    if on_note is not None:
        for file, reason in skipped:
            on_note(f"{name}: skipped {file}: {reason}")
    check_count(len(entries), name)
    ids = unique_ids([_version_id(e.path.stem, n) for n, e in enumerate(entries, 1)])
    articles = [
        _read_entry(folder, entry, v, on_note) for entry, v in zip(entries, ids, strict=True)
    ]
    story = Story(
        id=_story_id(story_id, folder.resolve().name),
        title=manifest.title if manifest else None,
    )
    return story, articles


def _entries(
    folder: Path, name: str, manifest: Manifest | None
) -> tuple[list[ManifestEntry], list[tuple[str, str]]]:
    """The folder's versions, and (file name, why not) for every other file in it.

    The versions story.toml lists come first, with its metadata, then the folder's other
    version files in name order: a story.toml annotates versions, it never drops one.

    A symbolic link counts as a file (it must then lead inside the folder, which is checked
    when it is read), and so do FIFOs and devices (refused when read, never skipped quietly).
    """
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        raise InputError(f"{name}: cannot list folder ({error.strerror})") from None
    files = [
        c for c in children if not c.name.startswith(".") and (c.is_symlink() or not c.is_dir())
    ]
    listed = list(manifest.versions) if manifest is not None else []
    named = {entry.path.name for entry in listed}
    entries, skipped = listed, []
    for child in files:
        if child.name in (MANIFEST_NAME, CORRECTIONS_NAME) or child.name in named:
            continue
        if child.name.lower().startswith(NOT_VERSIONS):
            skipped.append((child.name, "README, notes and licence files are never versions"))
        elif child.suffix.lower() not in VERSION_SUFFIXES:
            skipped.append((child.name, "not an article page (.txt, .md or .html)"))
        else:
            entries.append(ManifestEntry(path=child))
    return entries, skipped


def _read_entry(
    folder: Path, entry: ManifestEntry, version_id: str, on_warning: Warn | None
) -> Article:
    article = read_version(
        entry.path,
        version_id=version_id,
        outlet=entry.outlet,
        published=entry.published,
        phase=entry.phase,
        within=folder,
        on_warning=on_warning,
    )
    return replace(
        article,
        url=entry.url or article.url,
        headline=entry.headline or article.headline,
    )
