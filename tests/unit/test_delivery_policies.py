"""The policies of delivery on built candidates: a task when a relay fails for good or cannot
tell, none for a failure it will retry; an opt-out cancels what waited on the channel, asks
the advisor how to keep in touch, and outreach, check-ins and thanks leave the channel alone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pipeline import commands as cmd
from pipeline.app.effects import carry_out
from pipeline.app.routes import ROUTES
from pipeline.candidate import Candidate
from pipeline.policy import CancelMessage, CloseTask, CreateTask, QueueMessage
from pipeline.records import Meta
from policies import PolicyConfig
from policies.checkin import CheckIn
from policies.delivery import DeliveryFollowUp
from policies.optout import RespectOptOut
from policies.outreach import PersistentOutreach
from policies.thanks import ThankYou
from tests.conftest import START

CONFIG = PolicyConfig()
LATER = START + timedelta(days=1)


def meta(at: datetime = LATER, actor: str = "relay:r1") -> Meta:
    policy = actor.removeprefix("policy:") if actor.startswith("policy:") else None
    return Meta(occurred_at=at, recorded_at=at, actor=actor, policy=policy)


def run(candidate: Candidate, command_class: type[cmd.CandidateCommand], **fields: Any) -> Any:
    command = command_class(candidate=candidate.ref, **fields)
    return ROUTES[command_class].handler(candidate, meta(), command)


def candidate_with_mail() -> tuple[Candidate, str]:
    candidate = Candidate.register(
        meta(START, "advisor:sato"), ref="C-POL", name="山田 太郎", email="taro@example.jp",
        phone="090-1234-5678", advisor="sato",
    )  # fmt: skip
    decision = QueueMessage(
        step="check-in:1", recipient="candidate", to="taro@example.jp", kind="check_in",
        language="ja", subject="その後、いかがお過ごしでしょうか", body="…", due_at=START,
        reason="R8",
    )  # fmt: skip
    carry_out(decision, candidate, meta(START, "policy:check_in"))
    return candidate, candidate.message_id_for("check-in:1")


def decided_after(candidate: Candidate, policy: Any) -> list[Any]:
    """What `policy` decides on the events the last command recorded."""
    events = [e for e in candidate.pending_events[-2:] if policy.attached_to[0].matches(e)]
    return [decision for e in events for decision in policy.on_event(candidate, e)]


def test_a_failure_for_good_gives_the_advisor_a_task_naming_the_mail_and_the_answer() -> None:
    candidate, message_id = candidate_with_mail()
    run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="failed",
        error="550 5.1.1 No such user here")  # fmt: skip
    (task,) = decided_after(candidate, DeliveryFollowUp(CONFIG))
    assert isinstance(task, CreateTask) and task.kind == "delivery" and task.advisor == "sato"
    assert "山田 太郎様あてのメール「その後、いかがお過ごしでしょうか」" in task.title
    assert "550 5.1.1 No such user here" in task.title and task.due_on == "2026-04-02"


def test_a_failure_queued_again_for_a_retry_asks_nothing_yet() -> None:
    candidate, message_id = candidate_with_mail()
    run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="failed",
        error="451 4.3.0 Try again later", retry_at=LATER + timedelta(minutes=5))  # fmt: skip
    assert decided_after(candidate, DeliveryFollowUp(CONFIG)) == []


def test_an_uncertain_delivery_asks_the_advisor_to_find_out_and_a_persons_mark_does_not() -> None:
    candidate, message_id = candidate_with_mail()
    attempt = run(candidate, cmd.ClaimMessage, message_id=message_id)
    run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="uncertain",
        attempt=attempt, error="the connection was lost after the data went out")  # fmt: skip
    (task,) = decided_after(candidate, DeliveryFollowUp(CONFIG))
    assert "届いたか確認できない" in task.title
    run(candidate, cmd.MarkMessage, message_id=message_id, status="failed", error="届いていない")
    assert decided_after(candidate, DeliveryFollowUp(CONFIG)) == []  # the advisor's own mark


def test_an_email_opt_out_cancels_mail_not_yet_sent_and_asks_how_to_keep_in_touch() -> None:
    candidate, message_id = candidate_with_mail()
    run(candidate, cmd.RecordOptOut, channel="email")
    cancel, task = RespectOptOut(CONFIG).on_event(candidate, candidate.pending_events[-1])
    assert isinstance(cancel, CancelMessage) and cancel.message_id == message_id
    assert isinstance(task, CreateTask) and task.kind == "opt_out"
    assert task.title.startswith("山田 太郎様はメールでのご連絡を控えるようご希望")


def test_a_phone_opt_out_closes_the_open_calls_and_the_days_outreach_says_not_to_call() -> None:
    candidate, _ = candidate_with_mail()
    for trigger in ("expect_reply", "detect_silence"):
        from pipeline import rules

        rules.change_contact(candidate, meta(START, "policy:silence_detection"), trigger)
    outreach = PersistentOutreach(CONFIG)
    for decision in outreach.on_time(candidate, LATER):
        carry_out(decision, candidate, meta(LATER, "policy:persistent_outreach"))
    open_call = next(t for t in candidate.tasks.values() if t["kind"] == "call")
    run(candidate, cmd.RecordOptOut, channel="phone")
    decisions = RespectOptOut(CONFIG).on_event(candidate, candidate.pending_events[-1])
    assert any(isinstance(d, CloseTask) and d.task_id == open_call["id"] for d in decisions)
    tomorrow = [d for d in outreach.on_time(candidate, LATER + timedelta(days=1))
                if isinstance(d, CreateTask)]  # fmt: skip
    assert len(tomorrow) == 1 and "お電話は控えるご希望のため架電せず" in tomorrow[0].title
    assert "連絡継続 2日目" in tomorrow[0].title  # the day still counts toward R6's month


def test_after_an_email_opt_out_no_policy_writes_to_the_candidate() -> None:
    candidate, _ = candidate_with_mail()
    run(candidate, cmd.RecordOptOut, channel="email")
    assert CheckIn(CONFIG).due(candidate) is None
    meeting = Candidate.StageChanged
    event = next(e for e in candidate.pending_events if not isinstance(e, meeting))
    assert ThankYou(CONFIG).on_event(candidate, event) == ()
    assert PersistentOutreach(CONFIG).email(candidate, 0) == []
