"""The business calendar moves tasks and messages off weekends and Japanese holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from policies import PolicyConfig
from policies.calendar import business_day, send_time, task_day

ON = PolicyConfig(business_calendar=True)
OFF = PolicyConfig()
JST_10 = timedelta(hours=1)  # 10:00 JST is 01:00 UTC


def test_weekend_tasks_move_to_monday_only_when_the_calendar_is_on() -> None:
    saturday = datetime(2026, 4, 4, 1, tzinfo=UTC)
    assert task_day(saturday, ON) == "2026-04-06"
    assert task_day(saturday, OFF) == "2026-04-04"


def test_a_national_holiday_moves_to_the_next_business_day() -> None:
    assert business_day(date(2026, 4, 29), ON) == date(2026, 4, 30)  # 昭和の日 (Wednesday)
    assert business_day(date(2026, 5, 2), ON) == date(2026, 5, 7)  # Sat, then Golden Week


def test_a_message_due_on_a_holiday_goes_out_at_the_send_hour_of_the_next_business_day() -> None:
    sunday = datetime(2026, 4, 5, 3, tzinfo=UTC)
    assert send_time(sunday, ON) == datetime(2026, 4, 6, tzinfo=UTC) + JST_10
    assert send_time(sunday, OFF) == sunday


def test_a_business_day_message_keeps_its_time() -> None:
    wednesday = datetime(2026, 4, 1, 5, 30, tzinfo=UTC)
    assert send_time(wednesday, ON) == wednesday
