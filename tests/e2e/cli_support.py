"""Shared by the `pipeline` command's tests: running it, reading its tables, the demo store."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import chdir
from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner, Result
from rich.cells import cell_len

from cli.main import cli
from cli.session import Session
from pipeline import Clock, FixedClock, Pipeline
from policies import PolicyConfig, standard_policies

JST = timezone(timedelta(hours=9))
START = datetime(2026, 4, 1, 10, 0, tzinfo=JST)
ROW = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d)\s+(\S+)\s+(.*)$")
# No PIPELINE_DB / PIPELINE_CONFIG from the developer's shell; English at 80 columns.
ENV = {
    "PIPELINE_DB": None,
    "PIPELINE_CONFIG": None,
    "LANG": "C.UTF-8",
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "COLUMNS": "80",
}


def run(
    args: Sequence[str],
    session: Session | None = None,
    stdin: str | None = None,
    **env: str | None,
) -> Result:
    """Invoke `pipeline` in-process on a fixed clock: the `session` given (click's `obj=`),
    or one at START; tests never run on the wall clock."""
    runner = CliRunner()
    obj = session or at_clock()
    return runner.invoke(
        cli, list(args), input=stdin, obj=obj, env=ENV | env, catch_exceptions=False
    )


def at_clock(moment: datetime = START) -> Session:
    return Session(clock=FixedClock(moment))


def make_demo(folder: Path) -> tuple[Path, Result]:
    """`pipeline demo` run in `folder` (its default file); the store's path and the result."""
    with chdir(folder):
        result = run(["--lang", "en", "demo"])
    assert result.exit_code == 0, result.output
    return folder / "pipeline-demo.db", result


def open_store(store: Path | str, clock: Clock | None = None, language: str = "en") -> Pipeline:
    """The store as the library sees it, with the configuration the command uses; its clock
    stands at START unless given."""
    policies = standard_policies(PolicyConfig())
    return Pipeline(str(store), policies, clock or FixedClock(START), language=language)


def timeline_rows(output: str) -> list[tuple[str, str, str]]:
    """(time, who, first line of what) for each event row of a printed timeline."""
    return [(m[1], m[2], m[3]) for line in output.splitlines() if (m := ROW.match(line))]


def timeline_cells(output: str) -> list[tuple[str, str, str]]:
    """(time, who, the whole what cell without any whitespace) for each event row.

    Folding puts line breaks anywhere in a cell (inside Japanese words too), so the cell is
    compared with its whitespace squashed: `squash(expected) in cell`.
    """
    cells: list[tuple[str, str, list[str]]] = []
    column = 0
    for line in output.splitlines():
        if match := ROW.match(line):
            column = match.start(3)
            cells.append((match[1], match[2], [match[3]]))
        elif cells and line[:column].strip() == "" and line.strip():
            cells[-1][2].append(line[column:])
    return [(when, who, squash("".join(parts))) for when, who, parts in cells]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def widest_line(output: str) -> int:
    """The widest line in terminal cells (a CJK character takes two)."""
    return max(cell_len(line) for line in output.splitlines())
