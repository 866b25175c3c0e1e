"""The agency's calendar: its time zone, and its business days (weekdays that are not
Japanese national holidays, from jpholiday).

Shared by the policies (tasks and messages moved off holidays with
`PolicyConfig(business_calendar=True)`) and the relay (sending on business days only).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jpholiday
from pydantic import AfterValidator


def known_zone(value: str) -> str:
    """`value`, when it names a time zone; otherwise a ValueError that says so."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Tokyo)") from None
    return value


Zone = Annotated[str, AfterValidator(known_zone)]  # a configuration's time zone, checked


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and not jpholiday.is_holiday(day)
