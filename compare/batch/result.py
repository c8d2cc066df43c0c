"""One story's outcome in a batch: the small row the parent keeps, and the index shows."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal, get_args

Status = Literal["done", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class StoryResult:
    """Counts over all versions of one story; ``error`` is set when ``status`` is "failed"."""

    story: str
    status: Status
    versions: int | None = None
    sentences: int | None = None
    shared: int | None = None  # sentences labelled shared
    unique: int | None = None  # sentences labelled unique
    updates: int | None = None  # links labelled updated
    reports: tuple[str, ...] = ()  # report files, relative to the batch's output folder
    error: str | None = None  # one line
    seconds: float = 0.0

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
        return replace(self, status="skipped", seconds=0.0)

    def to_dict(self) -> dict[str, Any]:
        # Flat fields: a shallow copy (dataclasses.asdict deep-copies, 10× slower per row).
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        data["reports"] = list(self.reports)
        data["shared_pct"] = self.shared_pct
        return data

    @classmethod
    def from_dict(cls, data: Any) -> StoryResult:
        """The result :meth:`to_dict` wrote; ValueError for anything else (a damaged file)."""
        if not isinstance(data, dict):
            raise ValueError("a story result is a JSON object")
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        reports = values.get("reports", [])
        if not isinstance(reports, list) or not all(isinstance(r, str) for r in reports):
            raise ValueError("reports must be a list of file names")
        values["reports"] = tuple(reports)
        for name, kinds in _FIELD_TYPES.items():
            if name in values and not isinstance(values[name], kinds):
                raise ValueError(f"{name} has the wrong type")
        if not isinstance(values.get("story"), str) or values.get("status") not in _STATUSES:
            raise ValueError("a story result needs a story and a status")
        return cls(**values)


_STATUSES = get_args(Status)
_COUNT = (int, type(None))
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "versions": _COUNT, "sentences": _COUNT, "shared": _COUNT, "unique": _COUNT,
    "updates": _COUNT, "error": (str, type(None)), "seconds": (int, float),
}  # fmt: skip
