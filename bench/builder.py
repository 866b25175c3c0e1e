"""Building large stores quickly, through the application's own commands and save path.

`StoreBuilder` is a `Pipeline` whose commands run exactly as usual (validation, tables,
policies, hash chain) but whose saves are gathered: `flush` writes the events of many
candidates, with their read-model rows, in one transaction through `Pipeline.save`, the same
call the candidate repository's `save` makes. Each command's events still form their own batch. The
result is the store the API makes, event for event and row for row (`check_same_store` proves
it on a sample); only the number of SQLite transactions differs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from pipeline import FixedClock, Pipeline
from pipeline.app.repository import CandidateRepository
from pipeline.candidate import Candidate, candidate_id_for
from pipeline.store.queries import ROWS_KWARG
from pipeline.store.readmodel import TABLES, rows_for
from policies import PolicyConfig, standard_policies

Recipe = Callable[[Pipeline, FixedClock, int], None]


class GatheringRepository(CandidateRepository):
    """Keeps saved candidates in memory until `flush`; loads them from there meanwhile."""

    def __init__(self, original: CandidateRepository) -> None:
        super().__init__(
            original.storage,
            original.next_due,
            original.now,
            max_attempts=original.max_attempts,
            snapshot_interval=original.snapshot_interval,
        )
        self.gathered: list[Candidate.Event] = []
        self.live: dict[UUID, Candidate] = {}
        self.before_save: Callable[[], None] = lambda: None

    def exists(self, ref: str) -> bool:
        """A gathered candidate exists too: else its ref (B0012345, all hex digits) would be
        taken for the prefix of another candidate's UUID until the next flush."""
        return candidate_id_for(ref) in self.live or super().exists(ref)

    def get(self, reference: str | UUID, *, fresh: bool = True) -> Candidate:
        live = self.live.get(self.resolve(reference))
        return live if live is not None else super().get(reference, fresh=fresh)

    def save(self, candidate: Candidate) -> None:
        self.before_save()
        events = [e for e in candidate.collect_events() if isinstance(e, Candidate.Event)]
        if candidate.version >= self.snapshot_interval:
            raise ValueError("StoreBuilder is for candidates below the snapshot interval")
        self.gathered.extend(events)
        self.live[candidate.id] = candidate

    def flush(self) -> None:
        """Write what was gathered: events and read-model rows, in one transaction."""
        if self.gathered:
            rows = [rows_for(c, self.next_due(c)) for c in self.live.values()]
            self.storage.save(*self.gathered, **{ROWS_KWARG: rows})
        self.gathered.clear()
        self.live.clear()


class StoreBuilder(Pipeline):
    """A `Pipeline` that saves many candidates per transaction (for building bench stores)."""

    name = "Pipeline"  # eventsourcing names PostgreSQL's tables after the application

    def __init__(self, store: str, clock: FixedClock) -> None:
        super().__init__(store, policies=standard_policies(PolicyConfig()), clock=clock)
        self.gathering = GatheringRepository(self.candidate_repository)
        self.gathering.before_save = self.configuration.ensure_recorded  # as Pipeline.save does
        self.candidate_repository = self.gathering

    def flush(self) -> None:
        self.gathering.flush()


def build_store(
    path: str, clock: FixedClock, count: int, recipe: Recipe, per_transaction: int = 1000
) -> None:
    """Make `count` candidates with `recipe`, `per_transaction` candidates per transaction."""
    builder = StoreBuilder(path, clock)
    try:
        for i in range(count):
            recipe(builder, clock, i)
            if (i + 1) % per_transaction == 0:
                builder.flush()
        builder.flush()
    finally:
        builder.close()


def build_through_api(path: str, clock: FixedClock, count: int, recipe: Recipe) -> None:
    """The same candidates, one command per transaction, through the ordinary `Pipeline`."""
    app = Pipeline(path, policies=standard_policies(PolicyConfig()), clock=clock)
    try:
        for i in range(count):
            recipe(app, clock, i)
    finally:
        app.close()


def store_contents(path: str) -> dict[str, list[Any]]:
    """Every stored event and read-model row of an SQLite store, in a comparable form."""
    connection = sqlite3.connect(path)
    try:
        contents = {
            "stored_events": connection.execute(
                "SELECT originator_id, originator_version, topic, state FROM stored_events"
                " ORDER BY rowid"
            ).fetchall(),
            "snapshots": connection.execute(
                "SELECT * FROM stored_snapshots ORDER BY 1, 2"
            ).fetchall(),
        }
        for table in TABLES:
            contents[table] = connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        return contents
    finally:
        connection.close()


def check_same_store(folder: Path, recipe: Recipe, start: Callable[[], FixedClock]) -> str:
    """Build a sample both ways and compare; a one-line verdict for the report."""
    count = 50
    fast, slow = str(folder / "sample-builder.db"), str(folder / "sample-api.db")
    build_store(fast, start(), count, recipe, per_transaction=20)
    build_through_api(slow, start(), count, recipe)
    built, made = store_contents(fast), store_contents(slow)
    differing = [table for table in made if built.get(table) != made[table]]
    if differing:
        return f"store shape check FAILED on {count} candidates: {', '.join(differing)} differ"
    events = len(made["stored_events"])
    return f"store shape check: {count} candidates ({events} events) identical to the API's"
