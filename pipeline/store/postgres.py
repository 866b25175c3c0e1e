"""PostgreSQL: eventsourcing's application recorder, with the read models in the same transaction.

eventsourcing inserts a candidate's events in one transaction, in pipeline mode: first
`_insert_events` (our read-model rows), then `LOCK TABLE ... IN EXCLUSIVE MODE` and the insert,
then `_fetch_ids_after_insert_events` (where the tracking position advances). A conflicting save
rolls the whole transaction back, read-model rows included.

Every writer of the read models (a save, a catch-up, a reset) locks the tracking row first, so
writers take their locks in one order (tracking row, read-model rows, events table) and cannot
deadlock, and a catch-up never interleaves with a save. Readers are not blocked.

The queries are the portable ones of `ReadModelQueries` (store/queries.py); `to_postgres` turns
them into psycopg's dialect (`%s` placeholders, tables in the configured schema, text compared
byte by byte as in SQLite, so that the fixed-width UTC stamps and refs sort the same on both
stores).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from psycopg import Cursor
from psycopg.errors import DuplicateObject
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

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
from pipeline.store.readmodel import PROJECTION, SCHEMA, TABLES, CandidateRows

TABLE_NAME = re.compile(r"\b(?:" + "|".join(TABLES) + r")\b")
CREATE_LOCK = "candidate-pipeline create tables in "

LOCK_TRACKING = "SELECT notification_id FROM pipeline_tracking WHERE projection=? FOR UPDATE"


def _create(curs: Cursor[DictRow], statement: Composed) -> None:
    """Run a CREATE statement; CREATE TYPE has no IF NOT EXISTS, so an existing type is fine."""
    if "CREATE TYPE" not in statement.as_string():
        curs.execute(statement, prepare=False)
        return
    with contextlib.suppress(DuplicateObject), curs.connection.transaction():
        curs.execute(statement, prepare=False)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@lru_cache(maxsize=256)
def to_postgres(sql: str, schema: str) -> str:
    """Portable read-model SQL in psycopg's dialect, its tables in `schema`."""
    qualified = TABLE_NAME.sub(lambda m: f"{quote(schema)}.{m.group(0)}", sql.replace("%", "%%"))
    if qualified.startswith("CREATE TABLE"):
        qualified = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', qualified)
    return qualified.replace("?", "%s")


class PostgresReadModelRecorder(ReadModelQueries, PostgresApplicationRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.schema = self.datastore.schema
        self.sql_create_statements.extend(SQL(self._sql(s)).format() for s in SCHEMA)
        events = f"{quote(self.schema)}.{quote(self.events_table_name)}"
        advance = ADVANCE_AFTER_INSERT.format(id="notification_id", events=events)
        self.advance_after_insert = self._sql(advance)

    def _sql(self, portable: str) -> str:
        return to_postgres(portable, self.schema)

    def _execute_on(self, curs: Cursor[DictRow]) -> Callable[[str, Sequence[Any]], int]:
        """Run portable SQL on `curs`; the count of rows it changed (not known in pipeline mode)."""

        def execute(portable: str, params: Sequence[Any]) -> int:
            curs.execute(self._sql(portable), params, prepare=True)
            return curs.rowcount

        return execute

    # -- tables ----------------------------------------------------------------------------

    def create_table(self) -> None:
        """Create the schema and every table in one transaction, one process at a time.

        Processes opening a store together would otherwise race on eventsourcing's CREATE
        statements (duplicate types, "tuple concurrently updated"). The snapshots table is made
        here too, so that the snapshot recorder, which eventsourcing opens next, finds it.
        """
        snapshots = PostgresAggregateRecorder(
            self.datastore,
            events_table_name=self.events_table_name.removesuffix("_events") + "_snapshots",
        )
        if self._tables_exist(snapshots.events_table_name):
            # No DDL on a store in use: CREATE INDEX IF NOT EXISTS still locks the events table
            # before the read models, the reverse of a save's order, and can deadlock with one.
            self.datastore.register_type_adapters()
            return
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (CREATE_LOCK + self.schema,))
            self._create_schema(curs)
            for statement in [*self.sql_create_statements, *snapshots.sql_create_statements]:
                _create(curs, statement)
            curs.execute(self._sql(TRACKING_SEED), (PROJECTION,))
        self.datastore.register_type_adapters()

    def _tables_exist(self, snapshots_table: str) -> bool:
        names = [self.events_table_name, snapshots_table, *TABLES]
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                "SELECT count(*) AS found FROM pg_tables"
                " WHERE schemaname=%s AND tablename = ANY(%s)",
                (self.schema, names),
            )
            row = curs.fetchone()
        return row is not None and row["found"] == len(names)

    def _create_schema(self, curs: Cursor[DictRow]) -> None:
        """Only when missing: CREATE SCHEMA needs a privilege that using one does not."""
        curs.execute("SELECT 1 FROM pg_namespace WHERE nspname=%s", (self.schema,))
        if curs.fetchone() is None:
            curs.execute(SQL("CREATE SCHEMA {}").format(Identifier(self.schema)))

    # -- writing with the events -------------------------------------------------------------

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        curs.execute(self._sql(LOCK_TRACKING), (PROJECTION,), prepare=True)
        write_rows(self._execute_on(curs), kwargs.get(ROWS_KWARG, ()))
        super()._insert_events(curs, stored_events, **kwargs)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Advance the position only if the read model was in step just before these events."""
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            params = (max(ids), PROJECTION, min(ids))
            curs.execute(self.advance_after_insert, params, prepare=True)
        return ids

    # -- the read side ---------------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._sql(sql), params, prepare=True)
            return [dict(row) for row in curs.fetchall()]

    def catch_up(self, rows: Sequence[CandidateRows], expected: int, position: int) -> bool:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._sql(ADVANCE_TRACKING), (position, PROJECTION, expected))
            if curs.rowcount != 1:
                return False
            write_rows_unless_newer(self._execute_on(curs), rows)
            return True

    def reset(self) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._sql(RESET_TRACKING), (PROJECTION,))
            for table in TABLES[:-1]:
                curs.execute(self._sql(f"DELETE FROM {table}"))
