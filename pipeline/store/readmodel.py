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
from datetime import UTC, datetime
from typing import Any

from pipeline.candidate import Candidate

PROJECTION = "read_model"

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS pipeline_candidates ("
    " id TEXT PRIMARY KEY, ref TEXT NOT NULL UNIQUE, name TEXT NOT NULL, advisor TEXT,"
    " stage TEXT NOT NULL, contact TEXT NOT NULL, risks TEXT NOT NULL, next_due_at TEXT,"
    " version INTEGER NOT NULL, head_hash TEXT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS pipeline_candidates_due ON pipeline_candidates (next_due_at)",
    "CREATE INDEX IF NOT EXISTS pipeline_candidates_stage ON pipeline_candidates (stage, contact)",
    "CREATE INDEX IF NOT EXISTS pipeline_candidates_advisor ON pipeline_candidates (advisor)",
    "CREATE TABLE IF NOT EXISTS pipeline_messages ("
    " id TEXT PRIMARY KEY, candidate_id TEXT NOT NULL, ref TEXT NOT NULL, recipient TEXT NOT NULL,"
    " to_address TEXT NOT NULL, application_id TEXT, kind TEXT NOT NULL, language TEXT NOT NULL,"
    " subject TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, due_at TEXT NOT NULL,"
    " queued_at TEXT NOT NULL, policy TEXT, error TEXT)",
    "CREATE INDEX IF NOT EXISTS pipeline_messages_status ON pipeline_messages (status, due_at)",
    "CREATE TABLE IF NOT EXISTS pipeline_tasks ("
    " id TEXT PRIMARY KEY, candidate_id TEXT NOT NULL, ref TEXT NOT NULL, kind TEXT NOT NULL,"
    " title TEXT NOT NULL, due_on TEXT NOT NULL, advisor TEXT, status TEXT NOT NULL,"
    " created_at TEXT NOT NULL, policy TEXT)",
    "CREATE INDEX IF NOT EXISTS pipeline_tasks_due ON pipeline_tasks (status, due_on)",
    "CREATE TABLE IF NOT EXISTS pipeline_tracking ("
    " projection TEXT PRIMARY KEY, notification_id BIGINT NOT NULL)",
]
TABLES = ("pipeline_candidates", "pipeline_messages", "pipeline_tasks", "pipeline_tracking")

UPSERT_CANDIDATE = (
    "INSERT INTO pipeline_candidates (id, ref, name, advisor, stage, contact, risks, next_due_at,"
    " version, head_hash, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
    " name=excluded.name, advisor=excluded.advisor, stage=excluded.stage,"
    " contact=excluded.contact, risks=excluded.risks, next_due_at=excluded.next_due_at,"
    " version=excluded.version, head_hash=excluded.head_hash, updated_at=excluded.updated_at"
    " WHERE excluded.version >= pipeline_candidates.version"
)
UPSERT_MESSAGE = (
    "INSERT INTO pipeline_messages (id, candidate_id, ref, recipient, to_address, application_id,"
    " kind, language, subject, body, status, due_at, queued_at, policy, error)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
    " status=excluded.status, error=excluded.error"
)
UPSERT_TASK = (
    "INSERT INTO pipeline_tasks (id, candidate_id, ref, kind, title, due_on, advisor, status,"
    " created_at, policy) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
    " status=excluded.status"
)


def stamp(moment: datetime | None) -> str | None:
    """UTC, fixed width: sorts as text in SQLite exactly as it sorts in time."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
        messages=[
            (
                m["id"],
                cid,
                candidate.ref,
                m["recipient"],
                m["to"],
                m["application_id"],
                m["kind"],
                m["language"],
                m["subject"],
                m["body"],
                m["status"],
                stamp(m["due_at"]),
                stamp(m["queued_at"]),
                m["policy"],
                m["error"],
            )
            for m in messages
        ],
        tasks=[
            (
                t["id"],
                cid,
                candidate.ref,
                t["kind"],
                t["title"],
                t["due_on"],
                t["advisor"],
                t["status"],
                stamp(t["created_at"]),
                t["policy"],
            )
            for t in tasks
        ],
    )


def _chosen(ids: Iterable[str] | None, every: Mapping[str, Any]) -> Iterable[str]:
    return every if ids is None else ids


def active_risk_count(risks_json: str, at: datetime) -> int:
    moment = stamp(at) or ""
    return sum(1 for _, expires in json.loads(risks_json) if expires is None or expires > moment)


def as_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row has no items())
