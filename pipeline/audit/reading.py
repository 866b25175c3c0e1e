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

from pipeline.audit.auditlog import AUDIT_LOG_ID
from pipeline.audit.report import Check, Discrepancy
from pipeline.candidate import Candidate
from pipeline.configlog import CONFIG_LOG_ID
from pipeline.errors import CandidateNotFound
from pipeline.store.readmodel import is_candidate_topic

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

SCAN_PAGE = 2000
NOT_CANDIDATES = frozenset({CONFIG_LOG_ID, AUDIT_LOG_ID})


@dataclass
class History:
    """One candidate's events as stored (in version order), and those that could not be read."""

    candidate_id: UUID
    events: list[Candidate.Event] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # (version, why)
    foreign: bool = False  # another kind of stream (no candidate's): none of the audit's

    def found(self, check: Check, version: int | None, message: str) -> Discrepancy:
        """A discrepancy in this candidate's history."""
        return Discrepancy(check=check, candidate=self.ref, candidate_id=self.candidate_id,
                           version=version, message=message)  # fmt: skip

    @property
    def ref(self) -> str:
        first = self.events[0] if self.events else None
        ref = getattr(first, "ref", None) if isinstance(first, Candidate.Registered) else None
        return ref if isinstance(ref, str) else self.candidate_id.hex


def all_candidate_ids(app: Pipeline) -> list[UUID]:
    """Every originator in the log but the project's own logs (the configuration log, the
    audit's checkpoints), by id: the candidates, and anything else someone put there."""
    return [candidate_id for page in candidate_pages(app) for candidate_id, _ in page]


def candidate_pages(app: Pipeline, page: int = SCAN_PAGE) -> Iterator[list[tuple[UUID, int]]]:
    """`all_candidate_ids` a page at a time, each with its last version in the log: one
    grouped read of the log's index, not a scan of its events."""
    after = ""
    while versions := app.read_model.log_versions(after, page):
        after = versions[-1][0]
        found = [(UUID(key), version) for key, version in versions]
        yield [(key, version) for key, version in found if key not in NOT_CANDIDATES]


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
    stored_list = stored_events(app, candidate_id)
    if stored_list and not any(is_candidate_topic(s.topic) for s in stored_list):
        found.foreign = True
        return found
    for stored in stored_list:
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
