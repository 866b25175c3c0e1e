"""Snapshots: a candidate's state stored so that loading it replays only the events after it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import EventStore, IntegrityError

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
