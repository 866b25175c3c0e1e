"""The reports' entry points on a `Pipeline`: read the log at a point in time, then project."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline.app.history import point_in_time
from pipeline.reports.metrics import metrics
from pipeline.reports.models import MetricsReport, Scope
from pipeline.reports.period import days
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
