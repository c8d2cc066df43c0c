"""Resume: a story whose inputs, options and tool version are unchanged is not redone.

Beside each story's reports the worker writes ``.batch.json`` (the inputs' hash and the
story's :class:`StoryResult`), atomically and last, after every report is in place.  A run
interrupted before that point leaves no marker, so the next run redoes that story; so does a
marker that is not exactly what a worker writes (damaged, edited, not a regular file).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any

from compare.batch.result import StoryResult
from compare.batch.sources import StoryJob
from compare.fsutil import atomic_write

MARKER = ".batch.json"
_MAX_MARKER_BYTES = 1024 * 1024  # a marker is a few hundred bytes


def input_digest(job: StoryJob, fingerprint: str) -> str | None:
    """sha256 over the run's settings, the story id and every input byte.

    None when an input cannot be read: that story then always runs, and its worker reports
    the problem the way the pipeline words it.
    """
    digest = hashlib.sha256()
    for part in (fingerprint, job.id):
        digest.update(part.encode("utf-8") + b"\0")
    if not isinstance(job.source, Path):
        for version in job.source:
            described = {k: v for k, v in asdict(version).items() if k != "line"}
            digest.update(json.dumps(described, sort_keys=True).encode("utf-8") + b"\0")
    try:
        for name, path in job.files():
            digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
            if path is not None:
                with path.open("rb") as handle:
                    digest.update(hashlib.file_digest(handle, "sha256").digest())
    except OSError:
        return None
    return digest.hexdigest()


def up_to_date(out_dir: Path, job: StoryJob, digest: str | None) -> StoryResult | None:
    """The stored result of ``job`` when its digest matches and its reports all exist."""
    if digest is None:
        return None
    marker = out_dir / job.id / MARKER
    try:
        info = os.stat(marker)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_MARKER_BYTES:
            return None
        result = _stored_result(json.loads(marker.read_bytes()), job.id, digest)
    except (OSError, ValueError):
        return None
    if result is None or not all((out_dir / report).is_file() for report in result.reports):
        return None
    return result.skipped()


def _stored_result(stored: Any, story_id: str, digest: str) -> StoryResult | None:
    """The marker's result when the marker is one a worker wrote for this story and digest."""
    if not isinstance(stored, dict) or stored.get("inputs_sha256") != digest:
        return None
    result = StoryResult.from_dict(stored.get("result"))
    for report in result.reports:
        parts = PurePosixPath(report).parts
        if len(parts) < 2 or parts[0] != story_id or ".." in parts:
            return None
    return result if result.story == story_id and result.status == "done" else None


def write_marker(story_dir: Path, digest: str, result: StoryResult) -> None:
    record = {"inputs_sha256": digest, "result": result.to_dict()}
    atomic_write(story_dir / MARKER, json.dumps(record, indent=1) + "\n")
