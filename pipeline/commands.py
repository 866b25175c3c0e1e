"""Commands: orders given to the pipeline, validated at the edge before anything is written.

Each is a frozen pydantic model that refuses unknown fields, so the same command arrives the
same way from Python keyword arguments, from a JSON Lines file, or from a queue. `type` names
the `Pipeline` method that carries it out; `COMMANDS` parses any of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from pipeline.states import Channel, DeliveryOutcome, EmployerMove, Outcome

# Control characters (NUL, terminal escapes, C1 codes) and lone surrogates (invalid UTF-8 read
# with surrogateescape) are refused: PostgreSQL cannot store a NUL, a terminal runs an escape.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
LINE_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")
EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=UTC), datetime(2999, 12, 31, tzinfo=UTC)


def _text(value: str) -> str:
    found = CONTROL.search(value)
    if found:
        raise ValueError(f"control character {found.group()!r} at position {found.start()}")
    return value


def _line(value: str) -> str:
    found = LINE_BREAK.search(_text(value))
    if found:
        raise ValueError(f"must be one line ({found.group()!r} at position {found.start()})")
    return value


def _moment(value: datetime) -> datetime:
    try:
        inside = EARLIEST <= value <= LATEST
    except OverflowError:
        inside = False
    if not inside:
        raise ValueError(f"must be between {EARLIEST.year} and {LATEST.year}")
    return value


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_text),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_line),
]
Moment = Annotated[AwareDatetime, AfterValidator(_moment)]
Ref = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")
]
CandidateKey = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    AfterValidator(_line),
]
CommandId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_line),
    Field(description="the caller's id for this command: applied once however often it is sent"),
]
ApplicationKey = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[Aa][1-9]\d*$")]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(_line),
]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9\- ()]{5,24}$")
]
AdvisorId = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
]
Actor = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        pattern=r"^((advisor|relay):[A-Za-z0-9_.\-]{1,64}|candidate|employer|system)$",
    ),
]
Salary = Annotated[NonNegativeInt, Field(le=1_000_000_000, description="yearly, in yen")]


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    at: Moment | None = Field(
        default=None, description="when it happened (domain time); default: the clock"
    )
    actor: Actor | None = Field(default=None, description="who did it; default depends on command")
    command_id: CommandId | None = None


class CandidateCommand(Command):
    candidate: CandidateKey = Field(description="the candidate's ref or UUID")


class ApplicationCommand(CandidateCommand):
    application: ApplicationKey = Field(description="the application's id within the candidate")


class RegisterCandidate(Command):
    type: Literal["register_candidate"] = "register_candidate"
    name: Name
    email: Email | None = None
    phone: Phone | None = None
    advisor: AdvisorId | None = None
    ref: Ref | None = None


class RecordFirstMeeting(CandidateCommand):
    type: Literal["record_first_meeting"] = "record_first_meeting"
    desired_roles: Sequence[Name] = Field(
        default=(), max_length=20, description="a role the candidate wants (one or more)"
    )
    desired_salary: Salary | None = Field(default=None, description="yearly, in yen")
    reasons: Text | None = Field(default=None, description="why they are changing jobs")
    duration_minutes: Annotated[PositiveInt, Field(le=600)] | None = Field(
        default=None, description="how long the hearing lasted"
    )


class ProposeJob(CandidateCommand):
    type: Literal["propose_job"] = "propose_job"
    employer: Name = Field(description="the employer (企業)")
    job_title: Name = Field(description="the job as the employer names it")
    role: Name | None = Field(
        default=None, description="the role, compared with the desired roles (R2)"
    )
    salary: Salary | None = Field(
        default=None, description="yearly, in yen; compared with the desired salary (R2)"
    )
    employer_contact: Text | None = Field(
        default=None, description="the person at the employer, as messages address them"
    )
    contact_email: Email | None = Field(
        default=None, description="that person's address: where the employer's messages go"
    )


class RecordResumeFeedback(CandidateCommand):
    type: Literal["record_resume_feedback"] = "record_resume_feedback"
    note: Text | None = Field(default=None, description="what the advice was")


class RecordInterviewPrep(CandidateCommand):
    type: Literal["record_interview_prep"] = "record_interview_prep"
    note: Text | None = Field(default=None, description="what the preparation covered")


class SubmitApplication(ApplicationCommand):
    type: Literal["submit_application"] = "submit_application"


class RecordEmployerMove(ApplicationCommand):
    type: Literal["record_employer_move"] = "record_employer_move"
    move: EmployerMove = Field(description="what the employer did")


class ConfirmInterview(ApplicationCommand):
    type: Literal["confirm_interview"] = "confirm_interview"
    round: PositiveInt | None = Field(default=None, description="default: the requested round")


class AcceptOffer(ApplicationCommand):
    type: Literal["accept_offer"] = "accept_offer"


class DeclineOffer(ApplicationCommand):
    type: Literal["decline_offer"] = "decline_offer"


class WithdrawApplication(ApplicationCommand):
    type: Literal["withdraw_application"] = "withdraw_application"
    reason: Text | None = Field(default=None, description="why, for the timeline")


class MarkHiringIntent(ApplicationCommand):
    type: Literal["mark_hiring_intent"] = "mark_hiring_intent"


class PauseApplication(ApplicationCommand):
    type: Literal["pause_application"] = "pause_application"
    reason: Text = Field(description="why the employer side waits")


class ResumeApplication(ApplicationCommand):
    type: Literal["resume_application"] = "resume_application"


class RecordOutboundContact(CandidateCommand):
    type: Literal["record_outbound_contact"] = "record_outbound_contact"
    channel: Channel
    outcome: Outcome = "sent"
    note: Text | None = None


class RecordReply(CandidateCommand):
    type: Literal["record_reply"] = "record_reply"
    channel: Channel
    note: Text | None = None


class WithdrawCandidate(CandidateCommand):
    type: Literal["withdraw"] = "withdraw"
    reason: Text | None = Field(default=None, description="why, for the timeline")


class ReopenCandidate(CandidateCommand):
    type: Literal["reopen"] = "reopen"
    reason: Text | None = Field(default=None, description="why, for the timeline")


ClearableDetail = Literal["email", "phone", "advisor"]


class UpdateDetails(CandidateCommand):
    type: Literal["update_details"] = "update_details"
    name: Name | None = Field(default=None, description="the new name")
    email: Email | None = Field(default=None, description="the new address")
    phone: Phone | None = Field(default=None, description="the new phone number")
    advisor: AdvisorId | None = Field(default=None, description="the new advisor's id")
    clear: Sequence[ClearableDetail] = Field(
        default=(), max_length=3, description="details to remove (email, phone, advisor)"
    )

    @model_validator(mode="after")
    def _one_way_each(self) -> UpdateDetails:
        both = sorted(field for field in self.clear if getattr(self, field) is not None)
        if both:
            raise ValueError(f"{', '.join(both)}: given and cleared at once")
        return self

    def new_details(self) -> dict[str, str | None]:
        """The details this command sets: the given ones, and None for the cleared ones."""
        given = {f: getattr(self, f) for f in ("name", "email", "phone", "advisor")}
        return {f: v for f, v in given.items() if v is not None} | dict.fromkeys(self.clear)


class MarkMessage(CandidateCommand):
    type: Literal["mark_message"] = "mark_message"
    message_id: CandidateKey
    status: Literal["sent", "failed", "cancelled", "queued"] = Field(
        description="queued: send a failed or uncertain message again"
    )
    error: Text | None = None


class ClaimMessage(CandidateCommand):
    type: Literal["claim_message"] = "claim_message"
    message_id: CandidateKey


class RecordDelivery(CandidateCommand):
    type: Literal["record_delivery"] = "record_delivery"
    message_id: CandidateKey
    outcome: DeliveryOutcome
    attempt: PositiveInt | None = Field(
        default=None, description="the claim's attempt; None: failed before it could claim"
    )
    error: Text | None = Field(default=None, description="what went wrong: the server's answer")
    retry_at: AwareDatetime | None = Field(
        default=None, description="a failure to try again then; None: failed for good"
    )

    @model_validator(mode="after")
    def _outcome_fits(self) -> RecordDelivery:
        if self.retry_at is not None and self.outcome != "failed":
            raise ValueError("retry_at: only a failure is tried again")
        if self.attempt is None and self.outcome != "failed":
            raise ValueError(f"attempt: a message {self.outcome} must have been claimed")
        return self


class RecordOptOut(CandidateCommand):
    type: Literal["record_opt_out"] = "record_opt_out"
    channel: Channel
    note: Text | None = None


class CompleteTask(CandidateCommand):
    type: Literal["complete_task"] = "complete_task"
    task_id: CandidateKey


class Tick(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["tick"] = "tick"
    now: Moment | None = None
    dry_run: bool = False  # report what would be decided, save nothing
    command_id: CommandId | None = None  # accepted: a tick is idempotent by its time anyway


AnyCommand = Annotated[
    RegisterCandidate
    | RecordFirstMeeting
    | ProposeJob
    | RecordResumeFeedback
    | RecordInterviewPrep
    | SubmitApplication
    | RecordEmployerMove
    | ConfirmInterview
    | AcceptOffer
    | DeclineOffer
    | WithdrawApplication
    | MarkHiringIntent
    | PauseApplication
    | ResumeApplication
    | RecordOutboundContact
    | RecordReply
    | WithdrawCandidate
    | ReopenCandidate
    | UpdateDetails
    | MarkMessage
    | ClaimMessage
    | RecordDelivery
    | RecordOptOut
    | CompleteTask
    | Tick,
    Field(discriminator="type"),
]

COMMANDS: TypeAdapter[AnyCommand] = TypeAdapter(AnyCommand)
