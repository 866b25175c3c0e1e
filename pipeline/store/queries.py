"""The read side of the read models, and what writes their rows, in portable SQL.

Written once with `?` placeholders for both stores: the SQLite recorder runs it as it is, the
PostgreSQL recorder translates it (`store/postgres.py`). The tracking row holds the position of
the last notification the read models reflect; it advances with the log only while they are in
step with it, otherwise catch-up (`store/catchup.py`) rebuilds from the recorded position.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pipeline.store.readmodel import (
    PROJECTION,
    UPSERT_CANDIDATE,
    UPSERT_MESSAGE,
    UPSERT_TASK,
    CandidateRows,
)

ROWS_KWARG = "read_model_rows"
EVERY_ROW = 2**62  # a LIMIT both SQLite and PostgreSQL read as "no limit"

TRACKING_SEED = (
    "INSERT INTO pipeline_tracking (projection, notification_id) VALUES (?, 0)"
    " ON CONFLICT (projection) DO NOTHING"
)
RESET_TRACKING = "UPDATE pipeline_tracking SET notification_id=0 WHERE projection=?"
ADVANCE_TRACKING = (
    "UPDATE pipeline_tracking SET notification_id=? WHERE projection=? AND notification_id=?"
)
ADVANCE_AFTER_INSERT = (  # only if the read model was in step just before these events
    "UPDATE pipeline_tracking SET notification_id=? WHERE projection=? AND notification_id="
    " (SELECT COALESCE(MAX({id}), 0) FROM {events} WHERE {id} < ?)"
)


class ReadModelQueries:
    """The read side, written once in portable SQL with `?` placeholders."""

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def catch_up(self, rows: Sequence[CandidateRows], expected: int, position: int) -> bool:
        """Write rebuilt rows and move the position from `expected`; False if someone else did."""
        raise NotImplementedError

    def reset(self) -> None:
        """Empty the read models and set the position back to the start of the log."""
        raise NotImplementedError

    def position(self) -> int:
        rows = self._query(
            "SELECT notification_id FROM pipeline_tracking WHERE projection=?", (PROJECTION,)
        )
        return int(rows[0]["notification_id"]) if rows else 0

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

    def message_rows(self, status: str | None) -> list[dict[str, Any]]:
        if status is None:
            return self._query("SELECT * FROM pipeline_messages ORDER BY due_at, id")
        sql = "SELECT * FROM pipeline_messages WHERE status=? ORDER BY due_at, id"
        return self._query(sql, (status,))

    def task_rows(
        self, status: str | None, due_on: str | None, advisor: str | None
    ) -> list[dict[str, Any]]:
        used = {"status": status, "due_on": due_on, "advisor": advisor}
        used = {k: v for k, v in used.items() if v is not None}
        where = " AND ".join(f"{column}=?" for column in used) or "1=1"
        sql = f"SELECT * FROM pipeline_tasks WHERE {where} ORDER BY due_on, ref, id"
        return self._query(sql, tuple(used.values()))


def write_rows(execute: Any, rows: Sequence[CandidateRows]) -> None:
    for item in rows:
        execute(UPSERT_CANDIDATE, item.candidate)
        _write_messages_and_tasks(execute, item)


def write_rows_unless_newer(
    execute: Callable[[str, Sequence[Any]], int], rows: Sequence[CandidateRows]
) -> None:
    """Catch-up rows, read before the write lock: where a save has since written a newer
    candidate row, keep that save's rows (a stale copy could put a sent message back in the
    outbox); the position stays before that save, so the next catch-up rewrites them."""
    for item in rows:
        if execute(UPSERT_CANDIDATE, item.candidate):
            _write_messages_and_tasks(execute, item)


def _write_messages_and_tasks(execute: Any, item: CandidateRows) -> None:
    for message in item.messages:
        execute(UPSERT_MESSAGE, message)
    for task in item.tasks:
        execute(UPSERT_TASK, task)
