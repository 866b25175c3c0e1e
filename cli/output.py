"""Printing: a rich console sized for reading, JSON for programs, times in the `--tz` zone.

Colour appears only on a terminal and never when NO_COLOR is set (rich's own rules); the
width is the terminal's (or COLUMNS), capped for readability, and into a pipe nothing wraps.
Text from the store is always printed as plain text, never parsed as rich markup, and with its
control characters made visible (`printable`): a name stored with a terminal escape code prints
as `\x1b[31m`, it does not turn the terminal red.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console, RenderableType

MAX_WIDTH = 120
UNWRAPPED = 10_000  # off a terminal without COLUMNS: lines as long as they are (cron logs)
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # every C0 and C1 code but the newline
JSON_UNESCAPED = re.compile(r"[\x7f-\x9f]")  # json.dumps escapes C0 itself


def printable(value: Any) -> Any:
    """`value` (text, a view, or lists of them) with control characters shown as `\\xNN`."""
    if isinstance(value, str):
        return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    if isinstance(value, list | tuple):
        return type(value)(printable(v) for v in value)
    if isinstance(value, dict):
        return {k: printable(v) for k, v in value.items()}
    fields = getattr(type(value), "model_fields", None)  # a pydantic view
    if fields is not None:
        return value.model_copy(update={name: printable(getattr(value, name)) for name in fields})
    return value


def console(stderr: bool = False) -> Console:
    """A console for stdout (or stderr); with NO_COLOR set, no escape codes at all. On a
    terminal (or with COLUMNS set) it lays out to its width, capped at MAX_WIDTH; into a pipe
    or a file it does not wrap at all."""
    from rich.console import Console

    plain = os.environ.get("NO_COLOR", "") != ""
    out = Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        markup=False,
        color_system=None if plain else "auto",
    )
    wraps = out.is_terminal or os.environ.get("COLUMNS", "").strip().isdigit()
    out.width = min(out.width, MAX_WIDTH) if wraps else UNWRAPPED
    return out


def emit(out: Console, *parts: RenderableType) -> None:
    """Print each of `parts`; off a terminal, without the padding rich adds to lines."""
    if out.is_terminal:
        for part in parts:
            out.print(part)
        return
    with out.capture() as captured:
        for part in parts:
            out.print(part)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def emit_json(data: Any) -> None:
    """JSON with every control character escaped (json.dumps leaves DEL and C1 codes raw)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def dump(view: BaseModel) -> dict[str, Any]:
    """A view as the `--json` schema: pydantic's JSON mode (ISO 8601 times in UTC)."""
    return view.model_dump(mode="json")


def dump_all(views: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [dump(v) for v in views]


def emit_rows(
    rows: Sequence[BaseModel], as_json: bool, table: Callable[[], RenderableType]
) -> None:
    """A list command's output: the views as `--json`, or the table `table()` lays out."""
    if as_json:
        emit_json(dump_all(rows))
    else:
        emit(console(), table())  # the rows given are `printable` (see read.py)


def local(moment: datetime | None, zone: ZoneInfo, seconds: bool = False) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
