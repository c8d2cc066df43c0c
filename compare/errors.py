"""Errors: the library raises these; the CLI alone turns them into messages and exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class StoryCompareError(Exception):
    """Base of every error story-compare raises on purpose.  The message is one line for users."""

    exit_code = 1


class InputError(StoryCompareError):
    """The input cannot be compared: missing, unreadable, empty, malformed, too few versions."""

    exit_code = 2


class NoArticleText(InputError):
    """A page with no sentence of a story once its furniture is removed (a photo gallery, a
    front page, an aggregator's list of other stories): refused when named, skipped with a note
    (``why``) when found in a story folder."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"{name}: {why}")
        self.name, self.why = name, why

    def __reduce__(self) -> tuple[type[NoArticleText], tuple[str, str]]:
        # Rebuilt from both parts, as a worker process's error is sent back to the batch.
        return type(self), (self.name, self.why)


class ResourceError(StoryCompareError):
    """Something the tool needs is missing: a system library, a template, a font."""


class RenderError(StoryCompareError):
    """A report could not be written."""


class StageError(StoryCompareError):
    """A bug met inside a stage of the pipeline, named with the stage and the version (or the
    story) it was working on: "align failed on story 'x': unexpected KeyError: 'k'".  The
    exception it met is its ``__cause__``, whose traceback ``--debug`` shows."""

    def __init__(self, stage: str, subject: str, error: Exception) -> None:
        detail = f": {error}" if str(error) else ""
        super().__init__(f"{stage} failed on {subject}: unexpected {type(error).__name__}{detail}")
        self.stage = stage


@contextmanager
def stage(name: str, subject: str) -> Iterator[None]:
    """Run part of stage ``name`` on ``subject`` (a version's name, quoted, or "story 'id'").

    An error raised on purpose passes through as it is, and so does an OSError (the machine,
    not the code: each stage words it where it is met); any other exception is a bug, and
    becomes a :class:`StageError`.
    """
    try:
        yield
    except (StoryCompareError, OSError):
        raise
    except Exception as error:
        raise StageError(name, subject, error) from error
