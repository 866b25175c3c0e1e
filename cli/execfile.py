"""`pipeline exec FILE|-`: apply a JSON Lines file of commands, each line as a whole.

One line = one command object, `{"type": "register_candidate", "name": "…"}`, parsed by
`pipeline.commands.COMMANDS`. A line is applied (with everything its policies decide) or
refused with nothing written; a refusal names the line and the field. Blank lines and lines
starting with `#` are skipped. A store that cannot be used stops the run (later lines would
fail the same way). Exit 1 if any line was refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

import click

from cli.labels import text
from cli.output import console
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from pipeline import Pipeline

PROGRESS_FROM = 200  # lines: a progress bar below this would only flicker


@dataclass
class Outcome:
    total: int = 0
    applied: int = 0
    refusals: list[str] = field(default_factory=list)


@click.command("exec")
@click.argument("source", type=click.File("r", encoding="utf-8"), metavar="FILE|-")
@pass_session
def exec_file(session: Session, source: TextIO) -> None:
    """Apply commands from a JSON Lines file (- for stdin).

    One command per line, each applied or refused as a whole, e.g.

    {"type": "record_reply", "candidate": "C-7K2M9Q", "channel": "phone"}
    """
    numbered = [(n, line) for n, line in enumerate(source, start=1) if not skipped(line)]
    outcome = run_with_progress(session.writer, numbered)
    counts = {"total": outcome.total, "applied": outcome.applied, "refused": len(outcome.refusals)}
    click.echo(text(session.lang, "exec_summary", **counts))
    if outcome.refusals:
        raise click.exceptions.Exit(1)


def skipped(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def run_with_progress(app: Pipeline, numbered: Sequence[tuple[int, str]]) -> Outcome:
    err = console(stderr=True)
    if len(numbered) < PROGRESS_FROM or not err.is_terminal:
        return run_lines(app, numbered, lambda m: click.echo(m, err=True), lambda: None)
    from rich.progress import Progress

    with Progress(console=err, transient=True) as progress:
        bar = progress.add_task("exec", total=len(numbered))
        return run_lines(app, numbered, progress.console.print, lambda: progress.advance(bar))


def run_lines(
    app: Pipeline,
    numbered: Sequence[tuple[int, str]],
    report: Callable[[str], None],
    step: Callable[[], None],
) -> Outcome:
    from pipeline import StoreError

    outcome = Outcome()
    for number, line in numbered:
        outcome.total += 1
        try:
            refusal = apply_line(app, number, line)
        except StoreError as error:
            stop = f"stopped at line {number} ({outcome.applied} lines applied before it)"
            raise StoreError(f"{stop}: {error}") from None
        if refusal is None:
            outcome.applied += 1
        else:
            outcome.refusals.append(refusal)
            report(refusal)
        step()
    return outcome


def apply_line(app: Pipeline, number: int, line: str) -> str | None:
    """None when the line was applied; otherwise why it was refused (nothing was written)."""
    from pydantic import ValidationError

    from cli.errors import one_line
    from pipeline import COMMANDS, PipelineError, StoreError

    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return f"line {number}: refused: not valid JSON ({error.msg} at column {error.colno})"
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
