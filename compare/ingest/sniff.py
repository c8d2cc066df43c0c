"""How each reader recognises its content: the sniffing tests of :mod:`compare.ingest.registry`.

A version's format is judged by its content first and its name second.  A scraped page saved
as ``.html`` that holds plain text is read as plain text; an HTML page saved as ``.txt`` is read
as HTML.  The name (``named``: the file's suffix is one the reader declares) only lowers the bar
when the content is ambiguous (a few tags, a single Markdown link).  Regular expressions only:
no reader's library is loaded to decide which reader runs.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

# A batch manifest (compare.batch.sources), never a version: refused by every reader.
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

_HEAD_CHARS = 2048
# A document that says it is HTML: "<!DOCTYPE html", "<html", or an XHTML prolog.
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<!doctype\s+html", re.I)
# Tags of elements every page has; "<b>" or "<3" in prose are not among them.
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|li|ul|ol|h[1-6]|table|tr|td|th|img|section|article|header"
    r"|footer|nav|main|aside|figure|figcaption|script|style|meta|link|head|body|title|time"
    r"|blockquote|em|strong|iframe|form|button|input|noscript)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# YAML front matter: a first line of "---" and a closing "---" (or "...") further down.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?:.*\n)*?(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"\n]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1")
_MD_SETEXT = re.compile(r"^\S[^\n]*\n={3,}[ \t]*$", re.MULTILINE)


def suffix_of(name: str) -> str:
    """The lower-case suffix of a file name or URL path (".html"), query and fragment aside."""
    return PurePosixPath(name.split("?", 1)[0].split("#", 1)[0]).suffix.lower()


def is_jsonl(name: str, text: str) -> bool:
    """A JSONL manifest: named so, or a first line that is a JSON object."""
    if suffix_of(name) in JSONL_SUFFIXES:
        return True
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def looks_like_html(text: str, named: bool) -> bool:
    if _FRONT_MATTER.match(text):
        return False  # YAML front matter opens a Markdown file, whatever markup follows
    head = text.lstrip()[:_HEAD_CHARS]
    if _HTML_START.search(head):
        return True
    tags = len(_TAG.findall(text))
    lines = sum(1 for line in text.split("\n") if line.strip())
    # Markup on most lines (or a one-line fragment of it); fewer tags when the name says HTML.
    return tags >= (2 if named else 3) and tags * 2 >= lines


def looks_like_markdown(text: str, named: bool) -> bool:
    if _FRONT_MATTER.match(text):
        return True
    headings = len(_MD_HEADING.findall(text)) + len(_MD_SETEXT.findall(text))
    links = len(_MD_LINK.findall(text))
    emphasis = len(_MD_EMPHASIS.findall(text))
    if named:
        return headings + links + emphasis >= 1
    return (headings + links) >= 1 and headings + links + emphasis >= 2
