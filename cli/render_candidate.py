"""One candidate as text: the header (`show`, `timeline`) and the timeline's rows.

A row is one event: its domain time in `--tz`, the actor (`policy` for a policy's decision),
the summary in words followed by the state changes it does not already state, the queued
message's recipient and first line, and for a policy decision the policy's name and its
reason (`↳ name: reason`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cli.labels import state, text
from cli.layout import Column, Grid
from cli.output import local

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from pipeline import ApplicationView, CandidateView, TimelineEntry


def header(
    view: CandidateView, lang: str, zone: ZoneInfo, more: Sequence[tuple[str, str]] = ()
) -> list[RenderableType]:
    """Ref and name, the point in time if not now, then stage, contact (with the outreach
    day while silent), risk and its reasons, applications, and the `more` rows (label key,
    value)."""
    from rich.text import Text

    title = Text(f"{view.ref}  {view.name}", style="bold")
    if view.advisor:
        title.append(f"  ({text(lang, 'advisor')}: {view.advisor})", style="dim")
    return [title, *point_in_time(view, lang, zone), facts(view, lang, zone, more)]


def point_in_time(view: CandidateView, lang: str, zone: ZoneInfo) -> list[Text]:
    from rich.text import Text

    lines = []
    if view.as_of is not None:
        lines.append(text(lang, "as_of", time=local(view.as_of, zone)))
    if view.known_at is not None:
        lines.append(text(lang, "known_at", time=local(view.known_at, zone)))
    return [Text(line, style="italic") for line in lines]


def facts(view: CandidateView, lang: str, zone: ZoneInfo, more: Sequence[tuple[str, str]]) -> Table:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    apps = [application_line(a, lang) for a in view.applications]
    rows = [
        ("stage", state(lang, view.stage)),
        ("contact", contact_line(view, lang, zone)),
        ("risk", "\n".join([state(lang, view.risk_level), *view.risk_reasons])),
        ("applications", "\n".join(apps) or text(lang, "none")),
        *more,
    ]
    for key, value in rows:
        grid.add_row(text(lang, key), value)
    return grid


def contact_line(view: CandidateView, lang: str, zone: ZoneInfo) -> str:
    line = state(lang, view.contact)
    if view.outreach_days is not None and view.outreach_window_days is not None:
        day = text(lang, "outreach_day", day=view.outreach_days, window=view.outreach_window_days)
        line += f" — {day}"
    if view.contact_since is not None:
        line += f" ({text(lang, 'since', time=local(view.contact_since, zone))})"
    return line


def application_line(app: ApplicationView, lang: str) -> str:
    flags = [text(lang, "paused")] if app.paused else []
    flags += [text(lang, "hiring_intent")] if app.hiring_intent else []
    extra = f" [{', '.join(flags)}]" if flags else ""
    return f"{app.id} {app.employer} 「{app.job_title}」 {state(lang, app.state)}{extra}"


def timeline_table(entries: Sequence[TimelineEntry], lang: str, zone: ZoneInfo) -> Grid:
    """When, who, what; at a narrow width each event is when and who, then what below."""
    columns = [
        Column(text(lang, "when"), style="dim"),
        Column(text(lang, "who")),
        Column(text(lang, "what"), folds=True, labelled=False),
    ]
    table = Grid(columns, heading=2, expand=True, gap=3)
    for entry in entries:
        table.add_row(local(entry.occurred_at, zone), who(entry, lang), what(entry, lang))
    return table


def who(entry: TimelineEntry, lang: str) -> Text:
    from rich.text import Text

    if entry.policy:
        return Text(text(lang, "policy"), style="cyan")
    return Text(entry.actor)


def what(entry: TimelineEntry, lang: str) -> RenderableType:
    """The summary (with the changes it does not state, inline), then indented lines for the
    queued message and the policy's reason; wrapped lines keep their indent."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    first = Text(entry.summary)
    for change in unstated_changes(entry):
        first.append(f"  ({change})", style="yellow")
    extra = []
    if entry.message is not None:
        extra.append(Text(message_line(entry), style="green"))
    if entry.policy:
        extra.append(Text(f"↳ {entry.policy}: {entry.reason or ''}", style="dim italic"))
    elif entry.reason:  # a person's reason: a withdrawal, a reopening, a pause
        extra.append(Text(f"↳ {entry.reason}", style="dim italic"))
    return Group(first, *(Padding(line, (0, 0, 0, 2)) for line in extra))


def unstated_changes(entry: TimelineEntry) -> list[str]:
    """State changes the summary does not already say as `source → dest`."""
    changes = []
    for change in entry.changes:
        if f"{change.source} → {change.dest}" in entry.summary:
            continue
        where = f" {change.application_id}" if change.application_id else ""
        changes.append(f"{change.region}{where}: {change.source} → {change.dest}")
    return changes


def message_line(entry: TimelineEntry) -> str:
    message = entry.message
    assert message is not None
    to = "" if message.to in entry.summary else f"{message.recipient} {message.to}: "
    return f"{to}“{message.first_line}”"
