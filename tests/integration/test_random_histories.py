"""Random command sequences: replay equals live state, and a refused command writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pipeline import FixedClock, Pipeline, PipelineError
from pipeline.app.history import replay
from policies import PolicyConfig, standard_policies
from tests.conftest import START

REFS = ["C-HYP001", "C-HYP002"]
APPS = ["A1", "A2", "A3"]

ref = st.sampled_from(REFS)
app_id = st.sampled_from(APPS)
commands = st.one_of(
    st.builds(
        lambda r: ("register_candidate", {"name": "Hypo", "ref": r, "email": "h@example.jp"}), ref
    ),
    st.builds(
        lambda r, d: ("record_first_meeting", {"candidate": r, "duration_minutes": d}),
        ref,
        st.sampled_from([20, 60]),
    ),
    st.builds(
        lambda r: ("propose_job", {"candidate": r, "employer": "Acme", "job_title": "Dev"}), ref
    ),
    st.builds(lambda r: ("record_resume_feedback", {"candidate": r}), ref),
    st.builds(lambda r, a: ("submit_application", {"candidate": r, "application": a}), ref, app_id),
    st.builds(
        lambda r, a, m: ("record_employer_move", {"candidate": r, "application": a, "move": m}),
        ref,
        app_id,
        st.sampled_from(["screening_passed", "interview_requested", "offer_made", "rejected"]),
    ),
    st.builds(lambda r, a: ("confirm_interview", {"candidate": r, "application": a}), ref, app_id),
    st.builds(lambda r, a: ("accept_offer", {"candidate": r, "application": a}), ref, app_id),
    st.builds(lambda r, a: ("decline_offer", {"candidate": r, "application": a}), ref, app_id),
    st.builds(
        lambda r, a: ("withdraw_application", {"candidate": r, "application": a}), ref, app_id
    ),
    st.builds(
        lambda r, a: ("pause_application", {"candidate": r, "application": a, "reason": "x"}),
        ref,
        app_id,
    ),
    st.builds(lambda r, a: ("resume_application", {"candidate": r, "application": a}), ref, app_id),
    st.builds(
        lambda r, o: (
            "record_outbound_contact",
            {"candidate": r, "channel": "phone", "outcome": o},
        ),
        ref,
        st.sampled_from(["no_answer", "sent", "reached"]),
    ),
    st.builds(lambda r: ("record_reply", {"candidate": r, "channel": "email"}), ref),
    st.builds(lambda r: ("withdraw", {"candidate": r}), ref),
    st.builds(lambda r: ("reopen", {"candidate": r}), ref),
    st.builds(lambda days: ("tick", {"days": days}), st.integers(min_value=1, max_value=12)),
)


def state_of(candidate: Any) -> dict[str, Any]:
    return {
        k: v for k, v in vars(candidate).items() if k not in ("_pending_events", "_modified_on")
    }


def check_replay_matches(app: Pipeline) -> None:
    for reference in REFS:
        try:
            live = app.get_candidate(reference)
        except PipelineError:
            continue
        rebuilt = replay(app.history(reference))
        assert rebuilt is not None
        assert state_of(rebuilt) == state_of(live)


def apply(app: Pipeline, clock: FixedClock, kind: str, fields: dict[str, Any]) -> None:
    if kind == "tick":
        clock.advance(timedelta(days=fields["days"]))
        app.tick()
        return
    before = app.recorder.max_notification_id()
    try:
        app.execute({"type": kind, **fields})
    except PipelineError:
        assert app.recorder.max_notification_id() == before, f"refused {kind} wrote events"
        event(f"refused {kind}")
    else:
        event(f"accepted {kind}")


OPENING = [
    ("register_candidate", {"name": "Hypo One", "ref": REFS[0], "email": "one@example.jp"}),
    ("register_candidate", {"name": "Hypo Two", "ref": REFS[1]}),
    ("record_first_meeting", {"candidate": REFS[0], "duration_minutes": 60}),
    ("propose_job", {"candidate": REFS[0], "employer": "Acme", "job_title": "Dev"}),
]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(commands, min_size=1, max_size=30))
def test_random_histories_replay_to_the_live_state(steps: list[tuple[str, dict[str, Any]]]) -> None:
    clock = FixedClock(START)
    app = Pipeline(":memory:", policies=standard_policies(PolicyConfig()), clock=clock)
    try:
        for kind, fields in [*OPENING, *steps]:
            apply(app, clock, kind, fields)
            check_replay_matches(app)
        app.rebuild_read_model()
        assert {c.ref for c in app.candidates()} <= set(REFS)
    finally:
        app.close()
