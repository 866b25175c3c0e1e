"""Many processes opening one SQLite store at the same moment: none is refused.

Opening used to create tables and insert the position row in a transaction that read before it
wrote, which SQLite refuses at once ("database is locked") when another process writes first.
Now opening an existing store writes nothing, a new store is created once (the others wait for
it), and writers queue for the write lock up to the documented 10 seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies
from tests.conftest import START

PROCESSES = 16


def open_read_and_write(store: str, worker: int, barrier: Barrier, results: Any) -> None:
    try:
        barrier.wait(timeout=120)
        app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=FixedClock(START))
        try:
            app.candidates()
            app.register_candidate(f"Worker {worker}", ref=f"C-W{worker:03d}")
        finally:
            app.close()
        results.put(None)
    except BaseException:
        results.put(traceback.format_exc())


def race(store: str) -> list[str]:
    context = get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=open_read_and_write, args=(store, n, barrier, results))
        for n in range(PROCESSES)
    ]
    for process in workers:
        process.start()
    errors = [results.get(timeout=300) for _ in workers]
    for process in workers:
        process.join(timeout=60)
    return [error for error in errors if error]


@pytest.mark.slow
@pytest.mark.parametrize("existing", [True, False], ids=["existing store", "new store"])
def test_processes_opening_one_store_at_once_all_open_read_and_write(
    tmp_path: Path, existing: bool
) -> None:
    store = str(tmp_path / "shared.db")
    if existing:
        app = Pipeline(store, clock=FixedClock(START))
        app.register_candidate("First One", ref="C-FIRST")
        app.close()

    errors = race(store)

    assert errors == []
    app = Pipeline(store, clock=FixedClock(START), create=False)
    refs = [c.ref for c in app.candidates()]
    app.close()
    expected = [f"C-W{n:03d}" for n in range(PROCESSES)] + (["C-FIRST"] if existing else [])
    assert sorted(refs) == sorted(expected)


@pytest.mark.slow
def test_parallel_pipeline_add_through_the_installed_command_all_succeed(tmp_path: Path) -> None:
    store = tmp_path / "shared.db"
    command = [str(Path(sys.executable).parent / "pipeline"), "--db", str(store), "--lang", "en"]
    subprocess.run([*command, "add", "First One", "--ref", "C-FIRST"], check=True,
                   capture_output=True)  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PIPELINE_DB"}
    running = [
        subprocess.Popen(
            [*command, "add", f"Name {n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(12)
    ]
    finished = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in running]
    assert finished == [(0, "")] * 12
    listed = subprocess.run(
        [*command, "list", "--json"], capture_output=True, text=True, check=True
    )
    assert listed.stdout.count('"ref"') == 13
