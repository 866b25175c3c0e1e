"""The everyday advisor actions (`add`, `contact`, `reply`) and `tick`.

Each builds the core's command from its options; a value the core refuses is reported as a
usage error naming the option (exit 2), a refusal of the domain as an error (exit 1).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from cli.errors import options_checked
from cli.labels import CHANNELS, OUTCOMES, state, text
from cli.output import console, dump, emit, emit_json, printable
from cli.params import to_moment
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from pipeline import Channel, Outcome

AT = click.option(
    "--at",
    callback=to_moment,
    metavar="TIME",
    help="When it happened (ISO 8601, naive in --tz). [default: now]",
)
NOTE = click.option("--note", help="A short note for the timeline.")
CHANNEL = click.option("--channel", type=click.Choice(CHANNELS), required=True)
NAMED = {"note": "--note", "at": "--at", "candidate": "CANDIDATE", "actor": "--as"}


@click.command()
@click.argument("name")
@click.option("--email")
@click.option("--phone")
@click.option("--advisor", help="The advisor's id, such as sato.")
@click.option("--ref", help="The agency's own key. [default: a generated one, C-XXXXXX]")
@AT
@pass_session
def add(
    session: Session,
    *,
    name: str,
    email: str | None,
    phone: str | None,
    advisor: str | None,
    ref: str | None,
    at: datetime | None,
) -> None:
    """Register a new candidate.

    NAME is the candidate's name; the ref printed is what other commands take.
    """
    options = {f: f"--{f}" for f in ("email", "phone", "advisor", "ref", "at")} | {"name": "NAME"}
    with options_checked(options | {"actor": "--as"}):
        candidate_id = session.writer.register_candidate(
            name, email=email, phone=phone, advisor=advisor, ref=ref, at=at, actor=session.actor
        )
    view = printable(session.app.candidate(str(candidate_id)))
    click.echo(f"{view.ref}  {view.name}  ({candidate_id})")


@click.command()
@click.argument("candidate")
@CHANNEL
@click.option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    default="sent",
    show_default=True,
    help="no_answer: a call rang out (a missed call); reached: you spoke with them.",
)
@NOTE
@AT
@pass_session
def contact(
    session: Session,
    *,
    candidate: str,
    channel: Channel,
    outcome: Outcome,
    note: str | None,
    at: datetime | None,
) -> None:
    """Record a call, email or message to a candidate.

    A contact that expects an answer makes CANDIDATE awaiting a reply; --outcome reached
    counts as hearing from them.
    """
    with options_checked(NAMED):
        session.writer.record_outbound_contact(
            candidate, channel=channel, outcome=outcome, note=note, at=at, actor=session.actor
        )
    print_contact_state(session, candidate)


@click.command()
@click.argument("candidate")
@CHANNEL
@NOTE
@AT
@pass_session
def reply(
    session: Session, candidate: str, channel: Channel, note: str | None, at: datetime | None
) -> None:
    """Record that a candidate replied.

    A silence ends: the selections it paused resume and queued outreach is cancelled.
    """
    with options_checked(NAMED):
        session.writer.record_reply(
            candidate, channel=channel, note=note, at=at, actor=session.actor
        )
    print_contact_state(session, candidate)


def print_contact_state(session: Session, candidate: str) -> None:
    from cli.render_candidate import contact_line

    view = printable(session.app.candidate(candidate))
    line = contact_line(view, session.lang, session.zone)
    stage = state(session.lang, view.stage)
    lang = session.lang
    click.echo(f"{view.ref}  {text(lang, 'stage')}: {stage}  {text(lang, 'contact')}: {line}")


@click.command()
@click.option(
    "--now", callback=to_moment, metavar="TIME", help="Run as of this time. [default: the clock]"
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print what would be decided and write nothing (not even the configuration).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the TickReport as JSON.")
@pass_session
def tick(session: Session, now: datetime | None, dry_run: bool, as_json: bool) -> None:
    """Run the time-based policies for everything due by now.

    Silence detection, outreach, stall messages, check-ins and closing, for every candidate
    with something due; prints what was done. --now may be earlier than the clock, never
    later (decisions dated ahead of the clock would come before what really happens next).
    """
    from cli.render_lists import tick_lines

    session.read_only = dry_run
    with options_checked({"now": "--now"}):
        report = session.writer.tick(now, dry_run=dry_run)
    if as_json:
        emit_json(dump(report))
        return
    emit(console(), *tick_lines(printable(report), session.lang, session.zone))
