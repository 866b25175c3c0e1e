"""`pipeline report --html`: the metrics report as one self-contained page with its charts."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.reports import charts
from pipeline.reports import html as h
from pipeline.reports.models import Breakdown, MetricsReport
from pipeline.reports.summary import ending, headline, local_time, scope_text
from pipeline.reports.words import number, percent, state_name, word


def report_page(report: MetricsReport, lang: str = "ja") -> str:
    """The page: headline figures, the three charts, then the tables behind them."""
    body = [
        h.heading(1, word(lang, "report_title")),
        h.paragraph(scope_text(report.scope, lang), "scope"),
        h.facts((label.strip(), value) for label, value in headline(report, lang)),
        *charts_section(report, lang),
        h.heading(2, word(lang, "funnel")),
        funnel_table(report, lang),
        h.heading(2, word(lang, "stalled")),
        stalled_table(report, lang),
        h.heading(2, word(lang, "by_advisor")),
        breakdown_table(report.by_advisor, lang, "advisor", "candidates"),
        h.heading(2, word(lang, "by_month")),
        breakdown_table(report.by_month, lang, "month", "new"),
    ]
    return h.page(word(lang, "report_title"), lang, body)


def charts_section(report: MetricsReport, lang: str) -> list[str]:
    colours = charts.COLOURS
    monthly_legend = [
        (word(lang, "silences"), colours["silences"]),
        (word(lang, "recovered_short"), colours["recovered"]),
        (word(lang, "closed_short"), colours["closed"]),
    ]
    return [
        h.heading(2, word(lang, "curve")),
        h.figure(
            charts.recovery_chart(report.recovery_curve),
            "recovery",
            word(lang, "curve_caption"),
        ),
        h.heading(2, word(lang, "by_month")),
        h.figure(
            charts.monthly_chart(report.by_month),
            "monthly",
            word(lang, "monthly_caption"),
            monthly_legend,
        ),
        h.heading(2, word(lang, "reply_times")),
        h.figure(
            charts.reply_chart(report.reply_times.distribution),
            "replies",
            word(lang, "reply_caption"),
        ),
    ]


def funnel_table(report: MetricsReport, lang: str) -> str:
    top = max((s.reached for s in report.funnel), default=0) or 1
    rows = [
        (
            state_name(lang, step.stage),
            step.reached,
            h.number(percent(step.conversion)),
            ("", f'<span class="bar" style="width:{100 * step.reached / top:.1f}%"></span>'),
        )
        for step in report.funnel
    ]
    headers = [word(lang, "stage"), word(lang, "reached"), word(lang, "conversion"), ""]
    return h.table(headers, rows)


def stalled_table(report: MetricsReport, lang: str) -> str:
    if not report.stalled_employers:
        return h.paragraph(word(lang, "none"))
    headers = ["ref", word(lang, "employer"), word(lang, "stalls"), word(lang, "silent_from")]
    rows = [
        (
            f"{r.ref} {r.application_id}",
            r.employer,
            r.stall_messages,
            ("t", local_time(r.silence_started_at, report.scope.timezone)),
            ending(r, lang),
        )
        for r in report.stalled_employers
    ]
    return h.table([*headers, word(lang, "ended")], rows)


def breakdown_table(rows: Iterable[Breakdown], lang: str, first: str, count: str) -> str:
    keys = (count, "silences", "recovered_short", "rate", "closed_short", "median_reply")
    body = [
        (
            r.key,
            r.candidates,
            r.silences,
            r.recovered,
            h.number(percent(r.recovery_rate)),
            r.closed_unreachable,
            h.number(number(r.median_reply_hours)),
        )
        for r in rows
    ]
    if not body:
        return h.paragraph(word(lang, "none"))
    return h.table([word(lang, first), *(("n", word(lang, k)) for k in keys)], body)
