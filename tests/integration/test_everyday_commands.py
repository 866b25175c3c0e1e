"""What an advisor's day needs from the library: the employer's address recorded at propose,
a candidate's details changed, ids given by a prefix, the timeline filtered, reasons kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from pipeline import CandidateNotFound, FixedClock, MessageNotFound, Pipeline, TaskNotFound
from pipeline.audit import verify
from tests.conftest import START


def keen_employer(app: Pipeline, ref: str = "C-1") -> str:
    app.register_candidate("山田 太郎", email="taro@example.jp", phone="090-1111-2222",
                           advisor="sato", ref=ref)  # fmt: skip
    app.record_first_meeting(
        ref, desired_roles=["経理"], desired_salary=4_000_000, reasons="r", duration_minutes=60
    )
    a1 = app.propose_job(ref, employer="ACME", job_title="経理", employer_contact="人事部 鈴木様",
                         contact_email="suzuki@acme.example.jp")  # fmt: skip
    app.submit_application(ref, a1)
    app.record_employer_move(ref, a1, move="interview_requested")
    app.record_outbound_contact(ref, channel="email")
    return a1


def test_the_employer_contacts_address_recorded_at_propose_is_where_stalls_go(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    keen_employer(standard_app)
    clock.advance(timedelta(days=3))
    standard_app.tick()
    [stall] = [m for m in standard_app.outbox(due_by=None) if m.kind == "stall"]
    assert stall.to == "suzuki@acme.example.jp"
    [application] = standard_app.candidate("C-1").applications
    assert (application.employer_contact, application.contact_email) == (
        "人事部 鈴木様",
        "suzuki@acme.example.jp",
    )


def test_an_employer_address_that_is_not_one_is_refused_naming_the_field(app: Pipeline) -> None:
    app.register_candidate("A", ref="C-1")
    with pytest.raises(ValidationError) as refused:
        app.propose_job("C-1", employer="ACME", job_title="x", contact_email="suzuki at acme")
    assert refused.value.errors()[0]["loc"] == ("contact_email",)


def test_changed_details_are_used_from_then_on_and_open_tasks_follow_the_advisor(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    keen_employer(standard_app)
    clock.advance(timedelta(days=3))
    standard_app.tick()  # silent: a call task for sato, an outreach email to taro@
    changed = standard_app.update_details("C-1", email="new@example.jp", advisor="tanaka")
    assert changed == {"email": "new@example.jp", "advisor": "tanaka"}
    assert standard_app.update_details("C-1", email="new@example.jp") == {}  # nothing new
    view = standard_app.candidate("C-1")
    assert (view.email, view.advisor, view.phone) == ("new@example.jp", "tanaka", "090-1111-2222")
    assert [t.advisor for t in standard_app.tasks()] == ["tanaka"]
    assert standard_app.tasks(advisor="sato") == []
    clock.advance(timedelta(days=3))
    standard_app.tick()
    emails = [m.to for m in standard_app.outbox(due_by=None) if m.kind == "outreach"]
    assert emails[-1] == "new@example.jp"
    standard_app.record_outbound_contact("C-1", channel="phone", outcome="no_answer")
    entry = standard_app.timeline("C-1")[-1]
    assert entry.actor == "advisor:tanaka"  # the new advisor is who acts by default
    summaries = [e.summary for e in standard_app.timeline("C-1", kinds=["DetailsChanged"])]
    assert summaries == ["登録情報を変更: メール → new@example.jp, 担当 → tanaka"]
    report = verify(standard_app)
    assert report.ok, [d.line() for d in report.discrepancies]


def test_a_detail_can_be_removed_but_not_given_and_removed_at_once(app: Pipeline) -> None:
    app.register_candidate("A", email="a@example.jp", phone="090-1111-2222", ref="C-1")
    assert app.update_details("C-1", clear=["phone"]) == {"phone": None}
    assert app.candidate("C-1").phone is None
    with pytest.raises(ValidationError) as refused:
        app.update_details("C-1", email="b@example.jp", clear=["email"])
    assert "email: given and cleared at once" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        app.update_details("C-1", email="not an address")
    assert refused.value.errors()[0]["loc"] == ("email",)
    assert app.candidate("C-1").email == "a@example.jp"


def test_messages_tasks_and_candidates_are_found_by_a_prefix_of_their_id(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    keen_employer(standard_app)
    clock.advance(timedelta(days=3))
    standard_app.tick()
    message = standard_app.outbox(due_by=None)[0]
    task = standard_app.tasks()[0]
    assert standard_app.message(message.id[:6]) == message
    assert standard_app.task(task.id[:8].upper()) == task
    standard_app.mark_message("C-1", message.id[:8], status="sent")
    standard_app.complete_task("C-1", task.id[:6])
    assert standard_app.message(message.id).status == "sent"
    assert standard_app.task(task.id).status == "done"
    candidate_id = str(standard_app.candidate("C-1").id)
    assert standard_app.candidate(candidate_id[:8]).ref == "C-1"
    with pytest.raises(MessageNotFound):
        standard_app.message(message.id[:5])  # shorter than 6: not taken for an id
    with pytest.raises(TaskNotFound):
        standard_app.complete_task("C-1", "ffffffff")
    with pytest.raises(CandidateNotFound):
        standard_app.candidate(candidate_id[:5])


def test_a_ref_that_looks_like_an_id_prefix_is_still_the_ref(app: Pipeline) -> None:
    app.register_candidate("B", ref="C-B")
    hexlike = str(app.candidate("C-B").id)[:6]
    app.register_candidate("A", ref=hexlike)
    assert app.candidate(hexlike).name == "A"  # the ref wins over the other's id prefix


def test_the_timeline_is_filtered_by_time_and_kind(standard_app: Pipeline) -> None:
    app = standard_app
    app.register_candidate("A", email="a@example.jp", ref="C-1", at=START - timedelta(hours=2))
    app.record_first_meeting("C-1", desired_roles=["x"], desired_salary=1, reasons="r",
                             duration_minutes=60, at=START - timedelta(hours=1))  # fmt: skip
    app.propose_job("C-1", employer="ACME", job_title="x", role="x", salary=1)
    everything = app.timeline("C-1")
    meeting = START - timedelta(hours=1)
    since = app.timeline("C-1", since=meeting)
    assert [e.kind for e in since][:1] == ["FirstMeetingHeld"] and len(since) < len(everything)
    until = app.timeline("C-1", until=meeting)
    assert [e.kind for e in until][:2] == ["Registered", "FirstMeetingHeld"]
    assert all(e.occurred_at <= meeting for e in until) and "JobProposed" not in str(until)
    kinds = app.timeline("C-1", kinds=["message_queued", "jobproposed"])
    assert {e.kind for e in kinds} == {"MessageQueued", "JobProposed"}
    with pytest.raises(ValueError, match="not an event kind"):
        app.timeline("C-1", kinds=["lunch"])
    with pytest.raises(ValueError, match="since"):
        app.timeline("C-1", since=START.replace(tzinfo=None))


def test_withdraw_and_reopen_keep_their_reasons(app: Pipeline) -> None:
    app.register_candidate("A", ref="C-1")
    app.withdraw("C-1", reason="他社で決定")
    app.reopen("C-1", reason="入社を見送られたため再開")
    stages = [e for e in app.timeline("C-1") if e.kind == "StageChanged"]
    assert [(e.changes[0].dest, e.reason) for e in stages] == [
        ("withdrawn", "他社で決定"),
        ("registered", "入社を見送られたため再開"),
    ]
