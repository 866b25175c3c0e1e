"""The aggregate's own rules, without a store: paused applications, stage following applications."""

from __future__ import annotations

import itertools
from copy import deepcopy
from datetime import UTC, datetime
from typing import Any

import pytest

from pipeline import commands as cmd
from pipeline.app.history import replay
from pipeline.app.routes import ROUTES
from pipeline.candidate import Candidate
from pipeline.errors import ApplicationNotFound, ApplicationPaused, InvalidTransition
from pipeline.records import Meta

AT = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


def meta(actor: str = "advisor:sato") -> Meta:
    return Meta(occurred_at=AT, recorded_at=AT, actor=actor)


def run(candidate: Candidate, command_class: type[cmd.CandidateCommand], **fields: Any) -> Any:
    command = command_class(candidate=candidate.ref, **fields)
    return ROUTES[command_class].handler(candidate, meta(), command)


def registered() -> Candidate:
    return Candidate.register(
        meta(), ref="C-UNIT01", name="Ito Hana", email="hana@example.jp", phone=None, advisor="sato"
    )


def in_selection() -> Candidate:
    candidate = registered()
    run(candidate, cmd.RecordFirstMeeting, desired_roles=["designer"], duration_minutes=60)
    run(candidate, cmd.ProposeJob, employer="Acme", job_title="UI designer", role="designer")
    run(candidate, cmd.SubmitApplication, application="A1")
    return candidate


def test_first_submission_moves_the_stage_to_in_selection() -> None:
    candidate = in_selection()
    assert candidate.stage == "in_selection"
    stage_events = [e for e in candidate.pending_events if isinstance(e, Candidate.StageChanged)]
    assert [e.dest for e in stage_events] == ["first_meeting_done", "introducing", "in_selection"]


def test_first_offer_moves_the_stage_to_offered_and_acceptance_to_placed() -> None:
    candidate = in_selection()
    run(candidate, cmd.RecordEmployerMove, application="A1", move="offer_made")
    assert candidate.stage == "offered"
    run(candidate, cmd.AcceptOffer, application="A1")
    assert candidate.stage == "placed"


def test_declined_only_offer_with_others_in_selection_returns_to_in_selection() -> None:
    candidate = in_selection()
    run(candidate, cmd.ProposeJob, employer="Beta", job_title="Designer", role="designer")
    run(candidate, cmd.SubmitApplication, application="A2")
    run(candidate, cmd.RecordEmployerMove, application="A1", move="offer_made")
    run(candidate, cmd.DeclineOffer, application="A1")
    assert candidate.stage == "in_selection"


def test_selection_ending_without_offer_returns_the_stage_to_introducing() -> None:
    candidate = in_selection()
    run(candidate, cmd.RecordEmployerMove, application="A1", move="rejected")
    assert candidate.stage == "introducing"


def test_second_submission_does_not_record_another_stage_change() -> None:
    candidate = in_selection()
    run(candidate, cmd.ProposeJob, employer="Beta", job_title="Designer")
    before = len(candidate.pending_events)
    run(candidate, cmd.SubmitApplication, application="A2")
    new = candidate.pending_events[before:]
    assert [type(e).__name__ for e in new] == ["ApplicationChanged"]


@pytest.mark.parametrize(
    ("command_class", "fields", "setup"),
    [
        (cmd.SubmitApplication, {}, "proposed"),
        (cmd.ConfirmInterview, {}, "interviewing"),
        (cmd.AcceptOffer, {}, "offered"),
    ],
)
def test_paused_application_refuses_the_agencys_moves(
    command_class: type[cmd.ApplicationCommand], fields: dict[str, Any], setup: str
) -> None:
    candidate = registered()
    run(candidate, cmd.RecordFirstMeeting)
    run(candidate, cmd.ProposeJob, employer="Acme", job_title="Designer")
    moves = {"proposed": [], "interviewing": ["interview_requested"], "offered": ["offer_made"]}
    if moves[setup]:
        run(candidate, cmd.SubmitApplication, application="A1")
    for move in moves[setup]:
        run(candidate, cmd.RecordEmployerMove, application="A1", move=move)
    run(candidate, cmd.PauseApplication, application="A1", reason="waiting for references")
    before = len(candidate.pending_events)
    with pytest.raises(ApplicationPaused) as refused:
        run(candidate, command_class, application="A1", **fields)
    assert "waiting for references" in str(refused.value)
    assert len(candidate.pending_events) == before


def test_paused_application_still_records_employer_moves_and_raises_hiring_intent() -> None:
    candidate = in_selection()
    run(candidate, cmd.PauseApplication, application="A1", reason="candidate travelling")
    run(candidate, cmd.RecordEmployerMove, application="A1", move="interview_requested")
    application = candidate.applications["A1"]
    assert application["state"] == "interviewing"
    assert application["paused"] is True
    assert application["hiring_intent"] is True
    assert application["round"] == 1


