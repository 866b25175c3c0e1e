"""Snapshots: a candidate's state stored so that loading it replays only the events after it.

Only the latest snapshot of a candidate is ever read, so taking one deletes the older ones:
a candidate whose state grows would otherwise keep a full copy of it every 100 events (16
times the bytes of its events at 10,000 of them). The audit compares the one kept with the
replay to its version (pipeline/audit/snapshot_check.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import EventStore, IntegrityError
from eventsourcing.sqlite import SQLiteAggregateRecorder

from pipeline.candidate import Candidate
from pipeline.store.readmodel import CANDIDATE_TOPIC


def take_snapshot(snapshots: EventStore[UUID] | None, candidate: Candidate, at: datetime) -> None:
    """Store the candidate's state as of its version, timestamped `at`.

    Taken by hand rather than by eventsourcing's interval setting so that its timestamp comes
    from the pipeline's clock like every other time in the store.
    """
    if snapshots is None:
        return
    state = {
        key: value
        for key, value in vars(candidate).items()
        if key not in ("_id", "_version", "_pending_events")
    }
    state["class_version"] = Candidate.class_version  # what eventsourcing upcasts from
    taken = Candidate.Snapshot(
        originator_id=candidate.id,
        originator_version=candidate.version,
        timestamp=at,
        topic=CANDIDATE_TOPIC,
        state=state,
    )
    try:
        snapshots.put([taken])
    except IntegrityError:
        return  # another process took the same snapshot; one is enough
    delete_older(snapshots, candidate.id, candidate.version)


def delete_older(snapshots: EventStore[UUID], candidate_id: UUID, version: int) -> None:
    """Delete the candidate's snapshots older than `version` (the one just taken)."""
    table, mark, key = _dialect(snapshots)
    sql = f"DELETE FROM {table} WHERE originator_id={mark} AND originator_version<{mark}"
    with _datastore(snapshots).transaction(commit=True) as cursor:
        cursor.execute(sql, (key(candidate_id), version))


def snapshotted(snapshots: EventStore[UUID], candidate_ids: Sequence[UUID]) -> set[UUID]:
    """Which of the candidates have a snapshot (one query, not one per candidate)."""
    if not candidate_ids:
        return set()
    table, mark, key = _dialect(snapshots)
    marks = ",".join([mark] * len(candidate_ids))
    sql = f"SELECT DISTINCT originator_id FROM {table} WHERE originator_id IN ({marks})"
    with _datastore(snapshots).transaction(commit=False) as cursor:
        cursor.execute(sql, [key(i) for i in candidate_ids])
        return {UUID(str(row["originator_id"])) for row in cursor.fetchall()}


def _dialect(snapshots: EventStore[UUID]) -> tuple[str, str, Callable[[UUID], Any]]:
    """The snapshot table's name, the placeholder and how an id is written, for each store."""
    recorder = snapshots.recorder
    table = getattr(recorder, "events_table_name", "")
    if isinstance(recorder, SQLiteAggregateRecorder):
        return table, "?", lambda candidate_id: candidate_id.hex
    schema = getattr(_datastore(snapshots), "schema", "public")  # PostgreSQL: in its schema
    return f'"{schema}"."{table}"', "%s", lambda candidate_id: candidate_id


def _datastore(snapshots: EventStore[UUID]) -> Any:
    return getattr(snapshots.recorder, "datastore")  # noqa: B009 (not on the protocol)
