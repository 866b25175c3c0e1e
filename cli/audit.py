"""`pipeline audit verify|export|import|what-if|dossier`: check the store, move histories
between stores, replay other policies over them, and one candidate's story on a page.

Only click and the CLI's own light modules are imported here; the audit itself
(`pipeline.audit`) is imported when a subcommand runs.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import click

from cli.audit_reports import dossier, what_if
from cli.output import emit_json
from cli.progress import progress_bar
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from pipeline.audit import VerifyReport


@click.group()
def audit() -> None:
    """Verify, export and import the event store; what-if; dossiers."""


@audit.command()
@click.argument("candidates", nargs=-1, metavar="[C ...]")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_session
@click.pass_context
def verify(
    ctx: click.Context, session: Session, candidates: tuple[str, ...], as_json: bool
) -> None:
    """Replay the store (or the candidates named) and check it.

    Checks that each candidate's hash chain is intact, that every transition is legal under
    the transition tables, and that every policy decision is reproduced by running the policy
    again on the history before it, with the configuration recorded for it. Prints a summary
    and each discrepancy (candidate, version, what differs); exits 1 if there is any.
    """
    from pipeline.audit import verify as run_verify

    with progress_bar() as progress:
        report = run_verify(session.app, candidates or None, progress)
    if as_json:
        emit_json(report.model_dump(mode="json"))
    else:
        print_report(report)
    if not report.ok:
        ctx.exit(1)


@audit.command()
@click.argument("candidates", nargs=-1, metavar="[C ...]")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="Write to this file instead of standard output.",
)
@pass_session
def export(session: Session, candidates: tuple[str, ...], output: IO[str]) -> None:
    """Write every event (or the candidates named) as JSON Lines.

    The versioned format of docs/audit.md: a header line, the policy configuration log, each
    candidate's events in order with their hashes, and an end line. `pipeline audit import`
    reads it back into an empty store.
    """
    from pipeline.audit import export_events

    summary = export_events(session.app, output, candidates or None)
    click.echo(
        f"exported {summary.candidates} candidates, {summary.events} events and "
        f"{summary.configuration_events} configuration entries",
        err=True,
    )


@audit.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@pass_session
@click.pass_context
def import_(ctx: click.Context, session: Session, file: IO[str]) -> None:
    """Read an export (FILE, or - for standard input) into an empty store.

    Every line is checked before anything is written; a changed, missing or reordered line
    is refused with its line number and nothing is imported. The read models are rebuilt
    afterwards; run `pipeline audit verify` to replay what was imported.
    """
    from pipeline import describe_store
    from pipeline.audit import ImportRefused, import_events

    try:
        summary = import_events(session.writer, (line.rstrip("\n") for line in file))
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{file.name} is not valid UTF-8 (byte {error.start + 1} of a line);"
            " nothing was imported"
        ) from None
    except ImportRefused as refused:
        click.echo("Error: nothing was imported:", err=True)
        for problem in refused.problems:
            click.echo(f"  {problem}", err=True)
        ctx.exit(1)
    click.echo(
        f"imported {summary.candidates} candidates, {summary.events} events and "
        f"{summary.configuration_events} configuration entries into {describe_store(session.db)}"
    )


def print_report(report: VerifyReport) -> None:
    for found in report.discrepancies:
        click.echo(found.line())
    click.echo(report.summary())


audit.add_command(what_if)
audit.add_command(dossier)
