"""Entry point of the `pipeline` console script: the root group and its global options.

This module imports click and the standard library only. Each subcommand lives in its own
module, imported when it runs (see `cli.lazy`), so `pipeline --help` and `pipeline --version`
never load eventsourcing, pydantic or transitions.
"""

from __future__ import annotations

import os
from typing import Any

import click

from cli.errors import friendly_errors
from cli.lazy import LazyGroup
from cli.params import validate_zone
from cli.session import DEFAULT_DB, DEFAULT_TZ, Session

VERSION = "0.1.0"

SUBCOMMANDS = {
    "demo": ("cli.demo:demo", "Write the article's story to a demo store and show its timeline."),
    "timeline": ("cli.read:timeline", "A candidate's history: one row per event, with reasons."),
    "show": ("cli.read:show", "A candidate's state now, or at a past moment."),
    "list": ("cli.read:list_candidates", "Candidates, filtered by stage, contact or advisor."),
    "tasks": ("cli.read:tasks", "The advisors' tasks (open ones unless --status says)."),
    "outbox": (
        "cli.read:outbox",
        "Messages due to be sent by now (see --status, --due-by).",
    ),
    "tick": ("cli.write:tick", "Run the time-based policies for everything due by now."),
    "deliver": (
        "cli.deliver:deliver",
        "Send the messages due by now through a mail server, each one once.",
    ),
    "add": ("cli.write:add", "Register a new candidate."),
    "edit": ("cli.verbs:edit", "Change a candidate's name, email, phone or advisor."),
    "meeting": ("cli.verbs:meeting", "Record the first meeting (初回面談)."),
    "propose": ("cli.verbs:propose", "Introduce a job (求人紹介); prints the application's id."),
    "review": ("cli.verbs:review", "Record a resume review (履歴書添削)."),
    "prep": ("cli.verbs:prep", "Record interview preparation (面接対策)."),
    "app": ("cli.verbs:app", "An application's moves: submit, employer, interview, accept…"),
    "contact": ("cli.write:contact", "Record a call, email or message to a candidate."),
    "reply": ("cli.write:reply", "Record that a candidate replied."),
    "withdraw": ("cli.verbs:withdraw", "The candidate withdraws from the agency's search."),
    "reopen": ("cli.verbs:reopen", "Reopen a withdrawn or closed candidate."),
    "opt-out": (
        "cli.verbs:opt_out",
        "Record that the candidate asked not to be contacted on a channel.",
    ),
    "message": (
        "cli.items:message",
        "One outbox message: show it whole, or mark what became of it.",
    ),
    "task": ("cli.items:task", "One advisor's task: mark it done."),
    "exec": ("cli.execfile:exec_file", "Apply commands from a JSON Lines file (- for stdin)."),
    "graph": ("cli.read:graph", "The transition tables as a Mermaid state diagram."),
    "report": ("cli.report:report", "Silence and recovery metrics, per advisor and per month."),
    "ledger": ("cli.ledger:ledger", "The statutory ledgers: 求職管理簿 and 職業紹介事業報告書."),
    "audit": (
        "cli.audit:audit",
        "Verify, anchor, export and import the event store; what-if; dossiers.",
    ),
}


def default_lang() -> str:
    """`ja` when the locale (LANG) is Japanese, otherwise `en`."""
    return "ja" if os.environ.get("LANG", "").lower().startswith("ja") else "en"


class PipelineGroup(LazyGroup):
    """Runs every subcommand under `friendly_errors`: no traceback for a foreseeable mistake."""

    def invoke(self, ctx: click.Context) -> Any:
        with friendly_errors():
            return super().invoke(ctx)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse an argument that is not valid UTF-8 (Python hands its bytes on as lone
        surrogates, which no store can hold) before any command sees it."""
        for number, arg in enumerate(args, start=1):
            if any("\ud800" <= ch <= "\udfff" for ch in arg):
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                raise click.UsageError(f"argument {number} is not valid UTF-8 text: {shown!r}")
        return super().parse_args(ctx, args)


@click.group(
    cls=PipelineGroup,
    lazy_subcommands=SUBCOMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    envvar="PIPELINE_DB",
    default=DEFAULT_DB,
    show_default=True,
    metavar="PATH|URL",
    help="The store: an SQLite file, or a postgresql:// URL. [env: PIPELINE_DB]",
)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=default_lang,
    help="Language of what is printed and of timeline summaries. [default: from LANG]",
)
@click.option(
    "--tz",
    default=DEFAULT_TZ,
    show_default=True,
    callback=validate_zone,
    help="Zone in which times are shown and naive times are read.",
)
@click.option(
    "--config",
    "config_file",
    envvar="PIPELINE_CONFIG",
    type=click.Path(exists=True, dir_okay=False),
    help="Policy configuration: a TOML or JSON file of PolicyConfig fields. [env: PIPELINE_CONFIG]",
)
@click.option(
    "--as",
    "actor",
    envvar="PIPELINE_ACTOR",
    metavar="ACTOR",
    help="Who is typing, recorded on every write: advisor:tanaka (or just tanaka), candidate, "
    "employer or system. [default: the candidate's advisor] [env: PIPELINE_ACTOR]",
)
@click.version_option(VERSION, prog_name="pipeline")
@click.pass_context
def cli(
    ctx: click.Context, *, db: str, lang: str, tz: str, config_file: str | None, actor: str | None
) -> None:
    """Inspect and drive a recruitment agency's candidate pipeline.

    Start with `pipeline demo`, then try `pipeline --db pipeline-demo.db list`.
    """
    session = ctx.ensure_object(Session)
    session.configure(db=db, lang=lang, tz=tz, config_file=config_file, actor=actor)
    ctx.call_on_close(session.close)


def main() -> None:
    cli(prog_name="pipeline")
