"""Read models: the candidate list with its due index, the outbox and the task list.

They are a projection of the event log: each row is a pure function of one candidate's
replayed state (see `rows_for`), written in the same transaction as the events that changed
it, with the position of the last notification they reflect. They can be dropped and rebuilt
from the log at any time (`Pipeline.rebuild_read_model`). `tick` reads the due index, so its
cost follows the number of candidates that are due, not the number stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.utils import get_topic

from pipeline.candidate import Candidate
from pipeline.store.items import MESSAGES, TASKS, stamp

PROJECTION = "read_model"
CANDIDATE_TOPIC = get_topic(Candidate)
POSITION = "pipeline_read_position"
# Release 0.1.0 kept the position in `pipeline_tracking`, the very name eventsourcing gives the
# tracking table of an application named Pipeline; such a store is migrated when it is opened.
LEGACY_POSITION = "pipeline_tracking"

# The audit reads one candidate's messages and tasks (a 0.1.0 store gets them when migrated).
ITEM_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {table}_candidate ON {table} (candidate_id)"
    for table in ("pipeline_messages", "pipeline_tasks")
]
CANDIDATE_COLUMNS = (
    "id", "ref", "name", "advisor", "stage", "contact", "risks", "next_due_at", "version",
    "head_hash", "updated_at",
)  # fmt: skip

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS pipeline_candidates ("
    " id TEXT PRIMARY KEY, ref TEXT NOT NULL UNIQUE, name TEXT NOT NULL, advisor TEXT,"
    " stage TEXT NOT NULL, contact TEXT NOT NULL, risks TEXT NOT NULL, next_due_at TEXT,"
    " version INTEGER NOT NULL, head_hash TEXT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS pipeline_candidates_due ON pipeline_candidates (next_due_at)",
    "CREATE INDEX IF NOT EXISTS pipeline_candidates_stage ON pipeline_candidates (stage, contact)",
    "CREATE INDEX IF NOT EXISTS pipeline_candidates_advisor ON pipeline_candidates (advisor)",
    MESSAGES.create(),
    "CREATE INDEX IF NOT EXISTS pipeline_messages_status ON pipeline_messages (status, due_at)",
    TASKS.create(),
    "CREATE INDEX IF NOT EXISTS pipeline_tasks_due ON pipeline_tasks (status, due_on)",
    *ITEM_INDEXES,
    f"CREATE TABLE IF NOT EXISTS {POSITION} ("
    " projection TEXT PRIMARY KEY, notification_id BIGINT NOT NULL)",
]
ROW_TABLES = ("pipeline_candidates", "pipeline_messages", "pipeline_tasks")
TABLES = (*ROW_TABLES, POSITION)

UPSERT_CANDIDATE = (
    "INSERT INTO pipeline_candidates (id, ref, name, advisor, stage, contact, risks, next_due_at,"
    " version, head_hash, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
    " name=excluded.name, advisor=excluded.advisor, stage=excluded.stage,"
    " contact=excluded.contact, risks=excluded.risks, next_due_at=excluded.next_due_at,"
    " version=excluded.version, head_hash=excluded.head_hash, updated_at=excluded.updated_at"
    " WHERE excluded.version >= pipeline_candidates.version"
)
UPSERT_MESSAGE = MESSAGES.upsert()
UPSERT_TASK = TASKS.upsert()


def is_candidate_topic(topic: str) -> bool:
    """Whether a stored event's topic is one of the candidate's events."""
    return topic.startswith(CANDIDATE_TOPIC + ".")


def unstamp(text: str | None) -> datetime | None:
    return None if text is None else unstamp_required(text)


def unstamp_required(text: str) -> datetime:
    """The moment `stamp` wrote (fromisoformat reads its form, UTC included, 40× faster than
    strptime: listing 100,000 candidates spent most of its time here)."""
    return datetime.fromisoformat(text)


@dataclass
class CandidateRows:
    """What one saved candidate contributes to the read models."""

    candidate: tuple[Any, ...]
    messages: list[tuple[Any, ...]] = field(default_factory=list)
    tasks: list[tuple[Any, ...]] = field(default_factory=list)


def rows_for(
    candidate: Candidate,
    next_due: datetime | None,
    message_ids: Iterable[str] | None = None,
    task_ids: Iterable[str] | None = None,
) -> CandidateRows:
    """The rows of one candidate; only the named messages and tasks (all when None)."""
    risks = [[r["signal"], stamp(r["expires_at"])] for r in candidate.risks.values()]
    head = (
        str(candidate.id), candidate.ref, candidate.name, candidate.advisor, candidate.stage,
        candidate.contact, json.dumps(risks), stamp(next_due), candidate.version,
        candidate.head_hash, stamp(candidate.last_occurred_at),
    )  # fmt: skip
    # An empty selection means none: a save that changed no message rewrites no message row.
    messages = [candidate.messages[m] for m in _chosen(message_ids, candidate.messages)]
    tasks = [candidate.tasks[t] for t in _chosen(task_ids, candidate.tasks)]
    cid = str(candidate.id)
    return CandidateRows(
        candidate=head,
        messages=[MESSAGES.row(m, cid, candidate.ref) for m in messages],
        tasks=[TASKS.row(t, cid, candidate.ref) for t in tasks],
    )


def _chosen(ids: Iterable[str] | None, every: Mapping[str, Any]) -> Iterable[str]:
    return every if ids is None else ids


def active_risk_count(risks_json: str, at: datetime) -> int:
    moment = stamp(at) or ""
    return sum(1 for _, expires in json.loads(risks_json) if expires is None or expires > moment)


def as_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row has no items())
