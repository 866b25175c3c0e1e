"""The candidate aggregate: three regions, and the events that are its only source of truth.

Command methods decide (through the transition tables) and record events; each event's
`apply` only assigns, so replaying a history never decides anything again. Every event carries
the domain time, the actor, the policy fields and a link of the candidate's hash chain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar, cast
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from pipeline.hashing import GENESIS, event_digest
from pipeline.records import (
    ApplicationRecord,
    MeetingRecord,
    MessageRecord,
    Meta,
    NewTask,
    QueuedMessage,
    RiskSignal,
    TaskRecord,
)
from pipeline.states import (
    WORKING_STAGES,
    Contact,
    MessageStatus,
    RiskLevel,
    Stage,
    TaskStatus,
    risk_level_for,
)

T = TypeVar("T")
CANDIDATE_NAMESPACE = UUID("6f1d7a52-3b8e-4c1a-9a57-2d0c5e8f4b31")
# The last part of a cadence step: a day, or a count with no leading zero (docs/design.md §4).
_CADENCE_KEY = re.compile(r"\d{4}-\d{2}-\d{2}|0|[1-9]\d*")


@lru_cache(maxsize=65_536)
def _derived_id(candidate_id: UUID, step: str) -> str:
    return str(uuid5(candidate_id, step))


def candidate_id_for(ref: str) -> UUID:
    """A candidate's id is derived from its ref, so a second registration collides in the store."""
    return uuid5(CANDIDATE_NAMESPACE, ref.strip().upper())


class OutdatedSnapshot(Exception):
    """A snapshot taken before the candidate kept what it keeps now: load from the events."""


def cadence_step(step: str) -> tuple[str, str] | None:
    """(cadence, key) of a step that is one of a cadence, or None.

    A cadence step is `<cadence>:<key>`, its key a day (`YYYY-MM-DD`) or a count (`0`, `1`…):
    `outreach-call:<series>:2026-04-05` is the call of that day in that silence's outreach,
    `stall:<series>:A1:2` the third stall message to A1's employer. Keys of one cadence grow
    with each step, so the latest is the one that sorts last by (length, text).
    """
    cadence, _, key = step.rpartition(":")
    return (cadence, key) if cadence and _CADENCE_KEY.fullmatch(key) else None


def later_step(key: str, than: str | None) -> bool:
    return than is None or (len(key), key) > (len(than), than)


