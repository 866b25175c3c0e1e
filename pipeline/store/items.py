"""The outbox and task tables, derived from the records they project.

A message's fields are declared once, in `pipeline.records.MessageRecord` (a task's in
`TaskRecord`); the table's columns, its SQL and each row's values are derived from that
declaration here, and the views (`OutboxMessage`, `Task`) are read from the rows by name. A
field added to a record is a column (and, in the view, a field) without another list to keep.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from pipeline.records import MessageRecord, TaskRecord

# What stays inside the candidate: the step the policies key a message by, and a relay's
# bookkeeping (its attempts and the moment of its claim, which it reads from the candidate).
# The tables keep their 0.1.0 columns, so a store of any release opens without a migration.
KEPT_OUT = ("step", "attempts", "claimed_at")
RENAMED = {"to": "to_address"}  # `to` is a reserved word in SQL


def stamp(moment: datetime | None) -> str | None:
    """UTC, fixed width: sorts as text in SQLite exactly as it sorts in time."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ItemTable:
    """A table of one kind of a candidate's items (messages or tasks), one row per item."""

    name: str
    fields: tuple[str, ...]  # the record's keys stored, in the record's order
    optional: frozenset[str]
    times: frozenset[str]

    @classmethod
    def of(cls, name: str, record: type) -> ItemTable:
        hints = get_type_hints(record)
        fields = tuple(key for key in hints if key not in KEPT_OUT)
        return cls(
            name=name,
            fields=fields,
            optional=frozenset(k for k in fields if type(None) in _members(hints[k])),
            times=frozenset(k for k in fields if datetime in _members(hints[k])),
        )

    @property
    def columns(self) -> tuple[str, ...]:
        """`id`, then the candidate it belongs to, then the record's other fields."""
        rest = [RENAMED.get(k, k) for k in self.fields if k != "id"]
        return ("id", "candidate_id", "ref", *rest)

    def create(self) -> str:
        def column(name: str, field: str) -> str:
            if name == "id":
                return "id TEXT PRIMARY KEY"
            return f"{name} TEXT" + ("" if field in self.optional else " NOT NULL")

        fields = ["id", "candidate_id", "ref", *(k for k in self.fields if k != "id")]
        body = ", ".join(column(n, f) for n, f in zip(self.columns, fields, strict=True))
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({body})"

    def upsert(self) -> str:
        """Insert the row, or rewrite every column of the stored one (the row is a projection)."""
        names = ", ".join(self.columns)
        marks = ",".join("?" * len(self.columns))
        rewritten = ", ".join(f"{c}=excluded.{c}" for c in self.columns if c != "id")
        return (
            f"INSERT INTO {self.name} ({names}) VALUES ({marks})"
            f" ON CONFLICT (id) DO UPDATE SET {rewritten}"
        )

    def row(self, item: Mapping[str, Any], candidate_id: str, ref: str) -> tuple[Any, ...]:
        values = [stamp(item[k]) if k in self.times else item[k] for k in self.fields if k != "id"]
        return (item["id"], candidate_id, ref, *values)

    def item(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A stored row under the record's names (times as ISO text, for the view to read)."""
        back = {column: field for field, column in RENAMED.items()}
        return {back.get(key, key): value for key, value in row.items()}


def _members(hint: Any) -> tuple[Any, ...]:
    return get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,)


MESSAGES = ItemTable.of("pipeline_messages", MessageRecord)
TASKS = ItemTable.of("pipeline_tasks", TaskRecord)
