"""Days in the agency's zone, and the optional business calendar (Japanese holidays).

Domain times are stored in UTC; a "day" (of outreach, of a task) is a day in the configured
zone. With the business calendar on, a task or message that falls on a weekend or a national
holiday moves to the next business day; the event that decided it keeps its own time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from pipeline.days import is_business_day
from policies.config import PolicyConfig

__all__ = ["business_day", "is_business_day", "local_date", "next_day_at_send_hour",
           "send_time", "task_day"]  # fmt: skip


def local_date(moment: datetime, config: PolicyConfig) -> date:
    return moment.astimezone(config.zone).date()


def business_day(day: date, config: PolicyConfig) -> date:
    """`day` itself, or with the calendar on, the first business day from it."""
    if not config.business_calendar:
        return day
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def task_day(moment: datetime, config: PolicyConfig) -> str:
    """The ISO date a task decided at `moment` is due on."""
    return business_day(local_date(moment, config), config).isoformat()


def send_time(moment: datetime, config: PolicyConfig) -> datetime:
    """When a message decided at `moment` may go out: now, or the next business day's send hour."""
    day = local_date(moment, config)
    moved = business_day(day, config)
    if moved == day:
        return moment
    return datetime.combine(moved, time(config.send_hour), config.zone).astimezone(UTC)


def next_day_at_send_hour(moment: datetime, days: int, config: PolicyConfig) -> datetime:
    """`days` after `moment`'s local day, at the send hour (then moved off holidays)."""
    day = business_day(local_date(moment, config) + timedelta(days=days), config)
    return datetime.combine(day, time(config.send_hour), config.zone).astimezone(UTC)
