"""A snapshot written before the candidate kept `outreach_dates` (release 0.1.0, class
version 1) cannot give them: the candidate is replayed from its events instead, so the live
state, and so every decision, is the one the audit's replay gives."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pipeline import FixedClock, Pipeline
from pipeline.app.history import replay
from pipeline.candidate import Candidate
from pipeline.store.readmodel import CANDIDATE_TOPIC
from policies import PolicyConfig, standard_policies
from tests.conftest import START

REF = "C-SNAP01"


def silent_for_a_week(app: Pipeline, clock: FixedClock) -> None:
    app.register_candidate("Snap", email="snap@example.jp", ref=REF)
    app.record_outbound_contact(REF, channel="email")
    for day in range(1, 11):
        clock.set(START + timedelta(days=day))
        app.tick()


def put_0_1_0_snapshot(app: Pipeline, candidate: Candidate) -> None:
    """The candidate's state as release 0.1.0 stored it: no outreach dates, no class version."""
    state = {
        k: v
        for k, v in vars(candidate).items()
        if k not in ("_id", "_version", "_pending_events", "outreach_dates")
    }
    snapshot = Candidate.Snapshot(
        originator_id=candidate.id,
        originator_version=candidate.version,
        timestamp=START,
        topic=CANDIDATE_TOPIC,
        state=state,
    )
    assert app.snapshots is not None
    app.snapshots.put([snapshot])


def test_a_0_1_0_snapshot_is_set_aside_and_the_candidate_replayed(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = str(tmp_path / "p.db")
    app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
    silent_for_a_week(app, clock)
    live = app.get_candidate(REF)
    assert len(live.outreach_dates) == 8  # days 3 to 10
    put_0_1_0_snapshot(app, live)
    app.close()

    reopened = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
    try:
        loaded = reopened.get_candidate(REF)
        rebuilt = replay(reopened.history(REF))
        assert rebuilt is not None
        assert loaded.outreach_dates == rebuilt.outreach_dates == live.outreach_dates
        clock.advance(days=1)
        assert reopened.tick().tasks_created == 1  # day 9 of outreach, counted right
    finally:
        reopened.close()


def test_snapshots_taken_now_carry_the_class_version_and_load_as_they_are(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = str(tmp_path / "p.db")
    policies = standard_policies(PolicyConfig())
    app = Pipeline(store, policies=policies, clock=clock, snapshot_interval=5)
    silent_for_a_week(app, clock)
    expected = vars(app.get_candidate(REF)) | {}
    assert app.snapshots is not None
    (latest,) = app.snapshots.get(app.resolve(REF), desc=True, limit=1)
    assert latest.state["class_version"] == Candidate.class_version
    app.close()
    reopened = Pipeline(store, policies=policies, clock=clock, snapshot_interval=5)
    try:
        loaded = vars(reopened.get_candidate(REF))
        assert {k: v for k, v in loaded.items() if k != "_pending_events"} == {
            k: v for k, v in expected.items() if k != "_pending_events"
        }
    finally:
        reopened.close()
