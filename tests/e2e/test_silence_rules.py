"""R4, R5, R6, R9 end to end: a candidate goes silent mid-selection, then one never returns.

Driven only through the public API with a fixed clock and a daily tick at 10:00 JST.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies
from tests.conftest import START
from tests.disclosure import disclosing_words_in


def candidate_in_second_interview(app: Pipeline, ref: str) -> None:
    app.register_candidate(
        "Nakamura Aoi",
        email=f"{ref.lower()}@example.jp",
        phone="080-1111-2222",
        advisor="sato",
        ref=ref,
    )
    app.record_first_meeting(
        ref,
        desired_roles=["engineer"],
        desired_salary=6_000_000,
        reasons="growth",
        duration_minutes=60,
    )
    wanted = app.propose_job(
        ref,
        employer="Acme KK",
        job_title="Engineer",
        role="engineer",
        salary=6_500_000,
        employer_contact="Suzuki",
    )
    other = app.propose_job(
        ref, employer="Beta KK", job_title="Engineer", role="engineer", salary=6_200_000
    )
    app.submit_application(ref, wanted)
    app.submit_application(ref, other)
    app.record_employer_move(ref, wanted, move="interview_requested")
    app.confirm_interview(ref, wanted)
    app.record_employer_move(ref, wanted, move="interview_requested")  # a second interview
    app.record_outbound_contact(ref, channel="email", note="dates for the second interview?")


def tick_daily(app: Pipeline, clock: FixedClock, days: range) -> None:
    for day in days:
        clock.set(START + timedelta(days=day))
        app.tick()


@pytest.fixture
def silent(make_app, clock: FixedClock) -> Pipeline:  # type: ignore[no-untyped-def]
    app: Pipeline = make_app(standard_policies(PolicyConfig()))
    candidate_in_second_interview(app, "C-AOI001")
    candidate_in_second_interview(app, "C-GONE01")
    tick_daily(app, clock, range(1, 4))  # silence is detected on day 3 (three days awaiting)
    return app


def test_silence_is_detected_after_three_days_stamped_when_it_became_due(silent: Pipeline) -> None:
    view = silent.candidate("C-AOI001")
    assert view.contact == "silent"
    assert view.silent_since == START + timedelta(days=3)
    assert view.outreach_day == 0
    assert view.outreach_window_days == 30


def test_r4_every_open_application_is_paused_by_the_policy(silent: Pipeline) -> None:
    applications = silent.candidate("C-AOI001").applications
    assert [a.paused for a in applications] == [True, True]
    assert {a.paused_by for a in applications} == {"policy:pause_employer_progression"}


def test_r5_only_the_employer_who_wants_to_hire_gets_a_stall_message(silent: Pipeline) -> None:
    stalls = [m for m in silent.outbox() if m.ref == "C-AOI001" and m.recipient == "employer"]
    assert [(m.to, m.kind) for m in stalls] == [("Suzuki", "stall")]
    assert "最終調整" in stalls[0].body
    assert disclosing_words_in(stalls[0].body + stalls[0].subject) == []


def test_r5_stall_messages_repeat_weekly_while_silent(silent: Pipeline, clock: FixedClock) -> None:
    tick_daily(silent, clock, range(4, 18))
    stalls = [m for m in silent.outbox() if m.ref == "C-AOI001" and m.recipient == "employer"]
    assert [m.kind for m in stalls] == ["stall", "stall_follow_up", "stall_follow_up"]
    assert [m.due_at - stalls[0].due_at for m in stalls] == [
        timedelta(0),
        timedelta(days=7),
        timedelta(days=14),
    ]


def test_r6_a_call_a_day_and_an_email_every_third_day(silent: Pipeline, clock: FixedClock) -> None:
    tick_daily(silent, clock, range(4, 13))  # outreach days 1..9
    calls = silent.tasks(status=None)
    call_days = sorted(
        t.due_on.isoformat() for t in calls if t.ref == "C-AOI001" and t.kind == "call"
    )
    assert call_days == [(START + timedelta(days=d)).date().isoformat() for d in range(3, 13)]
    emails = [m for m in silent.outbox("all") if m.ref == "C-AOI001" and m.kind == "outreach"]
    assert [m.due_at - emails[0].due_at for m in emails] == [
        timedelta(days=d) for d in (0, 3, 6, 9)
    ]
    # nobody delivered them: each new email replaced the one still waiting
    assert [m.status for m in emails] == ["cancelled", "cancelled", "cancelled", "queued"]
    assert all("ご連絡" in m.body or "ご一報" in m.body for m in emails)


def test_reply_on_day_nine_resumes_cancels_and_asks_for_a_call_back(
    silent: Pipeline, clock: FixedClock
) -> None:
    tick_daily(silent, clock, range(4, 13))
    first_email = next(m for m in silent.outbox() if m.ref == "C-AOI001" and m.kind == "outreach")
    silent.mark_message("C-AOI001", first_email.id, status="sent")
    clock.advance(hours=2)
    silent.record_reply("C-AOI001", channel="phone", note="a family funeral")
    view = silent.candidate("C-AOI001")
    assert view.contact == "responsive"
    assert [a.paused for a in view.applications] == [False, False]
    mine = [
        m for m in silent.outbox("all", due_by=None) if m.ref == "C-AOI001" and m.kind == "outreach"
    ]
    assert {m.status for m in mine if m.id != first_email.id} == {"cancelled"}
    assert next(m for m in mine if m.id == first_email.id).status == "sent"
    open_tasks = [t for t in silent.tasks() if t.ref == "C-AOI001"]
    assert [t.kind for t in open_tasks] == ["call_back"]
    assert "Acme KK" in open_tasks[0].title
    assert open_tasks[0].due_on == clock.now().astimezone(START.tzinfo).date()


def test_r9_a_candidate_who_never_replies_is_closed_exactly_thirty_days_later(
    silent: Pipeline, clock: FixedClock
) -> None:
    silent_since = silent.candidate("C-GONE01").silent_since
    assert silent_since is not None
    tick_daily(silent, clock, range(4, 33))  # up to day 29 of outreach
    assert silent.candidate("C-GONE01").contact == "silent"
    clock.set(silent_since + timedelta(days=30) - timedelta(minutes=1))
    silent.tick()
    assert silent.candidate("C-GONE01").stage == "in_selection"
    clock.set(silent_since + timedelta(days=30, hours=5))
    silent.tick()
    view = silent.candidate("C-GONE01")
    assert (view.contact, view.stage) == ("unreachable", "closed_unreachable")
    closing = next(
        e
        for e in silent.timeline("C-GONE01")
        if e.kind == "StageChanged" and e.changes[0].dest == "closed_unreachable"
    )
    assert closing.occurred_at == silent_since + timedelta(days=30)
    assert {a.state for a in view.applications} == {"withdrawn"}
    notices = [m for m in silent.outbox() if m.ref == "C-GONE01" and m.kind == "withdrawal"]
    assert sorted(m.to for m in notices) == ["Beta KK", "Suzuki"]
    assert [w for m in notices for w in disclosing_words_in(m.subject + m.body)] == []
    calls = [t for t in silent.tasks(status=None) if t.ref == "C-GONE01" and t.kind == "call"]
    assert len(calls) == 30
    assert not [t for t in silent.tasks() if t.ref == "C-GONE01"]


def test_an_employer_who_shows_intent_during_the_silence_is_stalled_once_per_step(
    make_app, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    app: Pipeline = make_app(standard_policies(PolicyConfig()))
    app.register_candidate("Ota Ren", email="ren@example.jp", advisor="sato", ref="C-LATE01")
    app.record_first_meeting("C-LATE01", desired_roles=["x"], desired_salary=1, reasons="y")
    late = app.propose_job(
        "C-LATE01", employer="Late KK", job_title="Engineer", employer_contact="Kudo"
    )
    app.submit_application("C-LATE01", late)
    app.record_outbound_contact("C-LATE01", channel="email")
    tick_daily(app, clock, range(1, 6))  # silent since day 3, nobody to stall yet
    app.record_employer_move("C-LATE01", late, move="interview_requested")  # day 5
    tick_daily(app, clock, range(6, 18))
    stalls = [m for m in app.outbox() if m.ref == "C-LATE01" and m.recipient == "employer"]
    assert [m.kind for m in stalls] == ["stall", "stall_follow_up", "stall_follow_up"]
    assert stalls[0].due_at == START + timedelta(days=5)  # when the employer asked, not earlier
    assert [m.due_at - START for m in stalls[1:]] == [timedelta(days=10), timedelta(days=17)]