def test_pause_records_who_paused_and_why() -> None:
    candidate = in_selection()
    run(candidate, cmd.PauseApplication, application="A1", reason="candidate travelling")
    application = candidate.applications["A1"]
    assert application["paused_by"] == "advisor:sato"
    assert application["paused_reason"] == "candidate travelling"


def test_pausing_twice_is_refused_and_resuming_an_unpaused_application_too() -> None:
    candidate = in_selection()
    with pytest.raises(InvalidTransition):
        run(candidate, cmd.ResumeApplication, application="A1")
    run(candidate, cmd.PauseApplication, application="A1", reason="x")
    with pytest.raises(InvalidTransition):
        run(candidate, cmd.PauseApplication, application="A1", reason="again")


def test_unknown_application_is_named_with_the_known_ones() -> None:
    candidate = in_selection()
    with pytest.raises(ApplicationNotFound) as missing:
        run(candidate, cmd.SubmitApplication, application="A7")
    assert "A7" in str(missing.value)
    assert "A1" in str(missing.value)


def test_confirming_a_round_other_than_the_requested_one_is_refused() -> None:
    candidate = in_selection()
    run(candidate, cmd.RecordEmployerMove, application="A1", move="interview_requested")
    with pytest.raises(InvalidTransition):
        run(candidate, cmd.ConfirmInterview, application="A1", round=2)
    run(candidate, cmd.ConfirmInterview, application="A1", round=1)
    assert candidate.applications["A1"]["confirmed_round"] == 1


def test_withdrawing_the_candidate_withdraws_open_applications() -> None:
    candidate = in_selection()
    run(candidate, cmd.ProposeJob, employer="Beta", job_title="Designer")
    run(candidate, cmd.WithdrawCandidate, reason="found a job alone")
    assert candidate.stage == "withdrawn"
    assert {a["state"] for a in candidate.applications.values()} == {"withdrawn"}


def test_reopen_returns_to_the_last_working_stage() -> None:
    candidate = registered()
    run(candidate, cmd.RecordFirstMeeting)
    run(candidate, cmd.RecordResumeFeedback, note="shorter summary")
    run(candidate, cmd.WithdrawCandidate)
    run(candidate, cmd.ReopenCandidate)
    assert candidate.stage == "preparing"


def test_reopen_after_selection_follows_the_withdrawn_applications_back_to_introducing() -> None:
    candidate = in_selection()
    run(candidate, cmd.WithdrawCandidate)
    run(candidate, cmd.ReopenCandidate)
    stages = [e.dest for e in candidate.pending_events if isinstance(e, Candidate.StageChanged)]
    assert stages[-2:] == ["in_selection", "introducing"]


def test_reply_from_unreachable_is_refused_until_reopened() -> None:
    candidate = registered()
    candidate.contact = "unreachable"
    with pytest.raises(InvalidTransition) as refused:
        run(candidate, cmd.RecordReply, channel="email")
    assert refused.value.allowed == ["reopen"]


def test_outbound_contact_expects_a_reply_and_reaching_the_candidate_does_not() -> None:
    candidate = registered()
    run(candidate, cmd.RecordOutboundContact, channel="email")
    assert candidate.contact == "awaiting_reply"
    run(candidate, cmd.RecordOutboundContact, channel="phone", outcome="reached")
    assert candidate.contact == "responsive"


def test_replaying_the_events_rebuilds_the_same_state_without_deciding() -> None:
    candidate = in_selection()
    run(candidate, cmd.RecordEmployerMove, application="A1", move="interview_requested")
    events = list(candidate.pending_events)
    rebuilt = replay(events)
    assert rebuilt is not None
    live = {k: v for k, v in vars(candidate).items() if k != "_pending_events"}
    again = {k: v for k, v in vars(rebuilt).items() if k != "_pending_events"}
    assert again == live


def test_each_event_links_to_the_hash_of_the_one_before() -> None:
    candidate = in_selection()
    events = list(candidate.pending_events)
    assert events[0].previous_hash == ""
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.event_hash
    assert candidate.head_hash == events[-1].event_hash


def test_an_application_that_ends_is_no_longer_paused() -> None:
    candidate = in_selection()
    run(candidate, cmd.PauseApplication, application="A1", reason="x")
    run(candidate, cmd.WithdrawApplication, application="A1", reason="closed")
    assert candidate.applications["A1"]["paused"] is False
    assert candidate.applications["A1"]["paused_by"] is None


def test_a_copy_of_a_candidate_shares_no_mutable_state_with_it() -> None:
    candidate = in_selection()
    run(candidate, cmd.RecordOutboundContact, channel="email")
    copy = deepcopy(candidate)
    assert vars(copy) == vars(candidate)
    copy.applications["A1"]["state"] = "withdrawn"
    copy.meeting["desired_roles"].append("painter")  # type: ignore[index]
    copy.risks["x"] = candidate.risks.get("x")  # type: ignore[assignment]
    assert candidate.applications["A1"]["state"] == "applied"
    assert candidate.meeting is not None and candidate.meeting["desired_roles"] == ["designer"]
    assert "x" not in candidate.risks
