"""No list command loads a whole table: the peak memory of `pipeline list` and `outbox` (table
and --json; `tasks` pages the same way) hardly grows from a small store to one ten times its
size.

Measured in a fresh process per command (its peak resident size, VmHWM), never timed. Before
the list commands paged, `list` held every row and every view at once: about 6.5 MiB more per
thousand candidates (635 MiB at 100,000, `bench`'s figure).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.builder import build_store
from bench.population import TICK_AT, make_recipe
from pipeline import FixedClock

SMALL, LARGE = 500, 5000
MEASURE = """
import sys
from cli.main import cli
try:
    cli(sys.argv[1:], prog_name="pipeline")
except SystemExit:
    pass
peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
sys.stderr.write(f"peak-kib {peak}\\n")
"""


def peak_mib(store: str, *args: str) -> tuple[float, str]:
    """(peak resident MiB, what it printed) of `pipeline --db store ARGS` in a fresh process."""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, "--db", store, "--lang", "en", *args],
        capture_output=True, text=True, cwd=root, check=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "COLUMNS": "100"},
    )  # fmt: skip
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("peak-kib")]
    return int(line.split()[1]) / 1024, done.stdout


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    folder = tmp_path_factory.mktemp("memory")
    made = {}
    for count in (SMALL, LARGE):
        path = str(folder / f"{count}.db")
        recipe = make_recipe(LARGE)  # the small store is the first tenth of the large one
        build_store(path, FixedClock(TICK_AT), count, recipe, per_transaction=500)
        made[count] = path
    return made


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--json"],
        ["outbox", "--status", "all", "--due-by", "any"],
        ["outbox", "--status", "all", "--due-by", "any", "--json"],
    ],
    ids=" ".join,
)
def test_a_list_command_takes_about_the_same_memory_for_ten_times_the_rows(
    stores: dict[int, str], command: list[str]
) -> None:
    small, small_out = peak_mib(stores[SMALL], *command)
    large, large_out = peak_mib(stores[LARGE], *command)

    assert large_out.count("\n") > 5 * small_out.count("\n")  # ten times the rows printed
    assert large - small < 12  # paging: not the ~30 MiB that 4,500 more rows held at once
    if "--json" in command:
        assert len(json.loads(large_out)) >= 5 * len(json.loads(small_out))
