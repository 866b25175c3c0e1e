"""Reading the stored events back for the audit, through the application's recorder and mapper.

The audit never loads a candidate through the repository: `Aggregate.mutate` refuses a gap in
the versions, and a gap is exactly what the audit must report. Events that cannot be decoded
are reported, not raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from pipeline.candidate import Candidate
from pipeline.configlog import CONFIG_LOG_ID
from pipeline.errors import CandidateNotFound
from pipeline.store.readmodel import is_candidate_topic

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

SCAN_PAGE = 2000


@dataclass
class History:
    """One candidate's events as stored (in version order), and those that could not be read."""

    candidate_id: UUID
    events: list[Candidate.Event] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # (version, why)

    @property
    def ref(self) -> str:
        first = self.events[0] if self.events else None
        ref = getattr(first, "ref", None) if isinstance(first, Candidate.Registered) else None
        return ref if isinstance(ref, str) else self.candidate_id.hex


def all_candidate_ids(app: Pipeline) -> list[UUID]:
    """Every candidate with at least one stored event, in the order they first appear."""
    seen: dict[UUID, None] = {}
    position = 0
    while True:
        page = app.recorder.select_notifications(
            start=position, limit=SCAN_PAGE, inclusive_of_start=False
        )
        if not page:
            return list(seen)
        for notification in page:
            if is_candidate_topic(notification.topic):
                seen.setdefault(UUID(str(notification.originator_id)), None)
        position = page[-1].id


def candidate_ids(app: Pipeline, refs: Iterable[str] | None) -> list[UUID]:
    """The candidates named (refs or ids, each once, in the order given), or all of them."""
    if refs is None:
        return all_candidate_ids(app)
    chosen: dict[UUID, None] = {}
    for reference in refs:
        candidate_id = app.resolve(reference)
        if not app.recorder.select_events(candidate_id, limit=1):
            raise CandidateNotFound(reference)
        chosen.setdefault(candidate_id, None)
    return list(chosen)


def stored_events(app: Pipeline, originator_id: UUID) -> list[StoredEvent]:
    return list(app.recorder.select_events(originator_id))


def decode(app: Pipeline, stored: StoredEvent) -> Any:
    return app.mapper.to_domain_event(stored)


def history(app: Pipeline, candidate_id: UUID) -> History:
    found = History(candidate_id)
    for stored in stored_events(app, candidate_id):
        try:
            event = decode(app, stored)
        except Exception as error:  # a tampered row may fail in any way: report it
            why = f"stored event ({stored.topic}) cannot be read: {error}"
            found.unreadable.append((stored.originator_version, why))
            continue
        if not isinstance(event, Candidate.Event):
            why = f"stored event is not a candidate event: {stored.topic}"
            found.unreadable.append((stored.originator_version, why))
            continue
        found.events.append(event)
    return found


def histories(app: Pipeline, ids: Iterable[UUID]) -> Iterator[History]:
    for candidate_id in ids:
        yield history(app, candidate_id)


def configuration_events(app: Pipeline) -> list[Any]:
    return [decode(app, stored) for stored in stored_events(app, CONFIG_LOG_ID)]
