"""SQLite: eventsourcing's application recorder, with the read models in the same transaction.

Following eventsourcing's "searchable timestamps" example, the application recorder is
subclassed so that inserting a candidate's events also upserts its read-model rows, in the same
database transaction, and moves the position when the read models were in step.

A transaction that reads before it writes cannot wait for another process's write: SQLite
answers "database is locked" at once. So every transaction of the project that writes either
writes first (a save inserts its events first) or starts with BEGIN IMMEDIATE, which waits up
to the lock timeout for its turn. Opening a store that has its tables writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import OperationalError, StoredEvent
from eventsourcing.sqlite import (
    SQLiteAggregateRecorder,
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteTransaction,
)

from pipeline.store.queries import (
    ADVANCE_AFTER_INSERT,
    MIGRATE_LEGACY,
    POSITION_AT_END,
    POSITION_SEED,
    ROWS_KWARG,
    Bulk,
    ReadModelQueries,
    Writer,
    position_after_insert,
    uuid_text,
    write_rows,
)
from pipeline.store.readmodel import (
    LEGACY_POSITION,
    POSITION,
    PROJECTION,
    SCHEMA,
    TABLES,
    CandidateRows,
    as_dict,
)

SNAPSHOTS = "stored_snapshots"


class Immediate(SQLiteTransaction):
    """eventsourcing's transaction, begun with BEGIN IMMEDIATE: it waits for the write lock
    (up to the lock timeout) before reading anything, instead of failing when it writes."""

    def __enter__(self) -> SQLiteCursor:
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except Exception as error:  # sqlite3's own: eventsourcing translates only on exit
            cursor.sqlite_cursor.close()
            raise OperationalError(error) from error
        return cursor


class CursorWriter:
    def __init__(self, cursor: SQLiteCursor) -> None:
        self.cursor = cursor

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        self.cursor.execute(sql, params)
        return int(self.cursor.sqlite_cursor.rowcount)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self.cursor.execute(sql, params)
        return [as_dict(r) for r in self.cursor.fetchall()]


class SQLiteBulk:
    def __init__(self, recorder: SQLiteReadModelRecorder, writer: CursorWriter) -> None:
        self.recorder, self.writer = recorder, writer

    def events(self, stored: Sequence[StoredEvent]) -> None:
        SQLiteApplicationRecorder._insert_events(self.recorder, self.writer.cursor, stored)

    def rows(self, rows: Sequence[CandidateRows]) -> None:
        write_rows(self.writer.run, rows)

    def finish(self) -> None:
        self.writer.run(POSITION_AT_END.format(log_end=self.recorder.log_end_sql), (PROJECTION,))


class SQLiteReadModelRecorder(ReadModelQueries, SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        snapshots = SQLiteAggregateRecorder(self.datastore, SNAPSHOTS).create_table_statements
        return [*super().construct_create_table_statements(), *snapshots, *SCHEMA]

    @property
    def log_end_sql(self) -> str:  # type: ignore[override]
        return f"SELECT MAX(rowid) AS log_end FROM {self.events_table_name}"

    # -- tables ----------------------------------------------------------------------------

    def create_table(self) -> None:
        """Nothing when the store has its tables (no write, so no wait); otherwise, once, in
        one transaction that waits its turn: create them, or migrate a 0.1.0 store."""
        if self._missing(self._table_names()) == set():
            return
        with self._locked() as writer:
            names = {str(r["name"]) for r in writer.rows("SELECT name FROM sqlite_master")}
            if LEGACY_POSITION in names and POSITION not in names:
                for statement in MIGRATE_LEGACY:
                    writer.run(statement)
                self.migrated = True
                return
            for statement in self.create_table_statements:
                writer.run(statement)
            writer.run(POSITION_SEED, (PROJECTION,))

    def _table_names(self) -> set[str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT name FROM sqlite_master WHERE type='table'")
            return {str(row["name"]) for row in c.fetchall()}

    def _missing(self, names: set[str]) -> set[str]:
        return {self.events_table_name, SNAPSHOTS, *TABLES} - names

    # -- writing with the events -------------------------------------------------------------

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Insert first: a transaction that reads before it writes cannot wait for another
        # process's write to finish; SQLite answers "database is locked" at once.
        ids = super()._insert_events(c, stored_events, **kwargs)
        rows = kwargs.get(ROWS_KWARG, ())
        write_rows(c.execute, rows)
        advance = position_after_insert(rows, stored_events, ids)
        if advance:
            c.execute(ADVANCE_AFTER_INSERT.format(id="rowid", events=self.events_table_name),
                      advance)  # fmt: skip
        return ids

    # -- the read models' own transactions ----------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [as_dict(r) for r in c.fetchall()]

    @contextmanager
    def _locked(self) -> Iterator[Writer]:
        with (
            self.datastore.get_connection(commit=True) as connection,
            Immediate(connection, commit=True) as cursor,
            cursor,
        ):
            yield CursorWriter(cursor)

    _unlocked = _locked  # in SQLite every write transaction takes the one write lock

    @contextmanager
    def bulk(self) -> Iterator[Bulk]:
        with self._locked() as writer:
            assert isinstance(writer, CursorWriter)
            yield SQLiteBulk(self, writer)

    def log_versions(self, after: str, limit: int) -> list[tuple[str, int]]:
        sql = (
            f"SELECT originator_id, MAX(originator_version) AS version FROM"
            f" {self.events_table_name} WHERE originator_id > ? GROUP BY originator_id"
            " ORDER BY originator_id LIMIT ?"
        )
        rows = self._query(sql, (UUID(after).hex if after else "", limit))
        return [(uuid_text(r["originator_id"]), int(r["version"])) for r in rows]
