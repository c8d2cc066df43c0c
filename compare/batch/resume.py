"""Resume: a story whose inputs, options and tool version are unchanged is not redone.

Beside each story's reports the worker writes ``.batch.json`` (the inputs' hash and the
story's :class:`StoryResult`), atomically and last, after every report is in place.  A run
interrupted before that point leaves no marker, so the next run redoes that story.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from compare.batch.result import StoryResult
from compare.batch.sources import StoryJob
from compare.fsutil import atomic_write

MARKER = ".batch.json"


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
        for path in job.files():
            content = path.read_bytes()
            digest.update(f"{path.name}\0{len(content)}\0".encode())
            digest.update(content)
    except OSError:
        return None
    return digest.hexdigest()


def up_to_date(out_dir: Path, job: StoryJob, digest: str | None) -> StoryResult | None:
    """The stored result of ``job`` when its digest matches and its reports all exist."""
    if digest is None:
        return None
    try:
        stored = json.loads((out_dir / job.id / MARKER).read_text(encoding="utf-8"))
        if stored["inputs_sha256"] != digest:
            return None
        result = StoryResult.from_dict(stored["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all((out_dir / report).is_file() for report in result.reports):
        return None
    return result.skipped()


def write_marker(story_dir: Path, digest: str, result: StoryResult) -> None:
    record = {"inputs_sha256": digest, "result": result.to_dict()}
    atomic_write(story_dir / MARKER, json.dumps(record, indent=1) + "\n")


def remove_temporaries(folder: Path) -> None:
    """Delete temporary files a killed process left behind (atomic_write's ``.<name>.*.tmp``)."""
    if folder.is_dir():
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
