"""The words shared by the terminal and the HTML page: what a report covers, its headline
figures, and how a stalled employer's silence ended."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.reports.models import MetricsReport, Scope, StalledEmployer
from pipeline.reports.words import number, percent, state_name, word


def local_time(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def scope_text(scope: Scope, lang: str) -> str:
    first, last = scope.period_from, scope.period_to
    if first is None and last is None:
        period = word(lang, "all_time")
    else:
        period = f"{first.isoformat() if first else '…'} – {last.isoformat() if last else '…'}"
    if scope.as_of is not None:
        read = word(lang, "read_as_of", time=local_time(scope.as_of, scope.timezone))
    elif scope.known_at is not None:
        read = word(lang, "read_known_at", time=local_time(scope.known_at, scope.timezone))
    else:
        read = word(lang, "read_now")
    advisor = scope.advisor or word(lang, "all_advisors")
    return (
        f"{word(lang, 'period')}: {period} · {word(lang, 'advisor')}: {advisor} · {read} "
        f"({scope.timezone})"
    )


def headline(report: MetricsReport, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs; labels starting with two spaces detail the line above."""
    o, replies = report.outcomes, report.reply_times
    recovered = f"{o.recovered} ({percent(o.recovery_rate)}), " + word(
        lang, "median_day", day=number(o.median_recovery_day)
    )
    reply_line = word(
        lang,
        "reply_line",
        waits=replies.waits,
        replied=replies.replied,
        unanswered=replies.unanswered,
        median=number(replies.median_hours),
        p90=number(replies.p90_hours),
    )
    return [
        (word(lang, "active"), str(report.candidates)),
        (word(lang, "went_silent"), f"{report.went_silent} ({percent(report.silence_rate)})"),
        (word(lang, "silences"), str(o.silences)),
        ("  " + word(lang, "recovered"), recovered),
        ("  " + word(lang, "unreachable"), str(o.unreachable)),
        ("  " + word(lang, "withdrawn"), str(o.withdrawn)),
        ("  " + word(lang, "still_silent"), str(o.still_silent)),
        (word(lang, "closures"), str(report.closed_unreachable)),
        (word(lang, "reply_times"), reply_line),
    ]


def ending(row: StalledEmployer, lang: str) -> str:
    if row.ended_by == "reply":
        return word(lang, "reply", day=row.ended_on_day)
    if row.ended_by == "open":
        return word(lang, "open")
    return state_name(lang, "unreachable" if row.ended_by == "unreachable" else "withdrawn")
