"""`Pipeline`: the application every use goes through (library, CLI, audit).

One command = load the candidate, decide, let the attached policies decide, save everything
(events, read-model rows) in one transaction. If another writer saved the same candidate
first, the command is decided again on the fresh state, a bounded number of times.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from copy import deepcopy
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, PersistenceError
from eventsourcing.utils import Environment, EnvType

from pipeline import commands as cmd
from pipeline import listing
from pipeline.candidate import Candidate, candidate_id_for
from pipeline.clock import Clock, SystemClock, require_aware
from pipeline.configlog import CONFIG_LOG_ID, ConfigurationLog, configuration_document
from pipeline.errors import (
    CandidateNotFound,
    ConcurrencyConflict,
    DuplicateCandidate,
    PipelineError,
    SaveConflict,
    StoreError,
)
from pipeline.handlers import DEFAULT_ACTORS, HANDLERS
from pipeline.maintenance import catch_up, rebuild_read_model, snapshot
from pipeline.methods import CommandMethods
from pipeline.policy import Policy
from pipeline.queries import PointInTime, candidate_view, replay, timeline_entries
from pipeline.readmodel import rows_for
from pipeline.recorders import ROWS_KWARG, ReadModelQueries
from pipeline.records import Meta
from pipeline.runner import PolicyRunner
from pipeline.store import describe, opening, store_env
from pipeline.validation import check_policies, check_time, field_error
from pipeline.views import (
    CandidateSummary,
    CandidateView,
    OutboxMessage,
    Task,
    TickReport,
    TimelineEntry,
)

T = TypeVar("T")
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U


class Pipeline(CommandMethods, Application[UUID]):
    name = "Pipeline"

    def __init__(
        self,
        store: str = "pipeline.db",
        policies: Iterable[Policy] = (),
        clock: Clock | None = None,
        *,
        language: str = "ja",
        cache_size: int = 1000,
        snapshot_interval: int = 100,
        max_attempts: int = 5,
    ) -> None:
        self.store = store
        self.policies = check_policies(policies)
        self.clock: Clock = clock or SystemClock()
        self.language = language
        self.snapshot_interval = snapshot_interval
        self.max_attempts = max_attempts
        env = store_env(store) | {
            "AGGREGATE_CACHE_MAXSIZE": str(cache_size),
            "AGGREGATE_CACHE_FASTFORWARD": "n",  # get_candidate decides when to read ahead
            "IS_SNAPSHOTTING_ENABLED": "y",
        }
        try:
            with opening(store):
                super().__init__(env=env)
                self.config_id = self._record_configuration()
                self.runner = PolicyRunner(self.policies, self.config_id, self.clock.now)
                catch_up(self)
        except StoreError:
            self._release()
            raise

    def _release(self) -> None:
        """Close what a failed opening had opened, now rather than whenever it is collected
        (a PostgreSQL pool closed from the collector's thread cannot join its own workers)."""
        factory = getattr(self, "factory", None)
        if factory is not None:
            with suppress(Exception):
                factory.close()

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only what `Pipeline` was given: the process environment does not configure it."""
        return Environment(name, dict(env or {}))

    @property
    def read_model(self) -> ReadModelQueries:
        assert isinstance(self.recorder, ReadModelQueries)
        return self.recorder

    # -- commands --------------------------------------------------------------------------

    def execute(self, command: cmd.Command | cmd.Tick | Mapping[str, Any]) -> Any:
        """Carry out a command given as a pydantic object or as data (`{"type": ...}`)."""
        parsed = cmd.COMMANDS.validate_python(command) if isinstance(command, Mapping) else command
        if isinstance(parsed, cmd.Tick):
            return self.tick(parsed.now)
        if isinstance(parsed, cmd.RegisterCandidate):
            return self._register(parsed)
        assert isinstance(parsed, cmd.CandidateCommand)
        handler = HANDLERS[type(parsed)]
        return self._change(parsed.candidate, parsed, lambda c, meta: handler(c, meta, parsed))

    def _register(self, command: cmd.RegisterCandidate) -> UUID:
        now = self.clock.now()
        occurred_at = check_time(command, now, None)
        for _ in range(self.max_attempts):
            ref = command.ref or f"C-{''.join(secrets.choice(REF_ALPHABET) for _ in range(6))}"
            meta = Meta(occurred_at, now, command.actor or _advisor_actor(command.advisor))
            candidate = Candidate.register(
                meta,
                ref=ref,
                name=command.name,
                email=command.email,
                phone=command.phone,
                advisor=command.advisor,
            )
            self.runner.after_events(candidate)
            try:
                self.save_candidate(candidate)
            except SaveConflict:
                if command.ref:
                    raise DuplicateCandidate(command.ref) from None
                continue
            return candidate.id
        raise DuplicateCandidate("generated ref")

    def _change(
        self, reference: str, command: cmd.Command, action: Callable[[Candidate, Meta], T]
    ) -> T:
        for attempt in range(self.max_attempts):
            # The first try trusts this process's cache: if another process has moved the
            # candidate on, the save is refused (or a refusal is found stale) and we try again
            # on the store's state. That saves a read of the store for nearly every command.
            candidate = self.get_candidate(reference, fresh=attempt > 0)
            now = self.clock.now()
            occurred_at = check_time(command, now, candidate.registered_at)
            default_actor = DEFAULT_ACTORS.get(type(command)) or _advisor_actor(candidate.advisor)
            meta = Meta(occurred_at, now, command.actor or default_actor)
            version = candidate.version
            try:
                result = action(candidate, meta)
            except PipelineError:
                if attempt == 0 and self._changed_since(candidate.id, version):
                    continue
                raise
            self.runner.after_events(candidate)
            try:
                self.save_candidate(candidate)
            except SaveConflict:
                continue
            return result
        raise ConcurrencyConflict(reference, self.max_attempts)

    def save_candidate(self, candidate: Candidate) -> None:
        """Save pending events with the candidate's read-model rows; `SaveConflict` if beaten."""
        pending = [e for e in candidate.pending_events if isinstance(e, Candidate.Event)]
        if not pending:
            return
        before = pending[0].originator_version - 1
        rows = rows_for(
            candidate,
            self.runner.next_due(candidate),
            {m for e in pending if (m := getattr(e, "message_id", None))},
            {t for e in pending if (t := getattr(e, "task_id", None))},
        )
        try:
            self.save(candidate, **{ROWS_KWARG: [rows]})
        except IntegrityError as error:
            raise SaveConflict from error
        except PersistenceError as error:
            raise StoreError(f"{describe(self.store)}: {error}") from error
        if self.repository.cache is not None:
            # What was just saved is the latest state: the next load need not read it back.
            self.repository.cache.put(candidate.id, candidate)
        if candidate.version // self.snapshot_interval > before // self.snapshot_interval:
            snapshot(self, candidate)

    def _record_configuration(self) -> str:
        document = configuration_document(self.policies)
        for _ in range(self.max_attempts):
            try:
                log: ConfigurationLog = self.repository.get(CONFIG_LOG_ID)
            except AggregateNotFoundError:
                log = ConfigurationLog.start(self.clock.now())
            assert isinstance(log, ConfigurationLog)
            log.record(document, self.clock.now())
            try:
                self.save(log)
            except IntegrityError:
                continue
            return log.current
        raise ConcurrencyConflict("the configuration log", self.max_attempts)

    # -- reading ---------------------------------------------------------------------------

    def resolve(self, reference: str | UUID) -> UUID:
        """A candidate's id from its UUID or its ref (refs are not case-sensitive)."""
        if isinstance(reference, UUID):
            return reference
        text = str(reference).strip()
        try:
            return UUID(text)
        except ValueError:
            return candidate_id_for(text)

    def get_candidate(self, reference: str | UUID, *, fresh: bool = True) -> Candidate:
        """A copy of the candidate to read or change.

        `fresh` reads the events other processes saved since this process cached it; without
        it the cached state is returned as it is (a command's first try, see `_change`).
        """
        try:
            candidate: Candidate = self.repository.get(
                self.resolve(reference), projector_func=apply_events
            )
        except AggregateNotFoundError:
            raise CandidateNotFound(str(reference)) from None
        if not isinstance(candidate, Candidate):
            raise CandidateNotFound(str(reference))
        newer = self._events_after(candidate) if fresh else []
        if newer:
            apply_events(candidate, newer)
            if self.repository.cache is not None:
                self.repository.cache.put(candidate.id, deepcopy(candidate))
        return candidate

    def _events_after(self, candidate: Candidate) -> list[Candidate.Event]:
        newer = self.events.get(candidate.id, gt=candidate.version)
        return [e for e in newer if isinstance(e, Candidate.Event)]

    def _changed_since(self, candidate_id: UUID, version: int) -> bool:
        return bool(self.recorder.select_events(candidate_id, gt=version, limit=1))

    def history(self, reference: str | UUID) -> list[Candidate.Event]:
        events = [
            e for e in self.events.get(self.resolve(reference)) if isinstance(e, Candidate.Event)
        ]
        if not events:
            raise CandidateNotFound(str(reference))
        return events

    def candidate(
        self,
        c: str | UUID,
        as_of: datetime | None = None,
        *,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> CandidateView:
        point = _point(as_of, known_at, version)
        if point.is_now:
            state = self.get_candidate(c)
            at = self.clock.now()
        else:
            state = self._state_at(c, point)
            at = point.as_of or point.known_at or state.last_occurred_at or self.clock.now()
        return candidate_view(state, at, self.runner.next_due(state), self._window(), point)

    def timeline(
        self,
        c: str | UUID,
        as_of: datetime | None = None,
        *,
        known_at: datetime | None = None,
        version: int | None = None,
    ) -> list[TimelineEntry]:
        point = _point(as_of, known_at, version)
        events = [e for e in self.history(c) if point.keeps(e)]
        return timeline_entries(events, self.language)

    def _state_at(self, c: str | UUID, point: PointInTime) -> Candidate:
        state = replay(e for e in self.history(c) if point.keeps(e))
        if state is None:
            raise CandidateNotFound(f"{c} (not yet registered at that point)")
        return state

    def candidates(
        self,
        stage: str | None = None,
        contact: str | None = None,
        advisor: str | None = None,
        *,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[CandidateSummary]:
        """Candidates by ref. For a large store, page: `limit=1000`, then `after=` the last ref."""
        filters = {"stage": stage, "contact": contact, "advisor": advisor}
        return listing.candidates(self, filters, after, limit)

    def outbox(self, status: str | None = "queued") -> list[OutboxMessage]:
        return listing.outbox(self, status)

    def tasks(
        self,
        due_on: date | str | None = None,
        advisor: str | None = None,
        status: str | None = "open",
    ) -> list[Task]:
        return listing.tasks(self, due_on, advisor, status)

    def tick(self, now: datetime | None = None) -> TickReport:
        """Run the time-based policies for every candidate with something due by `now`."""
        return listing.tick(self, now)

    def rebuild_read_model(self) -> int:
        """Drop the read models and rebuild them from the log; returns events read."""
        return rebuild_read_model(self)

    def _window(self) -> int | None:
        windows = [getattr(p, "window_days", None) for p in self.policies]
        return next((w for w in windows if isinstance(w, int)), None)


def apply_events(
    aggregate: Candidate | None, events: Iterable[Candidate.Event]
) -> Candidate | None:
    """eventsourcing's default projector, without its per-event check against a runtime
    Protocol (an isinstance that cost more than applying the event)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _advisor_actor(advisor: str | None) -> str:
    return f"advisor:{advisor or 'unassigned'}"


def _point(as_of: datetime | None, known_at: datetime | None, version: int | None) -> PointInTime:
    if version is not None and version < 1:
        raise field_error("version", version, "must be 1 or more")
    try:
        return PointInTime(
            as_of=require_aware(as_of, "as_of") if as_of else None,
            known_at=require_aware(known_at, "known_at") if known_at else None,
            version=version,
        )
    except ValueError as error:
        raise field_error(
            "as_of" if "as_of" in str(error) else "known_at", as_of, str(error)
        ) from None
