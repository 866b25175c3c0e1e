"""`pipeline audit verify|anchor|export|import|what-if|dossier`: check the store, anchor it,
move histories between stores, replay other policies over them, one candidate's story.

Only click and the CLI's own light modules are imported here; the audit itself
(`pipeline.audit`) is imported when a subcommand runs.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

import click

from cli.audit_files import KEY_FILE, OUTPUT, export, import_
from cli.audit_reports import dossier, what_if
from cli.output import emit_json
from cli.progress import progress_bar
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from pipeline.audit import VerifyReport


@click.group()
def audit() -> None:
    """Verify, anchor, export and import the event store; what-if; dossiers."""


@audit.command()
@click.argument("candidates", nargs=-1, metavar="[C ...]")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes to spread a whole-store verify over.",
)
@click.option(
    "--anchor",
    "anchor_file",
    type=click.File("r", encoding="utf-8"),
    help="An anchor taken earlier (pipeline audit anchor): find what was deleted or "
    "rewritten since.",
)
@click.option(
    "--since-checkpoint",
    is_flag=True,
    help="Check only what was added since the latest checkpoint.",
)
@click.option(
    "--checkpoint",
    is_flag=True,
    help="Record the verified heads as a checkpoint if nothing was found.",
)
@KEY_FILE
@pass_session
@click.pass_context
def verify(
    ctx: click.Context, session: Session, /, candidates: tuple[str, ...], **options: Any
) -> None:
    """Replay the store (or the candidates named) and check it.

    Checks that each candidate's hash chain is intact, that every transition is legal under
    the transition tables, that every policy decision is reproduced by running the policy
    again on the history before it with the configuration recorded for it, and that its
    snapshots and read-model rows (the lists, the due index, the outbox, the tasks) are what
    its history makes; then the configuration log's chain, and every head the anchor or the
    latest checkpoint saw. Prints a summary and each discrepancy (candidate, version, what
    differs); exits 1 if there is any.
    """
    from pipeline.audit import audit_key
    from pipeline.audit import verify as run_verify

    whole = options["since_checkpoint"] or options["checkpoint"]
    if candidates and whole:
        raise click.UsageError("--since-checkpoint and --checkpoint verify the whole store")
    anchor_file = options["anchor_file"]
    with progress_bar() as progress:
        report = run_verify(
            session.app,
            candidates or None,
            progress,
            jobs=options["jobs"],
            anchor=read_json(anchor_file) if anchor_file is not None else None,
            key=audit_key(options["key_file"]),
            since_checkpoint=options["since_checkpoint"],
            checkpoint=options["checkpoint"],
        )
    if options["as_json"]:
        emit_json(report.model_dump(mode="json"))
    else:
        print_report(report)
    if not report.ok:
        ctx.exit(1)


@audit.command()
@OUTPUT
@KEY_FILE
@pass_session
def anchor(session: Session, output: IO[str], key_file: str | None) -> None:
    """Print a digest of the whole store, to keep outside it.

    Every candidate's head (its last version and that event's hash), the configuration
    log's head, the counts, one root hash and the time; with an audit key, an HMAC over it.
    Keep it in a ticket or send it to the auditor: `pipeline audit verify --anchor FILE`
    later finds events deleted from the end of a history, deleted candidates and histories
    rewritten since. Take it after a verify that found nothing.
    """
    import json

    from pipeline.audit import anchor_store, audit_key

    key = audit_key(key_file)
    taken = anchor_store(session.app)
    document = taken.document(key)
    output.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    signed = "signed" if key is not None else "not signed (no audit key)"
    click.echo(
        f"anchor of {len(taken.heads)} candidates and {taken.events} events, root "
        f"{taken.root}, {signed}",
        err=True,
    )


def read_json(file: IO[str]) -> Any:
    import json

    try:
        return json.load(file)
    except json.JSONDecodeError as error:
        raise click.BadParameter(
            f"{file.name} is not JSON ({error.msg})", param_hint="'--anchor'"
        ) from None


def print_report(report: VerifyReport) -> None:
    for found in report.discrepancies:
        click.echo(found.line())
    for note in report.notes:
        click.echo(f"note: {note}")
    click.echo(report.summary())
    if report.checkpoint:
        click.echo(f"recorded {report.checkpoint}")


audit.add_command(export)
audit.add_command(import_)
audit.add_command(what_if)
audit.add_command(dossier)
