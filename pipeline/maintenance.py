"""Keeping the read models and snapshots in step with the log."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from pipeline.candidate import Candidate
from pipeline.readmodel import CandidateRows, rows_for

if TYPE_CHECKING:
    from pipeline.application import Pipeline

CATCH_UP_PAGE = 500
CANDIDATE_TOPIC = get_topic(Candidate)


def catch_up(app: Pipeline) -> int:
    """Bring the read models up to the end of the log; return how many notifications it read.

    Rows are rebuilt from each touched candidate's replayed state, so the read model is a
    projection of the log however it fell behind (an import, an older version, a rebuild).
    """
    recorder = app.read_model
    position = recorder.position()
    last = app.recorder.max_notification_id() or 0
    read = 0
    while position < last:
        notifications = app.recorder.select_notifications(
            start=position, limit=CATCH_UP_PAGE, inclusive_of_start=False
        )
        if not notifications:
            break
        touched = {
            n.originator_id for n in notifications if n.topic.startswith(CANDIDATE_TOPIC + ".")
        }
        rows = [_rows(app, candidate_id) for candidate_id in touched]
        end = notifications[-1].id
        read += len(notifications)
        if not recorder.catch_up(rows, position, end):
            position = recorder.position()  # another process moved it; carry on from there
            continue
        position = end
    return read


def _rows(app: Pipeline, candidate_id: UUID | str) -> CandidateRows:
    candidate = app.get_candidate(str(candidate_id))
    return rows_for(candidate, app.runner.next_due(candidate))


def rebuild_read_model(app: Pipeline) -> int:
    """Drop the read models and replay the whole log into them."""
    app.read_model.reset()
    return catch_up(app)


def snapshot(app: Pipeline, candidate: Candidate) -> None:
    """Store the candidate's state so that loading it replays only the events after it.

    Taken by hand rather than by eventsourcing's interval setting so that its timestamp comes
    from the pipeline's clock like every other time in the store.
    """
    if app.snapshots is None:
        return
    state = {
        key: value
        for key, value in vars(candidate).items()
        if key not in ("_id", "_version", "_pending_events")
    }
    taken = Candidate.Snapshot(
        originator_id=candidate.id,
        originator_version=candidate.version,
        timestamp=app.clock.now(),
        topic=CANDIDATE_TOPIC,
        state=state,
    )
    try:
        app.snapshots.put([taken])
    except IntegrityError:
        return  # another process took the same snapshot; one is enough
