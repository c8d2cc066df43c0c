"""ISO 8601 times as the stages compare them: light, so any stage can read one."""

from __future__ import annotations

from datetime import datetime


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time as naive UTC (a naive time is taken as read); None if not a time."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    offset = parsed.utcoffset()
    naive = parsed.replace(tzinfo=None)
    return naive - offset if offset else naive
