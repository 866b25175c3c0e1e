"""Reading the event log for the reports: every candidate event, in log order, once.

The reports are projections of the log itself (never of the read models, which a bug or a
partial restore could let drift), so they read the stored events through the application's
recorder and mapper, page by page, and keep those a point in time keeps (`as_of`: occurred by
then; `known_at`: recorded by then). Candidates come back sorted by ref, so the same log gives
the same report on any store it was imported into.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from uuid import UUID

from pipeline.app.history import PointInTime
from pipeline.candidate import Candidate
from pipeline.errors import PipelineError
from pipeline.reports.story import Story
from pipeline.store.readmodel import is_candidate_topic

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

PAGE = 2000


class UnreadableLog(PipelineError):
    """A stored event cannot be read back: the reports would be wrong, so none is made."""


def log_events(app: Pipeline, point: PointInTime) -> Iterator[tuple[int, Candidate.Event]]:
    """(position in the log, event) for every candidate event the point in time keeps."""
    position = 0
    while True:
        page = app.recorder.select_notifications(
            start=position, limit=PAGE, inclusive_of_start=False
        )
        if not page:
            return
        for notification in page:
            if not is_candidate_topic(notification.topic):
                continue
            try:
                event = app.mapper.to_domain_event(notification)
            except Exception as error:  # a tampered row can fail in any way: say where
                raise UnreadableLog(
                    f"the stored event at log position {notification.id} cannot be read "
                    f"({error}); run 'pipeline audit verify'"
                ) from None
            if isinstance(event, Candidate.Event) and point.keeps(event):
                yield notification.id, event
        position = page[-1].id


def stories(app: Pipeline, point: PointInTime) -> list[Story]:
    """Every candidate registered by the point in time, its events folded, sorted by ref."""
    found: dict[UUID, Story] = {}
    for _, event in log_events(app, point):
        story = found.get(event.originator_id)
        if story is None:
            story = found[event.originator_id] = Story(event.originator_id)
        story.fold(event)
    return sorted((s for s in found.values() if s.registered_at), key=lambda s: s.ref)
