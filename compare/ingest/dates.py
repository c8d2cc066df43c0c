"""Publication times: find the time stamps on page lines and keep them as what they are.

Scraped pages print times in many shapes ("Published: 12:27, 19 June 2024", "May 31, 2019 /
10:50 AM", "Updated 4:05 PM ET, Mon July 16, 2018", "7:32 am CDT, Sunday, July 15, 2018").  The
date, the clock time and the zone are found separately with small regexes and only those pieces
go to dateutil, so the rest of the line (bylines, labels, "AP") can never confuse the parser.

Each stamp keeps its kind (published, updated, posted), its precision (a date alone is the whole
day, never midnight) and its zone (stated, or None: a local time of unknown zone, never taken as
UTC); :class:`compare.model.Stamp` turns it into an interval of UTC instants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from compare.errors import InputError
from compare.model import Stamp, StampKind

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?"
# A calendar date with a month name in either order ("19 June 2024", "July 16, 2018",
# "Jul 15th 2018"), an ISO date ("2024-06-19"), or a US numeric date ("07/14/2018", month
# first, as dateutil reads it: the pages that print it are American).
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\b",
    re.IGNORECASE,
)
# A clock time: "12:27", "10:50 AM", "6:18 a.m.", "3:55am", "11 pm".
_TIME = re.compile(
    r"\b(\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\b\.?|\d{1,2}:\d{2})(?![\d:])", re.IGNORECASE
)
# A time zone the line states after the time ("ET", "EDT", "GMT", "UTC+2" is not handled).
_ZONE = re.compile(r"\b(UTC|GMT|Z|BST|CET|CEST|[ECMP][SD]?T)\b")
# The words that say which time a stamp is.
_UPDATED_LABEL = re.compile(r"\b(updated|last modified|modified)\b", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(r"\b(published|first published|originally published)\b", re.I)
_POSTED_LABEL = re.compile(r"\bposted\b", re.IGNORECASE)
# Where a labelled stamp starts, one of several on a line ("… | Updated 7:15 a.m. ET …").
_LABEL = re.compile(
    r"\b(?:(?:originally |first )?published|updated|posted|last modified)\b", re.IGNORECASE
)
_MAX_BYLINE_WORDS = 10
_BYLINE_JOINERS = frozenset({"and", "by", "of", "the", "for"})
# A label with nothing else on the line: its time is on the next line ("Updated" / "2:00 am PDT").
LABEL_ONLY = re.compile(r"^(updated|published|posted|first published)\s*:?$", re.IGNORECASE)
# "1 hour ago", "Updated 7 minutes ago", a live page's "19 min ago" and "Updated less than 1
# min ago": a stamp that cannot be turned into a date.  A scraper may glue the stated time
# on ("…ago7:20 a.m. ET").
RELATIVE_TIME = re.compile(
    r"\b(?:(?:less than|about|over|nearly|almost)\s+)?(?:\d+|an?)\s*"
    r"(?:second|sec|minute|min|hour|hr|day|week)s?\s+ago(?![a-z])",
    re.IGNORECASE,
)
# What may surround a stamp on a stamp-only line: labels, weekdays, bylines, joiners.
_STAMP_NOISE = re.compile(
    rf"{_WEEKDAY}|\b(?:updated|published|posted|first|originally|last|modified|on|at|by)\b"
    r"|[|/@,:;—–\-·•]+",
    re.IGNORECASE,
)
# The most words a stamp line may carry besides the stamp (a byline like "Angela Charlton,
# Associated Press Published 6:18 a.m. ET July 16, 2018" leaves four).
_MAX_STAMP_RESIDUE_WORDS = 5

# Fixed offsets of unambiguous abbreviations; the generic US ones ("ET") follow the zone's rules.
_FIXED_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_REGION_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}


def find_stamp(line: str, label: StampKind = "plain") -> Stamp | None:
    """The stamp on a stamp-only line ("Published: 12:27, 19 June 2024"), else None.

    A sentence of the story that merely mentions a date is not a stamp: once the date, time,
    zone and labels are taken away, at most a short byline may remain.
    """
    stated = line
    line = RELATIVE_TIME.sub(" ", line)  # "Updated 2 min ago 7:20 a.m. ET, July 16, 2018"
    found = _DATE.search(line)
    if found is None or _residue_words(line) > _MAX_STAMP_RESIDUE_WORDS:
        return None
    clock = _TIME.search(line)
    parsed = _parse(found.group(0), clock.group(1) if clock else None)
    if parsed is None:
        return None
    found_zone = _ZONE.search(line[clock.end() :]) if clock else None
    zone = found_zone.group(1) if found_zone else None
    iso = _format(parsed, zone, has_time=clock is not None)
    return Stamp(
        kind=_kind(line, label),
        text=" ".join(stated.split()),
        value=iso,
        precision="minute" if clock else "day",
        zone=zone if zone and _zone_info(zone, parsed) is not None else None,
        source="article",
    )


def find_stamps(line: str, label: StampKind = "plain") -> list[Stamp]:
    """Every stamp on a stamp-only line, which may state two ("Gregory Korte, USA TODAY
    Published 3:55 a.m. ET July 16, 2018 | Updated 7:15 a.m. ET July 16, 2018").

    Each labelled part is read on its own; what comes before the first label may only be a
    byline (capitalised names, "and", "by"), never a sentence that mentions a publication.
    """
    labels = list(_LABEL.finditer(line))
    prefix = line[: labels[0].start()] if labels else ""
    if len(labels) < 2 or not _is_byline(prefix):
        found = find_stamp(line, label)
        return [found] if found is not None else []
    ends = [m.start() for m in labels[1:]] + [len(line)]
    parts = [line[m.start() : end].strip(" |/·•,;") for m, end in zip(labels, ends, strict=True)]
    stamps = [find_stamp(part, label) for part in parts]
    if any(stamp is None for stamp in stamps):  # a label without a date: not such a line
        found = find_stamp(line, label)
        return [found] if found is not None else []
    return [stamp for stamp in stamps if stamp is not None]


def _is_byline(text: str) -> bool:
    words = [w for w in re.findall(r"[\w'’-]+", text)]
    return len(words) <= _MAX_BYLINE_WORDS and all(
        w[0].isupper() or w.lower() in _BYLINE_JOINERS for w in words
    )


class MarkedLine(Protocol):
    """A page line and the reason the plain-text rules gave it (``RemovedLine`` or the like)."""

    @property
    def reason(self) -> str | None: ...

    @property
    def text(self) -> str: ...


def stated_stamps(lines: Iterable[MarkedLine]) -> Iterator[tuple[int, Stamp]]:
    """(index in lines, stamp) for each "published-line" of lines that carries a stamp, in order.

    The HTML and plain-text readers walk their stamp lines the same way and differ only in
    which stamps they keep, so the walk lives here once and each caller filters what it
    yields.  A label alone on a line ("Updated") names the stamp on the next line; any other
    line, stamp or not, clears it.
    """
    label: StampKind = "plain"
    for i, line in enumerate(lines):
        if line.reason != "published-line":
            label = "plain"
            continue
        if LABEL_ONLY.match(line.text):
            label = label_of(line.text)
            continue
        stamps = find_stamps(line.text, label)
        label = "plain"
        for stamp in stamps:
            yield i, stamp


def first_times(stamps: Iterable[Stamp]) -> tuple[str | None, str | None]:
    """(published, updated): the first stamp of each kind; an unlabelled one counts as published."""
    published: str | None = None
    updated: str | None = None
    for stamp in stamps:
        if stamp.kind == "updated":
            updated = updated or stamp.value
        else:
            published = published or stamp.value
    return published, updated


def is_stamp_line(line: str) -> bool:
    return bool(find_stamps(line))


def is_age_line(line: str) -> bool:
    """A line that only says how long ago ("19 min ago", "Updated 7 minutes ago"), asked of a
    line that is no stamp line: no date to read, and on a live page one above every entry, so
    not a header's end either."""
    return RELATIVE_TIME.search(line) is not None and _residue_words(line) <= 2


def label_of(line: str) -> StampKind:
    """The label a label-only line gives the stamp on the next line."""
    if _UPDATED_LABEL.search(line):
        return "updated"
    return "posted" if _POSTED_LABEL.search(line) else "published"


def normalize_published(value: object, where: str) -> str:
    """A manifest's or caller's publication time as ISO 8601 (TOML datetimes included)."""
    if isinstance(value, datetime):
        return _format(value, None, has_time=True)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        from dateutil.parser import isoparse  # here: a story without a stated time never needs it

        try:
            parsed = isoparse(value.strip())
        except (ValueError, OverflowError):
            raise InputError(f"{where}: published {value!r} is not an ISO 8601 date") from None
        has_time = "T" in value or " " in value.strip()
        return _format(parsed, None, has_time=True) if has_time else parsed.date().isoformat()
    raise InputError(f"{where}: published must be a date string, not {type(value).__name__}")


def _residue_words(line: str) -> int:
    rest = RELATIVE_TIME.sub(" ", _DATE.sub(" ", line))
    rest = _ZONE.sub(" ", _TIME.sub(" ", rest))
    rest = _STAMP_NOISE.sub(" ", rest)
    return len(rest.split())


def _parse(day: str, clock: str | None) -> datetime | None:
    from dateutil.parser import parse  # here: a story without a stated time never needs it

    text = day if clock is None else f"{day} {clock.replace('.', '')}"
    try:
        return parse(text)
    except (ValueError, OverflowError):
        return None


def _kind(line: str, label: StampKind) -> StampKind:
    if _UPDATED_LABEL.search(line):
        return "updated"
    if _PUBLISHED_LABEL.search(line):
        return "published"
    if _POSTED_LABEL.search(line):
        return "posted"
    return label


def _format(moment: datetime, zone: str | None, *, has_time: bool) -> str:
    if not has_time:
        return moment.date().isoformat()
    timespec = "seconds" if moment.second else "minutes"
    tz = _zone_info(zone, moment) if zone else None
    if tz is not None:
        moment = moment.replace(tzinfo=tz)
        offset = moment.utcoffset()
        if offset is not None:
            moment = moment.replace(tzinfo=timezone(offset))
    return moment.isoformat(timespec=timespec)


def _zone_info(zone: str, moment: datetime) -> tzinfo | None:
    if zone in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[zone]))
    try:
        return ZoneInfo(_REGION_ZONES[zone])
    except (KeyError, ZoneInfoNotFoundError):
        return None  # an unknown zone: keep the local time rather than guess an offset
