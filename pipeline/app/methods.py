"""The commands as typed methods of `Pipeline`, GENERATED: do not edit.

`python -m tools.generate_methods` writes each method from its command's pydantic model
(parameters, annotations, defaults) and its handler (docstring, return type). The model
validates the call, so bad input is refused the same way whichever way a command arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, PositiveInt

from pipeline import commands as cmd
from pipeline.commands import (
    Actor,
    AdvisorId,
    ApplicationKey,
    CandidateKey,
    ClearableDetail,
    CommandId,
    Email,
    Moment,
    Name,
    Phone,
    Ref,
    Salary,
    Text,
)
from pipeline.states import Channel, DeliveryOutcome, EmployerMove, Outcome


class CommandMethods:
    def execute(self, command: Any) -> Any:
        raise NotImplementedError

    def register_candidate(
        self,
        name: Name,
        *,
        command_id: CommandId | None = None,
        email: Email | None = None,
        phone: Phone | None = None,
        advisor: AdvisorId | None = None,
        ref: Ref | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> UUID:
        """Register a candidate; returns the new candidate's UUID. No policy listens to this."""
        result: UUID = self.execute(
            cmd.RegisterCandidate(
                command_id=command_id,
                name=name,
                email=email,
                phone=phone,
                advisor=advisor,
                ref=ref,
                at=at,
                actor=actor,
            )
        )
        return result

    def record_first_meeting(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        desired_roles: Sequence[Name] = (),
        desired_salary: Salary | None = None,
        reasons: Text | None = None,
        duration_minutes: PositiveInt | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record the first meeting (初回面談). The thank-you email is queued for the next day (R8)
        and a hearing with gaps raises the R1 risk with a task for the advisor.
        """
        self.execute(
            cmd.RecordFirstMeeting(
                command_id=command_id,
                candidate=str(c),
                desired_roles=desired_roles,
                desired_salary=desired_salary,
                reasons=reasons,
                duration_minutes=duration_minutes,
                at=at,
                actor=actor,
            )
        )

    def propose_job(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        employer: Name,
        job_title: Name,
        role: Name | None = None,
        salary: Salary | None = None,
        employer_contact: Text | None = None,
        contact_email: Email | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> str:
        """Introduce a job (求人紹介); returns the new application's id (A1, A2…). A job outside
        the desired role or below the desired salary raises the R2 risk.
        """
        result: str = self.execute(
            cmd.ProposeJob(
                command_id=command_id,
                candidate=str(c),
                employer=employer,
                job_title=job_title,
                role=role,
                salary=salary,
                employer_contact=employer_contact,
                contact_email=contact_email,
                at=at,
                actor=actor,
            )
        )
        return result

    def record_resume_feedback(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        note: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record a resume review (履歴書添削). Critique raises the R3 risk for a week."""
        self.execute(
            cmd.RecordResumeFeedback(
                command_id=command_id, candidate=str(c), note=note, at=at, actor=actor
            )
        )

    def record_interview_prep(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        note: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record interview preparation (面接対策). Critique raises the R3 risk for a week."""
        self.execute(
            cmd.RecordInterviewPrep(
                command_id=command_id, candidate=str(c), note=note, at=at, actor=actor
            )
        )

    def submit_application(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Submit a proposed application to the employer (refused while paused)."""
        self.execute(
            cmd.SubmitApplication(
                command_id=command_id, candidate=str(c), application=str(a), at=at, actor=actor
            )
        )

    def record_employer_move(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        move: EmployerMove,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record the employer's move: screening passed, an interview requested, an offer made
        (each shows hiring intent) or a rejection. The stage follows the applications.
        """
        self.execute(
            cmd.RecordEmployerMove(
                command_id=command_id,
                candidate=str(c),
                application=str(a),
                move=move,
                at=at,
                actor=actor,
            )
        )

    def confirm_interview(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        round: PositiveInt | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Confirm the requested interview round with the employer (refused while paused)."""
        self.execute(
            cmd.ConfirmInterview(
                command_id=command_id,
                candidate=str(c),
                application=str(a),
                round=round,
                at=at,
                actor=actor,
            )
        )

    def accept_offer(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """The candidate accepts the offer (refused while paused): the stage becomes placed."""
        self.execute(
            cmd.AcceptOffer(
                command_id=command_id, candidate=str(c), application=str(a), at=at, actor=actor
            )
        )

    def decline_offer(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """The candidate declines the offer."""
        self.execute(
            cmd.DeclineOffer(
                command_id=command_id, candidate=str(c), application=str(a), at=at, actor=actor
            )
        )

    def withdraw_application(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        reason: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """The agency withdraws the application."""
        self.execute(
            cmd.WithdrawApplication(
                command_id=command_id,
                candidate=str(c),
                application=str(a),
                reason=reason,
                at=at,
                actor=actor,
            )
        )

    def mark_hiring_intent(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Mark that the employer wants to hire: a silence then stalls this employer (R5)."""
        self.execute(
            cmd.MarkHiringIntent(
                command_id=command_id, candidate=str(c), application=str(a), at=at, actor=actor
            )
        )

    def pause_application(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        reason: Text,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Pause the employer side of an application by hand, with a reason."""
        self.execute(
            cmd.PauseApplication(
                command_id=command_id,
                candidate=str(c),
                application=str(a),
                reason=reason,
                at=at,
                actor=actor,
            )
        )

    def resume_application(
        self,
        c: str | UUID,
        a: ApplicationKey,
        /,
        *,
        command_id: CommandId | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Resume a paused application."""
        self.execute(
            cmd.ResumeApplication(
                command_id=command_id, candidate=str(c), application=str(a), at=at, actor=actor
            )
        )

    def record_outbound_contact(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        channel: Channel,
        outcome: Outcome = "sent",
        note: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record a call or message to the candidate. One that expects an answer makes the contact
        awaiting a reply (silence detection then runs on time); `reached` counts as hearing back; a
        phone call completes the open call tasks.
        """
        self.execute(
            cmd.RecordOutboundContact(
                command_id=command_id,
                candidate=str(c),
                channel=channel,
                outcome=outcome,
                note=note,
                at=at,
                actor=actor,
            )
        )

    def record_reply(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        channel: Channel,
        note: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record that the candidate replied, on any channel. A silence ends: what it paused
        resumes, queued outreach is cancelled and the advisor is asked to call back today.
        """
        self.execute(
            cmd.RecordReply(
                command_id=command_id,
                candidate=str(c),
                channel=channel,
                note=note,
                at=at,
                actor=actor,
            )
        )

    def withdraw(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        reason: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """The candidate withdraws: open applications are withdrawn, messages not yet sent (queued
        or failed) and open tasks cancelled.
        """
        self.execute(
            cmd.WithdrawCandidate(
                command_id=command_id, candidate=str(c), reason=reason, at=at, actor=actor
            )
        )

    def reopen(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        reason: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Reopen a withdrawn or closed candidate: back to the last working stage, then on to
        where the applications say it is now.
        """
        self.execute(
            cmd.ReopenCandidate(
                command_id=command_id, candidate=str(c), reason=reason, at=at, actor=actor
            )
        )

    def update_details(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        name: Name | None = None,
        email: Email | None = None,
        phone: Phone | None = None,
        advisor: AdvisorId | None = None,
        clear: Sequence[ClearableDetail] = (),
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> dict[str, str | None]:
        """Change the candidate's name, email, phone or advisor; returns what changed (nothing is
        recorded when every value is already the candidate's). Messages queued from now on use the
        new name and address; open tasks move to a new advisor. No policy listens to this.
        """
        result: dict[str, str | None] = self.execute(
            cmd.UpdateDetails(
                command_id=command_id,
                candidate=str(c),
                name=name,
                email=email,
                phone=phone,
                advisor=advisor,
                clear=clear,
                at=at,
                actor=actor,
            )
        )
        return result

    def mark_message(
        self,
        c: str | UUID,
        /,
        message_id: CandidateKey,
        *,
        command_id: CommandId | None = None,
        status: Literal["sent", "failed", "cancelled", "queued"],
        error: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record what became of an outbox message: sent, failed or cancelled; or queued, to send
        a failed or uncertain one again (a person settling what a relay could not).
        """
        self.execute(
            cmd.MarkMessage(
                command_id=command_id,
                candidate=str(c),
                message_id=message_id,
                status=status,
                error=error,
                at=at,
                actor=actor,
            )
        )

    def claim_message(
        self,
        c: str | UUID,
        /,
        message_id: CandidateKey,
        *,
        command_id: CommandId | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> int | None:
        """A relay claims a message due by now, right before the mail server takes its data:
        queued → sending, as attempt N (returned: its outcome names it). Refused when the message
        is not queued (another relay has it, a reply cancelled it) or not due yet; a message to a
        candidate who opted out of email is cancelled instead (returns None).
        """
        result: int | None = self.execute(
            cmd.ClaimMessage(
                command_id=command_id, candidate=str(c), message_id=message_id, at=at, actor=actor
            )
        )
        return result

    def record_delivery(
        self,
        c: str | UUID,
        /,
        message_id: CandidateKey,
        *,
        command_id: CommandId | None = None,
        outcome: DeliveryOutcome,
        attempt: PositiveInt | None = None,
        error: Text | None = None,
        retry_at: AwareDatetime | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record what a relay's attempt came to: sent; failed, and queued again for `retry_at`
        (without it, failed for good); or uncertain (lost after the data went out: never resent
        on its own). The attempt must be the message's latest claim; a failure before the claim
        (no attempt) applies only to a message still queued and due. The delivery follow-up
        policy gives the advisor a task for a failure for good and for an uncertain outcome.
        """
        self.execute(
            cmd.RecordDelivery(
                command_id=command_id,
                candidate=str(c),
                message_id=message_id,
                outcome=outcome,
                attempt=attempt,
                error=error,
                retry_at=retry_at,
                at=at,
                actor=actor,
            )
        )

    def record_opt_out(
        self,
        c: str | UUID,
        /,
        *,
        command_id: CommandId | None = None,
        channel: Channel,
        note: Text | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Record that the candidate asked not to be contacted on a channel. The opt-out policy
        cancels what was waiting to go out on it and asks the advisor how to keep in touch;
        outreach, check-ins and thank-you mail respect it from then on.
        """
        self.execute(
            cmd.RecordOptOut(
                command_id=command_id,
                candidate=str(c),
                channel=channel,
                note=note,
                at=at,
                actor=actor,
            )
        )

    def complete_task(
        self,
        c: str | UUID,
        /,
        task_id: CandidateKey,
        *,
        command_id: CommandId | None = None,
        at: Moment | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Mark an advisor's task done."""
        self.execute(
            cmd.CompleteTask(
                command_id=command_id, candidate=str(c), task_id=task_id, at=at, actor=actor
            )
        )
