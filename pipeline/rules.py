"""Decisions on a candidate: every move goes through a transition table, then is recorded.

These functions are the aggregate's command side. They check everything before recording
anything, so a refused command leaves no pending event behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from pipeline.candidate import Candidate
from pipeline.errors import (
    AmbiguousId,
    ApplicationNotFound,
    ApplicationPaused,
    InvalidTransition,
    MessageNotFound,
    TaskNotFound,
)
from pipeline.records import ApplicationRecord, MessageRecord, Meta
from pipeline.states import IN_PROGRESS, AppState, Stage
from pipeline.tables import GuardFailed, decide

MIN_PREFIX = 6  # the shortest id prefix taken for a whole id (the timeline shows 8)
ID_TEXT = re.compile(r"[0-9a-f-]+")  # what message, task and candidate ids are written with


def application(candidate: Candidate, application_id: str) -> ApplicationRecord:
    key = application_id.strip().upper()
    try:
        return candidate.applications[key]
    except KeyError:
        raise ApplicationNotFound(candidate.ref, application_id, candidate.applications) from None


def stage_destination(candidate: Candidate, trigger: str) -> str:
    return decide("stage", candidate.stage, trigger, {f"was_{candidate.last_working_stage}": True})


def change_stage(candidate: Candidate, meta: Meta, trigger: str) -> None:
    dest = stage_destination(candidate, trigger)
    if dest != candidate.stage:
        candidate.record(
            Candidate.StageChanged, meta, trigger=trigger, source=candidate.stage, dest=dest
        )


def change_contact(candidate: Candidate, meta: Meta, trigger: str) -> None:
    dest = decide("contact", candidate.contact, trigger)
    if dest != candidate.contact:
        candidate.record(
            Candidate.ContactChanged, meta, trigger=trigger, source=candidate.contact, dest=dest
        )


def application_destination(record: ApplicationRecord, trigger: str) -> str:
    try:
        return decide("application", record["state"], trigger, {"paused": record["paused"]})
    except GuardFailed:
        raise ApplicationPaused(
            record["id"], trigger, record["paused_reason"] or "", record["paused_by"] or "?"
        ) from None


def change_application(
    candidate: Candidate, meta: Meta, application_id: str, trigger: str, round_: int | None = None
) -> None:
    record = application(candidate, application_id)
    dest = application_destination(record, trigger)
    candidate.record(
        Candidate.ApplicationChanged,
        meta,
        application_id=record["id"],
        trigger=trigger,
        source=record["state"],
        dest=dest,
        round=record["round"] if round_ is None else round_,
    )
    follow_applications(candidate, meta)


def selection_trigger(candidate: Candidate) -> str | None:
    """The stage move implied by the applications, if any (stage follows applications)."""
    states = {a["state"] for a in candidate.applications.values()}
    stage = candidate.stage
    if AppState.ACCEPTED in states and stage == Stage.OFFERED:
        return "place"
    if AppState.OFFERED in states:
        return "receive_offer" if stage == Stage.IN_SELECTION else None
    if states & set(IN_PROGRESS) - {AppState.OFFERED}:
        if stage == Stage.OFFERED:
            return "offers_lapsed"
        return "enter_selection" if stage in (Stage.INTRODUCING, Stage.PREPARING) else None
    return "selection_ended" if stage in (Stage.IN_SELECTION, Stage.OFFERED) else None


def follow_applications(candidate: Candidate, meta: Meta) -> None:
    trigger = selection_trigger(candidate)
    if trigger is not None:
        change_stage(candidate, meta, trigger)


def set_paused(candidate: Candidate, meta: Meta, application_id: str, paused: bool) -> None:
    record = application(candidate, application_id)
    if record["paused"] == paused:
        state, trigger, allowed = (
            ("paused", "pause", "resume") if paused else ("running", "resume", "pause")
        )
        raise InvalidTransition(f"application {record['id']}", state, trigger, [allowed])
    event = Candidate.ProgressionPaused if paused else Candidate.ProgressionResumed
    candidate.record(event, meta, application_id=record["id"])


def change_message(
    candidate: Candidate, meta: Meta, message_id: str, status: str, error: str | None = None
) -> None:
    """Move an outbox message through the message table (sent, failed, cancelled, queued)."""
    found = message(candidate, message_id)["id"]
    decide("message", candidate.messages[found]["status"], status)
    candidate.record(
        Candidate.MessageStatusChanged, meta, message_id=found, status=status, error=error
    )


def change_delivery(
    candidate: Candidate,
    meta: Meta,
    message_id: str,
    status: str,
    *,
    attempt: int,
    error: str | None = None,
    due_at: datetime | None = None,
) -> None:
    """A relay's move of a message through the message table, naming its attempt; a message
    queued again after a failure says when it is due."""
    found = message(candidate, message_id)["id"]
    decide("message", candidate.messages[found]["status"], status)
    candidate.record(Candidate.DeliveryRecorded, meta, message_id=found, status=status,
                     error=error, attempt=attempt, due_at=due_at)  # fmt: skip


def message(candidate: Candidate, message_id: str) -> MessageRecord:
    """The message `message_id` names: its id, or a prefix of it (`unique_id`)."""
    found = unique_id(candidate.messages, message_id, "message")
    if found is None:
        raise MessageNotFound(candidate.ref, message_id)
    return candidate.messages[found]


def change_task(candidate: Candidate, meta: Meta, task_id: str, status: str) -> None:
    """Move a task through the task table (done, cancelled)."""
    found = unique_id(candidate.tasks, task_id, "task")
    if found is None:
        raise TaskNotFound(candidate.ref, task_id)
    decide("task", candidate.tasks[found]["status"], status)
    candidate.record(Candidate.TaskStatusChanged, meta, task_id=found, status=status)


def unique_id(ids: Iterable[str], key: str, kind: str) -> str | None:
    """The id `key` names: itself, or the one id it is a prefix of (at least `MIN_PREFIX`
    characters); None if it names none, `AmbiguousId` if it could be several."""
    known = ids if isinstance(ids, Mapping) else set(ids)
    text = key.strip().lower()
    if text in known:
        return text
    if len(text) < MIN_PREFIX:
        return None
    matches = [i for i in known if i.startswith(text)]
    if len(matches) > 1:
        raise AmbiguousId(kind, key, len(matches))
    return matches[0] if matches else None
