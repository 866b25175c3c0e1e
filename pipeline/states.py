"""The vocabulary of the three regions and of the commands (docs/design.md, "The domain").

States are stored in events by value (plain strings), so these names are part of the log; the
commands' own choices (channels, outcomes, employer moves) are `Literal` types, so that a type
checker sees them in every command method's signature.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Stage(StrEnum):
    REGISTERED = "registered"
    FIRST_MEETING_DONE = "first_meeting_done"
    INTRODUCING = "introducing"
    PREPARING = "preparing"
    IN_SELECTION = "in_selection"
    OFFERED = "offered"
    PLACED = "placed"
    WITHDRAWN = "withdrawn"
    CLOSED_UNREACHABLE = "closed_unreachable"


WORKING_STAGES = (
    Stage.REGISTERED,
    Stage.FIRST_MEETING_DONE,
    Stage.INTRODUCING,
    Stage.PREPARING,
    Stage.IN_SELECTION,
    Stage.OFFERED,
)
ENDED_STAGES = (Stage.PLACED, Stage.WITHDRAWN, Stage.CLOSED_UNREACHABLE)


class Contact(StrEnum):
    RESPONSIVE = "responsive"
    AWAITING_REPLY = "awaiting_reply"
    SILENT = "silent"
    UNREACHABLE = "unreachable"


class AppState(StrEnum):
    PROPOSED = "proposed"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# Applications the employer is actively considering: the ones R4 pauses.
IN_PROGRESS = (AppState.APPLIED, AppState.SCREENING, AppState.INTERVIEWING, AppState.OFFERED)
OPEN_APPLICATION_STATES = (AppState.PROPOSED, *IN_PROGRESS)


Channel = Literal["phone", "email", "sms", "line"]
# What happened on an outbound contact: `sent` (a message went out; a reply is expected),
# `no_answer` (a call rang out: the missed call R6 asks for), `left_message` (voicemail or a
# message with someone else), `reached` (spoke with the candidate: counts as hearing back).
Outcome = Literal["sent", "no_answer", "left_message", "reached"]
EmployerMove = Literal["screening_passed", "interview_requested", "offer_made", "rejected"]
# Employer moves that show the employer wants to hire (hiring intent, docs/design.md).
HIRING_MOVES: tuple[EmployerMove, ...] = ("screening_passed", "interview_requested", "offer_made")


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # claimed by one relay, right before the mail server takes the data
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"  # lost after the data went out: maybe delivered, never resent alone
    CANCELLED = "cancelled"


# What a relay's attempt at a message came to (`record_delivery`).
DeliveryOutcome = Literal["sent", "failed", "uncertain"]


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def risk_level_for(active_signals: int) -> RiskLevel:
    """Two or more active signals make the risk high (and shorten the thresholds)."""
    if active_signals >= 2:
        return RiskLevel.HIGH
    return RiskLevel.MEDIUM if active_signals else RiskLevel.LOW
