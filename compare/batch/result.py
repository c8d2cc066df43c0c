"""One story's outcome in a batch: the small row the parent keeps, and the index shows."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal

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
    def from_dict(cls, data: dict[str, Any]) -> StoryResult:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["reports"] = tuple(values.get("reports", ()))
        return cls(**values)
