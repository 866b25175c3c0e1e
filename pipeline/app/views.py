"""What queries return: frozen pydantic models, also the documented `--json` schema.

Field names are a public contract: add fields, never rename or remove them.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class ApplicationView(View):
    id: str
    employer: str
    job_title: str
    role: str | None
    salary: int | None
    employer_contact: str | None = None
    contact_email: str | None = None
    state: str
    round: int
    confirmed_round: int
    paused: bool
    paused_reason: str | None
    paused_by: str | None
    hiring_intent: bool


class RiskView(View):
    signal: str
    reason: str
    application_id: str | None
    raised_at: datetime
    expires_at: datetime | None


class CandidateView(View):
    id: UUID
    ref: str
    name: str
    email: str | None
    phone: str | None
    advisor: str | None
    stage: str
    contact: str
    contact_since: datetime | None
    risk_level: str
    risk_reasons: list[str]
    risks: list[RiskView]
    applications: list[ApplicationView]
    silent_since: datetime | None
    outreach_day: int | None
    outreach_days: int | None = None  # days of this silence on which outreach really ran
    outreach_window_days: int | None
    next_due_at: datetime | None
    open_tasks: int
    queued_messages: int
    registered_at: datetime | None
    version: int
    head_hash: str
    as_of: datetime | None = None
    known_at: datetime | None = None


class Change(View):
    region: str
    application_id: str | None = None
    source: str
    dest: str


class MessagePreview(View):
    id: str
    recipient: str
    to: str
    subject: str
    first_line: str
    due_at: datetime


class TimelineEntry(View):
    version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    kind: str
    summary: str
    changes: list[Change]
    policy: str | None
    reason: str | None
    caused_by: int | None
    config: str | None
    message: MessagePreview | None = None
    event_hash: str


class CandidateSummary(View):
    id: UUID
    ref: str
    name: str
    advisor: str | None
    stage: str
    contact: str
    risk_level: str
    next_due_at: datetime | None
    version: int
    updated_at: datetime | None


class OutboxMessage(View):
    id: str
    candidate_id: UUID
    ref: str
    recipient: str
    to: str
    application_id: str | None
    kind: str
    language: str
    subject: str
    body: str
    status: str
    due_at: datetime
    queued_at: datetime
    policy: str | None
    error: str | None


class Task(View):
    id: str
    candidate_id: UUID
    ref: str
    kind: str
    title: str
    due_on: date
    advisor: str | None
    status: str
    created_at: datetime
    policy: str | None


class TickReport(View):
    now: datetime
    due: int
    processed: int
    events: int
    messages_queued: int
    tasks_created: int
    transitions: list[str]
    conflicts_retried: int = 0
    dry_run: bool = False  # True: what a tick would have decided; nothing was saved
