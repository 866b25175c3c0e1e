"""R1, R2, R3, R7, R8 end to end: risk moments, thanks, check-ins, and what high risk changes."""

from __future__ import annotations

from datetime import timedelta

from pipeline import FixedClock, Pipeline
from tests.conftest import START


def register(app: Pipeline, ref: str = "C-RISK01") -> str:
    app.register_candidate("Hayashi Sora", email="sora@example.jp", advisor="sato", ref=ref)
    return ref


def full_first_meeting(app: Pipeline, ref: str) -> None:
    """A first meeting that heard everything R1 asks for."""
    app.record_first_meeting(
        ref,
        desired_roles=["planner"],
        desired_salary=5_000_000,
        reasons="growth",
        duration_minutes=60,
    )


def test_r1_and_r7_a_thin_first_meeting_raises_risk_and_asks_the_advisor_to_listen(
    standard_app: Pipeline,
) -> None:
    ref = register(standard_app)
    standard_app.record_first_meeting(ref, desired_roles=["planner"], duration_minutes=25)
    view = standard_app.candidate(ref)
    assert view.risk_level == "medium"
    assert len(view.risk_reasons) == 1 and view.risk_reasons[0].startswith("R1")
    assert "25分" in view.risk_reasons[0] and "転職理由" in view.risk_reasons[0]
    (task,) = standard_app.tasks()
    assert task.kind == "follow_up" and "親身" in task.title


def test_a_full_first_meeting_raises_no_risk(standard_app: Pipeline) -> None:
    ref = register(standard_app)
    full_first_meeting(standard_app, ref)
    assert standard_app.candidate(ref).risk_level == "low"
    assert standard_app.tasks() == []


def test_r2_a_job_outside_the_wishes_raises_risk_until_the_candidate_applies(
    standard_app: Pipeline,
) -> None:
    ref = register(standard_app)
    full_first_meeting(standard_app, ref)
    fitting = standard_app.propose_job(
        ref, employer="Acme", job_title="Planner", role="planner", salary=5_500_000
    )
    assert standard_app.candidate(ref).risk_level == "low"
    odd = standard_app.propose_job(
        ref, employer="Beta", job_title="Sales", role="sales", salary=4_000_000
    )
    view = standard_app.candidate(ref)
    assert view.risk_level == "medium"
    assert "sales" in view.risk_reasons[0] and "400万円" in view.risk_reasons[0]
    assert any("Beta" in t.title for t in standard_app.tasks())
    standard_app.submit_application(ref, fitting)
    assert standard_app.candidate(ref).risk_level == "medium"
    standard_app.submit_application(ref, odd)
    assert standard_app.candidate(ref).risk_level == "low"


def test_r3_critique_raises_risk_that_fades_after_a_week(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    ref = register(standard_app)
    full_first_meeting(standard_app, ref)
    standard_app.record_resume_feedback(ref, note="cut the summary by half")
    assert standard_app.candidate(ref).risk_reasons[0].startswith("R3")
    assert standard_app.candidate(ref, as_of=START + timedelta(days=6)).risk_level == "medium"
    clock.advance(days=7, seconds=1)
    assert standard_app.candidate(ref).risk_level == "low"


def test_high_risk_shortens_the_silence_threshold_to_two_days(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    ref = register(standard_app)
    standard_app.record_first_meeting(ref, duration_minutes=20)  # R1
    standard_app.propose_job(ref, employer="Beta", job_title="Sales", role="sales")
    standard_app.record_interview_prep(ref, note="be more concise")  # R3: two signals, high
    assert standard_app.candidate(ref).risk_level == "high"
    standard_app.record_outbound_contact(ref, channel="email")
    clock.advance(days=2)
    standard_app.tick()
    assert standard_app.candidate(ref).contact == "silent"


def test_r8_thank_you_the_next_day_then_a_check_in_after_five_quiet_days(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    ref = register(standard_app)
    full_first_meeting(standard_app, ref)
    assert standard_app.outbox() == []  # not due yet
    (thanks,) = standard_app.outbox(due_by=START + timedelta(days=1))
    assert thanks.body.count("先日は面談のお時間を頂き、ありがとうございました。") == 1
    assert thanks.due_at == START + timedelta(days=1)  # 10:00 the next day
    clock.set(START + timedelta(days=5, hours=23))
    assert standard_app.tick().messages_queued == 0
    clock.set(START + timedelta(days=6))
    report = standard_app.tick()
    check_in = next(m for m in standard_app.outbox() if m.kind == "check_in")
    assert report.messages_queued == 1
    assert "その後、何か不安なことはありませんでしょうか" in check_in.body
    assert check_in.due_at == START + timedelta(days=6)
    assert standard_app.candidate(ref).contact == "awaiting_reply"


def test_r8_check_in_comes_sooner_when_risk_is_high(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    ref = register(standard_app)
    standard_app.record_first_meeting(ref, duration_minutes=20)
    standard_app.record_resume_feedback(ref)  # R1 + R3: high
    clock.set(START + timedelta(days=4))  # thank-you counts as contact on day 1, +3 days
    standard_app.tick()
    assert [m.kind for m in standard_app.outbox()] == ["thank_you", "check_in"]


def test_no_check_in_before_the_first_meeting(standard_app: Pipeline, clock: FixedClock) -> None:
    register(standard_app)
    clock.advance(days=20)
    assert standard_app.tick().events == 0
