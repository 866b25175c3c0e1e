"""A verb for every command on a candidate: `pipeline meeting C`, `pipeline app submit C A`…

Each verb is built from the command's pydantic model (`pipeline.AnyCommand`): its arguments
are the candidate (and the application), its options the model's other fields, named as the
fields are (`--desired-salary` sets `desired_salary`); its help is the library method's
docstring, which says what happens and which policies run. Who is typing is the global `--as`.
After the write the verb prints the candidate's stage and contact, and the application for a
command on one (`propose` prints the new application's id first).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, get_args

import click

from cli.errors import options_checked
from cli.fields import given, names, parameters
from cli.main import SUBCOMMANDS
from cli.session import Session

CANDIDATE, APPLICATION = ("candidate",), ("candidate", "application")
# name on the command line -> (the command's type, its positional fields)
VERBS: dict[str, tuple[str, tuple[str, ...]]] = {
    "meeting": ("record_first_meeting", CANDIDATE),
    "propose": ("propose_job", CANDIDATE),
    "review": ("record_resume_feedback", CANDIDATE),
    "prep": ("record_interview_prep", CANDIDATE),
    "withdraw": ("withdraw", CANDIDATE),
    "reopen": ("reopen", CANDIDATE),
    "edit": ("update_details", CANDIDATE),
    "opt-out": ("record_opt_out", CANDIDATE),
}
APP_VERBS: dict[str, tuple[str, tuple[str, ...]]] = {
    "submit": ("submit_application", APPLICATION),
    "employer": ("record_employer_move", APPLICATION),
    "interview": ("confirm_interview", APPLICATION),
    "accept": ("accept_offer", APPLICATION),
    "decline": ("decline_offer", APPLICATION),
    "withdraw": ("withdraw_application", APPLICATION),
    "pause": ("pause_application", APPLICATION),
    "resume": ("resume_application", APPLICATION),
    "intent": ("mark_hiring_intent", APPLICATION),
}


def models() -> dict[str, Any]:
    """The command models by their `type`, from the public union of commands."""
    from pipeline import AnyCommand

    union = get_args(AnyCommand)[0]
    return {m.model_fields["type"].default: m for m in get_args(union)}


def method_help(kind: str) -> str:
    """What the library method says it does (the handler's docstring: which policies run)."""
    from pipeline import Pipeline

    return inspect.cleandoc(getattr(Pipeline, kind).__doc__ or "")


def build(
    name: str, kind: str, arguments: Sequence[str], summary: str | None = None
) -> click.Command:
    model = models()[kind]

    @click.pass_context
    def callback(ctx: click.Context, /, **values: Any) -> None:
        session = ctx.find_object(Session) or Session()
        fields = given(values)
        with options_checked(names(model, arguments)):
            result = session.writer.execute(model(**fields, actor=session.actor))
        report(session, kind, fields, result)

    return click.Command(
        name,
        params=parameters(model, arguments),
        callback=callback,
        help=method_help(kind),
        short_help=summary,
    )


def report(session: Session, kind: str, fields: dict[str, Any], result: Any) -> None:
    """What the write left: the application it made or moved, then stage and contact."""
    from cli.output import printable
    from cli.render_candidate import application_line
    from cli.write import print_contact_state

    application = result if kind == "propose_job" else fields.get("application")
    if isinstance(application, str):
        view = printable(session.app.candidate(fields["candidate"]))
        chosen = next(a for a in view.applications if a.id == application.upper())
        click.echo(application_line(chosen, session.lang))
    if kind == "update_details":
        click.echo(printable(changed_line(session.lang, result)))
    print_contact_state(session, fields["candidate"])


def changed_line(lang: str, changes: dict[str, str | None]) -> str:
    from cli.labels import text

    if not changes:
        return text(lang, "nothing_changed")
    return ", ".join(f"{text(lang, k)} → {v or text(lang, 'none')}" for k, v in changes.items())


def _verbs(
    table: dict[str, tuple[str, tuple[str, ...]]], summaries: dict[str, tuple[str, str]]
) -> dict[str, click.Command]:
    return {
        name: build(name, kind, arguments, summaries.get(name, ("", None))[1])
        for name, (kind, arguments) in table.items()
    }


COMMANDS = _verbs(VERBS, SUBCOMMANDS)
meeting, propose, review, prep = (COMMANDS[n] for n in ("meeting", "propose", "review", "prep"))
withdraw, reopen, edit = COMMANDS["withdraw"], COMMANDS["reopen"], COMMANDS["edit"]
opt_out = COMMANDS["opt-out"]
app = click.Group(
    "app",
    commands=_verbs(APP_VERBS, {}),
    short_help=SUBCOMMANDS["app"][1],
    help="The moves of one application (応募), each `pipeline app VERB CANDIDATE APPLICATION`: "
    "`pipeline app submit C-1 A1`, `pipeline app employer C-1 A1 --move offer_made`.",
)
