"""`pipeline exec FILE|-`: apply a JSON Lines file of commands, each line as it is read.

One line = one command object, `{"type": "register_candidate", "name": "…"}`, parsed by
`pipeline.commands.COMMANDS`. Lines are read, checked and applied one at a time, so a file of
any size starts at once and takes no more memory than its longest line. A line is applied
(with everything its policies decide) or refused with nothing written; a refusal names the line
and the field. Blank lines and lines starting with `#` are skipped. A store that cannot be used,
or Ctrl-C, stops the run and says at which line (later lines are not read). A line whose
command carries a `command_id` already applied is applied once only: rerunning a file whose
lines carry ids after an interruption applies nothing twice. Exit 1 if any line was refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from cli.labels import text
from cli.output import console, printable
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from pipeline import Pipeline

PROGRESS_FROM = 200  # lines: a progress display below this would only flicker
MAX_LINE = 1_000_000  # bytes: a command is a few hundred; longer is not a command


@dataclass
class Outcome:
    total: int = 0
    applied: int = 0
    refusals: list[str] = field(default_factory=list)
    line: int = 0  # the line being read

    def where(self) -> str:
        return (
            f"stopped at line {self.line} ({self.applied} commands applied and"
            f" {len(self.refusals)} refused before it; the lines after it were not read)"
        )


@click.command("exec")
@click.argument("source", type=click.File("rb"), metavar="FILE|-")
@pass_session
def exec_file(session: Session, source: BinaryIO) -> None:
    """Apply commands from a JSON Lines file (- for stdin).

    Each line is applied as it is read: one command per line, each applied or refused as a
    whole, e.g.

    {"type": "record_reply", "candidate": "C-7K2M9Q", "channel": "phone", "command_id": "r-1"}

    A line with a command_id already applied applies nothing again, so a file whose lines carry
    ids can be run again after an interruption.
    """
    app = session.writer
    outcome = Outcome()
    with progress() as (report, step), stopped_at(outcome):
        for number, raw in enumerate(iter(lambda: source.readline(MAX_LINE), b""), start=1):
            outcome.line = number
            refusal = read_and_apply(app, number, raw)
            if refusal == "":
                continue
            outcome.total += 1
            if refusal is None:
                outcome.applied += 1
            else:
                outcome.refusals.append(refusal)
                report(printable(refusal))
            step()
    counts = {"total": outcome.total, "applied": outcome.applied, "refused": len(outcome.refusals)}
    click.echo(text(session.lang, "exec_summary", **counts))
    if outcome.refusals:
        raise click.exceptions.Exit(1)


@contextmanager
def stopped_at(outcome: Outcome) -> Iterator[None]:
    """A store that fails, or Ctrl-C, ends the run with the line it stopped at."""
    from pipeline import StoreError

    try:
        yield
    except StoreError as error:
        raise StoreError(f"{outcome.where()}: {error}") from None
    except KeyboardInterrupt:
        click.echo(f"Interrupted: {outcome.where()}", err=True)
        raise click.exceptions.Exit(130) from None


@contextmanager
def progress() -> Iterator[tuple[Callable[[str], None], Callable[[], None]]]:
    """(report a refusal, count a line): a count of lines on a terminal, from PROGRESS_FROM."""
    err = console(stderr=True)
    if not err.is_terminal:
        yield (lambda m: click.echo(m, err=True)), (lambda: None)
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as shown:
        bar = shown.add_task("exec", total=None, visible=False)
        done = [0]

        def step() -> None:
            done[0] += 1
            shown.update(bar, advance=1, visible=done[0] >= PROGRESS_FROM)

        yield shown.console.print, step


def read_and_apply(app: Pipeline, number: int, raw: bytes) -> str | None:
    """None when applied, "" for a line skipped, else why it was refused (nothing written)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"line {number}: refused: not valid UTF-8 (byte {error.start + 1})"
    if not line.endswith("\n") and len(raw) >= MAX_LINE:
        return f"line {number}: refused: longer than {MAX_LINE:,} bytes"
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return ""
    return apply_line(app, number, line)


def apply_line(app: Pipeline, number: int, line: str) -> str | None:
    """None when the line was applied; otherwise why it was refused (nothing was written)."""
    from pydantic import ValidationError

    from cli.errors import one_line
    from pipeline import COMMANDS, PipelineError, StoreError

    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return f"line {number}: refused: not valid JSON ({error.msg} at column {error.colno})"
    except RecursionError:
        return f"line {number}: refused: not valid JSON (nested too deep)"
    except ValueError as error:  # an integer of thousands of digits
        return f"line {number}: refused: not valid JSON ({error})"
    kind = data.get("type") if isinstance(data, dict) else None
    prefix = f"line {number}: refused{f' ({kind})' if isinstance(kind, str) else ''}"
    try:
        app.execute(COMMANDS.validate_python(data))
    except ValidationError as error:
        return f"{prefix}: {one_line(error, drop=_tag(kind))}"
    except StoreError:
        raise
    except PipelineError as error:
        return f"{prefix}: {error}"
    return None


def _tag(kind: Any) -> str | None:
    return kind if isinstance(kind, str) else None
