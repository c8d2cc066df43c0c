"""Where a batch's stories come from: a folder of story folders, or a JSONL manifest.

A JSONL manifest is the second loader of the version-spec model (:mod:`compare.ingest.specs`;
story.toml is the first): each line becomes a :class:`~compare.ingest.specs.VersionSpec`, and
each story runs the one pipeline path, :func:`compare.pipeline.compare_inputs`.

Both are read lazily: :func:`find_stories` returns a collection whose ``len()`` is cheap (names
or byte offsets only) and whose iteration yields one :class:`StoryJob` at a time, so a batch of
any size never sits in memory.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from compare.errors import InputError
from compare.ingest.manifest import zoned_time
from compare.ingest.specs import StorySpec, VersionSpec
from compare.ingest.urls import is_url
from compare.paths import distinct_ids, resolve_inside

MANIFEST_FIELDS = frozenset(
    {"story", "version", "path", "text", "outlet", "published", "phase", "seen"}
)
# ``seen``: when a scraper saw the page, ISO 8601 with its zone (as a versions.jsonl scrape
# time is read: it bounds the version's time from above, never dates it).
_OPTIONAL_FIELDS = ("outlet", "published", "phase", "seen")


@dataclass(frozen=True, slots=True)
class StoryJob:
    """One story to compare: a story folder, or a manifest's versions of one story.

    ``within`` is the folder every input of the story must resolve inside: the batch INPUT for
    a story folder (whose own files must then lie inside the story folder), the manifest's
    folder for a manifest's story.
    """

    id: str  # a safe id (compare.paths.distinct_ids): the story's folder under --out
    source: Path | tuple[VersionSpec, ...]
    within: Path

    def inputs(self) -> list[Path] | StorySpec:
        """What :func:`compare.pipeline.compare_inputs` reads: the story folder, or the
        manifest's versions (files inside ``within``)."""
        if isinstance(self.source, Path):
            return [self.source]
        return StorySpec(versions=self.source, name=self.source[0].origin, within=self.within)

    def files(self) -> list[tuple[str, Path | None]]:
        """(name, file) for every file whose bytes make up this story's input, for the resume
        hash; the file is None when it is named but will not be read (outside ``within``,
        a symbolic link that leaves the folder, a FIFO): then only its name counts.

        A story folder contributes every file in its tree (hidden folders left out), so a
        change to a file story.toml names in a subfolder is seen.
        """
        if isinstance(self.source, Path):
            if _inside(self.source, self.within) is None:
                return [(str(self.source), None)]
            return _tree(self.source)
        # A URL has no bytes here until fetched; the resume hash covers its address only.
        return [
            (v.origin, _regular(_inside(Path(v.origin), self.within)))
            for v in self.source
            if v.text is None and not is_url(v.origin)
        ]


def _inside(path: Path, folder: Path) -> Path | None:
    try:
        return resolve_inside(path, folder, str(path))
    except InputError:
        return None


def _regular(path: Path | None) -> Path | None:
    try:
        return path if path is not None and stat.S_ISREG(path.stat().st_mode) else None
    except OSError:
        return None


def _tree(folder: Path) -> list[tuple[str, Path | None]]:
    def fail(error: OSError) -> None:
        raise error

    found = []
    for top, folders, names in os.walk(folder, onerror=fail):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            path = Path(top, name)
            found.append((path.relative_to(folder).as_posix(), _regular(_inside(path, folder))))
    return found


class StoryFolders:
    """The story folders directly inside ``root`` (hidden ones and ``exclude`` left out).

    An entry that cannot be looked at (a symbolic link loop, no permission) is kept as a
    story: its worker reports the problem as that story's failure.
    """

    def __init__(self, root: Path, exclude: Path | None = None) -> None:
        self.root = root
        # --out inside INPUT must not become a story on the next run.
        excluded = exclude.resolve() if exclude is not None else None
        self._excluded_name = (
            excluded.name if excluded is not None and excluded.parent == root.resolve() else None
        )
        self._ids: dict[str, str] | None = None

    def _names(self) -> Iterator[str]:
        with os.scandir(self.root) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name == self._excluded_name:
                    continue
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = True
                if is_folder:
                    yield entry.name

    @property
    def ids(self) -> dict[str, str]:
        """Folder name → story id (distinct: compare.paths.distinct_ids)."""
        if self._ids is None:
            self._ids = distinct_ids(self._names())
        return self._ids

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[StoryJob]:
        for name, story_id in self.ids.items():
            yield StoryJob(id=story_id, source=self.root / name, within=self.root)


