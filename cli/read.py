"""Read commands: timeline, show, list, tasks, outbox, graph. Each takes `--json` (except
graph, which prints Mermaid) and prints the pydantic views as they are in JSON mode."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

import click

from cli.labels import CONTACTS, MESSAGE_STATUSES, REGIONS, STAGES, TASK_STATUSES
from cli.output import console, dump, dump_all, emit, emit_json, emit_pages, pages, printable
from cli.params import to_day, to_due_by, to_moment
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from collections.abc import Callable

    from pipeline import CandidateSummary, OutboxMessage, Task

JSON = click.option("--json", "as_json", is_flag=True, help="Print the views as JSON.")
LIMIT = click.option(
    "--limit", type=click.IntRange(min=1, max=100_000), help="At most this many (a page)."
)


def point_in_time(f: Callable[..., None]) -> Callable[..., None]:
    """`--as-of`, `--known-at`, `--version`: look at the candidate at a past point."""
    f = click.option("--version", type=click.IntRange(min=1), help="Only the first N events.")(f)
    f = click.option(
        "--known-at",
        callback=to_moment,
        metavar="TIME",
        help="What the system had recorded by this time.",
    )(f)
    return click.option(
        "--as-of",
        callback=to_moment,
        metavar="TIME",
        help="The world as now known to have been at this time.",
    )(f)


@click.command()
@click.argument("candidate")
@point_in_time
@click.option(
    "--since", callback=to_moment, metavar="TIME", help="Only events that occurred from then on."
)
@click.option("--until", callback=to_moment, metavar="TIME", help="Only events up to then.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Only events of this kind, such as MessageQueued or stage_changed (repeatable).",
)
@JSON
@pass_session
def timeline(
    session: Session,
    *,
    candidate: str,
    as_of: datetime | None,
    known_at: datetime | None,
    version: int | None,
    since: datetime | None,
    until: datetime | None,
    kinds: tuple[str, ...],
    as_json: bool,
) -> None:
    """A candidate's history: one row per event, with reasons.

    Each row: when it happened (in --tz), who did it, what happened in words, the state
    changes, a queued message's recipient and first line, and for a policy's decision the
    policy and its reason. CANDIDATE is the candidate's ref (such as C-7K2M9Q) or UUID.
    """
    from cli.render_candidate import header, timeline_table

    app = session.app
    try:
        entries = app.timeline(
            candidate,
            as_of,
            known_at=known_at,
            version=version,
            since=since,
            until=until,
            kinds=kinds or None,
        )
    except ValueError as error:  # a kind the candidate's events do not have
        raise click.BadParameter(str(error).removeprefix("kind="), param_hint="'--kind'") from None
    if as_json:
        emit_json(dump_all(entries))
        return
    view = printable(app.candidate(candidate, as_of, known_at=known_at, version=version))
    parts = header(view, session.lang, session.zone)
    emit(console(), *parts, timeline_table(printable(entries), session.lang, session.zone))


@click.command()
@click.argument("candidate")
@point_in_time
@JSON
@pass_session
def show(
    session: Session,
    *,
    candidate: str,
    as_of: datetime | None,
    known_at: datetime | None,
    version: int | None,
    as_json: bool,
) -> None:
    """A candidate's state now, or at a past moment.

    Stage, contact, risk and its reasons, applications, what is open and due, and the head
    of the candidate's hash chain (head_hash).
    """
    from cli.render_lists import details

    view = session.app.candidate(candidate, as_of, known_at=known_at, version=version)
    if as_json:
        emit_json(dump(view))
        return
    emit(console(), *details(printable(view), session.lang, session.zone))


@click.command("list")
@click.option("--stage", type=click.Choice(STAGES))
@click.option("--contact", type=click.Choice(CONTACTS))
@click.option("--advisor", help="Only this advisor's candidates.")
@LIMIT
@click.option("--after", metavar="REF", help="Start after this ref (the last of the page before).")
@JSON
@pass_session
def list_candidates(
    session: Session,
    *,
    stage: str | None,
    contact: str | None,
    advisor: str | None,
    limit: int | None,
    after: str | None,
    as_json: bool,
) -> None:
    """Candidates, filtered by stage, contact or advisor.

    Sorted by ref; "next due" is when a policy will next act for the candidate. On a large
    store, page with --limit and --after.
    """
    from cli.render_lists import candidates_table

    def fetch(start: str | None, count: int) -> list[CandidateSummary]:
        return session.app.candidates(
            stage=stage, contact=contact, advisor=advisor, after=start, limit=count
        )

    rows = pages(fetch, lambda row: row.ref, after, limit)
    emit_pages(rows, as_json, lambda page: candidates_table(page, session.lang, session.zone))


@click.command()
@click.option(
    "--on",
    "due_on",
    callback=to_day,
    metavar="DATE",
    help="Only tasks due on this day (YYYY-MM-DD or 'today').",
)
@click.option("--advisor", help="Only this advisor's tasks.")
@click.option(
    "--status", type=click.Choice([*TASK_STATUSES, "all"]), default="open", show_default=True
)
@LIMIT
@click.option("--after", metavar="ID", help="Start after this task (the last of the page before).")
@JSON
@pass_session
def tasks(
    session: Session,
    *,
    due_on: date | None,
    advisor: str | None,
    status: str,
    limit: int | None,
    after: str | None,
    as_json: bool,
) -> None:
    """The advisors' tasks (open ones unless --status says).

    Calls to make while a candidate is silent, call-backs, and the follow-ups the risk
    policies ask for.
    """
    from cli.render_lists import tasks_table

    def fetch(start: str | None, count: int) -> list[Task]:
        return session.app.tasks(due_on, advisor, status, after=start, limit=count)

    rows = pages(fetch, lambda row: row.id, after, limit)
    emit_pages(rows, as_json, lambda page: tasks_table(page, session.lang))


@click.command()
@click.option(
    "--status", type=click.Choice([*MESSAGE_STATUSES, "all"]), default="queued", show_default=True
)
@click.option(
    "--due-by",
    callback=to_due_by,
    metavar="TIME|any",
    help="Only messages due by this time (ISO 8601, naive in --tz), or 'any'. [default: now]",
)
@LIMIT
@click.option(
    "--after", metavar="ID", help="Start after this message (the last of the page before)."
)
@JSON
@pass_session
def outbox(
    session: Session,
    *,
    status: str,
    due_by: datetime | Literal["now"] | None,
    limit: int | None,
    after: str | None,
    as_json: bool,
) -> None:
    """Messages due to be sent by now (see --status, --due-by).

    Messages to candidates and employers. The pipeline sends nothing itself: the embedding
    system delivers what is due and marks each one sent or failed.
    """
    from cli.render_lists import outbox_table

    def fetch(start: str | None, count: int) -> list[OutboxMessage]:
        return session.app.outbox(status, due_by=due_by, after=start, limit=count)

    rows = pages(fetch, lambda row: row.id, after, limit)
    emit_pages(rows, as_json, lambda page: outbox_table(page, session.lang, session.zone))


@click.command()
@click.option(
    "--region",
    "regions",
    multiple=True,
    type=click.Choice(REGIONS),
    help="Draw only these tables (repeatable). [default: stage, contact, application]",
)
def graph(regions: tuple[str, ...]) -> None:
    """The transition tables as a Mermaid state diagram.

    A stateDiagram-v2 generated from the very tables the domain decides with
    (the transition tables of pipeline/tables.py).
    """
    from pipeline import mermaid

    click.echo(mermaid(regions) if regions else mermaid(), nl=False)
