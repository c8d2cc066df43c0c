"""One story's outcome in a batch: the small row the parent keeps, and the index shows.

Its figures are read from the story's report (the ``report.json`` document, whether or not
that format was written), in :func:`figures_of` only.  The worker stores them in the resume
marker, so a story skipped on a re-run shows the figures of the report still on disk and when
that report was made.  Fields that newer reports carry (``warnings``, ``versions[].cut_off_after``,
``corrections``) are read defensively: an older report without them gives empty values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, get_args

Status = Literal["done", "skipped", "failed"]

# Below this the time order is as likely wrong as right: the index flags the story.
LOW_ORDER_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Copy:
    """One version of a story as the roll-up counts it: which outlet ran which take, and how.

    ``cut`` and ``added`` are sentences relative to the take's representative (its most
    complete version): the representative's sentences this copy lacks, and this copy's
    sentences the representative lacks.  ``updates`` are this copy's sentences that carry a
    new state of a statement an earlier version had (targets of "updated" links).
    """

    version: str
    outlet: str  # outlet_key(): the name the roll-up groups by
    stated_outlet: str | None  # the outlet the page or manifest names, if any
    take: str
    latest: bool  # the copy ran the story's latest take
    sentences: int
    cut: int
    added: int
    updates: int
    cut_off_after: int | None = None  # a truncated copy: the last paragraph it has (1-based)
    # A copy whose page lost its top: the paragraph of its take's fuller copy where it starts.
    starts_at_paragraph: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Copy:
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True, slots=True)
class StoryResult:
    """Figures of one story's report; ``error`` is set when ``status`` is "failed".

    Sentence counts (``shared``, ``updated``, ``unique``) are over all versions and add up to
    ``sentences``; ``updates`` counts links labelled updated.
    """

    story: str
    status: Status
    versions: int | None = None
    sentences: int | None = None
    shared: int | None = None  # sentences labelled shared
    unique: int | None = None  # sentences labelled unique
    updates: int | None = None  # links labelled updated
    reports: tuple[str, ...] = ()  # report files, relative to the batch's output folder
    error: str | None = None  # one line
    seconds: float = 0.0  # how long making the report took (kept when the story is skipped)
    headline: str | None = None  # the story's title, else the earliest version's headline
    outlets: tuple[str, ...] = ()  # outlet_key() of each version, distinct, in time order
    takes: int | None = None
    updated: int | None = None  # sentences labelled updated
    links: int | None = None
    order_method: str | None = None  # "published", "content", "input"
    order_confidence: float | None = None
    warnings: tuple[str, ...] = ()  # one line each
    made: str | None = None  # when the report was written: ISO 8601, UTC
    copies: tuple[Copy, ...] = ()  # per version, for the roll-up

    @classmethod
    def failure(cls, story: str, message: str, seconds: float = 0.0) -> StoryResult:
        return cls(story=story, status="failed", error=" ".join(message.split()), seconds=seconds)

    @property
    def shared_pct(self) -> float | None:
        """Share of all sentences, in every version, that another version carries unchanged."""
        if not self.sentences or self.shared is None:
            return None
        return round(100 * self.shared / self.sentences, 1)

    def skipped(self) -> StoryResult:
        return replace(self, status="skipped")

    def to_dict(self) -> dict[str, Any]:
        # Flat fields: a shallow copy (dataclasses.asdict deep-copies, 10× slower per row).
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        for name in ("reports", "outlets", "warnings"):
            data[name] = list(data[name])
        data["copies"] = [
            {field.name: getattr(copy, field.name) for field in fields(Copy)}
            for copy in self.copies
        ]
        data["shared_pct"] = self.shared_pct
        return data

    @classmethod
    def from_dict(cls, data: Any) -> StoryResult:
        """The result :meth:`to_dict` wrote; ValueError for anything else (a damaged marker)."""
        if not isinstance(data, dict):
            raise ValueError("a story result is a JSON object")
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if not isinstance(values.get("story"), str) or values.get("status") not in _STATUSES:
            raise ValueError("a story result needs a story and a status")
        for name, kinds in _FIELD_TYPES.items():
            if name in values and not isinstance(values[name], kinds):
                raise ValueError(f"{name} has the wrong type")
        for name in ("reports", "outlets", "warnings"):
            items = values.get(name) or []
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                raise ValueError(f"{name} must be a list of strings")
            values[name] = tuple(items)
        copies = values.get("copies") or []
        if not isinstance(copies, list) or not all(isinstance(copy, dict) for copy in copies):
            raise ValueError("copies must be a list of objects")
        try:
            values["copies"] = tuple(Copy.from_dict(copy) for copy in copies)
        except TypeError as error:  # a copy missing a field
            raise ValueError(str(error)) from None
        return cls(**values)


_STATUSES = get_args(Status)
_COUNT = (int, type(None))
_TEXT = (str, type(None))
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "versions": _COUNT, "sentences": _COUNT, "shared": _COUNT, "unique": _COUNT,
    "updates": _COUNT, "takes": _COUNT, "updated": _COUNT, "links": _COUNT,
    "order_confidence": (int, float, type(None)), "seconds": (int, float),
    "error": _TEXT, "headline": _TEXT, "order_method": _TEXT, "made": _TEXT,
}  # fmt: skip


def outlet_key(version: Mapping[str, Any]) -> str:
    """The outlet a version is counted under across a batch: its id up to the first "_".

    Ids come from file names (or a manifest), and file names name outlets consistently
    ("miamiherald-com_0715-0644" is "miamiherald-com"); the outlet a page states is often
    missing or page furniture, so it is only shown beside the key (``Copy.stated_outlet``).
    """
    return str(version.get("id") or "").split("_", 1)[0] or str(version.get("id"))


def figures_of(report: Mapping[str, Any]) -> dict[str, Any]:
    """The :class:`StoryResult` fields a report document gives (a ``report.json`` as a dict)."""
    versions = sorted(report.get("versions") or (), key=lambda v: v.get("order", 0))
    links = report.get("links") or ()
    labels = Counter(s.get("label") for v in versions for s in v.get("sentences") or ())
    story = report.get("story") or {}
    ordering = report.get("ordering") or {}
    headlines = (v.get("headline") for v in versions if v.get("headline"))
    copies = _copies(report, versions, links)
    return {
        "headline": story.get("title") or next(headlines, None),
        "versions": len(versions),
        "outlets": tuple(dict.fromkeys(copy.outlet for copy in copies)),
        "takes": len(report.get("takes") or ()) or None,
        "sentences": sum(labels.values()),
        "shared": labels.get("shared", 0),
        "updated": labels.get("updated", 0),
        "unique": labels.get("unique", 0),
        "links": len(links),
        "updates": sum(1 for link in links if link.get("label") == "updated"),
        "order_method": ordering.get("method"),
        "order_confidence": ordering.get("confidence"),
        "warnings": _warnings(report, copies, ordering.get("confidence")),
        "copies": copies,
    }


def _copies(
    report: Mapping[str, Any], versions: Sequence[Mapping[str, Any]], links: Sequence[Any]
) -> tuple[Copy, ...]:
    takes = report.get("takes") or ()
    take_of = {vid: take["id"] for take in takes for vid in take.get("versions") or ()}
    starts_at = {
        top["version"]: top["starts_at_paragraph"]
        for take in takes
        for top in take.get("lost_top") or ()
    }
    latest = takes[-1]["id"] if takes else None  # takes are in time order
    edits: dict[str, Counter[str]] = {"cut": Counter(), "added": Counter()}
    for statement in report.get("statements") or ():
        carried = {cell["version"]: len(cell.get("sentences") or ()) for cell in statement["cells"]}
        for version, take in take_of.items():
            own, full = carried.get(version, 0), carried.get(take, 0)
            if full and not own:
                edits["cut"][version] += full
            elif own and not full:
                edits["added"][version] += own
    version_of = {s["id"]: v["id"] for v in versions for s in v.get("sentences") or ()}
    updates = Counter(
        version_of.get(target)
        for target in {link["target"] for link in links if link.get("label") == "updated"}
    )
    return tuple(
        Copy(
            version=v["id"],
            outlet=outlet_key(v),
            stated_outlet=v.get("outlet"),
            take=take_of.get(v["id"], v["id"]),
            latest=take_of.get(v["id"], v["id"]) == latest if latest else True,
            sentences=len(v.get("sentences") or ()),
            cut=edits["cut"][v["id"]],
            added=edits["added"][v["id"]],
            updates=updates[v["id"]],
            cut_off_after=v.get("cut_off_after"),
            starts_at_paragraph=starts_at.get(v["id"]),
        )
        for v in versions
    )


def _warnings(
    report: Mapping[str, Any], copies: Sequence[Copy], confidence: float | None
) -> tuple[str, ...]:
    found = [_one_line(warning) for warning in report.get("warnings") or ()]
    for copy in copies:
        if copy.cut_off_after is not None:
            found.append(f"{copy.version} is cut off after ¶{copy.cut_off_after}")
        if copy.starts_at_paragraph is not None:
            found.append(f"{copy.version} lost its top (starts at ¶{copy.starts_at_paragraph})")
    if confidence is not None and confidence < LOW_ORDER_CONFIDENCE:
        found.append(f"time order uncertain (confidence {confidence * 100:.0f}%)")
    corrections = report.get("corrections") or ()
    if corrections:
        found.append(f"{len(corrections)} editor correction{'s' * (len(corrections) != 1)}")
    return tuple(warning for warning in found if warning)


def _one_line(warning: Any) -> str:
    """A warning of the report as one line, whether a string or an object with a message."""
    if isinstance(warning, Mapping):
        warning = warning.get("message") or warning.get("text") or warning.get("kind") or ""
    return " ".join(str(warning).split())


def summary_line(figures: Mapping[str, Any]) -> str:
    """What a report found, in one line: versions, takes, links, updates, order, confidence."""
    confidence = figures.get("order_confidence")
    order = f"ordered by {figures.get('order_method')}" + (
        f" (confidence {confidence * 100:.0f}%)" if confidence is not None else ""
    )
    return (
        f"{_counted(figures.get('versions'), 'version')} in "
        f"{_counted(figures.get('takes'), 'take')}, {_counted(figures.get('links'), 'link')} "
        f"({figures.get('updates')} updated), {order}"
    )


def _counted(count: int | None, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
