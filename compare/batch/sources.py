"""Where a batch's stories come from: a folder of story folders, or a JSONL manifest.

Both are read lazily: :func:`find_stories` returns a collection whose ``len()`` is cheap (names
or byte offsets only) and whose iteration yields one :class:`StoryJob` at a time, so a batch of
any size never sits in memory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from compare.errors import InputError

MANIFEST_FIELDS = frozenset({"story", "version", "path", "text", "outlet", "published", "phase"})
_OPTIONAL_FIELDS = ("outlet", "published", "phase")


@dataclass(frozen=True, slots=True)
class ManifestVersion:
    """One line of a JSONL manifest: a version given by ``path`` or inline ``text``."""

    line: int  # 1-based line number in the manifest
    version: str
    origin: str  # the file (resolved against the manifest's folder), or "<manifest> line <n>"
    text: str | None = None  # inline text; None when the version is read from ``origin``
    outlet: str | None = None
    published: str | None = None
    phase: str | None = None


@dataclass(frozen=True, slots=True)
class StoryJob:
    """One story to compare: a story folder, or a manifest's versions of one story."""

    id: str
    source: Path | tuple[ManifestVersion, ...]

    def files(self) -> list[Path]:
        """The files whose bytes make up this story's input (for the resume hash)."""
        if isinstance(self.source, Path):
            return sorted(
                Path(entry.path)
                for entry in os.scandir(self.source)
                if entry.is_file() and not entry.name.startswith(".")
            )
        # A URL has no bytes here until fetched; the resume hash covers its address only.
        from compare.ingest.urls import is_url  # here: the ingest package loads every reader

        return [Path(v.origin) for v in self.source if v.text is None and not is_url(v.origin)]


class StoryFolders:
    """The story folders directly inside ``root`` (hidden ones and ``exclude`` left out)."""

    def __init__(self, root: Path, exclude: Path | None = None) -> None:
        self.root = root
        # --out inside INPUT must not become a story on the next run.
        excluded = exclude.resolve() if exclude is not None else None
        self._excluded_name = (
            excluded.name if excluded is not None and excluded.parent == root.resolve() else None
        )
        self._count: int | None = None

    def _names(self) -> Iterator[str]:
        with os.scandir(self.root) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name == self._excluded_name:
                    continue
                if entry.is_dir():
                    yield entry.name

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self._names())
        return self._count

    def __iter__(self) -> Iterator[StoryJob]:
        for name in self._names():
            yield StoryJob(id=name, source=self.root / name)


class Manifest:
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
        return record["story"], record["version"]

    def _read_version(self, handle: BinaryIO, offset: int, line: int) -> ManifestVersion:
        handle.seek(offset)
        record = json.loads(handle.readline())
        from compare.ingest.urls import is_url  # here: the ingest package loads every reader

        path = record.get("path")
        if path is None:
            origin = f"{self.path} line {line}"
        else:
            origin = path if is_url(path) else str(self.path.parent / path)
        return ManifestVersion(
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
                yield StoryJob(id=story, source=versions)


def find_stories(source: Path, *, exclude: Path | None = None) -> StoryFolders | Manifest:
    """The stories of a batch INPUT: a folder of story folders, or a JSONL manifest file."""
    if source.is_file():
        return Manifest(source)
    if not source.is_dir():
        raise InputError(f"{source}: no such folder or manifest")
    folders = StoryFolders(source, exclude=exclude)
    if len(folders) == 0:
        raise InputError(
            f"{source}: holds no story folders (a batch INPUT is a folder of story folders, "
            "each holding the versions of one story, or a JSONL manifest)"
        )
    return folders
