"""One small function per command on an existing candidate: decide, then record.

Each takes the loaded candidate, the event metadata and the validated command, and returns the
command's result (most return None). The application loads, runs policies and saves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline import commands as cmd
from pipeline import rules
from pipeline.candidate import Candidate
from pipeline.errors import InvalidTransition
from pipeline.records import Meta
from pipeline.states import (
    HIRING_MOVES,
    OPEN_APPLICATION_STATES,
    Contact,
    MessageStatus,
    Outcome,
    TaskStatus,
)
from pipeline.tables import decide

Handler = Callable[[Candidate, Meta, Any], Any]


def record_first_meeting(c: Candidate, meta: Meta, command: cmd.RecordFirstMeeting) -> None:
    rules.stage_destination(c, "meet")
    c.record(
        Candidate.FirstMeetingHeld,
        meta,
        desired_roles=list(command.desired_roles),
        desired_salary=command.desired_salary,
        reasons=command.reasons,
        duration_minutes=command.duration_minutes,
    )
    rules.change_stage(c, meta, "meet")
    heard_from(c, meta)


def propose_job(c: Candidate, meta: Meta, command: cmd.ProposeJob) -> str:
    rules.stage_destination(c, "introduce")
    application_id = f"A{len(c.applications) + 1}"
    c.record(
        Candidate.JobProposed,
        meta,
        application_id=application_id,
        employer=command.employer,
        job_title=command.job_title,
        role=command.role,
        salary=command.salary,
        employer_contact=command.employer_contact,
    )
    rules.change_stage(c, meta, "introduce")
    return application_id


def record_resume_feedback(c: Candidate, meta: Meta, command: cmd.RecordResumeFeedback) -> None:
    rules.stage_destination(c, "prepare")
    c.record(Candidate.ResumeReviewed, meta, note=command.note)
    rules.change_stage(c, meta, "prepare")


def record_interview_prep(c: Candidate, meta: Meta, command: cmd.RecordInterviewPrep) -> None:
    rules.stage_destination(c, "prepare")
    c.record(Candidate.InterviewPrepared, meta, note=command.note)
    rules.change_stage(c, meta, "prepare")


def submit_application(c: Candidate, meta: Meta, command: cmd.SubmitApplication) -> None:
    rules.change_application(c, meta, command.application, "submit")


def record_employer_move(c: Candidate, meta: Meta, command: cmd.RecordEmployerMove) -> None:
    record = rules.application(c, command.application)
    requested = record["round"] + 1 if command.move == "interview_requested" else None
    rules.change_application(c, meta, command.application, command.move.value, requested)
    if command.move in HIRING_MOVES and not record["hiring_intent"]:
        c.record(Candidate.HiringIntentMarked, meta, application_id=record["id"])


def confirm_interview(c: Candidate, meta: Meta, command: cmd.ConfirmInterview) -> None:
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
    rules.change_application(c, meta, command.application, "accept_offer")


def decline_offer(c: Candidate, meta: Meta, command: cmd.DeclineOffer) -> None:
    rules.change_application(c, meta, command.application, "decline_offer")


def withdraw_application(c: Candidate, meta: Meta, command: cmd.WithdrawApplication) -> None:
    meta = meta.with_reason(command.reason)
    rules.change_application(c, meta, command.application, "withdraw")


def mark_hiring_intent(c: Candidate, meta: Meta, command: cmd.MarkHiringIntent) -> None:
    record = rules.application(c, command.application)
    if record["state"] not in OPEN_APPLICATION_STATES:
        raise InvalidTransition(
            f"application {record['id']}", record["state"], "mark_hiring_intent", []
        )
    if not record["hiring_intent"]:
        c.record(Candidate.HiringIntentMarked, meta, application_id=record["id"])


def pause_application(c: Candidate, meta: Meta, command: cmd.PauseApplication) -> None:
    rules.set_paused(c, meta.with_reason(command.reason), command.application, paused=True)


def resume_application(c: Candidate, meta: Meta, command: cmd.ResumeApplication) -> None:
    rules.set_paused(c, meta, command.application, paused=False)


def record_outbound_contact(c: Candidate, meta: Meta, command: cmd.RecordOutboundContact) -> None:
    reached = command.outcome == Outcome.REACHED
    decide("contact", c.contact, "reply" if reached else "expect_reply")
    c.record(
        Candidate.OutboundContactRecorded,
        meta,
        channel=command.channel.value,
        outcome=command.outcome.value,
        note=command.note,
    )
    if command.channel == "phone":
        close_call_tasks(c, meta)
    if reached:
        heard_from(c, meta)
    else:
        rules.change_contact(c, meta, "expect_reply")


def record_reply(c: Candidate, meta: Meta, command: cmd.RecordReply) -> None:
    decide("contact", c.contact, "reply")
    c.record(Candidate.ReplyReceived, meta, channel=command.channel.value, note=command.note)
    rules.change_contact(c, meta, "reply")


def withdraw(c: Candidate, meta: Meta, command: cmd.WithdrawCandidate) -> None:
    meta = meta.with_reason(command.reason)
    rules.change_stage(c, meta, "withdraw")
    for record in list(c.applications.values()):
        if record["state"] in OPEN_APPLICATION_STATES:
            rules.change_application(c, meta, record["id"], "withdraw")
    for message in list(c.messages.values()):
        if message["status"] == MessageStatus.QUEUED:
            rules.change_message(c, meta, message["id"], "cancelled")
    for task in list(c.tasks.values()):
        if task["status"] == TaskStatus.OPEN:
            rules.change_task(c, meta, task["id"], "cancelled")


def reopen(c: Candidate, meta: Meta, command: cmd.ReopenCandidate) -> None:
    """Back to the last working stage, then on to where the applications say it is now."""
    rules.change_stage(c, meta, "reopen")
    rules.follow_applications(c, meta)
    if c.contact == Contact.UNREACHABLE:
        rules.change_contact(c, meta, "reopen")


def mark_message(c: Candidate, meta: Meta, command: cmd.MarkMessage) -> None:
    rules.change_message(c, meta, command.message_id, command.status, command.error)


def complete_task(c: Candidate, meta: Meta, command: cmd.CompleteTask) -> None:
    rules.change_task(c, meta, command.task_id, "done")


def heard_from(c: Candidate, meta: Meta) -> None:
    """The candidate was in touch: an awaited reply or a silence ends."""
    if c.contact in (Contact.AWAITING_REPLY, Contact.SILENT):
        rules.change_contact(c, meta, "reply")


def close_call_tasks(c: Candidate, meta: Meta) -> None:
    """A call the advisor logged completes the call tasks that were open when it happened."""
    for task in list(c.tasks.values()):
        if (
            task["kind"] == "call"
            and task["status"] == TaskStatus.OPEN
            and task["created_at"] <= meta.occurred_at
        ):
            rules.change_task(c, meta, task["id"], "done")


HANDLERS: dict[type[cmd.Command], Handler] = {
    cmd.RecordFirstMeeting: record_first_meeting,
    cmd.ProposeJob: propose_job,
    cmd.RecordResumeFeedback: record_resume_feedback,
    cmd.RecordInterviewPrep: record_interview_prep,
    cmd.SubmitApplication: submit_application,
    cmd.RecordEmployerMove: record_employer_move,
    cmd.ConfirmInterview: confirm_interview,
    cmd.AcceptOffer: accept_offer,
    cmd.DeclineOffer: decline_offer,
    cmd.WithdrawApplication: withdraw_application,
    cmd.MarkHiringIntent: mark_hiring_intent,
    cmd.PauseApplication: pause_application,
    cmd.ResumeApplication: resume_application,
    cmd.RecordOutboundContact: record_outbound_contact,
    cmd.RecordReply: record_reply,
    cmd.WithdrawCandidate: withdraw,
    cmd.ReopenCandidate: reopen,
    cmd.MarkMessage: mark_message,
    cmd.CompleteTask: complete_task,
}

# Who did it, when a command does not say: the person who usually does it.
DEFAULT_ACTORS: dict[type[cmd.Command], str] = {
    cmd.RecordEmployerMove: "employer",
    cmd.RecordReply: "candidate",
    cmd.DeclineOffer: "candidate",
    cmd.MarkMessage: "system",
}
