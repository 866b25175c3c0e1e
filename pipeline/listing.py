"""Queries over many candidates (served by the read models) and `tick`, for `Pipeline`.

`tick(now)` asks the due index which candidates have something due by `now`, and runs the
time-based policies for those alone; its cost follows the due candidates, not the store.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pipeline.candidate import Candidate
from pipeline.clock import require_aware
from pipeline.errors import SaveConflict
from pipeline.readmodel import active_risk_count, stamp, unstamp, unstamp_required
from pipeline.states import risk_level_for
from pipeline.views import CandidateSummary, OutboxMessage, Task, TickReport

if TYPE_CHECKING:
    from pipeline.application import Pipeline

TICK_PAGE = 500


def candidates(
    app: Pipeline,
    filters: dict[str, str | None],
    after: str | None = None,
    limit: int | None = None,
) -> list[CandidateSummary]:
    now = app.clock.now()
    rows = app.read_model.candidate_rows(filters, after or "", limit)
    return [_summary(row, now) for row in rows]


def outbox(app: Pipeline, status: str | None = "queued") -> list[OutboxMessage]:
    return [_message(row) for row in app.read_model.message_rows(status)]


def tasks(
    app: Pipeline,
    due_on: date | str | None = None,
    advisor: str | None = None,
    status: str | None = "open",
) -> list[Task]:
    day = due_on.isoformat() if isinstance(due_on, date) else due_on
    rows = app.read_model.task_rows(status, day, advisor)
    return [Task(**(row | {"created_at": unstamp_required(row["created_at"])})) for row in rows]


def tick(app: Pipeline, now: datetime | None = None) -> TickReport:
    """Run the time-based policies for every candidate with something due by `now`."""
    from pipeline.maintenance import catch_up

    moment = require_aware(now, "now") if now is not None else app.clock.now()
    catch_up(app)
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    transitions: list[str] = []
    cursor = ("", "")
    while page := app.read_model.due_candidates(stamp(moment) or "", cursor, TICK_PAGE):
        cursor = page[-1]
        for _, candidate_id in page:
            if candidate_id not in seen:
                seen.add(candidate_id)
                _tick_candidate(app, UUID(candidate_id), moment, counts, transitions)
    return TickReport(
        now=moment,
        due=len(seen),
        processed=counts["processed"],
        events=counts["events"],
        messages_queued=counts["MessageQueued"],
        tasks_created=counts["TaskCreated"],
        transitions=transitions,
        conflicts_retried=counts["conflicts"],
    )


def _tick_candidate(
    app: Pipeline,
    candidate_id: UUID,
    now: datetime,
    counts: Counter[str],
    transitions: list[str],
) -> None:
    for _ in range(app.max_attempts):
        candidate = app.get_candidate(candidate_id)
        app.runner.run_due(candidate, now)
        pending = [e for e in candidate.pending_events if isinstance(e, Candidate.Event)]
        try:
            app.save_candidate(candidate)
        except SaveConflict:
            counts["conflicts"] += 1
            continue
        counts["processed"] += 1 if pending else 0
        counts["events"] += len(pending)
        counts.update(type(e).__name__ for e in pending)
        transitions.extend(_transition_lines(candidate.ref, pending))
        return


def _transition_lines(ref: str, events: list[Candidate.Event]) -> list[str]:
    lines = []
    for event in events:
        if isinstance(event, Candidate.StageChanged | Candidate.ContactChanged):
            region = "stage" if isinstance(event, Candidate.StageChanged) else "contact"
            lines.append(f"{ref} {region} {event.source} → {event.dest}")
        elif isinstance(event, Candidate.ProgressionPaused):
            lines.append(f"{ref} {event.application_id} paused")
    return lines


def _message(row: dict[str, Any]) -> OutboxMessage:
    times = {key: unstamp_required(row[key]) for key in ("due_at", "queued_at")}
    return OutboxMessage(**(row | times | {"to": row["to_address"]}))


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
