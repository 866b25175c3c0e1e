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
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import click

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console, RenderableType

MAX_WIDTH = 120
UNWRAPPED = 10_000  # off a terminal without COLUMNS: lines as long as they are (cron logs)
V = TypeVar("V")
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


PAGE = 1000  # rows a list command reads and prints at a time


def pages(
    fetch: Callable[[str | None, int], Sequence[V]],
    key: Callable[[V], str],
    after: str | None,
    limit: int | None,
) -> Iterator[Sequence[V]]:
    """The page `--limit`/`--after` ask for; without `--limit`, every row a page at a time, so
    that no list command holds a whole table (100,000 candidates) in memory."""
    if limit is not None:
        yield fetch(after, limit)
        return
    first = True
    while True:
        page = fetch(after, PAGE)
        if page or first:  # an empty first page says so ("No candidates.")
            yield page
        if len(page) < PAGE:
            return
        after, first = key(page[-1]), False


def emit_pages(
    rows: Iterable[Sequence[BaseModel]],
    as_json: bool,
    table: Callable[[Sequence[Any]], RenderableType],
) -> None:
    """A list command's output, page by page: one JSON array (as `emit_json` writes it) or
    one table per page laid out by `table` (given the rows `printable`)."""
    if not as_json:
        out = console()
        for page in rows:
            emit(out, table(printable(page)))
        return
    count = 0
    for page in rows:
        for row in page:
            item = json.dumps(dump(row), ensure_ascii=False, indent=2).replace("\n", "\n  ")
            text = JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", item)
            click.echo(("[\n  " if count == 0 else ",\n  ") + text, nl=False)
            count += 1
    click.echo("\n]" if count else "[]")


def local(moment: datetime | None, zone: ZoneInfo, seconds: bool = False) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