class JsonlManifest:
    """A JSONL manifest, one version per line, grouped into stories.

    Validated in full on construction (a bad line fails the whole batch, naming its line);
    only the byte offsets of each story's lines are kept, so a story's lines need not be
    contiguous and inline text is read back one story at a time.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lines: dict[str, list[tuple[int, int]]] = {}  # story -> [(byte offset, line)]
        versions_seen: set[tuple[str, str]] = set()
        try:
            with path.open("rb") as handle:
                offset = handle.tell()
                for number, raw in enumerate(handle, start=1):
                    if raw.strip():
                        story, version = self._parse(raw, number)
                        if (story, version) in versions_seen:
                            raise self._error(number, f"version {version!r} of {story!r} repeats")
                        versions_seen.add((story, version))
                        self._lines.setdefault(story, []).append((offset, number))
                    offset += len(raw)
        except OSError as error:
            raise InputError(f"{path}: cannot read manifest ({error.strerror})") from error
        if not self._lines:
            raise InputError(f"{path}: manifest holds no versions")
        self._ids = distinct_ids(self._lines)

    def _error(self, line: int, problem: str) -> InputError:
        return InputError(f"{self.path} line {line}: {problem}")

    def _parse(self, raw: bytes, line: int) -> tuple[str, str]:
        """Check one line; return its (story, version)."""
        try:
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise self._error(line, f"not valid JSON ({error})") from error
        if not isinstance(record, dict):
            raise self._error(line, "expected a JSON object")
        unknown = sorted(set(record) - MANIFEST_FIELDS)
        if unknown:
            raise self._error(line, f"unknown field {unknown[0]!r}")
        for required in ("story", "version"):
            value = record.get(required)
            if not isinstance(value, str) or not value.strip():
                raise self._error(line, f"{required!r} must be a non-empty string")
        if ("path" in record) == ("text" in record):
            raise self._error(line, "give exactly one of 'path' and 'text'")
        for name in ("path", "text", *_OPTIONAL_FIELDS):
            if record.get(name) is not None and not isinstance(record[name], str):
                raise self._error(line, f"{name!r} must be a string")
        if not (record.get("path") or record.get("text") or "").strip():
            raise self._error(line, "'path' or 'text' is empty")
        if record.get("seen") is not None and zoned_time(record["seen"]) is None:
            raise self._error(line, "'seen' must be an ISO 8601 time with its zone")
        return record["story"], record["version"]

    def _read_version(self, handle: BinaryIO, offset: int, line: int) -> VersionSpec:
        handle.seek(offset)
        record = json.loads(handle.readline())
        path = record.get("path")
        if path is None:
            origin = f"{self.path} line {line}"
        else:
            origin = path if is_url(path) else str(self.path.parent / path)
        return VersionSpec(
            line=line,
            version=record["version"],
            origin=origin,
            text=record.get("text"),
            **{name: record.get(name) for name in _OPTIONAL_FIELDS},
        )

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[StoryJob]:
        with self.path.open("rb") as handle:
            for story, lines in self._lines.items():
                versions = tuple(self._read_version(handle, *at) for at in lines)
                yield StoryJob(id=self._ids[story], source=versions, within=self.path.parent)


def find_stories(source: Path, *, exclude: Path | None = None) -> StoryFolders | JsonlManifest:
    """The stories of a batch INPUT: a folder of story folders, or a JSONL manifest file.

    ``exclude`` is the batch's --out: it may be a folder directly inside INPUT (left out of
    the stories), but not INPUT itself or a folder inside a story folder, where the next run
    would read this run's reports as versions.
    """
    if source.is_file():
        return JsonlManifest(source)
    if not source.is_dir():
        raise InputError(f"{source}: no such folder or manifest")
    if exclude is not None:
        _check_out(source, exclude)
    folders = StoryFolders(source, exclude=exclude)
    if len(folders) == 0:
        raise InputError(
            f"{source}: holds no story folders (a batch INPUT is a folder of story folders, "
            "each holding the versions of one story, or a JSONL manifest)"
        )
    return folders


def _check_out(root: Path, out_dir: Path) -> None:
    out, base = out_dir.resolve(), root.resolve()
    if not out.is_relative_to(base):
        return
    inside = out.relative_to(base).parts
    if not inside or (len(inside) > 1 and not inside[0].startswith(".")):
        where = "is INPUT itself" if not inside else f"is inside the story folder {inside[0]}"
        raise InputError(
            f"--out {out_dir} {where}: the next run would read its reports as versions; "
            "choose a folder outside INPUT's story folders"
        )
