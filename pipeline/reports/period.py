"""Periods in the agency's zone: days, months and fiscal years (4/1–3/31) as UTC bounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pipeline.app.validation import field_error


@dataclass(frozen=True)
class Window:
    """[start, end) in time; either end may be open."""

    start: datetime | None = None
    end: datetime | None = None

    def holds(self, moment: datetime | None) -> bool:
        if moment is None:
            return False
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment < self.end
        )

    def within(self, bounds: Window) -> Window:
        """This window cut to `bounds`."""
        starts = [t for t in (self.start, bounds.start) if t is not None]
        ends = [t for t in (self.end, bounds.end) if t is not None]
        return Window(max(starts, default=None), min(ends, default=None))


def midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def days(first: date | None, last: date | None, zone: ZoneInfo) -> Window:
    """From the start of `first` to the end of `last` (both included), in `zone`."""
    if first is not None and last is not None and last < first:
        raise field_error("period_to", last.isoformat(), f"is before period_from {first}")
    return Window(
        midnight(first, zone) if first else None,
        midnight(last + timedelta(days=1), zone) if last else None,
    )


def fiscal_year(year: int, zone: ZoneInfo) -> Window:
    """Japan's fiscal year `year` (年度): April 1 of `year` to March 31 of the next."""
    return Window(midnight(date(year, 4, 1), zone), midnight(date(year + 1, 4, 1), zone))


def month_of(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m")


def day_of(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return None if moment is None else moment.astimezone(zone).date()


def month_window(month: str, zone: ZoneInfo) -> Window:
    """The month `YYYY-MM` in `zone`."""
    year, number = (int(part) for part in month.split("-"))
    following = date(year + number // 12, number % 12 + 1, 1)
    return Window(midnight(date(year, number, 1), zone), midnight(following, zone))
