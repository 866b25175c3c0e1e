"""Where domain time comes from.

Every command and every policy reads the time from the clock passed to `Pipeline`; nothing
else in the core reads the wall clock. Times are timezone-aware and normalised to UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


def require_aware(moment: datetime, field: str = "at") -> datetime:
    """Return `moment` in UTC, refusing a naive datetime (it has no place on a timeline)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field}: a timezone-aware datetime is required, got {moment!r}")
    return moment.astimezone(UTC)


class SystemClock:
    """The wall clock. The only object in the core that reads it."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until told to move: for tests, the demo and replays."""

    def __init__(self, moment: datetime) -> None:
        self._now = require_aware(moment, "moment")

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = require_aware(moment, "moment")

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by `delta` or by `timedelta(**parts)`; return the new time."""
        self._now += delta if delta is not None else timedelta(**parts)
        return self._now
