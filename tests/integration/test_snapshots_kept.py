"""Only a candidate's latest snapshot is kept, and a snapshot older than the candidate's
latest state (class version 2) loads with what it lacked rebuilt from its own tasks and
messages."""

from __future__ import annotations

from pipeline import FixedClock, Pipeline
from pipeline.audit import verify
from pipeline.candidate import Candidate
from pipeline.store.readmodel import CANDIDATE_TOPIC
from policies import PolicyConfig, standard_policies
from tests.integration.test_outdated_snapshot import REF, silent_for_a_week


def test_taking_a_snapshot_deletes_the_older_ones(store: str, clock: FixedClock) -> None:
    policies = standard_policies(PolicyConfig())
    app = Pipeline(store, policies=policies, clock=clock, snapshot_interval=5)
    try:
        silent_for_a_week(app, clock)
        candidate = app.get_candidate(REF)
        assert candidate.version > 10  # so two snapshots at least were taken
        assert app.snapshots is not None
        kept = list(app.snapshots.get(candidate.id))
        assert [s.originator_version > 5 for s in kept] == [True]
        report = verify(app)
        assert report.ok, [d.line() for d in report.discrepancies]
        beyond = Candidate.Snapshot(originator_id=candidate.id,
                                    originator_version=candidate.version + 1,
                                    timestamp=clock.now(), topic=CANDIDATE_TOPIC,
                                    state=kept[0].state)  # fmt: skip
        app.snapshots.put([beyond])
        [found] = verify(app).discrepancies
        assert (found.check, found.version) == ("snapshot", candidate.version + 1)
        assert "beyond the end of the log" in found.message
    finally:
        app.close()


def test_a_version_2_snapshot_loads_with_its_cadence_steps_rebuilt(
    store: str, clock: FixedClock
) -> None:
    policies = standard_policies(PolicyConfig())
    app = Pipeline(store, policies=policies, clock=clock, snapshot_interval=1000, cache_size=0)
    try:
        silent_for_a_week(app, clock)
        live = app.get_candidate(REF)
        state = {
            k: v
            for k, v in vars(live).items()
            if k not in ("_id", "_version", "_pending_events", "latest_steps")
        }
        state["class_version"] = 2
        snapshot = Candidate.Snapshot(
            originator_id=live.id,
            originator_version=live.version,
            timestamp=clock.now(),
            topic=CANDIDATE_TOPIC,
            state=state,
        )
        assert app.snapshots is not None
        app.snapshots.put([snapshot])
        assert live.latest_steps
        assert app.get_candidate(REF).latest_steps == live.latest_steps
    finally:
        app.close()
