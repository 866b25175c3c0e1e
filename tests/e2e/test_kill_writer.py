"""Crash safety: a writer killed with SIGKILL at a random moment, twenty times, on PostgreSQL as
on an SQLite file. Every command the writer saw acknowledged is in the log exactly once, and
the store verifies and its read models equal a rebuild.

The writer is a real process (`python -c`) that prints each command's id after the command
returned; the test reads those lines, kills the writer somewhere in the middle of its work, and
starts the next one on the same store.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import verify
from policies import PolicyConfig, standard_policies
from tests.conftest import START

RUNS = 20
WRITER = """
import sys
from datetime import datetime
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies
store, run = sys.argv[1], int(sys.argv[2])
app = Pipeline(store, policies=standard_policies(PolicyConfig()),
               clock=FixedClock(datetime.fromisoformat(sys.argv[3])))
print("ready", flush=True)
for n in range(10_000):
    ref = f"C-R{run:02d}{n:04d}"
    app.register_candidate(f"Name {ref}", email=f"{ref.lower()}@example.jp", ref=ref,
                           command_id=f"reg-{ref}")
    print(f"reg-{ref}", flush=True)
    app.record_outbound_contact(ref, channel="email", command_id=f"mail-{ref}")
    print(f"mail-{ref}", flush=True)
"""


def one_run(store: str, run: int, choose: random.Random) -> list[str]:
    """Start a writer, let it work for a random moment, kill it; the ids it acknowledged."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, store, str(run), START.isoformat()],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert writer.stdout is not None
    assert writer.stdout.readline() == "ready\n"
    time.sleep(choose.uniform(0.05, 0.6))
    writer.send_signal(signal.SIGKILL)
    out, _ = writer.communicate(timeout=60)
    return out.split("\n")[:-1]  # whole lines only: the kill may cut the last one short


@pytest.mark.slow
@pytest.mark.parametrize(
    "store", ["file", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_twenty_writers_killed_with_sigkill_lose_no_acknowledged_command(store: str) -> None:
    choose = random.Random(12)
    acknowledged: list[str] = []
    for run in range(RUNS):
        acknowledged += one_run(store, run, choose)

    app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=FixedClock(START))
    try:
        recorded = Counter(
            e.command_id for c in app.candidates() for e in app.history(c.ref) if e.command_id
        )
        kept = (app.candidates(), app.outbox(status="all", due_by=None), app.tasks(status=None))
        report = verify(app)
        app.rebuild_read_model()
        rebuilt = (app.candidates(), app.outbox(status="all", due_by=None), app.tasks(status=None))
    finally:
        app.close()
    assert len(acknowledged) > RUNS  # the writers did get work done before each kill
    missing = [i for i in acknowledged if recorded[i] != 1]
    assert missing == []
    assert set(recorded.values()) == {1}  # nothing stored twice either
    assert report.ok, "\n".join(d.line() for d in report.discrepancies)
    assert kept == rebuilt
