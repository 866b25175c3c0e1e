"""The reports' entry points on a `Pipeline`: read the log at a point in time, then project."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline.app.history import point_in_time
from pipeline.app.validation import field_error
from pipeline.reports.ledgers import occupation_counts, seeker_rows
from pipeline.reports.metrics import metrics
from pipeline.reports.models import AnnualReport, MetricsReport, Scope, SeekerLedger
from pipeline.reports.period import days, fiscal_year
from pipeline.reports.source import stories

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

TOKYO = ZoneInfo("Asia/Tokyo")


def metrics_report(
    app: Pipeline,
    *,
    period_from: date | None = None,
    period_to: date | None = None,
    advisor: str | None = None,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    zone: ZoneInfo = TOKYO,
) -> MetricsReport:
    """Silence, recovery, replies, closures, the funnel and stalled employers, from the log.

    `period_from`/`period_to` are days in `zone`, both included; `as_of` and `known_at` read
    the log as `Pipeline.candidate` does, so a past report can be made again exactly."""
    point = point_in_time(as_of, known_at, None)
    window = days(period_from, period_to, zone)
    scope = Scope(
        period_from=period_from,
        period_to=period_to,
        advisor=advisor,
        as_of=point.as_of,
        known_at=point.known_at,
        timezone=zone.key,
    )
    return metrics(stories(app, point), window, scope)


def seeker_ledger(
    app: Pipeline,
    as_of: datetime,
    *,
    known_at: datetime | None = None,
    zone: ZoneInfo = TOKYO,
) -> SeekerLedger:
    """求職管理簿 as of `as_of`: what had happened by then, whatever was recorded later
    (with `known_at`, only what had been recorded by that time too)."""
    point = point_in_time(as_of, known_at, None)
    assert point.as_of is not None
    rows = seeker_rows(stories(app, point), zone)
    return SeekerLedger(as_of=point.as_of, known_at=point.known_at, timezone=zone.key, seekers=rows)


def annual_report(
    app: Pipeline,
    year: int,
    *,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    zone: ZoneInfo = TOKYO,
) -> AnnualReport:
    """職業紹介事業報告書's counts for fiscal year `year` (April 1 to March 31 in `zone`).

    With `known_at`, the report as it could be made then (say, on the due date, April 30)."""
    if not 2000 <= year <= 2100:
        raise field_error("year", year, "must be a fiscal year such as 2026")
    point = point_in_time(as_of, known_at, None)
    window = fiscal_year(year, zone)
    found = stories(app, point)
    counts = occupation_counts(found, window)
    assert window.start is not None and window.end is not None
    return AnnualReport(
        fiscal_year=year,
        period_from=window.start.date(),
        period_to=(window.end - timedelta(days=1)).date(),
        as_of=point.as_of,
        known_at=point.known_at,
        timezone=zone.key,
        new_seekers=sum(c.new_seekers for c in counts),
        introductions=sum(c.introductions for c in counts),
        placements=sum(c.placements for c in counts),
        by_occupation=counts,
    )
