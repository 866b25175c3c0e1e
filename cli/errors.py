"""Errors as the user sees them: one line on stderr and an exit code, never a traceback.

Exit 1: the pipeline refused (a `PipelineError`, bad input named by its field, a store that
cannot be used). Exit 2: the command line itself is wrong (click's usage errors, and a
pydantic error on a field that is one of the command's own options).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pydantic import ValidationError


def one_line(error: ValidationError, drop: str | None = None) -> str:
    """Every problem of a pydantic error as `field: message`, on one line.

    `drop` removes a leading location part, such as the command type of a tagged union.
    """
    return "; ".join(_problem(problem, drop) for problem in error.errors())


def _problem(problem: Mapping[str, Any], drop: str | None) -> str:
    loc = [str(part) for part in problem["loc"]]
    if loc and loc[0] == drop:
        loc = loc[1:]
    if not loc and str(problem["type"]).startswith("union_tag"):
        loc = ["type"]
    message = str(problem["msg"]).removeprefix("Value error, ")
    return f"{'.'.join(loc)}: {message}" if loc else message


def fields_of(error: ValidationError) -> set[str]:
    return {str(p["loc"][0]) for p in error.errors() if p["loc"]}


@contextmanager
def options_checked(options: Mapping[str, str]) -> Iterator[None]:
    """Turn a pydantic error on fields given as options (field -> `--option`) into a usage
    error (exit 2) naming the option; other errors pass on unchanged."""
    from pydantic import ValidationError

    try:
        yield
    except ValidationError as error:
        fields = fields_of(error)
        if not fields or not fields <= set(options):
            raise
        hint = ", ".join(f"'{options[f]}'" for f in sorted(fields))
        raise click.BadParameter(_messages(error), param_hint=hint) from None


def _messages(error: ValidationError) -> str:
    return "; ".join(
        str(p["msg"]).removeprefix("Value error, ") + f" (got {_shown(p['input'])})"
        for p in error.errors()
    )


def _shown(value: object) -> str:
    """A rejected value as typed: times in ISO 8601, text quoted."""
    return value.isoformat() if isinstance(value, datetime) else repr(value)


def describe(error: Exception) -> str | None:
    """The one-line message for an error the user can cause, or None for a bug.

    The core turns the store's own errors (eventsourcing's, sqlite3's, psycopg's) into
    `StoreError`, so the command needs no knowledge of them.
    """
    from pydantic import ValidationError

    from pipeline import PipelineError, StoreError

    if isinstance(error, StoreError):
        return f"{error}{_lock_hint(error)}"
    if isinstance(error, PipelineError):
        return str(error)
    if isinstance(error, ValidationError):
        return one_line(error)
    return None


def _lock_hint(error: Exception) -> str:
    return " (another process is using it; try again)" if "locked" in str(error) else ""


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Run a command; a foreseeable error becomes click's one-line `Error: …` and exit 1."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as error:
        message = describe(error)
        if message is None:
            raise
        from cli.output import printable

        raise click.ClickException(printable(" ".join(message.split("\n")))) from None
