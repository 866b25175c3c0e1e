"""The handlers of the commands on one application (応募): the agency's moves and the employer's.

Pausing (R4) is a guard in the application table: the agency's own moves (submit, confirm an
interview, accept an offer) are refused while paused; the employer's are recorded whatever
happens, because the log must say what happened in the world.
"""

from __future__ import annotations

from pipeline import commands as cmd
from pipeline import rules
from pipeline.candidate import Candidate
from pipeline.errors import InvalidTransition
from pipeline.records import Meta
from pipeline.states import HIRING_MOVES, OPEN_APPLICATION_STATES


def submit_application(c: Candidate, meta: Meta, command: cmd.SubmitApplication) -> None:
    """Submit a proposed application to the employer (refused while paused)."""
    rules.change_application(c, meta, command.application, "submit")


def record_employer_move(c: Candidate, meta: Meta, command: cmd.RecordEmployerMove) -> None:
    """Record the employer's move: screening passed, an interview requested, an offer made
    (each shows hiring intent) or a rejection. The stage follows the applications."""
    record = rules.application(c, command.application)
    requested = record["round"] + 1 if command.move == "interview_requested" else None
    rules.change_application(c, meta, command.application, command.move, requested)
    if command.move in HIRING_MOVES and not record["hiring_intent"]:
        c.record(Candidate.HiringIntentMarked, meta, application_id=record["id"])


def confirm_interview(c: Candidate, meta: Meta, command: cmd.ConfirmInterview) -> None:
    """Confirm the requested interview round with the employer (refused while paused)."""
    record = rules.application(c, command.application)
    round_ = command.round or record["round"]
    if record["state"] == "interviewing" and round_ != record["round"]:
        raise InvalidTransition(
            f"application {record['id']}",
            f"round {record['round']} requested",
            f"confirm round {round_}",
            [f"confirm round {record['round']}"],
        )
    rules.change_application(c, meta, command.application, "confirm_interview", round_)


def accept_offer(c: Candidate, meta: Meta, command: cmd.AcceptOffer) -> None:
    """The candidate accepts the offer (refused while paused): the stage becomes placed."""
    rules.change_application(c, meta, command.application, "accept_offer")


def decline_offer(c: Candidate, meta: Meta, command: cmd.DeclineOffer) -> None:
    """The candidate declines the offer."""
    rules.change_application(c, meta, command.application, "decline_offer")


def withdraw_application(c: Candidate, meta: Meta, command: cmd.WithdrawApplication) -> None:
    """The agency withdraws the application."""
    meta = meta.with_reason(command.reason)
    rules.change_application(c, meta, command.application, "withdraw")


def mark_hiring_intent(c: Candidate, meta: Meta, command: cmd.MarkHiringIntent) -> None:
    """Mark that the employer wants to hire: a silence then stalls this employer (R5)."""
    record = rules.application(c, command.application)
    if record["state"] not in OPEN_APPLICATION_STATES:
        raise InvalidTransition(
            f"application {record['id']}", record["state"], "mark_hiring_intent", []
        )
    if not record["hiring_intent"]:
        c.record(Candidate.HiringIntentMarked, meta, application_id=record["id"])


def pause_application(c: Candidate, meta: Meta, command: cmd.PauseApplication) -> None:
    """Pause the employer side of an application by hand, with a reason."""
    rules.set_paused(c, meta.with_reason(command.reason), command.application, paused=True)


def resume_application(c: Candidate, meta: Meta, command: cmd.ResumeApplication) -> None:
    """Resume a paused application."""
    rules.set_paused(c, meta, command.application, paused=False)