class Candidate(Aggregate):
    # 2: the candidate keeps `outreach_dates`, which a snapshot of version 1 (release 0.1.0)
    # cannot give; such a snapshot is set aside and the candidate replayed from its events.
    # 3: the channels the candidate opted out of, and each message's delivery attempts.
    # 4: the candidate keeps `latest_steps`, which a snapshot of version 3 gives back from
    # its tasks and messages (`upcast_v3_v4`).
    class_version = 4

    def __init__(self) -> None:
        self.ref = ""
        self.name = ""
        self.email: str | None = None
        self.phone: str | None = None
        self.advisor: str | None = None
        self.registered_at: datetime | None = None
        self.stage = Stage.REGISTERED.value
        self.last_working_stage = Stage.REGISTERED.value
        self.contact = Contact.RESPONSIVE.value
        self.contact_since: datetime | None = None
        self.last_contact_at: datetime | None = None
        self.silent_since: datetime | None = None
        # The days (ISO dates in the agency's zone) of this silence on which the outreach
        # policy made a call task: the days outreach really ran (docs/design.md §4).
        self.outreach_dates: list[str] = []
        # The channels the candidate asked not to be contacted on (phone, email, sms, line).
        self.opted_out: list[str] = []
        # The latest key of each cadence among the steps of tasks and messages, so that a
        # policy finds its next step without scanning every task and message (`cadence_step`).
        self.latest_steps: dict[str, str] = {}
        self.meeting: MeetingRecord | None = None
        self.applications: dict[str, ApplicationRecord] = {}
        self.messages: dict[str, MessageRecord] = {}
        self.tasks: dict[str, TaskRecord] = {}
        self.risks: dict[str, RiskSignal] = {}
        self.head_hash = GENESIS
        self.last_occurred_at: datetime | None = None
        # command id -> the application its first event named (propose_job's result), if any
        self.command_ids: Mapping[str, str | None] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> Candidate:
        """The copy the repository hands out for each command, made by hand.

        Every nested record is a flat dict of immutable values (the meeting's role list aside),
        so copying one level down is a full copy: several times cheaper than generic deepcopy,
        which was the largest cost of loading a candidate from the cache.
        """
        state = dict(vars(self))
        for name in ("applications", "messages", "tasks", "risks"):
            state[name] = {key: dict(record) for key, record in state[name].items()}
        if self.meeting is not None:
            state["meeting"] = {
                **self.meeting,
                "desired_roles": list(self.meeting["desired_roles"]),
            }
        state["outreach_dates"] = list(self.outreach_dates)
        state["opted_out"] = list(self.opted_out)
        state["latest_steps"] = dict(self.latest_steps)
        state["_pending_events"] = list(self.pending_events)
        copy = object.__new__(type(self))
        copy.__dict__.update(state)
        return copy

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        raise OutdatedSnapshot("taken before the candidate kept the days of its outreach")

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """No opt-out and no relay existed before version 3: nothing was opted out of or
        attempted."""
        state["opted_out"] = []
        for message in state["messages"].values():
            message.setdefault("attempts", 0)
            message.setdefault("claimed_at", None)

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        """The latest cadence steps, from the steps of the snapshot's tasks and messages (what
        replaying their events would have kept, in the order they were created)."""
        latest: dict[str, str] = {}
        for items in (state["tasks"], state["messages"]):
            for item in items.values():
                _keep_step(latest, item["step"])
        state["latest_steps"] = latest

    # -- queries ---------------------------------------------------------------------------

    def active_risks(self, at: datetime) -> list[RiskSignal]:
        return [r for r in self.risks.values() if r["expires_at"] is None or r["expires_at"] > at]

    def risk_level(self, at: datetime) -> RiskLevel:
        return risk_level_for(len(self.active_risks(at)))

    def applied_commands(self) -> Mapping[str, str | None]:
        """The ids of the commands applied to this candidate (none in a snapshot taken before
        command ids existed, which has no such attribute)."""
        applied: Mapping[str, str | None] = vars(self).get("command_ids", {})
        return applied

    def opted_out_of(self, channel: str) -> bool:
        return channel in self.opted_out

    def message_id_for(self, step: str) -> str:
        """Message and task ids are derived from the step that makes them: never queued twice."""
        return _derived_id(self.id, step)

    # -- recording -------------------------------------------------------------------------

    def record(self, event_class: type[Candidate.Event], meta: Meta, **attrs: Any) -> None:
        pending = self.pending_events
        batch = pending[0].originator_version if pending else self.version + 1
        fields = _base_fields(meta, self.head_hash, batch, first=not pending) | attrs
        digest = event_digest(event_class.__qualname__, self.id, self.version + 1, fields)
        self.trigger_event(event_class, event_hash=digest, **fields)

    @classmethod
    def register(
        cls,
        meta: Meta,
        *,
        ref: str,
        name: str,
        email: str | None,
        phone: str | None,
        advisor: str | None,
    ) -> Candidate:
        originator_id = candidate_id_for(ref)
        fields = _base_fields(meta, GENESIS, 1) | {
            "ref": ref,
            "name": name,
            "email": email,
            "phone": phone,
            "advisor": advisor,
        }
        digest = event_digest(cls.Registered.__qualname__, originator_id, 1, fields)
        return cls._create(cls.Registered, id=originator_id, event_hash=digest, **fields)

    # -- events ----------------------------------------------------------------------------

    class Event(Aggregate.Event):
        occurred_at: datetime
        actor: str
        policy: str | None
        reason: str | None
        caused_by: int | None
        config: str | None
        batch: int  # version of the first event saved in the same transaction
        previous_hash: str
        event_hash: str
        # The caller's id of the command this event was the first of. Stored only when set:
        # an event without one is stored, exported and hashed exactly as before it existed.
        command_id: str | None = field(default=None, kw_only=True)

        def __post_init__(self) -> None:
            if self.command_id is None:
                object.__delattr__(self, "command_id")  # the class default answers instead

        def apply(self, aggregate: Any) -> None:
            candidate = cast(Candidate, aggregate)
            candidate.head_hash = self.event_hash
            candidate.last_occurred_at = self.occurred_at
            if self.command_id is not None:  # a new dict: copies of the candidate share it
                application = getattr(self, "application_id", None)
                before = candidate.applied_commands()
                candidate.command_ids = {**before, self.command_id: application}
            self.assign(candidate)

        def assign(self, candidate: Candidate) -> None:
            """Assign what this event changed; never decide."""

    class Registered(Event, Aggregate.Created):
        ref: str
        name: str
        email: str | None
        phone: str | None
        advisor: str | None

        def assign(self, candidate: Candidate) -> None:
            candidate.ref = self.ref
            candidate.name = self.name
            candidate.email = self.email
            candidate.phone = self.phone
            candidate.advisor = self.advisor
            candidate.registered_at = self.occurred_at
            candidate.contact_since = self.occurred_at

    class DetailsChanged(Event):
        """The candidate's name, email, phone or advisor changed (only those in `changes`;
        None removes one). The candidate's open tasks follow a new advisor."""

        changes: dict[str, str | None]

        def assign(self, candidate: Candidate) -> None:
            changes = self.changes
            candidate.name = changes.get("name") or candidate.name
            candidate.email = changes.get("email", candidate.email)
            candidate.phone = changes.get("phone", candidate.phone)
            if "advisor" in changes:
                candidate.advisor = changes["advisor"]
                for task in candidate.tasks.values():
                    if task["status"] == TaskStatus.OPEN:
                        task["advisor"] = changes["advisor"]

    class FirstMeetingHeld(Event):
        desired_roles: list[str]
        desired_salary: int | None
        reasons: str | None
        duration_minutes: int | None

        def assign(self, candidate: Candidate) -> None:
            candidate.meeting = {
                "desired_roles": list(self.desired_roles),
                "desired_salary": self.desired_salary,
                "reasons": self.reasons,
                "duration_minutes": self.duration_minutes,
                "held_at": self.occurred_at,
            }
            candidate.last_contact_at = self.occurred_at

    class JobProposed(Event):
        application_id: str
        employer: str
        job_title: str
        role: str | None
        salary: int | None
        employer_contact: str | None
        # Added after release 0.1.0: events recorded before it have no such attribute (and
        # their hash was computed without it), so it defaults here rather than by an upcast.
        contact_email: str | None = None

        def assign(self, candidate: Candidate) -> None:
            candidate.applications[self.application_id] = {
                "id": self.application_id,
                "employer": self.employer,
                "job_title": self.job_title,
                "role": self.role,
                "salary": self.salary,
                "employer_contact": self.employer_contact,
                "contact_email": self.contact_email,
                "state": "proposed",
                "round": 0,
                "confirmed_round": 0,
                "paused": False,
                "paused_reason": None,
                "paused_by": None,
                "hiring_intent": False,
                "proposed_at": self.occurred_at,
            }

    class ResumeReviewed(Event):
        note: str | None

    class InterviewPrepared(Event):
        note: str | None

    class StageChanged(Event):
        trigger: str
        source: str
        dest: str

        def assign(self, candidate: Candidate) -> None:
            candidate.stage = self.dest
            if self.dest in _WORKING:
                candidate.last_working_stage = self.dest

    class ContactChanged(Event):
        trigger: str
        source: str
        dest: str

        def assign(self, candidate: Candidate) -> None:
            candidate.contact = self.dest
            candidate.contact_since = self.occurred_at
            if self.dest == Contact.SILENT.value:
                candidate.silent_since = self.occurred_at
                candidate.outreach_dates = []
            elif self.dest == Contact.RESPONSIVE.value:
                candidate.silent_since = None
                candidate.outreach_dates = []
                candidate.last_contact_at = self.occurred_at

    class ApplicationChanged(Event):
        application_id: str
        trigger: str
        source: str
        dest: str
        round: int

        def assign(self, candidate: Candidate) -> None:
            application = candidate.applications[self.application_id]
            application["state"] = self.dest
            application["round"] = max(application["round"], self.round)
            if self.trigger == "confirm_interview":
                application["confirmed_round"] = self.round
            if self.dest == "rejected":
                application["hiring_intent"] = False
            if self.dest in _FINISHED:  # nothing left to pause once an application has ended
                application["paused"] = False
                application["paused_reason"] = None
                application["paused_by"] = None

    class HiringIntentMarked(Event):
        application_id: str

        def assign(self, candidate: Candidate) -> None:
            candidate.applications[self.application_id]["hiring_intent"] = True

    class ProgressionPaused(Event):
        application_id: str

        def assign(self, candidate: Candidate) -> None:
            application = candidate.applications[self.application_id]
            application["paused"] = True
            application["paused_reason"] = self.reason
            application["paused_by"] = f"policy:{self.policy}" if self.policy else self.actor

    class ProgressionResumed(Event):
        application_id: str

        def assign(self, candidate: Candidate) -> None:
            application = candidate.applications[self.application_id]
            application["paused"] = False
            application["paused_reason"] = None
            application["paused_by"] = None

    class OutboundContactRecorded(Event):
        channel: str
        outcome: str
        note: str | None

        def assign(self, candidate: Candidate) -> None:
            candidate.last_contact_at = self.occurred_at

    class ReplyReceived(Event):
        channel: str
        note: str | None

        def assign(self, candidate: Candidate) -> None:
            candidate.last_contact_at = self.occurred_at

    class MessageQueued(Event):
        message_id: str
        recipient: str
        to: str
        application_id: str | None
        kind: str
        step: str
        language: str
        subject: str
        body: str
        due_at: datetime

        def assign(self, candidate: Candidate) -> None:
            candidate.messages[self.message_id] = {
                **_fields(self, QueuedMessage),
                "id": self.message_id,
                "status": MessageStatus.QUEUED.value,
                "queued_at": self.occurred_at,
                "policy": self.policy,
                "error": None,
                "attempts": 0,
                "claimed_at": None,
            }
            if self.recipient == "candidate":
                candidate.last_contact_at = max(
                    self.due_at, candidate.last_contact_at or self.due_at
                )
            _keep_step(candidate.latest_steps, self.step)

    class MessageStatusChanged(Event):
        message_id: str
        status: str
        error: str | None

        def assign(self, candidate: Candidate) -> None:
            message = candidate.messages[self.message_id]
            message["status"] = self.status
            message["error"] = self.error

    class DeliveryRecorded(MessageStatusChanged):
        """A relay's change of a message: its claim, the outcome of the attempt, or its return
        to the queue after a failure. It names the attempt (the claim's token) and, queued
        again, when the message is due."""

        attempt: int
        due_at: datetime | None

        def assign(self, candidate: Candidate) -> None:
            super().assign(candidate)
            message = candidate.messages[self.message_id]
            message["attempts"] = self.attempt
            if self.status == MessageStatus.SENDING.value:
                message["claimed_at"] = self.occurred_at
            if self.due_at is not None:
                message["due_at"] = self.due_at

    class OptedOut(Event):
        """The candidate asked not to be contacted on a channel."""

        channel: str
        note: str | None

        def assign(self, candidate: Candidate) -> None:
            candidate.opted_out = sorted({*candidate.opted_out, self.channel})

    class TaskCreated(Event):
        task_id: str
        kind: str
        step: str
        title: str
        due_on: str
        advisor: str | None

        def assign(self, candidate: Candidate) -> None:
            candidate.tasks[self.task_id] = {
                **_fields(self, NewTask),
                "id": self.task_id,
                "status": TaskStatus.OPEN.value,
                "created_at": self.occurred_at,
                "policy": self.policy,
            }
            if self.kind == "call" and self.policy and candidate.contact == Contact.SILENT:
                candidate.outreach_dates = sorted({*candidate.outreach_dates, self.due_on})
            _keep_step(candidate.latest_steps, self.step)

    class TaskStatusChanged(Event):
        task_id: str
        status: str

        def assign(self, candidate: Candidate) -> None:
            candidate.tasks[self.task_id]["status"] = self.status

    class RiskRaised(Event):
        signal: str
        application_id: str | None
        expires_at: datetime | None

        def assign(self, candidate: Candidate) -> None:
            candidate.risks[self.signal] = {
                "signal": self.signal,
                "reason": self.reason or "",
                "application_id": self.application_id,
                "raised_at": self.occurred_at,
                "expires_at": self.expires_at,
            }

    class RiskCleared(Event):
        signal: str

        def assign(self, candidate: Candidate) -> None:
            candidate.risks.pop(self.signal, None)


_WORKING = frozenset(s.value for s in WORKING_STAGES)
_FINISHED = frozenset({"accepted", "declined", "rejected", "withdrawn"})


def _keep_step(latest: dict[str, str], step: str) -> None:
    found = cadence_step(step)
    if found is not None and later_step(found[1], latest.get(found[0])):
        latest[found[0]] = found[1]


def _fields(event: Candidate.Event, shape: type[T]) -> T:
    """The attributes of `event` that `shape` (a TypedDict) declares."""
    return cast(T, {key: getattr(event, key) for key in shape.__annotations__})


def _base_fields(
    meta: Meta, previous_hash: str, batch: int, *, first: bool = True
) -> dict[str, Any]:
    """The attributes every event carries; the command's id only on its first event."""
    command = {"command_id": meta.command_id} if meta.command_id and first else {}
    return command | {
        "timestamp": meta.recorded_at,
        "occurred_at": meta.occurred_at,
        "actor": meta.actor,
        "policy": meta.policy,
        "reason": meta.reason,
        "caused_by": meta.caused_by,
        "config": meta.config,
        "batch": batch,
        "previous_hash": previous_hash,
    }
