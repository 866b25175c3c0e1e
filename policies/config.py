"""`PolicyConfig`: every default of docs/design.md §4 in one frozen, validated object."""

from __future__ import annotations

from typing import Literal, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pipeline.commands import AdvisorId, Email, Name, Phone
from pipeline.days import Zone
from pipeline.errors import ConfigError

R6 = (
    "R6: 最低でも1ヶ月は連絡を取り続ける (keep trying to reach a silent candidate for at least "
    "one month: the silence may have a good reason, such as a wedding or funeral, illness or a "
    "system problem)"
)
MINIMUM_WINDOW_DAYS = 30
MAXIMUM_WINDOW_DAYS = 365  # a cadence or a window beyond a year is a typo, not a policy
# The revisions of the time rules. 1 is release 0.1.0's: the close came a fixed number of
# calendar days after silence began, so a late tick could close a candidate nobody had
# contacted. 2 counts the days outreach really ran (docs/design.md §4). A configuration
# recorded without `rules_revision` was recorded by 0.1.0: its policies are rebuilt with 1.
# 3 keeps 2's time rules and changes the wording: a name or an employer contact that already
# carries an honorific (様, 御中…) gets none added, and messages are signed with the agency and
# the advisor's entry in the directory (`agency_name`, `advisors`).
RULES_0_1_0: Literal[1] = 1
RULES_SIGNED: Literal[3] = 3
RULES_REVISION: Literal[3] = 3


class AdvisorContact(BaseModel):
    """An advisor as messages sign for them: the name to print, and how to reach them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name = Field(description="the advisor's name as signed, such as 佐藤 花子")
    email: Email | None = Field(None, description="the advisor's address (Reply-To)")
    phone: Phone | None = Field(None, description="the advisor's direct line")


class PolicyConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Literal["ja", "en"] = Field("ja", description="language of messages and tasks")
    timezone: Zone = Field("Asia/Tokyo", description="the agency's zone: days, send hours")
    send_hour: int = Field(10, ge=0, le=23, description="local hour day-based messages are due")
    business_calendar: bool = Field(
        False, description="move tasks and messages off weekends and Japanese holidays"
    )
    silence_days: int = Field(3, ge=1, le=60, description="days awaiting a reply before silence")
    silence_days_high_risk: int = Field(2, ge=1, le=60)
    stall_every_days: int = Field(
        7, ge=1, le=MAXIMUM_WINDOW_DAYS, description="repeat the employer stall message"
    )
    outreach_window_days: int = Field(
        30, le=MAXIMUM_WINDOW_DAYS, description="keep calling and writing this long (R6)"
    )
    outreach_email_every_days: int = Field(3, ge=1, le=MAXIMUM_WINDOW_DAYS)
    thank_you_after_days: int = Field(1, ge=0, le=30)
    check_in_days: int = Field(5, ge=1, le=90, description="days without contact before a check-in")
    check_in_days_high_risk: int = Field(3, ge=1, le=90)
    hearing_minimum_minutes: int = Field(
        45, ge=1, le=600, description="R1: a first meeting shorter is thin"
    )
    hearing_risk_days: int = Field(14, ge=1, le=365)
    mismatch_risk_days: int = Field(14, ge=1, le=365)
    critique_risk_days: int = Field(7, ge=1, le=365, description="R3 fades after this many days")
    rules_revision: Literal[1, 2, 3] = Field(
        RULES_REVISION,
        description="the rules: 3 signs messages with the agency and never doubles an "
        "honorific; 2 counts the days outreach really ran; 1 is release 0.1.0's. The older "
        "ones are kept only so that the decisions they recorded re-run identically",
    )
    agency_name: Name | None = Field(
        None, description="the agency, as messages are signed: such as 株式会社サンプルキャリア"
    )
    agency_email: Email | None = Field(None, description="the agency's address (From)")
    advisors: dict[AdvisorId, AdvisorContact] = Field(
        default_factory=dict,
        description="the advisor directory, by advisor id (such as sato): names and contacts",
    )

    @model_validator(mode="after")
    def _rules_hold(self) -> Self:
        if self.outreach_window_days < MINIMUM_WINDOW_DAYS:
            raise ConfigError(
                f"outreach_window_days={self.outreach_window_days} is shorter than "
                f"{MINIMUM_WINDOW_DAYS} days. {R6}"
            )
        if self.silence_days_high_risk > self.silence_days:
            raise ConfigError("silence_days_high_risk must not exceed silence_days")
        if self.check_in_days_high_risk > self.check_in_days:
            raise ConfigError("check_in_days_high_risk must not exceed check_in_days")
        for cadence in ("stall_every_days", "outreach_email_every_days"):
            if getattr(self, cadence) > self.outreach_window_days:
                raise ConfigError(f"{cadence}={getattr(self, cadence)} must not exceed "
                                  f"outreach_window_days={self.outreach_window_days}")  # fmt: skip
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
