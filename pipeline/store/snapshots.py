"""Snapshots: a candidate's state stored so that loading it replays only the events after it.

Only the latest snapshot of a candidate is ever read, so taking one deletes the older ones:
a candidate whose state grows would otherwise keep a full copy of it every 100 events (16
times the bytes of its events at 10,000 of them). The audit compares the one kept with the
replay to its version (pipeline/audit/snapshot_check.py).
"""

from __future__ import annotations

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
    recorder = snapshots.recorder
    table = getattr(recorder, "events_table_name", "")
    if isinstance(recorder, SQLiteAggregateRecorder):
        sql = f"DELETE FROM {table} WHERE originator_id=? AND originator_version<?"
        params: tuple[Any, ...] = (candidate_id.hex, version)
    else:  # PostgreSQL's recorder: its table in the store's schema
        schema = getattr(getattr(recorder, "datastore", None), "schema", "public")
        sql = f'DELETE FROM "{schema}"."{table}" WHERE originator_id=%s AND originator_version<%s'
        params = (candidate_id, version)
    datastore: Any = getattr(recorder, "datastore")  # noqa: B009 (not on the protocol)
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(sql, params)
