"""The transition tables of the regions (docs/design.md §3) and of the outbox, declared once.

Each table is a list of rows handed to one shared `Machine(model=None, auto_transitions=False)`
per region. No aggregate is ever attached to a machine: `decide` looks up the transitions for a
trigger from the current state, checks their guards against the facts it is given, and returns
the destination. Replaying events never comes here; an event's apply only assigns.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final

from transitions import Machine

from pipeline.errors import InvalidTransition
from pipeline.states import WORKING_STAGES, AppState, Contact, MessageStatus, Stage, TaskStatus

S, C, A = Stage, Contact, AppState


def _row(trigger: str, source: Any, dest: StrEnum, **guards: str) -> dict[str, Any]:
    sources = [s.value for s in source] if isinstance(source, list | tuple) else source.value
    return {"trigger": trigger, "source": sources, "dest": dest.value, **guards}


STAGE_TABLE: Final = [
    _row("meet", S.REGISTERED, S.FIRST_MEETING_DONE),
    _row("introduce", S.FIRST_MEETING_DONE, S.INTRODUCING),
    *[_row("introduce", s, s) for s in (S.INTRODUCING, S.PREPARING, S.IN_SELECTION, S.OFFERED)],
    _row("prepare", [S.FIRST_MEETING_DONE, S.INTRODUCING], S.PREPARING),
    *[_row("prepare", s, s) for s in (S.PREPARING, S.IN_SELECTION, S.OFFERED)],
    _row("enter_selection", [S.INTRODUCING, S.PREPARING], S.IN_SELECTION),
    _row("receive_offer", S.IN_SELECTION, S.OFFERED),
    _row("offers_lapsed", S.OFFERED, S.IN_SELECTION),
    _row("selection_ended", [S.IN_SELECTION, S.OFFERED], S.INTRODUCING),
    _row("place", S.OFFERED, S.PLACED),
    _row("withdraw", list(WORKING_STAGES), S.WITHDRAWN),
    _row("close_unreachable", list(WORKING_STAGES), S.CLOSED_UNREACHABLE),
    *[
        _row("reopen", [S.WITHDRAWN, S.CLOSED_UNREACHABLE], s, conditions=f"was_{s}")
        for s in WORKING_STAGES
    ],
]

CONTACT_TABLE: Final = [
    _row("expect_reply", C.RESPONSIVE, C.AWAITING_REPLY),
    _row("expect_reply", C.AWAITING_REPLY, C.AWAITING_REPLY),
    _row("expect_reply", C.SILENT, C.SILENT),
    _row("detect_silence", C.AWAITING_REPLY, C.SILENT),
    _row("reply", [C.RESPONSIVE, C.AWAITING_REPLY, C.SILENT], C.RESPONSIVE),
    _row("give_up", C.SILENT, C.UNREACHABLE),
    _row("reopen", C.UNREACHABLE, C.RESPONSIVE),
]

_SELECTING = [A.APPLIED, A.SCREENING, A.INTERVIEWING]
APPLICATION_TABLE: Final = [
    _row("submit", A.PROPOSED, A.APPLIED, unless="paused"),
    _row("screening_passed", A.APPLIED, A.SCREENING),
    _row("interview_requested", _SELECTING, A.INTERVIEWING),
    _row("confirm_interview", A.INTERVIEWING, A.INTERVIEWING, unless="paused"),
    _row("offer_made", _SELECTING, A.OFFERED),
    _row("rejected", [*_SELECTING, A.OFFERED], A.REJECTED),
    _row("accept_offer", A.OFFERED, A.ACCEPTED, unless="paused"),
    _row("decline_offer", A.OFFERED, A.DECLINED),
    _row("withdraw", [A.PROPOSED, *_SELECTING, A.OFFERED], A.WITHDRAWN),
]

# The outbox's own small tables (docs/design.md §7). A relay claims a queued message right
# before the mail server takes its data (`sending`): from then on nothing cancels it, so a
# reply cancels what is queued or failed and leaves a message being sent to its outcome. A
# temporary failure is `failed`, then `queued` again for later, up to the relay's limit;
# `uncertain` (the connection was lost after the data went out) is never left by a relay on
# its own: a person settles it (sent, failed, or queued to send it again). An embedding
# system's own mailer may still mark a queued message sent or failed directly.
M, T = MessageStatus, TaskStatus
MESSAGE_TABLE: Final = [
    _row("sending", M.QUEUED, M.SENDING),
    _row("sent", [M.QUEUED, M.SENDING, M.FAILED, M.UNCERTAIN], M.SENT),
    _row("failed", [M.QUEUED, M.SENDING, M.UNCERTAIN], M.FAILED),
    _row("uncertain", M.SENDING, M.UNCERTAIN),
    _row("queued", [M.FAILED, M.UNCERTAIN], M.QUEUED),
    _row("cancelled", [M.QUEUED, M.FAILED], M.CANCELLED),
]
TASK_TABLE: Final = [
    _row("done", T.OPEN, T.DONE),
    _row("cancelled", T.OPEN, T.CANCELLED),
]

TABLES: Final[Mapping[str, list[dict[str, Any]]]] = {
    "stage": STAGE_TABLE,
    "contact": CONTACT_TABLE,
    "application": APPLICATION_TABLE,
    "message": MESSAGE_TABLE,
    "task": TASK_TABLE,
}
_STATES: Final[Mapping[str, list[StrEnum]]] = {
    "stage": list(Stage),
    "contact": list(Contact),
    "application": list(AppState),
    "message": list(MessageStatus),
    "task": list(TaskStatus),
}

MACHINES: Final[Mapping[str, Machine]] = {
    region: Machine(
        model=None,
        states=[str(s.value) for s in _STATES[region]],
        transitions=rows,
        initial=str(_STATES[region][0].value),
        auto_transitions=False,
    )
    for region, rows in TABLES.items()
}


class GuardFailed(InvalidTransition):
    """The table allows the trigger from this state, but a guard refuses it now."""

    def __init__(self, region: str, state: str, trigger: str, guards: list[str]) -> None:
        super().__init__(region, state, trigger, allowed_triggers(region, state))
        self.guards = guards


def allowed_triggers(region: str, state: str) -> list[str]:
    return sorted(MACHINES[region].get_triggers(state))


def decide(region: str, state: str, trigger: str, facts: Mapping[str, bool] | None = None) -> str:
    """Return the destination of `trigger` from `state`, or raise `InvalidTransition`.

    `facts` answers the guards named in the table (`paused`, `was_<stage>`); a guard that is
    not answered counts as false.
    """
    transitions = MACHINES[region].get_transitions(trigger=trigger, source=state)
    if not transitions:
        raise InvalidTransition(region, state, trigger, allowed_triggers(region, state))
    known = facts or {}
    failed: list[str] = []
    for transition in transitions:
        refused = [
            str(c.func) for c in transition.conditions if known.get(str(c.func), False) != c.target
        ]
        if not refused:
            return str(transition.dest)
        failed.extend(refused)
    raise GuardFailed(region, state, trigger, failed)


def allows(region: str, state: str, trigger: str) -> bool:
    """Whether the table has any row for `trigger` from `state` (guards aside)."""
    return bool(MACHINES[region].get_transitions(trigger=trigger, source=state))


def is_legal(region: str, source: str, trigger: str, dest: str) -> bool:
    """Whether the table has a row `source --trigger--> dest` (guards aside): for audits."""
    return any(
        t.dest == dest for t in MACHINES[region].get_transitions(trigger=trigger, source=source)
    )
