"""Recorded transitions checked against the tables and the replayed state."""

from __future__ import annotations

from typing import Any

from pipeline.audit.legality import transition_problem
from pipeline.candidate import Candidate
from pipeline.records import Meta
from tests.conftest import START

META = Meta(occurred_at=START, recorded_at=START, actor="advisor:sato")


def registered() -> Candidate:
    return Candidate.register(META, ref="C-LEGAL", name="L", email=None, phone=None, advisor=None)


def event(kind: type[Candidate.Event], **attrs: Any) -> Candidate.Event:
    made: Candidate.Event = object.__new__(kind)
    object.__setattr__(made, "__dict__", attrs)
    return made


def stage(trigger: str, source: str, dest: str) -> Candidate.Event:
    return event(Candidate.StageChanged, trigger=trigger, source=source, dest=dest)


def test_a_move_in_the_table_from_the_replayed_state_is_legal() -> None:
    assert (
        transition_problem(registered(), stage("meet", "registered", "first_meeting_done")) is None
    )


def test_a_move_the_table_does_not_have_is_named() -> None:
    problem = transition_problem(registered(), stage("meet", "registered", "placed"))
    assert problem == "stage: registered --meet--> placed is not in the stage table"


def test_a_move_recorded_from_another_state_than_the_replay_is_named() -> None:
    problem = transition_problem(
        registered(), stage("introduce", "first_meeting_done", "introducing")
    )
    assert problem == (
        "stage: recorded from 'first_meeting_done', but the replayed state was 'registered'"
    )


def test_reopen_must_return_to_the_last_working_stage() -> None:
    candidate = registered()
    candidate.stage, candidate.last_working_stage = "withdrawn", "introducing"
    assert transition_problem(candidate, stage("reopen", "withdrawn", "introducing")) is None
    problem = transition_problem(candidate, stage("reopen", "withdrawn", "preparing"))
    assert problem == "stage: reopen from 'withdrawn' leads to 'introducing', not 'preparing'"


def test_a_status_change_of_an_unknown_message_is_named() -> None:
    change = event(Candidate.MessageStatusChanged, message_id="m-1", status="sent", error=None)
    assert transition_problem(registered(), change) == "message m-1 does not exist at this point"


def test_events_that_are_not_transitions_have_nothing_to_check() -> None:
    assert transition_problem(registered(), event(Candidate.ResumeReviewed, note=None)) is None


def with_message(status: str, attempts: int) -> Candidate:
    candidate = registered()
    candidate.messages["m-1"] = {"status": status, "attempts": attempts}  # type: ignore[typeddict-item]
    return candidate


def relay(status: str, attempt: int) -> Candidate.Event:
    return event(Candidate.DeliveryRecorded, message_id="m-1", status=status, error=None,
                 attempt=attempt, due_at=None)  # fmt: skip


def test_the_relays_states_are_legal_moves_of_the_message_table() -> None:
    assert transition_problem(with_message("queued", 0), relay("sending", 1)) is None
    assert transition_problem(with_message("sending", 1), relay("uncertain", 1)) is None
    assert transition_problem(with_message("uncertain", 1), relay("sent", 1)) is None
    assert transition_problem(with_message("failed", 1), relay("queued", 1)) is None
    problem = transition_problem(with_message("cancelled", 0), relay("sending", 1))
    assert problem == "message: cancelled --sending--> sending is not in the message table"


def test_an_outcome_for_an_attempt_that_was_not_the_messages_own_is_named() -> None:
    problem = transition_problem(with_message("sending", 2), relay("sent", 1))
    assert (
        problem == "message m-1: sent recorded for attempt 1, but the replay's latest attempt is 2"
    )
    problem = transition_problem(with_message("queued", 1), relay("sending", 1))
    assert problem == (
        "message m-1: sending recorded for attempt 1, but the replay's next attempt is 2"
    )
