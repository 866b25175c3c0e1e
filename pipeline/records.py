"""The plain shapes kept inside a candidate: applications, messages, tasks, risk signals.

They are `TypedDict`s so that the aggregate stays made of simple types (snapshots and replay
need nothing registered) while the type checker still knows every key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import NotRequired, TypedDict


@dataclass(frozen=True)
class Meta:
    """Who did something, when, and for policy decisions why: stamped on every event."""

    occurred_at: datetime
    recorded_at: datetime
    actor: str
    policy: str | None = None
    reason: str | None = None
    caused_by: int | None = None
    config: str | None = None
    command_id: str | None = None  # the caller's id of the command being carried out

    def with_reason(self, reason: str | None) -> Meta:
        return replace(self, reason=reason)


class ApplicationRecord(TypedDict):
    id: str
    employer: str
    job_title: str
    role: str | None
    salary: int | None
    employer_contact: str | None
    contact_email: NotRequired[str | None]  # absent from snapshots taken before it was kept
    state: str
    round: int
    confirmed_round: int
    paused: bool
    paused_reason: str | None
    paused_by: str | None
    hiring_intent: bool
    proposed_at: datetime


class QueuedMessage(TypedDict):
    """A message as a policy decides it: the one declaration of a message's fields (the
    `QueueMessage` decision, the `MessageQueued` event, the outbox table and view follow it)."""

    recipient: str
    to: str
    application_id: str | None
    kind: str
    step: str
    language: str
    subject: str
    body: str
    due_at: datetime


class MessageRecord(QueuedMessage):
    id: str
    status: str
    queued_at: datetime
    policy: str | None
    error: str | None
    attempts: int  # a relay's attempts so far (the number of the latest is its claim token)
    claimed_at: datetime | None  # when a relay last claimed it (`sending`)


class NewTask(TypedDict):
    """A task as a policy decides it (as `QueuedMessage` is for messages)."""

    kind: str
    step: str
    title: str
    due_on: str  # ISO date in the agency's time zone
    advisor: str | None


class TaskRecord(NewTask):
    id: str
    status: str
    created_at: datetime
    policy: str | None


class RiskSignal(TypedDict):
    signal: str
    reason: str
    application_id: str | None
    raised_at: datetime
    expires_at: datetime | None


class MeetingRecord(TypedDict):
    desired_roles: list[str]
    desired_salary: int | None
    reasons: str | None
    duration_minutes: int | None
    held_at: datetime


def money(amount: int | None, language: str) -> str:
    """A yearly salary in yen, as the timeline and the policies' reasons write it."""
    if amount is None:
        return "—"
    if language == "ja":
        return f"{amount // 10_000:,}万円"
    return f"¥{amount:,}"
