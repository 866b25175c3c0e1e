"""Queries over many candidates, served by the read models: candidates, the outbox, tasks.

The outbox is what an embedding system delivers from, so by default it holds only what is due
by now; a status or a day that is not one is a `ValueError` naming it, never an empty list.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pipeline.app.views import CandidateSummary, OutboxMessage, Task
from pipeline.errors import MessageNotFound, TaskNotFound
from pipeline.rules import ID_TEXT, MIN_PREFIX, unique_id
from pipeline.states import MessageStatus, TaskStatus, risk_level_for
from pipeline.store.items import MESSAGES, TASKS, stamp
from pipeline.store.queries import Page, ReadModelQueries
from pipeline.store.readmodel import active_risk_count, unstamp


def candidates(
    read_model: ReadModelQueries,
    now: datetime,
    filters: dict[str, str | None],
    after: str | None = None,
    limit: int | None = None,
) -> list[CandidateSummary]:
    rows = read_model.candidate_rows(filters, after or "", limit)
    return [_summary(row, now) for row in rows]


DueBy = datetime | Literal["now"] | None


def outbox(
    read_model: ReadModelQueries,
    now: datetime,
    status: str | None,
    due_by: DueBy,
    page: Page = None,
) -> list[OutboxMessage]:
    """Messages in `status` ("all" or None: any) due by `due_by` ("now": the clock; None: any
    time), in due order."""
    chosen = _status(status, MessageStatus, "message")
    rows = read_model.message_rows(chosen, _due_by(due_by, now), page)
    return [_message(row) for row in rows]


def tasks(
    read_model: ReadModelQueries,
    due_on: date | str | None = None,
    advisor: str | None = None,
    status: str | None = "open",
    page: Page = None,
) -> list[Task]:
    chosen = _status(status, TaskStatus, "task")
    rows = read_model.task_rows(chosen, _day(due_on), advisor, page)
    return [Task.model_validate(TASKS.item(row)) for row in rows]


def message(read_model: ReadModelQueries, key: str) -> OutboxMessage:
    """The message whose id is `key` or starts with it (at least 6 characters)."""
    row = _one(read_model, "pipeline_messages", key, "message")
    if row is None:
        raise MessageNotFound(None, key)
    return _message(row)


def task(read_model: ReadModelQueries, key: str) -> Task:
    """The task whose id is `key` or starts with it (at least 6 characters)."""
    row = _one(read_model, "pipeline_tasks", key, "task")
    if row is None:
        raise TaskNotFound(None, key)
    return Task.model_validate(TASKS.item(row))


def candidate_id(read_model: ReadModelQueries, key: str) -> str | None:
    """The id of the candidate whose UUID starts with `key` (at least 6 characters)."""
    row = _one(read_model, "pipeline_candidates", key, "candidate")
    return None if row is None else str(row["id"])


def _one(read_model: ReadModelQueries, table: str, key: str, kind: str) -> dict[str, Any] | None:
    text = key.strip().lower()
    if len(text) < MIN_PREFIX or not ID_TEXT.fullmatch(text):
        return None
    rows = read_model.rows_with_id(table, text)
    found = unique_id((str(r["id"]) for r in rows), text, kind)
    return next((r for r in rows if str(r["id"]) == found), None)


def _status(status: str | None, known: type[MessageStatus | TaskStatus], what: str) -> str | None:
    if status is None or status == "all":
        return None
    if status not in {s.value for s in known}:
        choices = ", ".join([*(s.value for s in known), "all"])
        raise ValueError(f"status={status!r} is not a {what} status (one of {choices})")
    return status


def _due_by(due_by: DueBy, now: datetime) -> str | None:
    if due_by == "now":
        return stamp(now)
    if due_by is None or (isinstance(due_by, datetime) and due_by.utcoffset() is not None):
        return stamp(due_by)
    raise ValueError(f"due_by={due_by!r} is not a time (a timezone-aware datetime, 'now' or None)")


def _day(due_on: date | str | None) -> str | None:
    if due_on is None or isinstance(due_on, date):
        return None if due_on is None else due_on.isoformat()
    try:
        return date.fromisoformat(due_on).isoformat()
    except (TypeError, ValueError):
        raise ValueError(f"due_on={due_on!r} is not a date (a date or YYYY-MM-DD)") from None


def _message(row: dict[str, Any]) -> OutboxMessage:
    return OutboxMessage.model_validate(MESSAGES.item(row))


def _summary(row: dict[str, Any], now: datetime) -> CandidateSummary:
    level = risk_level_for(active_risk_count(row["risks"], now))
    return CandidateSummary(
        id=row["id"],
        ref=row["ref"],
        name=row["name"],
        advisor=row["advisor"],
        stage=row["stage"],
        contact=row["contact"],
        risk_level=level.value,
        next_due_at=unstamp(row["next_due_at"]),
        version=row["version"],
        updated_at=unstamp(row["updated_at"]),
    )
