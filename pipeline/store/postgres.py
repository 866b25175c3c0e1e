"""PostgreSQL: eventsourcing's application recorder, with the read models in the same transaction.

eventsourcing inserts a candidate's events in one transaction, in pipeline mode: first
`_insert_events` (our read-model rows), then `LOCK TABLE ... IN EXCLUSIVE MODE` and the insert,
then `_fetch_ids_after_insert_events` (where the position advances). A conflicting save rolls
the whole transaction back, read-model rows included.

Every writer of the read models (a save, a catch-up, a repair, a rebuild's swap) locks the
position row first, after `SET LOCAL lock_timeout` so that the wait is as bounded as the
events table's; writers take their locks in one order (position row, read-model rows, events
table) and cannot deadlock, and a catch-up never interleaves with a save. Readers are not
blocked.

The queries are the portable ones of `ReadModelQueries` (store/queries.py); `to_postgres` turns
them into psycopg's dialect (`%s` placeholders, tables in the configured schema, text compared
byte by byte as in SQLite, so that the fixed-width UTC stamps and refs sort the same on both
stores).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
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
    MIGRATE_LEGACY,
    POSITION_AT_END,
    POSITION_SEED,
    REBUILT,
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
)

TABLE_NAME = re.compile(r"\b(?:" + "|".join([*TABLES, *REBUILT.values(), LEGACY_POSITION]) + r")\b")
CREATE_LOCK = "candidate-pipeline create tables in "

LOCK_POSITION = f"SELECT notification_id FROM {POSITION} WHERE projection=? FOR UPDATE"


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


class CursorWriter:
    def __init__(self, curs: Cursor[DictRow], sql: Callable[[str], str]) -> None:
        self.curs, self.sql = curs, sql

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        self.curs.execute(self.sql(sql), params)
        return self.curs.rowcount

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self.curs.execute(self.sql(sql), params)
        return [dict(row) for row in self.curs.fetchall()]


class PostgresBulk:
    def __init__(self, recorder: PostgresReadModelRecorder, curs: Cursor[DictRow]) -> None:
        self.recorder, self.curs = recorder, curs
        self.writer = CursorWriter(curs, recorder._sql)

    def events(self, stored: Sequence[StoredEvent]) -> None:
        """eventsourcing's own insert (the table locked, then the rows), in this transaction."""
        self.recorder._insert_stored_events(self.curs, stored)

    def rows(self, rows: Sequence[CandidateRows]) -> None:
        write_rows(self.writer.run, rows)

    def finish(self) -> None:
        self.writer.run(POSITION_AT_END.format(log_end=self.recorder.log_end_sql), (PROJECTION,))


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
        self.log_end_sql = f"SELECT MAX(notification_id) AS log_end FROM {events}"
        self.lock_timeout = SQL("SET LOCAL lock_timeout = '{0}s'").format(datastore.lock_timeout)

    def _sql(self, portable: str) -> str:
        return to_postgres(portable, self.schema)

    def _lock_position(self, curs: Cursor[DictRow]) -> None:
        curs.execute(self.lock_timeout, prepare=True)
        curs.execute(self._sql(LOCK_POSITION), (PROJECTION,), prepare=True)

    # -- tables ----------------------------------------------------------------------------

    def create_table(self) -> None:
        """Create the schema and every table in one transaction, one process at a time.

        Processes opening a store together would otherwise race on eventsourcing's CREATE
        statements (duplicate types, "tuple concurrently updated"). The snapshots table is made
        here too, so that the snapshot recorder, which eventsourcing opens next, finds it. A
        0.1.0 store's position row moves to its new table here, the same way.
        """
        snapshots = PostgresAggregateRecorder(
            self.datastore,
            events_table_name=self.events_table_name.removesuffix("_events") + "_snapshots",
        )
        names = [self.events_table_name, snapshots.events_table_name, *TABLES]
        if self._tables_exist(names):
            # No DDL on a store in use: CREATE INDEX IF NOT EXISTS still locks the events table
            # before the read models, the reverse of a save's order, and can deadlock with one.
            self.datastore.register_type_adapters()
            return
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.lock_timeout)
            curs.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (CREATE_LOCK + self.schema,))
            if self._is_legacy(curs):
                writer = CursorWriter(curs, self._sql)
                for step in MIGRATE_LEGACY:
                    writer.run(step)
                self.migrated = True
            else:
                self._create_schema(curs)
                for statement in [*self.sql_create_statements, *snapshots.sql_create_statements]:
                    _create(curs, statement)
                curs.execute(self._sql(POSITION_SEED), (PROJECTION,))
        self.datastore.register_type_adapters()

    def _tables_exist(self, names: Sequence[str], curs: Cursor[DictRow] | None = None) -> bool:
        query = (
            "SELECT count(*) AS found FROM pg_tables WHERE schemaname=%s AND tablename = ANY(%s)"
        )
        if curs is not None:
            curs.execute(query, (self.schema, list(names)))
            row = curs.fetchone()
        else:
            with self.datastore.transaction(commit=False) as own:
                own.execute(query, (self.schema, list(names)))
                row = own.fetchone()
        return row is not None and row["found"] == len(names)

    def _is_legacy(self, curs: Cursor[DictRow]) -> bool:
        """A 0.1.0 store: its position in `pipeline_tracking` (eventsourcing's own table of
        that name has no `projection` column), and none in the new table yet."""
        curs.execute(
            "SELECT count(*) FILTER (WHERE table_name=%s AND column_name='projection') AS legacy,"
            " count(*) FILTER (WHERE table_name=%s) AS current"
            " FROM information_schema.columns WHERE table_schema=%s",
            (LEGACY_POSITION, POSITION, self.schema),
        )
        row = curs.fetchone()
        return row is not None and row["legacy"] == 1 and row["current"] == 0

    def _create_schema(self, curs: Cursor[DictRow]) -> None:
        """Only when missing: CREATE SCHEMA needs a privilege that using one does not."""
        curs.execute("SELECT 1 FROM pg_namespace WHERE nspname=%s", (self.schema,))
        if curs.fetchone() is None:
            curs.execute(SQL("CREATE SCHEMA {}").format(Identifier(self.schema)))

    # -- writing with the events -------------------------------------------------------------

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        self._lock_position(curs)
        write_rows(lambda sql, params: curs.execute(self._sql(sql), params, prepare=True),
                   kwargs.get(ROWS_KWARG, ()))  # fmt: skip
        super()._insert_events(curs, stored_events, **kwargs)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Advance the position only if the read model was in step just before these events."""
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        advance = position_after_insert(kwargs.get(ROWS_KWARG, ()), stored_events, ids)
        if advance:
            curs.execute(self.advance_after_insert, advance, prepare=True)
        return ids

    # -- the read models' own transactions ----------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._sql(sql), params, prepare=True)
            return [dict(row) for row in curs.fetchall()]

    @contextlib.contextmanager
    def _locked(self) -> Iterator[Writer]:
        with self.datastore.transaction(commit=True) as curs:
            self._lock_position(curs)
            yield CursorWriter(curs, self._sql)

    @contextlib.contextmanager
    def bulk(self) -> Iterator[Bulk]:
        with self.datastore.transaction(commit=True) as curs:
            self._lock_position(curs)
            yield PostgresBulk(self, curs)

    @contextlib.contextmanager
    def _unlocked(self) -> Iterator[Writer]:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.lock_timeout)
            yield CursorWriter(curs, self._sql)

    def log_versions(self, after: str, limit: int) -> list[tuple[str, int]]:
        sql = (
            "SELECT originator_id, MAX(originator_version) AS version FROM"
            f" {quote(self.schema)}.{quote(self.events_table_name)}"
            " WHERE %s::uuid IS NULL OR originator_id > %s::uuid GROUP BY originator_id"
            " ORDER BY originator_id LIMIT %s"
        )
        first = after or None
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(sql, (first, first, limit))
            return [(uuid_text(r["originator_id"]), int(r["version"])) for r in curs.fetchall()]
