"""SQLite: eventsourcing's application recorder, with the read models in the same transaction.

Following eventsourcing's "searchable timestamps" example, the application recorder is
subclassed so that inserting a candidate's events also upserts its read-model rows, in the same
database transaction, and moves the tracking position when the read models were in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from pipeline.store.queries import (
    ADVANCE_AFTER_INSERT,
    ADVANCE_TRACKING,
    RESET_TRACKING,
    ROWS_KWARG,
    TRACKING_SEED,
    ReadModelQueries,
    write_rows,
    write_rows_unless_newer,
)
from pipeline.store.readmodel import PROJECTION, SCHEMA, TABLES, CandidateRows, as_dict


class SQLiteReadModelRecorder(ReadModelQueries, SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *SCHEMA]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        c.execute(TRACKING_SEED, (PROJECTION,))

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Insert first: a transaction that reads before it writes cannot wait for another
        # process's write to finish; SQLite answers "database is locked" at once.
        ids = super()._insert_events(c, stored_events, **kwargs)
        write_rows(c.execute, kwargs.get(ROWS_KWARG, ()))
        if ids:
            advance = ADVANCE_AFTER_INSERT.format(id="rowid", events=self.events_table_name)
            c.execute(advance, (max(ids), PROJECTION, min(ids)))
        return ids

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [as_dict(r) for r in c.fetchall()]

    def catch_up(self, rows: Sequence[CandidateRows], expected: int, position: int) -> bool:
        with self.datastore.transaction(commit=True) as c:
            c.execute(ADVANCE_TRACKING, (position, PROJECTION, expected))
            if c.sqlite_cursor.rowcount != 1:
                return False

            def execute(sql: str, params: Sequence[Any]) -> int:
                c.execute(sql, params)
                return int(c.sqlite_cursor.rowcount)

            write_rows_unless_newer(execute, rows)
            return True

    def reset(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            for table in TABLES[:-1]:
                c.execute(f"DELETE FROM {table}")
            c.execute(RESET_TRACKING, (PROJECTION,))
