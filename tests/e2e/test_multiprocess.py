"""Four processes share one store, issuing commands and ticks on the same candidates at once.

Each process (spawned, with its own `Pipeline`, standard policies and `FixedClock`) works
through a few hundred steps on a shared set of candidates; barriers keep their clocks within a
few steps of each other, and every process hits the same candidates at the same moments.
Afterwards: every command a process saw accepted is in the log exactly once, no message or task
was queued twice, the read models equal a rebuild from the log, and the audit verifies the store.
"""

from __future__ import annotations

import random
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from typing import Any

import pytest

from pipeline import Candidate, ConcurrencyConflict, FixedClock, Pipeline, PipelineError
from pipeline.audit import verify
from policies import PolicyConfig, standard_policies
from tests.conftest import START

PROCESSES = 4
STEPS = 200  # per process: four commands, then a tick, forty times over
STEP = timedelta(hours=2)  # of domain time; 200 steps are about 17 days
SYNC_EVERY = 5  # steps between barriers
ACTIVE = tuple(f"C-ACT{n:03d}" for n in range(8))  # they write back, now and then
QUIET = tuple(f"C-QUI{n:03d}" for n in range(4))  # they never reply: silence, then outreach


@dataclass
class Outcome:
    """What one process saw: the commands accepted, and how often it lost or was refused."""

    worker: int
    accepted: list[tuple[str, str, str]] = field(default_factory=list)  # (ref, event, note)
    marked: list[tuple[str, str]] = field(default_factory=list)  # (ref, message id) sent
    refused: int = 0
    gave_up: int = 0
    tick_conflicts: int = 0
    error: str | None = None


def prepare(store: str) -> None:
    """The shared candidates: active ones in selection, quiet ones awaiting a reply."""
    app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=FixedClock(START))
    try:
        for ref in ACTIVE + QUIET:
            app.register_candidate(f"Name {ref}", email=f"{ref.lower()}@example.jp", ref=ref)
            app.record_first_meeting(ref, desired_roles=["engineer"], duration_minutes=60)
        for ref in ACTIVE:
            application = app.propose_job(ref, employer="Acme KK", job_title="Engineer")
            app.submit_application(ref, application)
        for ref in QUIET:
            app.record_outbound_contact(ref, channel="email", note="how are you?")
    finally:
        app.close()


def work(store: str, worker: int, barrier: Barrier, results: Any) -> None:
    """The body of one process; reports its `Outcome` on `results`, errors included."""
    outcome = Outcome(worker)
    try:
        clock = FixedClock(START)
        app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
        try:
            steps(app, clock, barrier, outcome)
        finally:
            app.close()
    except BaseException:
        barrier.abort()
        outcome.error = traceback.format_exc()
    results.put(outcome)


def steps(app: Pipeline, clock: FixedClock, barrier: Barrier, outcome: Outcome) -> None:
    choose = random.Random(outcome.worker)
    for step in range(STEPS):
        if step % SYNC_EVERY == 0:
            barrier.wait(timeout=120)
        clock.set(START + STEP * (step + 1))
        if step % SYNC_EVERY == SYNC_EVERY - 1:
            outcome.tick_conflicts += app.tick().conflicts_retried
            continue
        try:
            act(app, choose, f"w{outcome.worker}-s{step}", outcome)
        except ConcurrencyConflict:
            outcome.gave_up += 1
        except PipelineError:
            outcome.refused += 1  # e.g. marking a message another process marked first


def act(app: Pipeline, choose: random.Random, note: str, outcome: Outcome) -> None:
    ref = choose.choice(ACTIVE + QUIET)
    roll = choose.random()
    if ref in QUIET or roll < 0.5:
        app.record_outbound_contact(ref, channel=choose.choice(["phone", "email"]), note=note)
        outcome.accepted.append((ref, "OutboundContactRecorded", note))
    elif roll < 0.85:
        app.record_reply(ref, channel="line", note=note)
        outcome.accepted.append((ref, "ReplyReceived", note))
    else:
        queued = [m for m in app.outbox() if m.ref == ref]
        if queued:
            app.mark_message(ref, queued[0].id, status="sent")
            outcome.marked.append((ref, queued[0].id))


def run_processes(store: str) -> list[Outcome]:
    context = get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    processes = [
        context.Process(target=work, args=(store, worker, barrier, results))
        for worker in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    errors = [o.error for o in outcomes if o.error]
    if errors:
        pytest.fail("a process failed:\n" + "\n".join(errors), pytrace=False)
    return sorted(outcomes, key=lambda o: o.worker)


@pytest.mark.slow
@pytest.mark.parametrize(
    "store", ["file", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_four_processes_lose_no_command_and_queue_no_message_twice(store: str) -> None:
    prepare(store)

    outcomes = run_processes(store)

    app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=FixedClock(START))
    try:
        histories = {ref: app.history(ref) for ref in ACTIVE + QUIET}
        assert_every_accepted_command_is_recorded_once(outcomes, histories)
        assert_nothing_queued_twice(histories)
        assert_read_models_match_the_log(app, histories)
        report = verify(app)
        assert report.ok, "\n".join(d.line() for d in report.discrepancies)
    finally:
        app.close()
    accepted = sum(len(o.accepted) for o in outcomes)
    assert accepted > PROCESSES * STEPS / 2  # most steps were commands that went through


def assert_every_accepted_command_is_recorded_once(
    outcomes: list[Outcome], histories: dict[str, list[Candidate.Event]]
) -> None:
    recorded = Counter(
        (ref, type(e).__name__, getattr(e, "note", None))
        for ref, events in histories.items()
        for e in events
    )
    for outcome in outcomes:
        for accepted in outcome.accepted:
            assert recorded[accepted] == 1, f"{accepted} is recorded {recorded[accepted]} times"
    sent = {
        (ref, e.message_id)
        for ref, events in histories.items()
        for e in events
        if isinstance(e, Candidate.MessageStatusChanged) and e.status == "sent"
    }
    assert {marked for o in outcomes for marked in o.marked} <= sent


def assert_nothing_queued_twice(histories: dict[str, list[Candidate.Event]]) -> None:
    for ref, events in histories.items():
        messages = Counter(e.message_id for e in events if isinstance(e, Candidate.MessageQueued))
        steps = Counter(e.step for e in events if isinstance(e, Candidate.MessageQueued))
        tasks = Counter(e.task_id for e in events if isinstance(e, Candidate.TaskCreated))
        assert set(messages.values()) | set(steps.values()) | set(tasks.values()) <= {1}, ref
    quiet_messages = [
        e for ref in QUIET for e in histories[ref] if isinstance(e, Candidate.MessageQueued)
    ]
    assert len(quiet_messages) > len(QUIET)  # outreach did run, so the ticks did race


def assert_read_models_match_the_log(
    app: Pipeline, histories: dict[str, list[Candidate.Event]]
) -> None:
    kept = (app.candidates(), app.outbox("all", due_by=None), app.tasks(status=None))
    queued = sum(isinstance(e, Candidate.MessageQueued) for h in histories.values() for e in h)
    assert len(kept[1]) == queued
    assert {c.ref: c.version for c in kept[0]} == {r: len(h) for r, h in histories.items()}
    app.rebuild_read_model()
    assert (app.candidates(), app.outbox("all", due_by=None), app.tasks(status=None)) == kept
