"""The per-story function every executor runs: one story through :mod:`compare.pipeline`.

The stages are imported inside the functions that run them: the batch parent imports this
module to name ``run_story`` and should not load them (a re-run that skips every story would
spend most of its time importing).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from compare import __version__
from compare.batch.limits import StoryTimedOut, time_limit
from compare.batch.result import StoryResult, figures_of
from compare.batch.resume import write_marker
from compare.batch.sources import StoryJob
from compare.errors import StoryCompareError
from compare.fsutil import remove_stale_temporaries
from compare.model import Comparison
from compare.options import AlignOptions
from compare.paths import resolve_inside


@dataclass(frozen=True)
class Settings:
    """What every story of a batch is run with (sent to each worker with its job)."""

    formats: tuple[str, ...]
    options: AlignOptions = field(default_factory=AlignOptions)
    story_timeout: float | None = None  # seconds; None: no limit.  Not in the fingerprint.

    def fingerprint(self) -> str:
        """Changes whenever a story's reports could change for reasons other than its inputs."""
        return f"story-compare {__version__}; formats {sorted(self.formats)}; {self.options!r}"


def run_story(job: StoryJob, out_dir: Path, settings: Settings, digest: str | None) -> StoryResult:
    """Compare one story and write its reports under ``out_dir``; never raises for a bad story.

    The story runs :func:`compare.pipeline.compare_inputs`, as ``report`` does, and its result
    lists what ``report`` would have printed about the inputs (a text that does not look like
    English, stray bytes, a file of a story folder that is no version) before the report's
    own warnings.
    """
    from compare import pipeline

    started = time.perf_counter()
    warnings: list[str] = []
    try:
        with time_limit(settings.story_timeout):
            if isinstance(job.source, Path):
                resolve_inside(job.source, job.within, str(job.source))
            comparison = pipeline.compare_inputs(
                job.inputs(), story_id=job.id, options=settings.options, on_warning=warnings.append
            )
            story_dir = out_dir / job.id
            remove_stale_temporaries(story_dir)
            paths = pipeline.render(comparison, story_dir, settings.formats)
    except StoryTimedOut:  # atomic_write removes the temporary of a report cut off mid-write
        message = (
            f"stopped after the {settings.story_timeout:g} s limit per story (--story-timeout)"
        )
        return StoryResult.failure(job.id, message, time.perf_counter() - started)
    except StoryCompareError as error:
        return StoryResult.failure(job.id, str(error), time.perf_counter() - started)
    except Exception as error:  # a bug met by one story must not stop the batch
        message = f"unexpected {type(error).__name__}" + (f": {error}" if str(error) else "")
        return StoryResult.failure(job.id, message, time.perf_counter() - started)
    result = _summarize(job.id, comparison, paths, out_dir, time.perf_counter() - started)
    if warnings:
        # A note about the story's own folder drops the folder: the story's name leads it
        # ("alpha: skipped notes.pdf: …", not "alpha: /path/to/alpha: skipped notes.pdf: …").
        own = f"{job.source}: " if isinstance(job.source, Path) else None
        notes = (" ".join((w.removeprefix(own) if own else w).split()) for w in warnings)
        result = replace(result, warnings=(*notes, *result.warnings))
    if digest is not None:
        write_marker(story_dir, digest, result)  # last: only now is the story complete
    return result


def _summarize(
    story: str, comparison: Comparison, paths: Sequence[Path], out_dir: Path, seconds: float
) -> StoryResult:
    from compare.render.json import to_dict

    return StoryResult(
        story=story,
        status="done",
        reports=tuple(path.relative_to(out_dir).as_posix() for path in paths),
        seconds=seconds,
        made=datetime.now(UTC).isoformat(timespec="seconds"),
        **figures_of(to_dict(comparison)),
    )
