"""The readers of versions, one per format: each declares its name, the suffixes of its files,
how its content is recognised, and the function that parses it into a
:class:`~compare.ingest.parsed.ParsedVersion`.

A reader's module (and so its libraries: lxml and trafilatura for HTML, markdown-it-py and
PyYAML for Markdown) is imported only when that reader first runs, so a story of plain-text
files, or an input refused before it is read, never loads them.

The URL reader (:data:`URL`) reads addresses, not text: it claims an input by its name (an
http or https URL; it has no suffixes), fetches the page with the HTTP client, imported only
then, and hands the page to the format readers like a file's text.  Where the text came from
never chooses the format reader; the text does (:mod:`compare.ingest.sniff`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compare.errors import InputError
from compare.ingest import sniff
from compare.ingest.parsed import ParsedVersion
from compare.ingest.urls import is_url

if TYPE_CHECKING:
    from compare.ingest.urls import Fetched


@dataclass(frozen=True, slots=True)
class Reader:
    name: str  # as report.json and detect_format name the format
    suffixes: frozenset[str]  # lower case, with the dot: the files a story folder reads
    sniff: Callable[[str, bool], bool]  # (text, whether its name has one of ``suffixes``)
    parse: Callable[[str, str], ParsedVersion]  # (text, the file or URL it came from)


@dataclass(frozen=True, slots=True)
class UrlReader:
    name: str
    sniff: Callable[[str], bool]  # (the input's name): whether this reader fetches it
    fetch: Callable[[str], Fetched]


def _fetch(url: str) -> Fetched:
    from compare.ingest.urls import fetch

    return fetch(url)


def _parse_html(text: str, name: str) -> ParsedVersion:
    from compare.ingest.htmlpage import parse_html

    return parse_html(text, name)


def _parse_markdown(text: str, name: str) -> ParsedVersion:
    from compare.ingest.mdpage import parse_markdown

    return parse_markdown(text, name)


def _parse_text(text: str, name: str) -> ParsedVersion:
    from compare.ingest.plaintext import parse_page

    return parse_page(text)


def _any_text(text: str, named: bool) -> bool:
    return True


# In sniffing order: the first whose test the text passes reads it; plain text takes the rest.
READERS = (
    Reader("html", frozenset({".html", ".htm", ".xhtml"}), sniff.looks_like_html, _parse_html),
    Reader(
        "markdown",
        frozenset({".md", ".markdown", ".mdown", ".mkd"}),
        sniff.looks_like_markdown,
        _parse_markdown,
    ),
    Reader("text", frozenset({".txt", ".text"}), _any_text, _parse_text),
)
VERSION_SUFFIXES = frozenset().union(*(reader.suffixes for reader in READERS))
URL = UrlReader("url", is_url, _fetch)


def reader_for(name: str, text: str) -> Reader:
    """The reader of ``text`` (``name`` is the file or URL it came from); a JSONL manifest is
    refused, naming the command that reads one."""
    if sniff.is_jsonl(name, text):
        raise jsonl_refusal(name)
    suffix = sniff.suffix_of(name)
    return next(reader for reader in READERS if reader.sniff(text, suffix in reader.suffixes))


def detect_format(name: str, text: str) -> str:
    """The name of the reader ``text`` needs, or "jsonl" for a batch manifest."""
    return "jsonl" if sniff.is_jsonl(name, text) else reader_for(name, text).name


def jsonl_refusal(name: str) -> InputError:
    return InputError(
        f"{name}: is a JSONL manifest, not a version of a story; "
        f"compare the stories it lists with: story-compare batch {name}"
    )
