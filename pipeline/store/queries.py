"""The read side of the read models, and what writes their rows, in portable SQL.

Written once with `?` placeholders for both stores: the SQLite recorder runs it as it is, the
PostgreSQL recorder translates it (`store/postgres.py`). The position row holds the position of
the last notification the read models reflect; it advances with the log only while they are in
step with it, otherwise catch-up (`store/catchup.py`) rebuilds from the recorded position.

Every transaction that writes the read models outside a save (`_locked`) first takes the lock
that saves take, so writers queue in one order and never deadlock: on SQLite the write lock
(BEGIN IMMEDIATE), on PostgreSQL the position row (FOR UPDATE, after `lock_timeout`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from pipeline.store.readmodel import (
    ITEM_INDEXES,
    LEGACY_POSITION,
    POSITION,
    PROJECTION,
    ROW_TABLES,
    SCHEMA,
    UPSERT_CANDIDATE,
    UPSERT_MESSAGE,
    UPSERT_TASK,
    CandidateRows,
    is_candidate_topic,
)

ROWS_KWARG = "read_model_rows"
EVERY_ROW = 2**62  # a LIMIT both SQLite and PostgreSQL read as "no limit"
REBUILT = {table: table.replace("pipeline_", "pipeline_rebuild_", 1) for table in ROW_TABLES}

POSITION_SEED = (
    f"INSERT INTO {POSITION} (projection, notification_id) VALUES (?, 0)"
    " ON CONFLICT (projection) DO NOTHING"
)
SET_POSITION = f"UPDATE {POSITION} SET notification_id=? WHERE projection=?"
POSITION_AT_END = f"UPDATE {POSITION} SET notification_id=({{log_end}}) WHERE projection=?"
ADVANCE_POSITION = f"{SET_POSITION} AND notification_id=?"
ADVANCE_AFTER_INSERT = (  # only if the read model was in step just before these events
    f"{SET_POSITION} AND notification_id= (SELECT COALESCE(MAX({{id}}), 0) FROM {{events}}"
    " WHERE {id} < ?)"
)
MIGRATE_LEGACY = [
    SCHEMA[-1],
    f"INSERT INTO {POSITION} (projection, notification_id)"
    f" SELECT projection, notification_id FROM {LEGACY_POSITION}",
    f"DROP TABLE {LEGACY_POSITION}",
    *ITEM_INDEXES,
]
ITEM_TABLES = ("pipeline_messages", "pipeline_tasks")
IN_LIST = 500  # ids per `IN (...)`: far below both stores' limits on parameters


Page = tuple[str | None, int] | None  # (the last id of the page before, how many); None: all


class Bulk(Protocol):
    """One transaction that writes a whole import: its events, their rows, the position."""

    def events(self, stored: Sequence[Any]) -> None: ...

    def rows(self, rows: Sequence[CandidateRows]) -> None: ...

    def finish(self) -> None:
        """The read models reflect the whole log (the position at its end)."""


class Writer(Protocol):
    """A write transaction: `run` returns the rows changed, `rows` what a query selected."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


def rebuilt(sql: str) -> str:
    """The same statement on the tables a rebuild fills before they replace the live ones."""
    return re.sub(r"\b(" + "|".join(ROW_TABLES) + r")\b", lambda m: REBUILT[m.group(1)], sql)


