"""The metrics report on the terminal: the headline figures, then one table per question."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cli.labels import state
from cli.layout import Column, Grid
from cli.output import local
from pipeline.reports import ending, headline, number, percent, scope_text, word

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pipeline.reports import Breakdown, MetricsReport

CURVE_DAYS = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30)


def table(lang: str, *keys: str, folds: bool = False) -> Grid:
    """The first column names the row (folding if `folds`), the others are figures."""
    first, *others = keys
    columns = [Column(word(lang, first), folds=folds)]
    return Grid(columns + [Column(word(lang, key), justify="right") for key in others])


def curve_table(report: MetricsReport, lang: str) -> Grid:
    grid = table(lang, "day", "recovered_short", "rate")
    last = report.recovery_curve[-1].day if report.recovery_curve else 0
    shown = sorted({d for d in CURVE_DAYS if d <= last} | {last})
    for point in report.recovery_curve:
        if point.day in shown:
            grid.add_row(str(point.day), str(point.recovered), percent(point.rate))
    return grid


def funnel_table(report: MetricsReport, lang: str) -> Grid:
    grid = table(lang, "stage", "reached", "conversion")
    for step in report.funnel:
        grid.add_row(state(lang, step.stage), str(step.reached), percent(step.conversion))
    return grid


def stalled_table(report: MetricsReport, lang: str, zone: ZoneInfo) -> Grid | str:
    if not report.stalled_employers:
        return word(lang, "none")
    grid = table(lang, "employer", "stalls", "silent_from", "ended", folds=True)
    for row in report.stalled_employers:
        grid.add_row(
            f"{row.ref} {row.application_id} {row.employer}",
            str(row.stall_messages),
            local(row.silence_started_at, zone),
            ending(row, lang),
        )
    return grid


def breakdown_table(rows: list[Breakdown], lang: str, first: str, count: str) -> Grid | str:
    if not rows:
        return word(lang, "none")
    keys = ("silences", "recovered_short", "rate", "closed_short", "median_reply")
    grid = table(lang, first, count, *keys)
    for row in rows:
        grid.add_row(
            row.key,
            str(row.candidates),
            str(row.silences),
            str(row.recovered),
            percent(row.recovery_rate),
            str(row.closed_unreachable),
            number(row.median_reply_hours),
        )
    return grid


def report_parts(report: MetricsReport, lang: str, zone: ZoneInfo) -> list[RenderableType]:
    sections: list[tuple[str, RenderableType]] = [
        ("curve", curve_table(report, lang)),
        ("funnel", funnel_table(report, lang)),
        ("stalled", stalled_table(report, lang, zone)),
        ("by_advisor", breakdown_table(report.by_advisor, lang, "advisor", "candidates")),
        ("by_month", breakdown_table(report.by_month, lang, "month", "new")),
    ]
    parts: list[RenderableType] = [word(lang, "report_title"), scope_text(report.scope, lang)]
    parts += ["", *(f"{label}: {value}" for label, value in headline(report, lang))]
    for key, body in sections:
        parts += ["", f"{word(lang, key)}", body]
    return parts
