"""Text views of `show`, `list`, `tasks`, `outbox` and `tick`, laid out to read at 80 columns:
refs, states and times never wrap; free text (names, titles, subjects) folds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cli.labels import state, text
from cli.layout import Column, Grid
from cli.output import local
from cli.render_candidate import header

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pipeline import CandidateSummary, CandidateView, OutboxMessage, Task, TickReport


SHORT_ID = 8  # as the timeline shows them; any unique prefix of 6 or more is taken back


def _table(lang: str, *columns: tuple[str, bool], heading: int = 1) -> Grid:
    """Columns as (label key, folds); at a narrow width, one record per row."""
    return Grid([Column(text(lang, key), folds) for key, folds in columns], heading=heading)


def details(view: CandidateView, lang: str, zone: ZoneInfo) -> list[RenderableType]:
    more = [
        ("email", view.email or "—"),
        ("phone", view.phone or "—"),
        ("next_due", local(view.next_due_at, zone)),
        ("open_tasks", str(view.open_tasks)),
        ("queued_messages", str(view.queued_messages)),
        ("version_label", str(view.version)),
        ("head_hash", view.head_hash),
    ]
    return header(view, lang, zone, more)


def candidates_table(rows: Sequence[CandidateSummary], lang: str, zone: ZoneInfo) -> Grid | str:
    """One row per candidate; stage and contact share a cell (two lines) to stay in 80 columns."""
    if not rows:
        return text(lang, "no_candidates")
    table = _table(
        lang,
        ("ref", False),
        ("name", True),
        ("stage_contact", False),
        ("risk", False),
        ("next_due", False),
        ("advisor", True),
        heading=2,
    )
    for row in rows:
        table.add_row(
            row.ref,
            row.name,
            f"{state(lang, row.stage)}\n{state(lang, row.contact)}",
            state(lang, row.risk_level),
            local(row.next_due_at, zone),
            row.advisor or "—",
        )
    return table


def tasks_table(rows: Sequence[Task], lang: str) -> Grid | str:
    if not rows:
        return text(lang, "no_tasks")
    columns = (("id", False), ("due", False), ("ref", False), ("status", False), ("task", True))
    table = _table(lang, *columns, heading=3)
    for row in rows:
        cells = (row.id[:SHORT_ID], row.due_on.isoformat(), row.ref, state(lang, row.status))
        table.add_row(*cells, row.title)
    return table


def outbox_table(rows: Sequence[OutboxMessage], lang: str, zone: ZoneInfo) -> Grid | str:
    """One row per message: recipient and address, then the subject below them."""
    if not rows:
        return text(lang, "no_messages")
    columns = (("id", False), ("due", False), ("ref", False), ("status", False), ("message", True))
    table = _table(lang, *columns, heading=3)
    for row in rows:
        message = f"{text(lang, row.recipient)} {row.to}\n{row.subject}"
        if row.error and row.status != "sent":
            message += f"\n{row.error}"
        cells = (row.id[:SHORT_ID], local(row.due_at, zone), row.ref, state(lang, row.status))
        table.add_row(*cells, message)
    return table


def tick_lines(report: TickReport, lang: str, zone: ZoneInfo) -> list[str]:
    """What `tick` did: the counts, then one line per state change it made."""
    summary = text(
        lang,
        "tick_summary",
        time=local(report.now, zone),
        due=report.due,
        processed=report.processed,
        events=report.events,
        messages=report.messages_queued,
        tasks=report.tasks_created,
    )
    if report.conflicts_retried:
        summary += text(lang, "conflicts", n=report.conflicts_retried)
    if report.dry_run:
        summary += text(lang, "dry_run")
    return [summary, *(f"  {line}" for line in report.transitions)]
