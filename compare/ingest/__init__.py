"""Stage 1 — ingest: read versions, strip page furniture, extract metadata.

Public surface: :func:`read_story` (files, URLs, a story folder, or a
:class:`~compare.ingest.specs.StorySpec` a manifest made), :func:`read_version` (one file, URL
or inline text), :func:`language_warning`, :func:`check_count`, :func:`safe_story_id`,
:func:`detect_format` and :data:`MAX_INPUT_BYTES`.  Every bad input is
an :class:`~compare.errors.InputError` with a one-line message naming the file; so is every
error the operating system raises while reading.  Versions with the same text are not bad
input: they are one take (:mod:`compare.takes`).

Files a story folder lists or its story.toml names must lie inside the folder
(:func:`compare.paths.resolve_inside`); files named on the command line are read wherever
they are.

Every kind of input becomes a :class:`~compare.ingest.specs.StorySpec` (the versions, where
each is, what a manifest says of it) and is read by one path, :func:`_read_spec`.  Each
version's reader is chosen by its content (:mod:`compare.ingest.registry`): plain text (the
page-furniture rules of :mod:`compare.ingest.plaintext`), HTML (:mod:`compare.ingest.htmlpage`)
or Markdown with front matter (:mod:`compare.ingest.mdpage`); each returns a
:class:`~compare.ingest.parsed.ParsedVersion`, and loads its libraries only when it runs.
Publication time is trusted in the order: a manifest (story.toml, JSONL or front matter) >
the article's own published line > the HTML page's metadata > none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from compare.errors import InputError, NoArticleText, stage
from compare.ingest import rules
from compare.ingest.dates import normalize_published
from compare.ingest.language import language_warning
from compare.ingest.manifest import (
    CORRECTIONS_NAME,
    LISTING_NAME,
    MANIFEST_NAME,
    Listed,
    read_listing,
    read_manifest,
)
from compare.ingest.reader import MAX_INPUT_BYTES, check_text, decode, read_bytes
from compare.ingest.registry import (
    URL,
    VERSION_SUFFIXES,
    detect_format,
    jsonl_refusal,
    reader_for,
)
from compare.ingest.sniff import JSONL_SUFFIXES
from compare.ingest.specs import StorySpec, VersionSpec
from compare.ingest.urls import is_url, url_stem
from compare.model import Article, Story, given_stamp
from compare.paths import distinct_ids, os_reason, resolve_inside, safe_story_id, unique_ids

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
# with a suffix one of the readers declares (each file's format is then judged by its content),
# but never a hidden file nor one whose name starts with one of NOT_VERSIONS (any case).  Every
# other file is skipped, and named in a note.
NOT_VERSIONS = ("readme", "notes", "license", "licence", "copying", "changelog", "authors")


Warn = Callable[[str], None]


def read_story(
    inputs: Sequence[str | Path] | StorySpec,
    *,
    story_id: str | None = None,
    on_note: Warn | None = None,
) -> tuple[Story, list[Article]]:
    """Two or more version files or URLs, one folder holding them (and maybe a story.toml), or
    the versions a manifest lists.

    ``on_note`` hears one line for each file of a story folder that is not read as a version,
    and for each input read with a doubt (a few bytes that are not valid UTF-8).
    """
    if isinstance(inputs, StorySpec):
        return _read_spec(inputs, story_id=story_id, on_note=on_note)
    if not inputs:
        raise InputError("no inputs given: pass two or more files or one story folder")
    first = inputs[0]
    try:
        if len(inputs) == 1 and not is_url(first) and Path(first).is_dir():
            spec = _folder_spec(Path(first), str(first), on_note)
            return _read_spec(spec, story_id=story_id, on_note=on_note)
        specs = _beside_listing(
            tuple(VersionSpec(origin=_named_input(item)) for item in inputs), on_note
        )
        return _read_spec(
            StorySpec(versions=specs, name=str(first)), story_id=story_id, on_note=on_note
        )
    except OSError as error:
        raise InputError(f"{error.filename or first}: {os_reason(error)}") from None


def _read_spec(
    spec: StorySpec, *, story_id: str | None = None, on_note: Warn | None = None
) -> tuple[Story, list[Article]]:
    """The story and its versions, read the one way whatever listed them.

    Version ids come from the ids a JSONL manifest gives (made distinct), else from the file
    names; the story id is ``story_id``, else the folder's name, else the file names joined.
    """
    check_count(len(spec.versions), spec.name)
    if all(version.version is not None for version in spec.versions):
        given = distinct_ids(str(version.version) for version in spec.versions)
        ids = [given[str(version.version)] for version in spec.versions]
        stems = ids
    else:
        stems = [_stem(version.origin) for version in spec.versions]
        ids = unique_ids([_version_id(stem, n) for n, stem in enumerate(stems, 1)])
    articles = []
    for version, version_id in zip(spec.versions, ids, strict=True):
        try:
            articles.append(_read_spec_version(version, version_id, spec.within, on_note))
        except NoArticleText as error:
            # A photo gallery or a front page that a story folder holds is no version of the
            # story, as a README is not: skipped with a note.  A page the user or a story.toml
            # names is refused.
            if version.origin not in spec.found:
                raise
            if on_note is not None:
                name = Path(version.origin).name
                on_note(f"{spec.name}: skipped {name}: {error.why}")
    check_count(len(articles), spec.name)
    if spec.within is not None and spec.versions[0].version is None:
        derived = spec.within.resolve().name  # a story folder: its name
    else:
        named = all(_usable(stem) for stem in stems)  # else "v1-vs-v2" rather than a bare "vs"
        derived = "-vs-".join(stems if named else ids)
    return Story(id=_story_id(story_id, derived), title=spec.title), articles


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
    elif URL.sniff(name):
        fetched = URL.fetch(name)
        decoded = decode(fetched.data, name, declared=fetched.charset, on_warning=on_warning)
        content = check_text(decoded, name)
        url = fetched.url
    else:
        path = Path(origin) if within is None else resolve_inside(Path(origin), within, name)
        content = check_text(decode(read_bytes(path, name), name, on_warning=on_warning), name)
    page = reader_for(name, content).parse(content, name)
    if not page.text.strip():
        raise NoArticleText(name, "no article text found after removing page furniture")
    _check_not_listing(page.text, name)
    article = Article(
        id=safe_story_id(version_id) if version_id else _version_id(_stem(name), 1),
        path=name,
        text=page.text,
        headline=page.headline,
        outlet=outlet or page.outlet,
        dateline=page.dateline,
        published=page.published,
        published_source=page.published_source,
        stamps=page.stamps,
        url=page.url or url,
        phase=phase or page.phase,
        removed=page.removed,
    )
    if published is not None:
        stated = normalize_published(published, name)
        given = given_stamp(stated, "manifest", text=str(published))
        stamps = (*article.stamps, given) if given else article.stamps
        article = replace(article, published=stated, published_source="manifest", stamps=stamps)
    return article


# A page that lists other stories (a news aggregator's topic page: headlines, each with its first
# words cut off by "...") is no version of a story however much text it holds.  Of the 680 pages
# of the corpus's source file, such pages have 54 to 129 snippets, over half their paragraphs;
# story pages have at most two (a preview box's, a quote that trails off).
LISTING_MIN_SNIPPETS = 10
LISTING_SHARE = 0.4


def _check_not_listing(text: str, name: str) -> None:
    paragraphs = [p for p in text.split("\n\n") if rules.word_count(p) >= rules.SNIPPET_MIN_WORDS]
    snippets = sum(rules.is_snippet(p.strip()) for p in paragraphs)
    if snippets >= LISTING_MIN_SNIPPETS and snippets >= LISTING_SHARE * len(paragraphs):
        raise NoArticleText(
            name,
            f"no article text found: {snippets} of its {len(paragraphs)} paragraphs are other "
            "stories' snippets cut off with '...' (a news aggregator's listing)",
        )


def check_count(count: int, name: str) -> None:
    """Refuse a story with fewer than two versions, naming its first input."""
    if count < 2:
        raise InputError(f"{name}: need at least two versions, got {count}")


def _named_input(item: str | Path) -> str:
    """A file or URL named on the command line, refused when it cannot be a version."""
    if is_url(item):
        return str(item)
    path = Path(item)
    if path.is_dir():
        raise InputError(f"{item}: is a folder; give either one story folder or several files")
    if not path.exists():
        raise InputError(f"{item}: no such file or folder")
    if path.suffix.lower() in JSONL_SUFFIXES:
        raise jsonl_refusal(str(item))
    return str(item)


def _stem(origin: str) -> str:
    return url_stem(origin) if is_url(origin) else Path(origin).stem


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


def _folder_spec(folder: Path, name: str, on_note: Warn | None) -> StorySpec:
    """The story folder's versions: those story.toml lists first, with its metadata, then the
    folder's other version files in name order (a story.toml annotates versions, it never drops
    one), each with what a scraper's versions.jsonl says of it.  ``on_note`` hears of every
    other file, and why it is not a version.

    A symbolic link counts as a file (it must then lead inside the folder, which is checked
    when it is read), and so do FIFOs and devices (refused when read, never skipped quietly).
    """
    manifest = read_manifest(folder)
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        raise InputError(f"{name}: cannot list folder ({error.strerror})") from None
    files = [
        c for c in children if not c.name.startswith(".") and (c.is_symlink() or not c.is_dir())
    ]
    listed = list(manifest.versions) if manifest is not None else []
    named = {Path(version.origin).name for version in listed}
    versions = listed
    found: set[str] = set()  # the versions the folder holds that story.toml does not name
    for child in files:
        if child.name in (MANIFEST_NAME, CORRECTIONS_NAME, LISTING_NAME) or child.name in named:
            continue
        if child.name.lower().startswith(NOT_VERSIONS):
            reason = "README, notes and licence files are never versions"
        elif child.suffix.lower() not in VERSION_SUFFIXES:
            reason = "not an article page (.txt, .md or .html)"
        else:
            versions.append(VersionSpec(origin=str(child)))
            found.add(str(child))
            continue
        if on_note is not None:
            on_note(f"{name}: skipped {child.name}: {reason}")
    title = manifest.title if manifest is not None else None
    return StorySpec(
        versions=_listed(tuple(versions), folder, name, on_note),
        name=name,
        within=folder,
        title=title,
        found=frozenset(found),
    )


def _beside_listing(
    specs: tuple[VersionSpec, ...], on_note: Warn | None
) -> tuple[VersionSpec, ...]:
    """Files named one by one, with what a versions.jsonl beside them says of them, when they
    all lie in one folder (as that folder's story would read them)."""
    if any(is_url(v.origin) for v in specs):
        return specs
    folders = {Path(v.origin).parent for v in specs}
    if len(folders) != 1:
        return specs
    (folder,) = folders
    return _listed(specs, folder, str(folder), on_note)


def _listed(
    specs: tuple[VersionSpec, ...], folder: Path, name: str, on_note: Warn | None
) -> tuple[VersionSpec, ...]:
    """The versions with what the folder's versions.jsonl, if it has one, says of them: the
    outlet (story.toml's wins) and the scrape time.  A file that is not such a listing is
    skipped with a note, as any other file that is not a version."""
    listing = folder / LISTING_NAME
    if not listing.is_symlink() and (listing.is_dir() or not listing.exists()):
        return specs
    try:
        scraped = read_listing(folder)
    except InputError as error:
        if on_note is not None:
            on_note(f"{name}: skipped {error}")
        return specs
    return tuple(_with_listing(v, scraped.get(Path(v.origin).name)) for v in specs)


def _with_listing(version: VersionSpec, listed: Listed | None) -> VersionSpec:
    """The version with the outlet the listing names (story.toml's wins) and its scrape time."""
    if listed is None:
        return version
    return replace(version, outlet=version.outlet or listed.outlet, seen=listed.seen)


def _read_spec_version(
    version: VersionSpec, version_id: str, within: Path | None, on_note: Warn | None
) -> Article:
    with stage("ingest", repr(version.origin)):
        article = read_version(
            version.origin,
            text=version.text,
            version_id=version_id,
            outlet=version.outlet,
            published=version.published,
            phase=version.phase,
            within=within,
            on_warning=on_note,
        )
    return replace(
        article,
        url=version.url or article.url,
        headline=version.headline or article.headline,
        seen=version.seen,
    )
