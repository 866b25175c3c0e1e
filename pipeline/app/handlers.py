"""One small function per command on a candidate as a whole: decide, then record.

Each takes the loaded candidate, the event metadata and the validated command, and returns the
command's result (most return None). The repository loads, runs the policies and saves; the
routes table (routes.py) says which handler carries out which command. A handler's docstring
is also its command method's (methods.py is generated from them).
"""

from __future__ import annotations

from pipeline import commands as cmd
from pipeline import rules
from pipeline.candidate import Candidate
from pipeline.records import Meta
from pipeline.states import OPEN_APPLICATION_STATES, Contact, MessageStatus, TaskStatus
from pipeline.tables import decide


def register_candidate(meta: Meta, command: cmd.RegisterCandidate, ref: str) -> Candidate:
    """Register a candidate; returns the new candidate's UUID. No policy listens to this."""
    return Candidate.register(
        meta,
        ref=ref,
        name=command.name,
        email=command.email,
        phone=command.phone,
        advisor=command.advisor,
    )


def record_first_meeting(c: Candidate, meta: Meta, command: cmd.RecordFirstMeeting) -> None:
    """Record the first meeting (初回面談). The thank-you email is queued for the next day (R8)
    and a hearing with gaps raises the R1 risk with a task for the advisor."""
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
    """Introduce a job (求人紹介); returns the new application's id (A1, A2…). A job outside
    the desired role or below the desired salary raises the R2 risk."""
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
        contact_email=command.contact_email,
    )
    rules.change_stage(c, meta, "introduce")
    return application_id


def record_resume_feedback(c: Candidate, meta: Meta, command: cmd.RecordResumeFeedback) -> None:
    """Record a resume review (履歴書添削). Critique raises the R3 risk for a week."""
    rules.stage_destination(c, "prepare")
    c.record(Candidate.ResumeReviewed, meta, note=command.note)
    rules.change_stage(c, meta, "prepare")


def record_interview_prep(c: Candidate, meta: Meta, command: cmd.RecordInterviewPrep) -> None:
    """Record interview preparation (面接対策). Critique raises the R3 risk for a week."""
    rules.stage_destination(c, "prepare")
    c.record(Candidate.InterviewPrepared, meta, note=command.note)
    rules.change_stage(c, meta, "prepare")


def record_outbound_contact(c: Candidate, meta: Meta, command: cmd.RecordOutboundContact) -> None:
    """Record a call or message to the candidate. One that expects an answer makes the contact
    awaiting a reply (silence detection then runs on time); `reached` counts as hearing back; a
    phone call completes the open call tasks."""
    reached = command.outcome == "reached"
    decide("contact", c.contact, "reply" if reached else "expect_reply")
    c.record(
        Candidate.OutboundContactRecorded,
        meta,
        channel=command.channel,
        outcome=command.outcome,
        note=command.note,
    )
    if command.channel == "phone":
        close_call_tasks(c, meta)
    if reached:
        heard_from(c, meta)
    else:
        rules.change_contact(c, meta, "expect_reply")


def record_reply(c: Candidate, meta: Meta, command: cmd.RecordReply) -> None:
    """Record that the candidate replied, on any channel. A silence ends: what it paused
    resumes, queued outreach is cancelled and the advisor is asked to call back today."""
    decide("contact", c.contact, "reply")
    c.record(Candidate.ReplyReceived, meta, channel=command.channel, note=command.note)
    rules.change_contact(c, meta, "reply")


def withdraw(c: Candidate, meta: Meta, command: cmd.WithdrawCandidate) -> None:
    """The candidate withdraws: open applications are withdrawn, messages not yet sent (queued
    or failed) and open tasks cancelled."""
    meta = meta.with_reason(command.reason)
    rules.change_stage(c, meta, "withdraw")
    for record in list(c.applications.values()):
        if record["state"] in OPEN_APPLICATION_STATES:
            rules.change_application(c, meta, record["id"], "withdraw")
    for message in list(c.messages.values()):
        if message["status"] in (MessageStatus.QUEUED, MessageStatus.FAILED):
            rules.change_message(c, meta, message["id"], "cancelled")
    for task in list(c.tasks.values()):
        if task["status"] == TaskStatus.OPEN:
            rules.change_task(c, meta, task["id"], "cancelled")


def reopen(c: Candidate, meta: Meta, command: cmd.ReopenCandidate) -> None:
    """Reopen a withdrawn or closed candidate: back to the last working stage, then on to
    where the applications say it is now."""
    meta = meta.with_reason(command.reason)
    rules.change_stage(c, meta, "reopen")
    rules.follow_applications(c, meta)
    if c.contact == Contact.UNREACHABLE:
        rules.change_contact(c, meta, "reopen")


def update_details(c: Candidate, meta: Meta, command: cmd.UpdateDetails) -> dict[str, str | None]:
    """Change the candidate's name, email, phone or advisor; returns what changed (nothing is
    recorded when every value is already the candidate's). Messages queued from now on use the
    new name and address; open tasks move to a new advisor. No policy listens to this."""
    current = {"name": c.name, "email": c.email, "phone": c.phone, "advisor": c.advisor}
    changes = {k: v for k, v in command.new_details().items() if current[k] != v}
    if changes:
        c.record(Candidate.DetailsChanged, meta, changes=changes)
    return changes


def mark_message(c: Candidate, meta: Meta, command: cmd.MarkMessage) -> None:
    """Record what became of an outbox message: sent, failed or cancelled; or queued, to send
    a failed or uncertain one again (a person settling what a relay could not)."""
    rules.change_message(c, meta, command.message_id, command.status, command.error)


def complete_task(c: Candidate, meta: Meta, command: cmd.CompleteTask) -> None:
    """Mark an advisor's task done."""
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
