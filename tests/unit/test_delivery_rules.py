"""The message table's delivery rows and the relay's commands on a built candidate: a claim is
made once, only when due; an outcome belongs to its attempt; a reply cancels what is queued
and leaves a message being sent to its outcome; snapshots from before the relay load."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pipeline import commands as cmd
from pipeline.app.effects import carry_out
from pipeline.app.routes import ROUTES
from pipeline.candidate import Candidate
from pipeline.errors import DeliveryRefused, InvalidTransition
from pipeline.policy import CancelMessage, QueueMessage
from pipeline.records import Meta
from pipeline.tables import allowed_triggers, decide

AT = datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
DUE = AT - timedelta(minutes=5)


def meta(at: datetime = AT, actor: str = "relay:r1") -> Meta:
    return Meta(occurred_at=at, recorded_at=at, actor=actor)


def run(candidate: Candidate, command_class: type[cmd.CandidateCommand], **fields: Any) -> Any:
    at = fields.pop("at_", AT)
    command = command_class(candidate=candidate.ref, **fields)
    return ROUTES[command_class].handler(candidate, meta(at), command)


def with_message(due_at: datetime = DUE, recipient: str = "candidate") -> tuple[Candidate, str]:
    candidate = Candidate.register(
        meta(DUE - timedelta(days=1)), ref="C-MAIL", name="Mail", email="m@example.jp",
        phone=None, advisor="sato",
    )  # fmt: skip
    decision = QueueMessage(
        step="thank-you:first-meeting", recipient=recipient, to="m@example.jp",
        kind="thank_you", language="ja", subject="件名", body="本文", due_at=due_at, reason="R8",
    )  # fmt: skip
    carry_out(decision, candidate, meta(DUE - timedelta(days=1), "policy:thank_you"))
    return candidate, candidate.message_id_for("thank-you:first-meeting")


def test_a_message_is_claimed_once_and_its_outcome_names_the_attempt() -> None:
    candidate, message_id = with_message()
    assert run(candidate, cmd.ClaimMessage, message_id=message_id) == 1
    message = candidate.messages[message_id]
    assert (message["status"], message["attempts"], message["claimed_at"]) == ("sending", 1, AT)
    with pytest.raises(InvalidTransition, match="cannot sending from 'sending'"):
        run(candidate, cmd.ClaimMessage, message_id=message_id)  # a second relay is refused
    run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="sent", attempt=1)
    assert candidate.messages[message_id]["status"] == "sent"


def test_a_message_not_yet_due_cannot_be_claimed_nor_failed() -> None:
    candidate, message_id = with_message(due_at=AT + timedelta(hours=1))
    with pytest.raises(DeliveryRefused, match="not due until"):
        run(candidate, cmd.ClaimMessage, message_id=message_id)
    with pytest.raises(DeliveryRefused, match="not due until"):
        run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="failed")
    assert candidate.messages[message_id]["status"] == "queued"


def test_a_temporary_failure_is_failed_then_queued_again_for_later_with_its_answer() -> None:
    candidate, message_id = with_message()
    later = AT + timedelta(minutes=5)
    run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="failed",
        error="451 4.3.0 Try again later", retry_at=later)  # fmt: skip
    changes = [e for e in candidate.pending_events if isinstance(e, Candidate.MessageStatusChanged)]
    assert [(e.status, e.attempt, e.due_at) for e in changes] == [
        ("failed", 1, None),
        ("queued", 1, later),
    ]
    message = candidate.messages[message_id]
    assert (message["status"], message["due_at"], message["error"]) == (
        "queued", later, "451 4.3.0 Try again later",
    )  # fmt: skip
    with pytest.raises(DeliveryRefused, match="not due until"):
        run(candidate, cmd.ClaimMessage, message_id=message_id)
    assert run(candidate, cmd.ClaimMessage, message_id=message_id, at_=later) == 2


def test_an_outcome_for_an_attempt_that_is_not_the_latest_is_refused() -> None:
    candidate, message_id = with_message()
    run(candidate, cmd.ClaimMessage, message_id=message_id)
    with pytest.raises(DeliveryRefused, match="attempt 2 is settled"):
        run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="sent", attempt=2)
    with pytest.raises(DeliveryRefused, match="it is sending now"):  # a relay that never claimed
        run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="failed")
    run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="uncertain", attempt=1)
    # A late answer for the same attempt settles the uncertainty; nothing else does.
    run(candidate, cmd.RecordDelivery, message_id=message_id, outcome="sent", attempt=1)
    assert candidate.messages[message_id]["status"] == "sent"


def test_a_reply_cancels_a_queued_message_but_never_one_being_sent() -> None:
    assert "cancelled" in allowed_triggers("message", "queued")
    assert "cancelled" not in allowed_triggers("message", "sending")
    candidate, message_id = with_message()
    run(candidate, cmd.ClaimMessage, message_id=message_id)
    carry_out(CancelMessage(message_id=message_id, reason="返信"), candidate, meta())
    assert candidate.messages[message_id]["status"] == "sending"  # left to its outcome


def test_uncertain_is_left_only_by_a_person_or_by_its_own_attempt() -> None:
    assert allowed_triggers("message", "uncertain") == ["failed", "queued", "sent"]
    assert decide("message", "sending", "uncertain") == "uncertain"
    with pytest.raises(InvalidTransition):
        decide("message", "queued", "uncertain")  # only data that went out can be uncertain
    with pytest.raises(InvalidTransition):
        decide("message", "uncertain", "cancelled")  # it may have been sent


def test_a_claim_of_mail_to_a_candidate_who_opted_out_of_email_cancels_it() -> None:
    candidate, message_id = with_message()
    run(candidate, cmd.RecordOptOut, channel="email", note="メール不要")
    assert candidate.opted_out == ["email"]
    assert run(candidate, cmd.ClaimMessage, message_id=message_id) is None
    assert candidate.messages[message_id]["status"] == "cancelled"
    with pytest.raises(InvalidTransition, match="opted out"):
        run(candidate, cmd.RecordOptOut, channel="email")


def test_an_outcome_other_than_a_failure_needs_its_claim() -> None:
    with pytest.raises(ValueError, match="attempt: a message sent must have been claimed"):
        cmd.RecordDelivery(candidate="C-1", message_id="m", outcome="sent")
    with pytest.raises(ValueError, match="retry_at: only a failure is tried again"):
        cmd.RecordDelivery(candidate="C-1", message_id="m", outcome="uncertain", attempt=1,
                           retry_at=AT)  # fmt: skip


def test_a_snapshot_from_before_the_relay_loads_with_no_attempts_and_no_opt_out() -> None:
    state: dict[str, Any] = {"messages": {"m1": {"status": "sent"}}}
    Candidate.upcast_v2_v3(state)
    assert state == {
        "opted_out": [],
        "messages": {"m1": {"status": "sent", "attempts": 0, "claimed_at": None}},
    }
