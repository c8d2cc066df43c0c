"""A Markdown version (optionally with YAML front matter) → the article body and its metadata.

---
title: Putin and Kim sign a strategic partnership treaty   # or headline:
outlet: Daily Example                                      # or publisher:, site_name:
published: 2024-06-19T12:27:00+06:00                       # or date:
url: https://example.com/putin-kim                         # or canonical_url:
phase: post-treaty
---

Parsed with markdown-it-py (CommonMark) and mdit-py-plugins' front_matter; the front matter is
read with PyYAML's ``safe_load`` when it is installed, else as plain ``key: value`` lines.  Each
paragraph, list item and block quote becomes a paragraph of plain text (no markdown syntax);
headings become crossheads; a top-level heading before the first paragraph is the headline;
code, raw HTML and tables are dropped and listed as removed.  Markdown is taken as the author
wrote it, so the page-furniture rules are not applied, except that a byline or "Published: ..."
line above the first paragraph is metadata, not text.  ``RemovedLine.line`` is the line in the
file.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from compare.errors import InputError
from compare.ingest import dates, rules
from compare.ingest.dates import normalize_published
from compare.ingest.parsed import ParsedVersion
from compare.ingest.plaintext import split_dateline
from compare.ingest.structure import heading_paragraph
from compare.model import RemovedLine, Stamp, given_stamp

MAX_FRONT_MATTER_CHARS = 64 * 1024
# Front matter keys → Article fields.  Other keys (tags, author, layout ...) are ignored.
FRONT_MATTER_KEYS = {
    "headline": "headline",
    "title": "headline",
    "outlet": "outlet",
    "publisher": "outlet",
    "site_name": "outlet",
    "sitename": "outlet",
    "published": "published",
    "date": "published",
    "url": "url",
    "canonical_url": "url",
    "phase": "phase",
}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADER_REASONS = frozenset({"published-line", "byline", "page-date"})
_DROPPED_BLOCKS = {"fence": "code", "code_block": "code", "html_block": "html"}


def parse_markdown(source: str, name: str) -> ParsedVersion:
    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    tokens = parser.parse(source)
    meta = _metadata(tokens, name)
    body: list[str] = []
    removed: list[RemovedLine] = []
    headline: str | None = None
    dateline: str | None = None
    stamps: list[Stamp] = []
    for kind, text, line in _blocks(tokens):
        if kind in _DROPPED_BLOCKS.values() or kind == "table":
            removed.append(RemovedLine(line, text, kind))
        elif kind == "h1" and not body and headline is None:
            headline = text
            removed.append(RemovedLine(line, text, "headline"))
        elif kind in _HEADINGS:
            body.append(heading_paragraph(text))
        elif not _has_prose(body) and (reason := _header_reason(text)) is not None:
            removed.append(RemovedLine(line, text, reason))
            if (stamp := dates.find_stamp(text)) is not None:
                stamps.append(stamp)
        else:
            if dateline is None and rules.is_prose(text):  # the lead: strip a wire dateline
                place, text = split_dateline(text)
                dateline = place or ""
            body.append(text)
    stated, updated = dates.first_times(stamps)
    stated_by: str | None = "article" if stated else "article-updated" if updated else None
    page = ParsedVersion(
        text="\n\n".join(body),
        headline=_text(meta.get("headline")) or headline,
        outlet=_text(meta.get("outlet")),
        dateline=dateline or None,
        published=stated or updated,
        published_source=stated_by,
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        stamps=tuple(stamps),
        url=_text(meta.get("url")),
        phase=_text(meta.get("phase")),
    )
    if meta.get("published") is not None:
        where = f"{name}: front matter"
        page = _replace_published(page, normalize_published(meta["published"], where))
    return page


# --- blocks -----------------------------------------------------------------------------------


def _blocks(tokens: list[Token]) -> list[tuple[str, str, int]]:
    """(kind, plain text, 1-based line) of each block: "p", "h1".."h6", "code", "html", "table"."""
    blocks = []
    table_depth = 0
    for i, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "table_open":
            table_depth += 1
            rows = _table_text(tokens, i)
            blocks.append(("table", rows, line))
        elif token.type == "table_close":
            table_depth -= 1
        elif table_depth:
            continue
        elif token.type in _DROPPED_BLOCKS:
            blocks.append((_DROPPED_BLOCKS[token.type], _squash(token.content), line))
        elif token.type in ("heading_open", "paragraph_open"):
            text = _inline_text(tokens[i + 1])
            if text:
                kind = token.tag if token.type == "heading_open" else "p"
                blocks.append((kind, text, line))
    return blocks


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _table_text(tokens: list[Token], start: int) -> str:
    cells = []
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "inline":
            cells.append(_inline_text(token))
    return " | ".join(cells)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_prose(body: list[str]) -> bool:
    return any(rules.is_prose(text) for text in body)


def _header_reason(text: str) -> str | None:
    reason = rules.classify(text)
    return reason if reason in _HEADER_REASONS else None


def _replace_published(page: ParsedVersion, published: str) -> ParsedVersion:
    """The front matter's time is ``published``, and one more stamp."""
    given = given_stamp(published, "front-matter")
    stamps = (*page.stamps, given) if given else page.stamps
    return replace(page, published=published, published_source="front-matter", stamps=stamps)


# --- front matter -----------------------------------------------------------------------------


def _metadata(tokens: list[Token], name: str) -> dict[str, Any]:
    """The recognised front matter fields, under their Article names."""
    token = next((t for t in tokens if t.type == "front_matter"), None)
    if token is None:
        return {}
    if len(token.content) > MAX_FRONT_MATTER_CHARS:
        raise InputError(f"{name}: front matter is too large (limit {MAX_FRONT_MATTER_CHARS})")
    data = load_front_matter(token.content, name, first_line=(token.map[0] + 2 if token.map else 2))
    meta: dict[str, Any] = {}
    for key, value in data.items():
        target = FRONT_MATTER_KEYS.get(str(key).strip().lower())
        if target is None or value is None or target in meta:
            continue
        if target == "published":
            if not isinstance(value, str | date):
                raise InputError(f"{name}: front matter: {key} must be an ISO 8601 date")
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InputError(f"{name}: front matter: {key} must be text")
        meta[target] = value
    return meta


def load_front_matter(text: str, name: str, *, first_line: int = 2) -> dict[Any, Any]:
    """YAML front matter as a dict, read with PyYAML's safe loader.

    Dates stay strings (``normalize_published`` reads them, with a clear message when they are
    not dates), and whatever a constructor raises on a malformed value is an InputError.
    """
    try:
        data = yaml.load(text, Loader=_loader())  # a SafeLoader: no Python objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {first_line + mark.line}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise InputError(f"{name}: malformed front matter{where}: {problem}") from None
    except RecursionError:
        raise InputError(f"{name}: malformed front matter: nested too deeply") from None
    except Exception as error:  # untrusted input, third-party parser: any failure is "malformed"
        # PyYAML's constructors raise ValueError, IndexError, AttributeError ... for values
        # like "!!int 0x", "!!int" or "!!timestamp x".
        problem = " ".join(str(error).split()) or type(error).__name__
        raise InputError(f"{name}: malformed front matter: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{name}: front matter must be 'key: value' lines")
    return data


@cache
def _loader() -> type:
    """PyYAML's SafeLoader without implicit timestamps ("2024-13-45" stays a string)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
