"""Keeping the read models in step with the log: catch-up after any gap, and a full rebuild.

Rows are rebuilt from each touched candidate's replayed state (`rows_of`, given by the
application, which knows how to load a candidate and when it is next due), so the read models
are a projection of the log however they fell behind: an import, an older version, a rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.utils import get_topic

from pipeline.candidate import Candidate
from pipeline.store.queries import ReadModelQueries
from pipeline.store.readmodel import CandidateRows

CATCH_UP_PAGE = 500
CANDIDATE_TOPIC = get_topic(Candidate)

RowsOf = Callable[[UUID], CandidateRows]


def is_candidate_topic(topic: str) -> bool:
    """Whether a stored event's topic is one of the candidate's events."""
    return topic.startswith(CANDIDATE_TOPIC + ".")


def catch_up(log: ApplicationRecorder, read_model: ReadModelQueries, rows_of: RowsOf) -> int:
    """Bring the read models up to the end of the log; return how many notifications it read."""
    position = read_model.position()
    last = log.max_notification_id() or 0
    read = 0
    while position < last:
        notifications = log.select_notifications(
            start=position, limit=CATCH_UP_PAGE, inclusive_of_start=False
        )
        if not notifications:
            break
        touched = {n.originator_id for n in notifications if is_candidate_topic(n.topic)}
        rows = [rows_of(UUID(str(candidate_id))) for candidate_id in touched]
        end = notifications[-1].id
        read += len(notifications)
        if not read_model.catch_up(rows, position, end):
            position = read_model.position()  # another process moved it; carry on from there
            continue
        position = end
    return read


def rebuild(log: ApplicationRecorder, read_model: ReadModelQueries, rows_of: RowsOf) -> int:
    """Drop the read models and replay the whole log into them."""
    read_model.reset()
    return catch_up(log, read_model, rows_of)
