"""What the reports return: frozen pydantic models, which are also the `--json` schema.

Field names are a public contract (add, never rename or remove). Rates are fractions rounded
to 4 places and hours to 1, so that the same log prints the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict


class ReportModel(BaseModel):
    model_config = ConfigDict(frozen=True)


class Scope(ReportModel):
    """What a report covers: the period (dates in `timezone`, both ends included), the
    advisor, and the point in time the log was read at."""

    period_from: date | None
    period_to: date | None
    advisor: str | None
    as_of: datetime | None
    known_at: datetime | None
    timezone: str


class RecoveryPoint(ReportModel):
    day: int  # day of outreach: 0 is the day silence was detected
    recovered: int  # silences that had ended in a reply by the end of this day
    rate: float


class ReplyBucket(ReportModel):
    label: str  # <1h, 1-6h, 6-24h, 1-3d, 3-7d, >7d
    replies: int


class ReplyTimes(ReportModel):
    waits: int  # outbound contacts that expected a reply
    replied: int
    unanswered: int
    median_hours: float | None
    p90_hours: float | None
    mean_hours: float | None
    distribution: list[ReplyBucket]


class FunnelStep(ReportModel):
    stage: str
    reached: int  # candidates of the cohort that reached this stage or a later one
    conversion: float | None  # reached / reached at the step before


class StalledEmployer(ReportModel):
    ref: str
    advisor: str | None
    application_id: str
    employer: str
    stall_messages: int
    silence_started_at: datetime
    ended_by: str  # reply, unreachable, withdrawn, or open (still silent)
    ended_on_day: int | None


class Breakdown(ReportModel):
    key: str  # the advisor, or the month (YYYY-MM)
    candidates: int  # active (per advisor) or newly registered (per month)
    went_silent: int
    silences: int
    recovered: int
    closed_unreachable: int
    recovery_rate: float | None
    median_reply_hours: float | None


class SilenceOutcomes(ReportModel):
    silences: int
    recovered: int  # ended in a reply
    unreachable: int  # closed when the outreach window ran out
    withdrawn: int  # the candidate withdrew while silent
    still_silent: int
    recovery_rate: float | None
    median_recovery_day: float | None


class MetricsReport(ReportModel):
    scope: Scope
    candidates: int  # active in the period
    went_silent: int  # candidates with at least one silence that began in the period
    silence_rate: float | None
    outcomes: SilenceOutcomes
    closed_unreachable: int  # closures dated in the period
    recovery_curve: list[RecoveryPoint]
    reply_times: ReplyTimes
    funnel: list[FunnelStep]
    stalled_employers: list[StalledEmployer]
    by_advisor: list[Breakdown]
    by_month: list[Breakdown]


class Introduction(ReportModel):
    """The seeker introduced to an employer: the day the application went to the employer."""

    application_id: str
    on: date
    employer: str
    job_title: str
    occupation: str | None
    result: str  # in_selection, placed, rejected, declined, withdrawn


class SeekerRow(ReportModel):
    ref: str
    received_on: date
    name: str
    desired_occupation: str | None
    introductions: list[Introduction]
    outcome: str  # active, placed, withdrawn, closed_unreachable
    placed_with: str | None
    completed_on: date | None
    keep_until: date | None  # two years after completion


class SeekerLedger(ReportModel):
    as_of: datetime
    known_at: datetime | None
    timezone: str
    seekers: list[SeekerRow]


class OccupationCounts(ReportModel):
    occupation: str | None  # None: not known
    new_seekers: int
    introductions: int
    placements: int


class AnnualReport(ReportModel):
    fiscal_year: int
    period_from: date
    period_to: date
    as_of: datetime | None
    known_at: datetime | None
    timezone: str
    new_seekers: int
    introductions: int
    placements: int
    by_occupation: list[OccupationCounts]


class RefusedInput(ReportModel):
    occurred_at: datetime
    kind: str  # the input's first event, such as ApplicationChanged
    why: str


class Tally(ReportModel):
    recorded: int
    what_if: int


class CandidateDifference(ReportModel):
    ref: str
    advisor: str | None
    silences_recorded: list[datetime]  # when each silence was detected
    silences_what_if: list[datetime]
    closed_recorded: datetime | None  # closed as unreachable (the last time)
    closed_what_if: datetime | None
    messages_recorded: dict[str, int]  # queued, by kind
    messages_what_if: dict[str, int]
    tasks_recorded: int
    tasks_what_if: int
    refused: list[RefusedInput]


class WhatIfReport(ReportModel):
    config_id: str  # the what-if configuration's id (as the configuration log would name it)
    since: datetime | None
    candidates: int  # replayed
    differing: int
    silences: Tally
    detected_earlier: int  # candidates whose first differing silence would begin earlier
    detected_later: int
    closed_unreachable: Tally
    messages: Tally
    tasks: Tally
    refused: int
    differences: list[CandidateDifference]  # only the candidates for which something differs
