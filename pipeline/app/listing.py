"""Queries over many candidates, served by the read models: candidates, the outbox, tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pipeline.app.views import CandidateSummary, OutboxMessage, Task
from pipeline.states import risk_level_for
from pipeline.store.items import MESSAGES, TASKS
from pipeline.store.queries import ReadModelQueries
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


def outbox(read_model: ReadModelQueries, status: str | None = "queued") -> list[OutboxMessage]:
    return [_message(row) for row in read_model.message_rows(status)]


def tasks(
    read_model: ReadModelQueries,
    due_on: date | str | None = None,
    advisor: str | None = None,
    status: str | None = "open",
) -> list[Task]:
    day = due_on.isoformat() if isinstance(due_on, date) else due_on
    rows = read_model.task_rows(status, day, advisor)
    return [Task.model_validate(TASKS.item(row)) for row in rows]


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
