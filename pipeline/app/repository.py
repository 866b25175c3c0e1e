"""Loading, saving and retrying a candidate: the one loop every change goes through.

A command, a registration and a tick's turn on one candidate are each an *attempt*: load the
candidate, decide (the command's handler and the policies attached to what it recorded, or the
policies due by now), then save everything in one transaction with the candidate's read-model
rows. If another writer saved the same candidate first, the save is refused and the attempt is
made again on the fresh state, a bounded number of times (`retried`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import (
    ApplicationRecorder,
    EventStore,
    IntegrityError,
    PersistenceError,
)

from pipeline.candidate import Candidate, OutdatedSnapshot, candidate_id_for
from pipeline.errors import CandidateNotFound, PipelineError, SaveConflict, StoreError
from pipeline.rules import ID_TEXT, MIN_PREFIX, unique_id
from pipeline.store.queries import ROWS_KWARG, ReadModelQueries
from pipeline.store.readmodel import CandidateRows, rows_for
from pipeline.store.snapshots import take_snapshot
from pipeline.store.urls import describe

T = TypeVar("T")
Attempt = Callable[[int], tuple[Candidate, T]]  # attempt number -> (the candidate, the result)


class Stale(Exception):
    """A refusal decided on a cached state that another process has since moved on."""


@dataclass
class Storage:
    """What candidates are read from and written to (the application's own parts)."""

    repository: Repository[UUID]
    events: EventStore[UUID]
    recorder: ApplicationRecorder
    snapshots: EventStore[UUID] | None
    save: Callable[..., Any]  # Application.save: the events and **kwargs in one transaction
    store: str  # for messages: the store as `describe` names it, without its password


def refuse_to_save(store: str) -> Callable[..., Any]:
    """The `save` of a store opened read-only: nothing is written, whoever asks."""

    def refused(*args: Any, **kwargs: Any) -> None:
        raise StoreError(f"{describe(store)} is open read-only: nothing is saved")

    return refused


class CandidateRepository:
    def __init__(
        self,
        storage: Storage,
        next_due: Callable[[Candidate], datetime | None],
        now: Callable[[], datetime],
        *,
        max_attempts: int,
        snapshot_interval: int,
    ) -> None:
        self.storage = storage
        self.next_due = next_due
        self.now = now
        self.max_attempts = max_attempts
        self.snapshot_interval = snapshot_interval

    def retried(self, attempt: Attempt[T], exhausted: Callable[[], Exception], *,
                conflict: Callable[[], None] = lambda: None) -> T:  # fmt: skip
        """Make `attempt` and save its candidate; again while another writer wins the save."""
        for number in range(self.max_attempts):
            try:
                candidate, result = attempt(number)
            except Stale:
                continue
            try:
                self.save(candidate)
            except SaveConflict:
                conflict()
                continue
            return result
        raise exhausted()

    def decided(self, number: int, reference: str | UUID, decide: Callable[[Candidate], T]) -> (
        tuple[Candidate, T]
    ):  # fmt: skip
        """One attempt of a command: its first try trusts this process's cache (a stale cache
        is caught by the save, or here when the command was refused), saving a read of the
        store for nearly every command."""
        candidate = self.get(reference, fresh=number > 0)
        version = candidate.version
        try:
            return candidate, decide(candidate)
        except PipelineError:
            if number == 0 and self.changed_since(candidate.id, version):
                raise Stale from None
            raise

    def resolve(self, reference: str | UUID) -> UUID:
        """A candidate's id from its UUID or its ref (refs are not case-sensitive)."""
        if isinstance(reference, UUID):
            return reference
        text = str(reference).strip()
        try:
            return UUID(text)
        except ValueError:
            by_ref = candidate_id_for(text)
        return self.by_id_prefix(text) or by_ref

    def by_id_prefix(self, text: str) -> UUID | None:
        """The candidate whose UUID starts with `text` (6 characters or more of hex), unless
        `text` is a candidate's ref: a ref always wins."""
        key = text.lower()
        if len(key) < MIN_PREFIX or not ID_TEXT.fullmatch(key) or self.exists(text):
            return None
        recorder = self.storage.recorder
        assert isinstance(recorder, ReadModelQueries)
        rows = recorder.rows_with_id("pipeline_candidates", key)
        found = unique_id((str(r["id"]) for r in rows), key, "candidate")
        return UUID(found) if found else None

    def exists(self, ref: str) -> bool:
        return bool(self.storage.recorder.select_events(candidate_id_for(ref), limit=1))

    def get(self, reference: str | UUID, *, fresh: bool = True) -> Candidate:
        """A copy of the candidate to read or change; `fresh` reads what other processes saved
        since this process cached it."""
        repository = self.storage.repository
        candidate_id = self.resolve(reference)
        try:
            candidate: Candidate | None = repository.get(candidate_id, projector_func=apply_events)
        except AggregateNotFoundError:
            raise CandidateNotFound(str(reference)) from None
        except OutdatedSnapshot:
            candidate = self.replayed(candidate_id)
        if not isinstance(candidate, Candidate):
            raise CandidateNotFound(str(reference))
        newer = self.events_after(candidate) if fresh else []
        if newer:
            apply_events(candidate, newer)
            if repository.cache is not None:
                repository.cache.put(candidate.id, deepcopy(candidate))
        return candidate

    def replayed(self, candidate_id: UUID) -> Candidate | None:
        """The candidate from all its events (its snapshot is outdated), cached as loaded."""
        stored = self.storage.events.get(candidate_id)
        candidate = apply_events(None, (e for e in stored if isinstance(e, Candidate.Event)))
        cache = self.storage.repository.cache
        if candidate is not None and cache is not None:
            cache.put(candidate_id, deepcopy(candidate))
        return candidate

    def events_after(self, candidate: Candidate) -> list[Candidate.Event]:
        newer = self.storage.events.get(candidate.id, gt=candidate.version)
        return [e for e in newer if isinstance(e, Candidate.Event)]

    def changed_since(self, candidate_id: UUID, version: int) -> bool:
        return bool(self.storage.recorder.select_events(candidate_id, gt=version, limit=1))

    def rows(self, candidate_id: UUID) -> CandidateRows:
        """The read-model rows of the candidate as stored now (for catch-up)."""
        candidate = self.get(candidate_id)
        return rows_for(candidate, self.next_due(candidate))

    def save(self, candidate: Candidate) -> None:
        """Save pending events with the candidate's read-model rows; `SaveConflict` if beaten."""
        pending = [e for e in candidate.pending_events if isinstance(e, Candidate.Event)]
        if not pending:
            return
        before = pending[0].originator_version - 1
        rows = rows_for(
            candidate,
            self.next_due(candidate),
            {m for e in pending if (m := getattr(e, "message_id", None))},
            None
            if _reassigns(pending)
            else {t for e in pending if (t := getattr(e, "task_id", None))},
        )
        try:
            self.storage.save(candidate, **{ROWS_KWARG: [rows]})
        except IntegrityError as error:
            raise SaveConflict from error
        except PersistenceError as error:
            raise StoreError(f"{describe(self.storage.store)}: {error}") from error
        cache = self.storage.repository.cache
        if cache is not None:
            # What was just saved is the latest state: the next load need not read it back.
            cache.put(candidate.id, candidate)
        if candidate.version // self.snapshot_interval > before // self.snapshot_interval:
            take_snapshot(self.storage.snapshots, candidate, self.now())


def _reassigns(events: Iterable[Candidate.Event]) -> bool:
    """Whether the events move the candidate's open tasks to another advisor (every task row
    is then written again)."""
    return any(isinstance(e, Candidate.DetailsChanged) and "advisor" in e.changes for e in events)


def apply_events(
    aggregate: Candidate | None, events: Iterable[Candidate.Event]
) -> Candidate | None:
    """eventsourcing's default projector, without its per-event check against a runtime
    Protocol (an isinstance that cost more than applying the event)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate
