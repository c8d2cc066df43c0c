"""Which reader a version needs, judged by its content first and its name second.

A scraped page saved as ``.html`` that holds plain text is read as plain text; an HTML page
saved as ``.txt`` is read as HTML.  The extension only lowers the bar when the content is
ambiguous (a few tags, a single Markdown link).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Literal

Format = Literal["text", "html", "markdown", "jsonl"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
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


def detect_format(name: str, text: str) -> Format:
    """The reader for ``text`` (``name`` is the file or URL it came from)."""
    suffix = PurePosixPath(name.split("?", 1)[0].split("#", 1)[0]).suffix.lower()
    if suffix in JSONL_SUFFIXES or _looks_like_jsonl(text):
        return "jsonl"
    if _FRONT_MATTER.match(text):
        return "markdown"
    if _looks_like_html(text, suffix in HTML_SUFFIXES):
        return "html"
    if _looks_like_markdown(text, suffix in MARKDOWN_SUFFIXES):
        return "markdown"
    return "text"


def _looks_like_jsonl(text: str) -> bool:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _looks_like_html(text: str, by_name: bool) -> bool:
    head = text.lstrip()[:_HEAD_CHARS]
    if _HTML_START.search(head):
        return True
    tags = len(_TAG.findall(text))
    lines = sum(1 for line in text.split("\n") if line.strip())
    # Markup on most lines (or a one-line fragment of it); fewer tags when the name says HTML.
    return tags >= (2 if by_name else 3) and tags * 2 >= lines


def _looks_like_markdown(text: str, by_name: bool) -> bool:
    headings = len(_MD_HEADING.findall(text)) + len(_MD_SETEXT.findall(text))
    links = len(_MD_LINK.findall(text))
    emphasis = len(_MD_EMPHASIS.findall(text))
    if by_name:
        return headings + links + emphasis >= 1
    return (headings + links) >= 1 and headings + links + emphasis >= 2
