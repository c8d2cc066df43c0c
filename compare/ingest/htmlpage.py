"""An HTML page → the article body and its metadata, offline (trafilatura, htmldate, lxml).

trafilatura finds the main text and the page's metadata (title, site name, canonical URL);
htmldate reads the publication date from the page's markup only (meta tags, ``<time>``,
structured data, the URL), never from dates printed in the text, so a page-view date cannot
become the publication time.  The extracted text then goes through the plain-text rules, which
strip what trafilatura kept of the page furniture, find the wire dateline and the article's own
"Published: ..." line.  Nothing is ever fetched: links, images and stylesheets are ignored.

Safety: the document is parsed by lxml's HTML parser (libxml2's HTML mode never expands entities
declared in a DTD and never loads external ones) with network access off, and any XML prolog,
DOCTYPE internal subset or ``<!ENTITY>`` declaration is cut out before parsing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import htmldate
import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import Document

from compare.errors import InputError, NoArticleText
from compare.ingest import dates, rules
from compare.ingest.dates import normalize_published
from compare.ingest.parsed import ParsedVersion
from compare.ingest.plaintext import parse_page, split_title
from compare.ingest.structure import drop_lines, restore_lines
from compare.model import Stamp, given_stamp
from compare.normalize import squash

# Declarations an attacker could use for entity expansion ("billion laughs") or to make an XML
# parser read local files (XXE).  HTML has no use for any of them.
_XML_PROLOG = re.compile(r"<\?xml[^>]*\?>", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_DECLARATION = re.compile(r"<!(?:ENTITY|ELEMENT|ATTLIST|NOTATION)\b[^>]*>", re.IGNORECASE)
# htmldate's answer when the page gives a day but no time.
_MIDNIGHT = re.compile(r"T00:00:00$")
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# A date a page's <title> trails after its site's name: "19.01.2020", "2020-01-19", "1/19/2020".
_TRAILING_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_HTTP_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def defuse(markup: str) -> str:
    """``markup`` without an XML prolog, DOCTYPE internal subset or DTD declarations."""
    markup = _XML_PROLOG.sub("", markup)
    markup = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", markup)
    return _DECLARATION.sub("", markup)


def parse_tree(markup: str) -> lxml.html.HtmlElement | None:
    """A fresh lxml tree of ``markup`` (trafilatura changes the tree it is given)."""
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
    )
    try:
        return lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None  # "Document is empty"


def parse_html(markup: str, name: str) -> ParsedVersion:
    """The article of an HTML page, with its canonical URL when the page names one."""
    markup = defuse(markup)
    tree = parse_tree(markup)
    document: Document | None = None
    title = None
    declared: tuple[str | None, str | None] = (None, None)
    if tree is not None:
        title = tree.findtext(".//title")  # before trafilatura prunes the tree
        declared = _open_graph_times(tree)
        extracted = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            date_extraction_params={
                "extensive_search": False,  # markup only: never a date printed on the page
                "original_date": True,  # the first publication, not the last update
                "outputformat": _DATE_FORMAT,
            },
        )
        document = extracted if isinstance(extracted, Document) else None  # not as_dict
    text = (document.text or "") if document is not None else ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if document is None or not any(rules.is_prose(line) for line in lines):
        raise NoArticleText(
            name, "no article text found in the page (only navigation or page furniture)"
        )
    heading_texts = _heading_texts(document.body)
    headings = {number for number, line in enumerate(lines, 1) if line in heading_texts}
    page = parse_page("\n".join(lines))
    headline = _headline(document.title, document.sitename)
    # A heading that repeats the page's title is its headline printed again, not a crosshead.
    repeated = {n for n in headings if squash(lines[n - 1]) == squash(headline or "")}
    page = drop_lines(page, lines, repeated, "repeated-headline")
    headings -= repeated
    restore = {number for number in headings if _dropped_as_teaser(page, number)}
    page = restore_lines(page, lines, restore, headings)
    first = _published(declared[0] or document.date, name)
    latest = _published(declared[1] or _latest_date(markup), name)
    page = _with_metadata(page, document, title, headline, first, latest)
    return replace(page, url=_canonical(document.url))


def _later(value: str, than: str | None) -> bool:
    """Whether the ISO time ``value`` is after ``than`` (an update stated before the first
    publication, as a page whose clock is off in one of its tags may, is no update).  A day
    is its first instant here: an update on the day of a day-only publication is kept."""
    if than is None:
        return True
    a, b = datetime.fromisoformat(value), datetime.fromisoformat(than)
    if (a.tzinfo is None) != (b.tzinfo is None):  # one zone unknown: as read
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a > b


def _latest_date(markup: str) -> str | None:
    """htmldate's reading of the page's latest time (the extraction asked for the first), on
    a tree of its own: given a string, htmldate fetches it if it looks like a URL."""
    tree = parse_tree(markup)
    if tree is None:
        return None
    found = htmldate.find_date(
        tree, extensive_search=False, original_date=False, outputformat=_DATE_FORMAT
    )
    return str(found) if found else None


def _open_graph_times(tree: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """The first publication and last update the page declares in Open Graph's article
    properties (``article:published_time``, ``article:modified_time``): where a page states
    them, they say which time is which, as htmldate's ranking of every date in the markup
    cannot (Reuters' pages lead with a revision time)."""

    def declared(name: str) -> str | None:
        for prefix in ("article:", "og:article:"):
            values = tree.xpath("//meta[@property=$p]/@content", p=prefix + name)
            if values and str(values[0]).strip():
                return str(values[0]).strip()
        return None

    return declared("published_time"), declared("modified_time")


def _heading_texts(body: lxml.etree._Element | None) -> set[str]:
    if body is None:
        return set()
    return {" ".join("".join(head.itertext()).split()) for head in body.iter("head")}


def _dropped_as_teaser(page: ParsedVersion, number: int) -> bool:
    """The plain-text rules took a crosshead inside the body for a link to another story."""
    return any(r.line == number and r.reason == "related-links" for r in page.removed)


def _with_metadata(
    page: ParsedVersion,
    document: Document,
    title: str | None,
    headline: str | None,
    meta: str | None,
    latest: str | None,
) -> ParsedVersion:
    """The page's metadata over what the text says, except for the publication time: the
    article's own "Published ..." line > the page's markup (``meta``) > an "Updated ..." line.
    Every stamp is kept: the markup's first publication, and its last update (``latest``)
    where the markup gives a later one.  The outlet is the site name the page declares, else the
    " | Outlet" suffix of its <title>."""
    stated = article_stamps(page)
    first, updated = dates.first_times(stated)
    published: str | None
    source: str | None
    if first:
        published, source = first, "article"
    elif meta:
        published, source = meta, "html-meta"
    else:
        published, source = updated, "article-updated" if updated else None
    first_stamp = given_stamp(meta, "html-meta") if meta else None
    update = given_stamp(latest, "html-meta") if latest and _later(latest, meta) else None
    markup = [stamp for stamp in (first_stamp, update and replace(update, kind="updated")) if stamp]
    return replace(
        page,
        headline=headline or page.headline,
        outlet=_clean(document.sitename) or _title_outlet(title) or page.outlet,
        published=published,
        published_source=source,
        stamps=(*stated, *markup),
    )


def article_stamps(page: ParsedVersion) -> tuple[Stamp, ...]:
    """The stamps of the stamp lines the plain-text rules removed, in page order.

    trafilatura may move a stray date (a page header's "Tuesday, 25 June 2024") anywhere in
    its text, so only a stamp with a clock time or a "Published"/"Updated" label counts.
    """
    removed = sorted(page.removed, key=lambda r: r.line)
    stamps = dates.stated_stamps(removed)
    return tuple(s for _, s in stamps if s.kind != "plain" or s.precision == "minute")


def _published(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if _MIDNIGHT.search(value):  # htmldate found a day but no time: do not invent one
        value = value[:10]
    try:
        return normalize_published(value, name)
    except InputError:
        return None  # a malformed date in the markup is no reason to refuse the article


def _headline(title: str | None, site: str | None) -> str | None:
    """The page's title without the site's name and a date its <title> may trail ("Berlin
    confronts Germany's colonial past with new initiative | DW | 19.01.2020")."""
    parts = (_clean(title) or "").split(" | ")
    name = (_clean(site) or "").casefold()
    site_names = {name, name.split(".")[0]} - {""}  # "DW.COM" names itself "DW" too
    while len(parts) > 1 and (
        parts[-1].casefold() in site_names or _TRAILING_DATE.fullmatch(parts[-1])
    ):
        parts.pop()
    return _clean(" | ".join(parts))


def _title_outlet(title: str | None) -> str | None:
    title = _clean(title)
    return _clean(split_title(title)[1]) if title else None


def _canonical(url: str | None) -> str | None:
    return url if url and _HTTP_URL.match(url) else None


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None
