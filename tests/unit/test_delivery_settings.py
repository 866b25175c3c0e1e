"""The relay's rules as configured: backoff up to the limit of attempts, send hours and
business days, the rate per minute."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pydantic import ValidationError

from pipeline.delivery import DeliverySettings
from pipeline.delivery.relay import Pace
from tests.conftest import JST

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=JST)  # a Wednesday


def test_retries_wait_twice_as_long_each_time_up_to_the_longest_wait_then_stop() -> None:
    settings = DeliverySettings(max_attempts=5, retry_after_seconds=300, retry_max_seconds=1200)
    waits = [settings.retry_at(attempt, NOW) for attempt in range(1, 6)]
    assert [w - NOW if w else None for w in waits] == [
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=20),
        timedelta(minutes=20),
        None,  # the fifth attempt was the last: failed for good
    ]


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2026, 4, 1, 8, 59, tzinfo=JST), False),
        (datetime(2026, 4, 1, 9, 0, tzinfo=JST), True),
        (datetime(2026, 4, 1, 19, 59, tzinfo=JST), True),
        (datetime(2026, 4, 1, 20, 0, tzinfo=JST), False),
        (datetime(2026, 5, 4, 10, 0, tzinfo=JST), False),  # みどりの日, a national holiday
        (datetime(2026, 4, 4, 10, 0, tzinfo=JST), False),  # a Saturday
    ],
)
def test_mail_goes_out_within_the_send_hours_on_business_days(
    moment: datetime, open_: bool
) -> None:
    settings = DeliverySettings(business_days_only=True)
    assert settings.may_send(moment) is open_


def test_outside_the_window_the_next_opening_is_the_next_business_morning() -> None:
    settings = DeliverySettings(business_days_only=True)
    golden_week = datetime(2026, 5, 1, 20, 30, tzinfo=JST)  # Friday evening before 5/2-5/6
    assert settings.next_window(golden_week) == datetime(2026, 5, 7, 9, 0, tzinfo=JST)
    assert settings.next_window(NOW) == NOW
    every_day = DeliverySettings(send_from_hour=8, send_until_hour=20)
    assert every_day.next_window(golden_week) == datetime(2026, 5, 2, 8, 0, tzinfo=JST)


def test_a_window_that_closes_before_it_opens_is_refused_naming_it() -> None:
    with pytest.raises(ValidationError, match="send_until_hour must come after send_from_hour"):
        DeliverySettings(send_from_hour=20, send_until_hour=9)
    with pytest.raises(ValidationError, match="unknown time zone 'Mars/Olympus'"):
        DeliverySettings(timezone="Mars/Olympus")


def test_the_pace_lets_at_most_the_rate_through_a_minute() -> None:
    clock = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    pace = Pace(30, sleep, lambda: clock[0])
    for _ in range(4):
        pace.wait()
        clock[0] += 0.5  # each send takes half a second
    assert slept == [1.5, 1.5, 1.5]  # two seconds apart: 30 a minute
