"""The commands as keyword-argument methods (DESIGN §10): each builds the pydantic command, so
bad input is refused by the same validation whichever way a command arrives."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pipeline import commands as cmd

Ref = str | UUID


def _key(c: Ref) -> str:
    return str(c)


class CommandMethods:
    def execute(self, command: Any) -> Any:
        raise NotImplementedError

    def register_candidate(
        self,
        name: str,
        *,
        email: str | None = None,
        phone: str | None = None,
        advisor: str | None = None,
        ref: str | None = None,
        at: datetime | None = None,
        actor: str | None = None,
    ) -> UUID:
        command = cmd.RegisterCandidate(
            name=name, email=email, phone=phone, advisor=advisor, ref=ref, at=at, actor=actor
        )
        result: UUID = self.execute(command)
        return result

    def record_first_meeting(self, c: Ref, **fields: Any) -> None:
        self.execute(cmd.RecordFirstMeeting(candidate=_key(c), **fields))

    def propose_job(self, c: Ref, **fields: Any) -> str:
        application_id: str = self.execute(cmd.ProposeJob(candidate=_key(c), **fields))
        return application_id

    def record_resume_feedback(self, c: Ref, **fields: Any) -> None:
        self.execute(cmd.RecordResumeFeedback(candidate=_key(c), **fields))

    def record_interview_prep(self, c: Ref, **fields: Any) -> None:
        self.execute(cmd.RecordInterviewPrep(candidate=_key(c), **fields))

    def submit_application(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.SubmitApplication(candidate=_key(c), application=a, **fields))

    def record_employer_move(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.RecordEmployerMove(candidate=_key(c), application=a, **fields))

    def confirm_interview(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.ConfirmInterview(candidate=_key(c), application=a, **fields))

    def accept_offer(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.AcceptOffer(candidate=_key(c), application=a, **fields))

    def decline_offer(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.DeclineOffer(candidate=_key(c), application=a, **fields))

    def withdraw_application(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.WithdrawApplication(candidate=_key(c), application=a, **fields))

    def mark_hiring_intent(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.MarkHiringIntent(candidate=_key(c), application=a, **fields))

    def pause_application(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.PauseApplication(candidate=_key(c), application=a, **fields))

    def resume_application(self, c: Ref, a: str, **fields: Any) -> None:
        self.execute(cmd.ResumeApplication(candidate=_key(c), application=a, **fields))

    def record_outbound_contact(self, c: Ref, **fields: Any) -> None:
        self.execute(cmd.RecordOutboundContact(candidate=_key(c), **fields))

    def record_reply(self, c: Ref, **fields: Any) -> None:
        self.execute(cmd.RecordReply(candidate=_key(c), **fields))

    def withdraw(self, c: Ref, **fields: Any) -> None:
        self.execute(cmd.WithdrawCandidate(candidate=_key(c), **fields))

    def reopen(self, c: Ref, **fields: Any) -> None:
        self.execute(cmd.ReopenCandidate(candidate=_key(c), **fields))

    def mark_message(self, c: Ref, message_id: str, **fields: Any) -> None:
        self.execute(cmd.MarkMessage(candidate=_key(c), message_id=message_id, **fields))

    def complete_task(self, c: Ref, task_id: str, **fields: Any) -> None:
        self.execute(cmd.CompleteTask(candidate=_key(c), task_id=task_id, **fields))