class ReadModelQueries:
    """The read side and the read models' own writes, in portable SQL with `?` placeholders."""

    migrated = False  # True when opening moved a 0.1.0 store's position to its new table
    log_end_sql = ""  # the last notification id (as `log_end`), read in a `_locked` transaction

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _locked(self) -> AbstractContextManager[Writer]:
        """A transaction that first takes the lock every writer of the read models takes."""
        raise NotImplementedError

    def _unlocked(self) -> AbstractContextManager[Writer]:
        """A write transaction on tables no save touches (a rebuild's own)."""
        raise NotImplementedError

    def bulk(self) -> AbstractContextManager[Bulk]:
        """A transaction for an import: committed whole when the block ends, or rolled back
        (nothing written) when it raises."""
        raise NotImplementedError

    def log_versions(self, after: str, limit: int) -> list[tuple[str, int]]:
        """(id, last version) of every originator in the log after the id `after`, by id."""
        raise NotImplementedError

    # -- the position ----------------------------------------------------------------------

    def position(self) -> int | None:
        """The last notification the read models reflect; None if the position row is gone."""
        rows = self._query(f"SELECT notification_id FROM {POSITION} WHERE projection=?",
                           (PROJECTION,))  # fmt: skip
        return int(rows[0]["notification_id"]) if rows else None

    def restore_position(self) -> None:
        """Put back a missing position row at the start of the log (catch-up then replays it)."""
        with self._unlocked() as writer:
            writer.run(POSITION_SEED, (PROJECTION,))

    def catch_up(self, rows: Sequence[CandidateRows], expected: int, position: int) -> bool:
        """Write rebuilt rows and move the position from `expected`; False if someone else did."""
        with self._locked() as writer:
            if writer.run(ADVANCE_POSITION, (position, PROJECTION, expected)) != 1:
                return False
            write_rows_unless_newer(writer, rows)
            return True

    def repair(self, rows: Sequence[CandidateRows]) -> None:
        """Rewrite rows found behind the log (never over a row a save has since written)."""
        with self._locked() as writer:
            write_rows_unless_newer(writer, rows)

    def row_versions(self, low: str, high: str) -> dict[str, int]:
        """The version of every candidate row with `low` < id <= `high`."""
        sql = "SELECT id, version FROM pipeline_candidates WHERE id > ? AND id <= ?"
        return {str(r["id"]): int(r["version"]) for r in self._query(sql, (low, high))}

    # -- a rebuild, invisible until it is whole --------------------------------------------

    def start_rebuild(self) -> None:
        """Fresh, empty tables for a rebuild to fill while readers keep using the live ones."""
        with self._unlocked() as writer:
            for table in REBUILT.values():
                writer.run(f"DROP TABLE IF EXISTS {table}")
            for statement in SCHEMA:
                if statement.startswith("CREATE TABLE") and POSITION not in statement:
                    writer.run(rebuilt(statement))

    def write_rebuilt(self, rows: Sequence[CandidateRows]) -> None:
        with self._unlocked() as writer:
            write_rows(lambda sql, params: writer.run(rebuilt(sql), params), rows)

    def finish_rebuild(self, position: int) -> bool:
        """Replace the live rows by the rebuilt ones in one transaction, if the rebuild reached
        the end of the log (`position`); False if the log has grown since."""
        with self._locked() as writer:
            (end,) = writer.rows(self.log_end_sql)
            if int(end["log_end"] or 0) != position:
                return False
            for table, new in REBUILT.items():
                writer.run(f"DELETE FROM {table}")
                writer.run(f"INSERT INTO {table} SELECT * FROM {new}")
                writer.run(f"DROP TABLE {new}")
            writer.run(SET_POSITION, (position, PROJECTION))
            return True

    # -- the lists ---------------------------------------------------------------------------

    def due_candidates(
        self, until: str, after: tuple[str, str], limit: int
    ) -> list[tuple[str, str]]:
        """(next_due_at, id) of candidates due by `until`, in due order, after the cursor `after`.

        Paging by position rather than by offset: a candidate that stays due however often it
        is handled cannot hold later ones back.
        """
        sql = (
            "SELECT next_due_at, id FROM pipeline_candidates WHERE next_due_at <= ?"
            " AND (next_due_at > ? OR (next_due_at = ? AND id > ?))"
            " ORDER BY next_due_at, id LIMIT ?"
        )
        due_at, candidate_id = after
        rows = self._query(sql, (until, due_at, due_at, candidate_id, limit))
        return [(str(r["next_due_at"]), str(r["id"])) for r in rows]

    def candidate_rows(
        self, filters: dict[str, str | None], after: str = "", limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Rows by ref, after the ref `after` (a page's last), at most `limit` of them."""
        used = {k: v for k, v in filters.items() if v is not None}
        where = " AND ".join([*(f"{column}=?" for column in used), "ref > ?"])
        sql = f"SELECT * FROM pipeline_candidates WHERE {where} ORDER BY ref LIMIT ?"
        return self._query(sql, (*used.values(), after, EVERY_ROW if limit is None else limit))

    def message_rows(
        self, status: str | None, due_by: str | None = None, page: Page = None
    ) -> list[dict[str, Any]]:
        """Messages in `status` (None: any) due by the stamp `due_by` (None: any time), in due
        order; `page`: (the id of the last message of the page before, or None; how many)."""
        used = {"status=?": (status,), "due_at<=?": (due_by,)}
        return self._page("pipeline_messages", used, ("due_at", "id"), page)

    def task_rows(
        self, status: str | None, due_on: str | None, advisor: str | None, page: Page = None
    ) -> list[dict[str, Any]]:
        """Tasks by due day, ref and id; `page` as for `message_rows`."""
        used = {"status=?": (status,), "due_on=?": (due_on,), "advisor=?": (advisor,)}
        return self._page("pipeline_tasks", used, ("due_on", "ref", "id"), page)

    def _page(
        self, table: str, used: dict[str, tuple[Any, ...]], order: tuple[str, ...], page: Page
    ) -> list[dict[str, Any]]:
        """Rows matching `used` (conditions whose value is None are left out), in `order`,
        after the row whose id starts the page (keyset paging: pages do not drift while the
        table changes), at most the page's limit."""
        where = {condition: v for condition, v in used.items() if v[0] is not None}
        after, limit = page or (None, EVERY_ROW)
        if after is not None:
            cursor = self._query(
                f"SELECT {', '.join(order)} FROM {table} WHERE id=? OR substr(id, 1, ?)=?"
                " ORDER BY id LIMIT 2",
                (after, len(after), after),
            )  # the whole id, or the first characters the tables show
            if len(cursor) != 1:
                why = "no row" if not cursor else "more than one row"
                raise ValueError(f"after: {why} with id {after!r} in {table}")
            where[_after(order)] = _after_values(order, cursor[0])
        sql = (
            f"SELECT * FROM {table} WHERE {' AND '.join(where) or '1=1'}"
            f" ORDER BY {', '.join(order)} LIMIT ?"
        )
        return self._query(sql, (*(v for values in where.values() for v in values), limit))

    def rows_with_id(self, table: str, prefix: str) -> list[dict[str, Any]]:
        """The rows of `table` (a read-model table) whose id is `prefix` or starts with it; at
        most two, enough to tell one from several."""
        if table not in ROW_TABLES:
            raise ValueError(f"{table} is not a read-model table")
        sql = f"SELECT * FROM {table} WHERE id=? OR substr(id, 1, ?)=? ORDER BY id LIMIT 2"
        return self._query(sql, (prefix, len(prefix), prefix))

    # -- for the audit -------------------------------------------------------------------

    def stored_rows(self, candidate_ids: Sequence[str]) -> dict[str, StoredRows]:
        """Every row of the candidates named (ids as text), and only theirs."""
        found = {candidate_id: StoredRows() for candidate_id in candidate_ids}
        for start in range(0, len(candidate_ids), IN_LIST):
            chunk = tuple(candidate_ids[start : start + IN_LIST])
            marks = ",".join("?" * len(chunk))
            for row in self._query(f"SELECT * FROM pipeline_candidates WHERE id IN ({marks})",
                                   chunk):  # fmt: skip
                found[str(row["id"])].candidate = row
            for table, kind in zip(ITEM_TABLES, ("messages", "tasks"), strict=True):
                sql = f"SELECT * FROM {table} WHERE candidate_id IN ({marks}) ORDER BY id"
                for row in self._query(sql, chunk):
                    getattr(found[str(row["candidate_id"])], kind).append(row)
        return found

    def row_candidate_ids(self) -> set[str]:
        """Every candidate id a row of the read models names."""
        sql = " UNION ".join(
            f"SELECT DISTINCT {column} AS id FROM {table}"
            for table, column in (("pipeline_candidates", "id"),
                                  *((t, "candidate_id") for t in ITEM_TABLES))
        )  # fmt: skip
        return {str(row["id"]) for row in self._query(sql)}


def _after(order: tuple[str, ...]) -> str:
    """`(a, b, c) > (?, ?, ?)` written out, as SQLite and PostgreSQL both read it alike."""
    first, *rest = order
    if not rest:
        return f"{first} > ?"
    return f"({first} > ? OR ({first} = ? AND {_after(tuple(rest))}))"


def _after_values(order: tuple[str, ...], row: dict[str, Any]) -> tuple[Any, ...]:
    first, *rest = order
    if not rest:
        return (row[first],)
    return (row[first], row[first], *_after_values(tuple(rest), row))


@dataclass
class StoredRows:
    """One candidate's rows as the read models hold them (column name -> value)."""

    candidate: dict[str, Any] | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)


def position_after_insert(
    rows: Sequence[CandidateRows], events: Sequence[Any], ids: Sequence[int] | None
) -> tuple[int, str, int] | None:
    """The parameters of `ADVANCE_AFTER_INSERT` for a save, or None when the position must stay:
    a save that did not bring the rows of every candidate it changed (eventsourcing's own
    `save()`, a bare recorder call) leaves the read models behind for catch-up to repair."""
    if not ids:
        return None
    changed = {str(e.originator_id) for e in events if is_candidate_topic(e.topic)}
    if not changed <= {str(item.candidate[0]) for item in rows}:
        return None
    return (max(ids), PROJECTION, min(ids))


def uuid_text(value: Any) -> str:
    """An originator id as the read models write it (SQLite's log stores it as bare hex)."""
    return str(value if isinstance(value, UUID) else UUID(str(value)))


def write_rows(execute: Callable[[str, Sequence[Any]], Any], rows: Sequence[CandidateRows]) -> None:
    for item in rows:
        execute(UPSERT_CANDIDATE, item.candidate)
        _write_messages_and_tasks(execute, item)


def write_rows_unless_newer(writer: Writer, rows: Sequence[CandidateRows]) -> None:
    """Catch-up rows, read before the write lock: where a save has since written a newer
    candidate row, keep that save's rows (a stale copy could put a sent message back in the
    outbox); the position stays before that save, so the next catch-up rewrites them."""
    for item in rows:
        if writer.run(UPSERT_CANDIDATE, item.candidate):
            _write_messages_and_tasks(writer.run, item)


def _write_messages_and_tasks(
    execute: Callable[[str, Sequence[Any]], Any], item: CandidateRows
) -> None:
    for message in item.messages:
        execute(UPSERT_MESSAGE, message)
    for task in item.tasks:
        execute(UPSERT_TASK, task)
