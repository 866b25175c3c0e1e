"""The relay's rules: who the mail is from, when it may go out, how fast, how often to retry.

`DeliverySettings` is validated like every configuration (frozen, unknown keys refused): the
`[delivery]` table of the `--config` file, or built in Python. `Sender` says who the mail is
from: the agency's address and name, and each advisor's address for Reply-To.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Annotated, Self
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    model_validator,
)

from pipeline.commands import Email
from pipeline.days import Zone, is_business_day

Hour = Annotated[int, Field(ge=0, le=24)]


class Mailbox(BaseModel):
    """An address and the name shown with it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    address: Email
    name: str | None = None


class Sender(BaseModel):
    """From (the agency) and Reply-To (the candidate's advisor, when the directory has them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency: Mailbox
    advisors: Mapping[str, Mailbox] = Field(default_factory=dict)

    @property
    def domain(self) -> str:
        """The domain of the agency's address: the right-hand side of every Message-ID."""
        return self.agency.address.rpartition("@")[2]

    def reply_to(self, advisor: str | None) -> Mailbox:
        return self.advisors.get(advisor or "", self.agency)


class DeliverySettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: Zone = Field("Asia/Tokyo", description="the zone of the send hours")
    send_from_hour: Hour = Field(9, description="local hour from which mail may go out")
    send_until_hour: Hour = Field(20, description="local hour from which it waits for tomorrow")
    business_days_only: bool = Field(
        False, description="send on business days only (no weekends, no Japanese holidays)"
    )
    rate_per_minute: PositiveInt = Field(60, description="at most this many messages a minute")
    max_attempts: PositiveInt = Field(5, description="temporary failures before failing for good")
    retry_after_seconds: NonNegativeInt = Field(
        300, description="the first retry's wait, doubled after each failure"
    )
    retry_max_seconds: NonNegativeInt = Field(3600, description="the longest wait between tries")
    lease_seconds: PositiveInt = Field(
        900,
        description="a claim with no outcome after this long is uncertain (its relay stopped)",
    )

    @model_validator(mode="after")
    def _hours_make_a_window(self) -> Self:
        if self.send_from_hour >= self.send_until_hour:
            raise ValueError("send_until_hour must come after send_from_hour")
        return self

    def retry_at(self, attempt: int, now: datetime) -> datetime | None:
        """When to try again after attempt number `attempt` failed; None once it was the last."""
        if attempt >= self.max_attempts:
            return None
        wait = min(self.retry_after_seconds * 2 ** (attempt - 1), self.retry_max_seconds)
        return now + timedelta(seconds=wait)

    def may_send(self, now: datetime) -> bool:
        local = now.astimezone(ZoneInfo(self.timezone))
        in_hours = self.send_from_hour <= local.hour < self.send_until_hour
        return in_hours and (not self.business_days_only or is_business_day(local.date()))

    def next_window(self, now: datetime) -> datetime:
        """The first moment from `now` at which mail may go out."""
        zone = ZoneInfo(self.timezone)
        day: date = now.astimezone(zone).date()
        for _ in range(400):  # a year of holidays is the most any calendar skips
            start = datetime(day.year, day.month, day.day, self.send_from_hour, tzinfo=zone)
            end = start.replace(hour=0) + timedelta(hours=self.send_until_hour)
            if (not self.business_days_only or is_business_day(day)) and now < end:
                return max(now, start)
            day += timedelta(days=1)
        raise ValueError("no business day in the next year")  # jpholiday would be broken
