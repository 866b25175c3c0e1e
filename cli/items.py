"""`pipeline message show|mark ID` and `pipeline task done ID`: one outbox item by its id.

ID is the whole id or any prefix of at least 6 characters that no other id starts with (the
timeline, `outbox` and `tasks` show 8). The candidate is found from the item itself.
"""

from __future__ import annotations

import click

from cli.errors import options_checked
from cli.labels import state, text
from cli.output import console, dump, emit, emit_json, local, printable
from cli.session import Session, pass_session


def message_marks() -> list[str]:
    """What a person may mark a message: the moves of the core's message table that its
    `mark_message` command takes (a relay's own, `sending` and `uncertain`, are the relay's),
    so a move either gains is a choice here without an edit."""
    from typing import get_args

    from cli.fields import shape
    from cli.verbs import models
    from pipeline import TABLES

    marks = get_args(shape(models()["mark_message"].model_fields["status"].annotation)[0])
    return sorted({row["trigger"] for row in TABLES["message"]} & set(marks))


@click.group()
def message() -> None:
    """One outbox message: show it whole, or mark what became of it."""


@message.command("show")
@click.argument("message_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the OutboxMessage as JSON.")
@pass_session
def show_message(session: Session, message_id: str, as_json: bool) -> None:
    """The whole message: recipient and address, status, when it is due, subject and body."""
    found = printable(session.app.message(message_id))
    if as_json:
        emit_json(dump(found))
        return
    lang, zone = session.lang, session.zone
    facts = [
        ("message", f"{found.id}  ({found.ref}, {found.kind})"),
        ("to", f"{text(lang, found.recipient)} {found.to}"),
        ("status", state(lang, found.status) + (f" ({found.error})" if found.error else "")),
        ("due", local(found.due_at, zone)),
        ("subject", found.subject),
    ]
    lines = [f"{text(lang, key)}: {value}" for key, value in facts]
    emit(console(), *lines)
    click.echo("\n" + found.body.rstrip("\n"))  # as it will be sent: never re-wrapped


@message.command("mark")
@click.argument("message_id", metavar="ID")
@click.option(
    "--status",
    required=True,
    type=click.Choice(message_marks()),
    help="What became of it (the message table's moves).",
)
@click.option("--error", help="Why it failed, as the mail server said.")
@pass_session
def mark_message(session: Session, message_id: str, status: str, error: str | None) -> None:
    """Record what became of an outbox message: sent, failed, cancelled, or queued to send
    it again.

    A person settles what the relay could not (an `uncertain` message: sent, failed, or queued
    again), or an embedding system's own mailer marks what it delivered; a failed message stays
    in `outbox --status failed` until it is sent, queued again or cancelled.
    """
    found = session.app.message(message_id)
    with options_checked({"status": "--status", "error": "--error", "actor": "--as"}):
        session.writer.execute(
            {"type": "mark_message", "candidate": found.ref, "message_id": found.id,
             "status": status, "error": error, "actor": session.actor}
        )  # fmt: skip
    after = session.app.message(found.id)
    moved = f"{state(session.lang, found.status)} → {state(session.lang, after.status)}"
    click.echo(f"{found.ref}  {text(session.lang, 'message')} {found.id[:8]}: {moved}")


@click.group()
def task() -> None:
    """One advisor's task: mark it done."""


@task.command("done")
@click.argument("task_id", metavar="ID")
@pass_session
def task_done(session: Session, task_id: str) -> None:
    """Mark an advisor's task done (a call made, a follow-up given)."""
    found = session.app.task(task_id)
    with options_checked({"actor": "--as"}):
        session.writer.complete_task(found.ref, found.id, actor=session.actor)
    moved = f"{state(session.lang, found.status)} → {state(session.lang, 'done')}"
    title = printable(found.title)
    click.echo(f"{found.ref}  {text(session.lang, 'task')} {found.id[:8]}: {title} ({moved})")
