"""Errors: the library raises these; the CLI alone turns them into messages and exit codes."""


class StoryCompareError(Exception):
    """Base of every error story-compare raises on purpose.  The message is one line for users."""

    exit_code = 1


class InputError(StoryCompareError):
    """The input cannot be compared: missing, unreadable, empty, malformed, too few versions."""

    exit_code = 2


class ResourceError(StoryCompareError):
    """Something the tool needs is missing: a system library, a template, a font."""


class RenderError(StoryCompareError):
    """A report could not be written."""
