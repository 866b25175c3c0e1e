"""`Pipeline`: the application every use goes through (library, CLI, audit).

It is an eventsourcing `Application` that wires the rooms together and answers every command
and query by handing it to the module that does it: commands to the repository's retry loop
(repository.py) with their handler (routes.py), `tick` to tick.py, lists to listing.py, the
past to history.py and timeline.py. Its typed command methods are generated (methods.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import suppress
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import Recording
from eventsourcing.utils import Environment, EnvType

from pipeline import commands as cmd
from pipeline.app import listing
from pipeline.app.configuration import Configuration
from pipeline.app.history import candidate_view, point_in_time, replay
from pipeline.app.methods import CommandMethods
from pipeline.app.registration import registration
from pipeline.app.repository import CandidateRepository, Storage, refuse_to_save
from pipeline.app.routes import ROUTES, advisor_actor
from pipeline.app.runner import PolicyRunner
from pipeline.app.tick import tick
from pipeline.app.timeline import filtered, timeline_entries
from pipeline.app.validation import check_policies, check_tick_time, check_time
from pipeline.app.views import (
    CandidateSummary,
    CandidateView,
    OutboxMessage,
    Task,
    TickReport,
    TimelineEntry,
)
from pipeline.candidate import Candidate
from pipeline.clock import Clock, SystemClock
from pipeline.errors import CandidateNotFound, ConcurrencyConflict, DuplicateCandidate, StoreError
from pipeline.policy import Policy
from pipeline.records import Meta
from pipeline.store.catchup import Projection
from pipeline.store.opening import check_store
from pipeline.store.queries import ROWS_KWARG, Page, ReadModelQueries
from pipeline.store.readmodel import rows_for
from pipeline.store.urls import describe, opening, store_env

MAX_PAGE = 2**62  # a page as long as SQLite's and PostgreSQL's largest LIMIT


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
        create: bool = True,
        read_only: bool = False,
    ) -> None:
        """Open (or, with `create`, create) the store: an SQLite path, ":memory:", or a
        PostgreSQL URL. Opening a store that exists writes nothing to it.

        `read_only`: open an existing store to read and to dry-run `tick`, writing nothing:
        the read models are not caught up, saving is refused."""
        self.store = store
        self.read_only = read_only
        self.policies = check_policies(policies)
        self.clock: Clock = clock or SystemClock()
        self.language = language
        env = store_env(store) | {
            "AGGREGATE_CACHE_MAXSIZE": str(cache_size),
            "AGGREGATE_CACHE_FASTFORWARD": "n",  # the repository decides when to read ahead
            "IS_SNAPSHOTTING_ENABLED": "y",
        }
        try:
            with opening(store):
                check_store(store, create=create and not read_only)
                super().__init__(env=env)
                self.configuration = Configuration(
                    self.repository, self.save, self.policies, self.clock.now, max_attempts
                )
                self.config_id = self.configuration.id
                self.runner = PolicyRunner(self.policies, self.config_id, self.clock.now)
                save = refuse_to_save(store) if read_only else self.save
                storage = Storage(
                    self.repository,
                    self.events,
                    self.recorder,
                    self.snapshots,
                    save,
                    describe(store),
                )
                self.candidate_repository = CandidateRepository(
                    storage,
                    self.runner.next_due,
                    self.clock.now,
                    max_attempts=max_attempts,
                    snapshot_interval=snapshot_interval,
                )
                if not read_only:
                    if self.read_model.migrated:
                        self.repair_read_model()  # a 0.1.0 store's rows may have drifted
                    self.catch_up()
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

    def __repr__(self) -> str:
        return f"Pipeline({describe(self.store)!r})"  # never the store's password

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
            return self.tick(parsed.now, dry_run=parsed.dry_run)
        if isinstance(parsed, cmd.RegisterCandidate):
            return self._register(parsed)
        assert isinstance(parsed, cmd.CandidateCommand)
        return self._change(parsed)

    def _register(self, command: cmd.RegisterCandidate) -> UUID:
        now = self.clock.now()
        actor = command.actor or advisor_actor(command.advisor)
        meta = Meta(check_time(command, now, None), now, actor, command_id=command.command_id)
        attempt = registration(self.candidate_repository, self.runner, meta, command)

        def conflict() -> None:
            if command.ref:
                raise DuplicateCandidate(command.ref)

        return self.candidate_repository.retried(
            attempt, lambda: DuplicateCandidate("generated ref"), conflict=conflict
        )

    def _change(self, command: cmd.CandidateCommand) -> Any:
        route = ROUTES[type(command)]

        def decide(candidate: Candidate) -> Any:
            applied = candidate.applied_commands()
            if command.command_id is not None and command.command_id in applied:
                return applied[command.command_id] if route.returns_application else None
            now = self.clock.now()
            occurred_at = check_time(command, now, candidate.registered_at)
            actor = command.actor or route.actor or advisor_actor(candidate.advisor)
            meta = Meta(occurred_at, now, actor, command_id=command.command_id)
            result = route.handler(candidate, meta, command)
            self.runner.after_events(candidate)
            return result

        store = self.candidate_repository
        return store.retried(
            lambda number: store.decided(number, command.candidate, decide),
            lambda: ConcurrencyConflict(command.candidate, store.max_attempts),
        )

    def tick(self, now: datetime | None = None, *, dry_run: bool = False) -> TickReport:
        """Run the time-based policies for every candidate with something due by `now` (the
        clock's time; never beyond it). `dry_run`: report what would be decided, save nothing."""
        moment = check_tick_time(now, self.clock.now())
        if not dry_run:
            self.catch_up()
        repository = self.candidate_repository
        return tick(self.read_model, repository, self.runner, moment, dry_run=dry_run)

    # -- reading ---------------------------------------------------------------------------

    def resolve(self, reference: str | UUID) -> UUID:
        """A candidate's id from its UUID or its ref (refs are not case-sensitive)."""
        return self.candidate_repository.resolve(reference)

    def get_candidate(self, reference: str | UUID) -> Candidate:
        """A copy of the candidate as stored now."""
        return self.candidate_repository.get(reference)

    def history(self, reference: str | UUID) -> list[Candidate.Event]:
        stored = self.events.get(self.resolve(reference))
        events = [e for e in stored if isinstance(e, Candidate.Event)]
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
        point = point_in_time(as_of, known_at, version)
        if point.is_now:
            state, at = self.get_candidate(c), self.clock.now()
        else:
            found = replay(e for e in self.history(c) if point.keeps(e))
            if found is None:
                raise CandidateNotFound(f"{c} (not yet registered at that point)")
            state = found
            at = point.as_of or point.known_at or state.last_occurred_at or self.clock.now()
        window = next((p.window_days for p in self.policies if p.window_days is not None), None)
        return candidate_view(state, at, self.runner.next_due(state), window, point)

    def timeline(
        self,
        c: str | UUID,
        as_of: datetime | None = None,
        *,
        known_at: datetime | None = None,
        version: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[TimelineEntry]:
        """Every event of the candidate in words; `since`/`until` keep those that occurred in
        that span (domain time, both included), `kinds` those of these event kinds (such as
        "MessageQueued"; not case-sensitive, a kind the candidate has not is a ValueError)."""
        point = point_in_time(as_of, known_at, version)
        entries = timeline_entries((e for e in self.history(c) if point.keeps(e)), self.language)
        return filtered(entries, since, until, kinds)

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
        _page(after, limit)  # a limit SQLite cannot hold is a ValueError naming it
        return listing.candidates(self.read_model, self.clock.now(), filters, after, limit)

    def outbox(
        self,
        status: str | None = "queued",
        due_by: listing.DueBy = "now",
        *,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[OutboxMessage]:
        """Messages to deliver: queued and due by now, unless `status` ("sent", "failed",
        "cancelled", "all") or `due_by` (a later time to look ahead; None: any time) says.
        For a large outbox, page: `limit=1000`, then `after=` the last message's id."""
        page = _page(after, limit)
        return listing.outbox(self.read_model, self.clock.now(), status, due_by, page)

    def message(self, message_id: str) -> OutboxMessage:
        """The message with this id, or with the one id that starts with it (6 characters or
        more, such as the 8 the timeline shows), whatever its candidate and status."""
        return listing.message(self.read_model, message_id)

    def task(self, task_id: str) -> Task:
        """The task with this id, or with the one id that starts with it (6 characters or
        more), whatever its candidate and status."""
        return listing.task(self.read_model, task_id)

    def tasks(
        self,
        due_on: date | str | None = None,
        advisor: str | None = None,
        status: str | None = "open",
        *,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Task]:
        """The advisors' tasks: open ones unless `status` ("done", "cancelled", "all") says;
        `due_on` a date (or "YYYY-MM-DD") in the agency's zone. Page as for `outbox`."""
        return listing.tasks(self.read_model, due_on, advisor, status, _page(after, limit))

    # -- the read models ---------------------------------------------------------------------

    @property
    def projection(self) -> Projection:
        return Projection(self.recorder, self.read_model, self.candidate_repository.rows)

    def catch_up(self) -> int:
        """Bring the read models up to the end of the log; returns notifications read."""
        with opening(self.store, ""):
            return self.projection.catch_up()

    def rebuild_read_model(self) -> int:
        """Rebuild the read models from the log, out of sight: readers see the old ones until
        the new ones are whole. Returns notifications read."""
        with opening(self.store, ""):
            return self.projection.rebuild()

    def repair_read_model(self) -> int:
        """Compare every candidate's rows with the log, version by version, and rewrite the
        ones that differ (or drop rows of no candidate). Returns how many it repaired."""
        with opening(self.store, ""):
            return self.projection.repair()

    def save(
        self,
        *objs: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """eventsourcing's `save`, writing the read-model rows of every candidate it saves in
        the same transaction (the inherited one would record the events alone and leave the
        due index stale). Bare candidate events have no state to take rows from: the read
        models are caught up from the log right after them."""
        candidates = [o for o in objs if isinstance(o, Candidate)]
        if candidates or any(isinstance(o, Candidate.Event) for o in objs):
            self.configuration.ensure_recorded()  # before any decision can cite it
        if candidates and ROWS_KWARG not in kwargs:
            kwargs[ROWS_KWARG] = [rows_for(c, self.runner.next_due(c)) for c in candidates]
        recordings = super().save(*objs, **kwargs)
        if ROWS_KWARG not in kwargs and any(isinstance(o, Candidate.Event) for o in objs):
            self.catch_up()
        return recordings


def _page(after: str | None, limit: int | None) -> Page:
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit: must be between 1 and {MAX_PAGE:,} (got {limit})")
    return None if after is None and limit is None else (after, limit or MAX_PAGE)
