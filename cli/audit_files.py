"""`pipeline audit export|import`: move histories between stores, as versioned JSON Lines.

Only click and the CLI's own light modules are imported here; the audit itself
(`pipeline.audit`) is imported when a subcommand runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

import click

from cli.progress import progress_bar
from cli.session import Session, pass_session

OUTPUT = click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="Write to this file instead of standard output.",
)
KEY_FILE = click.option(
    "--key-file",
    type=click.Path(exists=True, dir_okay=False),
    help="The audit key (else $PIPELINE_AUDIT_KEY_FILE or $PIPELINE_AUDIT_KEY): signs and "
    "checks anchors and checkpoints.",
)


@click.command()
@click.argument("candidates", nargs=-1, metavar="[C ...]")
@OUTPUT
@KEY_FILE
@pass_session
def export(
    session: Session, candidates: tuple[str, ...], output: IO[str], key_file: str | None
) -> None:
    """Write every event (or the candidates named) as JSON Lines.

    The versioned format of docs/audit.md: a header line, the policy configuration log, each
    candidate's events in order with their hashes, and an end line (signed with the audit
    key, if there is one). `pipeline audit import` reads it back into an empty store.
    """
    from pipeline.audit import audit_key, export_events

    with progress_bar("exporting candidates") as progress:
        summary = export_events(
            session.app, output, candidates or None, key=audit_key(key_file), progress=progress
        )
    click.echo(
        f"exported {summary.candidates} candidates, {summary.events} events and "
        f"{summary.configuration_events} configuration entries",
        err=True,
    )


@click.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@KEY_FILE
@pass_session
@click.pass_context
def import_(ctx: click.Context, session: Session, file: IO[str], key_file: str | None) -> None:
    """Read an export (FILE, or - for standard input) into an empty store.

    Every line is checked (its hashes, its event's topic, the commands' own rules for its
    values) before anything is committed, in one transaction with the read models: a
    changed, missing or reordered line, or a value no command would accept, is refused with
    its line number and nothing is imported. With the audit key, only an export it signed is
    imported. Run `pipeline audit verify` afterwards to replay what was imported.
    """
    from pipeline import describe_store
    from pipeline.audit import ImportRefused, audit_key, import_events

    key = audit_key(key_file)
    try:
        with progress_bar("importing", minimum=BIG_FILE) as progress:
            lines = read_lines(file, file_size(file), progress)
            summary = import_events(session.writer, lines, key=key)
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{file.name} is not valid UTF-8 (byte {error.start + 1} of a line);"
            " nothing was imported"
        ) from None
    except ImportRefused as refused:
        click.echo("Error: nothing was imported:", err=True)
        for problem in refused.problems[:SHOWN_PROBLEMS]:
            click.echo(f"  {problem}", err=True)
        more = len(refused.problems) - SHOWN_PROBLEMS + refused.dropped
        if more > 0:
            click.echo(f"  … and {more} more", err=True)
        ctx.exit(1)
    click.echo(
        f"imported {summary.candidates} candidates, {summary.events} events and "
        f"{summary.configuration_events} configuration entries into {describe_store(session.db)}"
    )


SHOWN_PROBLEMS = 50
BIG_FILE = 4 * 1024 * 1024  # bytes: a smaller import is over before a bar is worth drawing


def file_size(file: IO[str]) -> int:
    """The file's size in bytes, or 0 when it has none to tell (a pipe)."""
    import os

    try:
        return os.fstat(file.fileno()).st_size
    except (OSError, ValueError):
        return 0


def read_lines(file: IO[str], size: int, progress: Callable[[int, int], None]) -> Iterator[str]:
    """The file's lines, telling `progress` how many of its `size` bytes have been read."""
    done = 0
    for number, line in enumerate(file):
        done += len(line.encode("utf-8"))
        if number % 1000 == 0:
            progress(done, size)
        yield line.rstrip("\n")
    progress(done, size)
