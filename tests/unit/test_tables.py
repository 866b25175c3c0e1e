"""Every row of the three transition tables, allowed and refused, against docs/design.md §3."""

from __future__ import annotations

import itertools

import pytest

from pipeline.errors import InvalidTransition
from pipeline.states import AppState, Contact, Stage
from pipeline.tables import GuardFailed, allowed_triggers, decide

WORKING = [
    "registered",
    "first_meeting_done",
    "introducing",
    "preparing",
    "in_selection",
    "offered",
]

# (state, trigger) -> destination, written out from docs/design.md §3 independently of the tables.
STAGE_SPEC = {
    ("registered", "meet"): "first_meeting_done",
    ("first_meeting_done", "introduce"): "introducing",
    ("introducing", "introduce"): "introducing",
    ("preparing", "introduce"): "preparing",
    ("in_selection", "introduce"): "in_selection",
    ("offered", "introduce"): "offered",
    ("first_meeting_done", "prepare"): "preparing",
    ("introducing", "prepare"): "preparing",
    ("preparing", "prepare"): "preparing",
    ("in_selection", "prepare"): "in_selection",
    ("offered", "prepare"): "offered",
    ("introducing", "enter_selection"): "in_selection",
    ("preparing", "enter_selection"): "in_selection",
    ("in_selection", "receive_offer"): "offered",
    ("offered", "offers_lapsed"): "in_selection",
    ("in_selection", "selection_ended"): "introducing",
    ("offered", "selection_ended"): "introducing",
    ("offered", "place"): "placed",
    **{(s, "withdraw"): "withdrawn" for s in WORKING},
    **{(s, "close_unreachable"): "closed_unreachable" for s in WORKING},
}
CONTACT_SPEC = {
    ("responsive", "expect_reply"): "awaiting_reply",
    ("awaiting_reply", "expect_reply"): "awaiting_reply",
    ("silent", "expect_reply"): "silent",
    ("awaiting_reply", "detect_silence"): "silent",
    ("responsive", "reply"): "responsive",
    ("awaiting_reply", "reply"): "responsive",
    ("silent", "reply"): "responsive",
    ("silent", "give_up"): "unreachable",
    ("unreachable", "reopen"): "responsive",
}
SELECTING = ["applied", "screening", "interviewing"]
APPLICATION_SPEC = {
    ("proposed", "submit"): "applied",
    ("applied", "screening_passed"): "screening",
    **{(s, "interview_requested"): "interviewing" for s in SELECTING},
    ("interviewing", "confirm_interview"): "interviewing",
    **{(s, "offer_made"): "offered" for s in SELECTING},
    **{(s, "rejected"): "rejected" for s in [*SELECTING, "offered"]},
    ("offered", "accept_offer"): "accepted",
    ("offered", "decline_offer"): "declined",
    **{(s, "withdraw"): "withdrawn" for s in ["proposed", *SELECTING, "offered"]},
}
SPECS = {
    "stage": (STAGE_SPEC, [s.value for s in Stage]),
    "contact": (CONTACT_SPEC, [s.value for s in Contact]),
    "application": (APPLICATION_SPEC, [s.value for s in AppState]),
}


def every_pair(region: str) -> list[tuple[str, str, str]]:
    spec, states = SPECS[region]
    triggers = sorted({t for _, t in spec})
    return [(region, s, t) for s, t in itertools.product(states, triggers)]


ALL_PAIRS = [p for region in SPECS for p in every_pair(region)]
ENDED_STAGES = ("withdrawn", "closed_unreachable")  # reopen's guarded rows are tested below


@pytest.mark.parametrize(("region", "state", "trigger"), ALL_PAIRS)
def test_table_allows_exactly_the_designed_moves(region: str, state: str, trigger: str) -> None:
    spec, _ = SPECS[region]
    facts = {"paused": False}
    if (state, trigger) in spec:
        assert decide(region, state, trigger, facts) == spec[(state, trigger)]
    else:
        with pytest.raises(InvalidTransition) as refused:
            decide(region, state, trigger, facts)
        assert refused.value.state == state
        reopen = ["reopen"] if region == "stage" and state in ENDED_STAGES else []
        assert refused.value.allowed == sorted({t for s, t in spec if s == state} | set(reopen))


@pytest.mark.parametrize("working", WORKING)
@pytest.mark.parametrize("ended", ["withdrawn", "closed_unreachable"])
def test_reopen_returns_to_the_last_working_stage(ended: str, working: str) -> None:
    assert decide("stage", ended, "reopen", {f"was_{working}": True}) == working


@pytest.mark.parametrize("state", [*WORKING, "placed"])
def test_reopen_is_refused_from_a_stage_that_has_not_ended(state: str) -> None:
    with pytest.raises(InvalidTransition):
        decide("stage", state, "reopen", {"was_registered": True})


def test_placed_is_final() -> None:
    assert allowed_triggers("stage", "placed") == []


def test_refusal_names_the_current_state_and_the_allowed_triggers() -> None:
    with pytest.raises(InvalidTransition) as refused:
        decide("contact", "unreachable", "reply")
    message = str(refused.value)
    assert "'unreachable'" in message
    assert "reopen" in message


@pytest.mark.parametrize("trigger", ["submit", "confirm_interview", "accept_offer"])
def test_pausing_blocks_the_agencys_own_moves(trigger: str) -> None:
    state = {"submit": "proposed", "confirm_interview": "interviewing", "accept_offer": "offered"}
    with pytest.raises(GuardFailed) as blocked:
        decide("application", state[trigger], trigger, {"paused": True})
    assert blocked.value.guards == ["paused"]


@pytest.mark.parametrize(
    ("state", "trigger"),
    [
        ("applied", "screening_passed"),
        ("screening", "interview_requested"),
        ("interviewing", "offer_made"),
        ("offered", "rejected"),
        ("offered", "decline_offer"),
        ("interviewing", "withdraw"),
    ],
)
def test_pausing_does_not_block_employer_or_candidate_moves(state: str, trigger: str) -> None:
    assert (
        decide("application", state, trigger, {"paused": True})
        == APPLICATION_SPEC[(state, trigger)]
    )
