"""Two relays in two processes deliver one outbox of 1,000 messages through a real SMTP server
that plays every fault, while the agency withdraws candidates: each message ends sent, failed,
uncertain or cancelled; the server kept none twice (and none not recorded as sent, but the
uncertain ones it may have); none is lost; the store verifies.

The relays (spawned, each with its own `Pipeline` and `FixedClock`) share an SQLite file, or
a PostgreSQL schema; the server runs in this process. Retries wait 0 s, so a run's temporary
failures are due again in the next run; each relay runs until the outbox is empty.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import verify
from pipeline.delivery import DeliverySettings, Relay, SmtpTransport
from policies import PolicyConfig, standard_policies
from tests.conftest import START
from tests.integration.test_delivery_smtp import SENDER
from tests.mailroom import smtp_server

MESSAGES = 1000
WITHDRAWN = range(9, MESSAGES, 20)  # 50 candidates withdraw while the relays run
RUNS = 40  # at most, per relay: far more than the retries need
SETTINGS = DeliverySettings(retry_after_seconds=0, max_attempts=3, rate_per_minute=100_000)
FAULTS = [  # (every, offset, the recipient's fault): see tests/mailroom.py
    (50, 3, "p550"),
    (50, 13, "p554data"),
    (100, 5, "drop"),
    (200, 6, "slow"),
    (250, 7, "lagrcpt"),
    (10, 1, "t451"),
    (10, 2, "t421"),
    (10, 4, "t452data"),
]


def address(number: int) -> str:
    fault = next((f for every, at, f in FAULTS if number % every == at), "ok")
    return f"{fault}{number:04d}@example.jp"


def queue_messages(app: Pipeline, clock: FixedClock, number: int) -> None:
    """A candidate whose thank-you (R8) is queued for the next day."""
    ref = f"C-R{number:04d}"
    app.register_candidate(f"候補 {number}", email=address(number), advisor="sato", ref=ref)
    app.record_first_meeting(ref, desired_roles=["営業"], desired_salary=4_000_000,
                             reasons="growth", duration_minutes=60)  # fmt: skip


def deliver_until_empty(store: str, name: str, port: int, results: Any) -> None:
    """One relay process: runs until nothing is due; reports its runs (or its error)."""
    try:
        clock = FixedClock(START.replace(day=START.day + 1))
        app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
        transport = SmtpTransport(f"smtp://127.0.0.1:{port}?timeout=0.5", {})
        relay = Relay(app, transport, SENDER, SETTINGS, name=name)
        reports = []
        for _ in range(RUNS):
            reports.append(relay.run_once())
            if not app.outbox():
                break
        app.close()
        results.put((name, [(r.sent, r.retrying, r.failed, r.uncertain, r.skipped)
                            for r in reports], None))  # fmt: skip
    except BaseException:
        results.put((name, [], traceback.format_exc()))


def prepare(store: str) -> None:
    from bench.builder import build_store

    build_store(store, FixedClock(START), MESSAGES, queue_messages, per_transaction=250)


@pytest.fixture(params=["file", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "file":
        yield str(tmp_path / "pipeline.db")
        return
    schema, url = request.getfixturevalue("postgres").fresh_store()
    yield url
    request.getfixturevalue("postgres").drop(schema)


@pytest.mark.slow
def test_two_relays_deliver_a_thousand_messages_once_each_and_lose_none(
    shared_store: str,
) -> None:
    prepare(shared_store)
    context = get_context("spawn")
    results = context.Queue()
    with smtp_server() as (room, port):
        relays = [context.Process(target=deliver_until_empty,
                                  args=(shared_store, name, port, results))
                  for name in ("one", "two")]  # fmt: skip
        for process in relays:
            process.start()
        withdraw_meanwhile(shared_store)
        outcomes = {}
        for _ in relays:
            name, runs, error = results.get(timeout=240)
            assert error is None, error
            outcomes[name] = runs
        for process in relays:
            process.join(timeout=30)
    app = Pipeline(shared_store, policies=standard_policies(PolicyConfig()),
                   clock=FixedClock(START.replace(day=START.day + 1)))  # fmt: skip
    try:
        check_every_message(app, room.received)
        assert all(runs for runs in outcomes.values())  # both relays took part
        assert verify(app).ok
    finally:
        app.close()


def withdraw_meanwhile(store: str) -> None:
    """The agency withdraws candidates while the relays run: what is still queued is cancelled."""
    app = Pipeline(store, policies=standard_policies(PolicyConfig()),
                   clock=FixedClock(START.replace(day=START.day + 1)))  # fmt: skip
    try:
        time.sleep(0.2)  # let the relays start first
        for number in WITHDRAWN:
            app.withdraw(f"C-R{number:04d}", reason="他社で内定")
    finally:
        app.close()


def check_every_message(app: Pipeline, received: Counter[str]) -> None:
    messages = app.outbox("all", due_by=None)
    assert len(messages) == MESSAGES  # none lost
    ends = Counter(m.status for m in messages)
    assert set(ends) <= {"sent", "failed", "uncertain", "cancelled"}, ends
    kept = {m.id: received[f"<{m.id}@career.example.jp>"] for m in messages}
    assert max(received.values()) == 1  # the server kept no message twice
    for message in messages:
        expected = {"sent": {1}, "uncertain": {0, 1}}.get(message.status, {0})
        assert kept[message.id] in expected, (message.to, message.status, kept[message.id])
    by_fault = Counter((m.to[:4], m.status) for m in messages)
    assert by_fault[("p550", "failed")] + by_fault[("p550", "cancelled")] == 20
    assert by_fault[("drop", "uncertain")] + by_fault[("drop", "cancelled")] == 10
    assert ends["cancelled"] <= len(WITHDRAWN) and ends["sent"] >= 800
