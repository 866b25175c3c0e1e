"""The read models against the log: every row a query reads is the projection of the replay.

The candidate list (with its due index), the outbox and the task list are what `tick`, the
outbox and the lists act on, so a row changed behind the application's back (a message
redirected or queued again, a silent candidate taken out of the due index) changes what the
pipeline does. Each candidate's stored rows are compared with `rows_for` of its replayed state;
its next due moment is what the policies of a configuration in force when it was last saved
give (or of the latest configuration, which a catch-up writes with).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pipeline.candidate import Candidate
from pipeline.store.items import MESSAGES, TASKS, ItemTable
from pipeline.store.queries import StoredRows
from pipeline.store.readmodel import CANDIDATE_COLUMNS, rows_for

SHOWN = 60  # characters of a value shown in a difference


def row_problems(
    state: Candidate, dues: Sequence[datetime | None], stored: StoredRows
) -> list[str]:
    """What differs between the stored rows and those of `state`; `dues` are the next due
    moments the configurations in force give (the first is reported when none matches)."""
    if stored.candidate is None:
        return [
            "pipeline_candidates has no row for this candidate: it is missing from the "
            "lists and from the due index"
        ]
    expected = [rows_for(state, due) for due in dict.fromkeys(dues)]
    best = min(
        expected,
        key=lambda rows: len(
            _differences(CANDIDATE_COLUMNS, rows.candidate, stored.candidate or {})
        ),
    )
    problems = [
        f"pipeline_candidates.{column} {what}"
        for column, what in _differences(CANDIDATE_COLUMNS, best.candidate, stored.candidate)
    ]
    problems += _items(MESSAGES, best.messages, stored.messages)
    problems += _items(TASKS, best.tasks, stored.tasks)
    return problems


def _items(
    table: ItemTable, expected: list[tuple[Any, ...]], stored: list[dict[str, Any]]
) -> list[str]:
    rows = {str(row["id"]): row for row in stored}
    problems = []
    for values in expected:
        row = rows.pop(str(values[0]), None)
        if row is None:
            problems.append(f"{table.name} has no row for {values[0]}")
            continue
        problems += [
            f"{table.name} {values[0]}: {column} {what}"
            for column, what in _differences(table.columns, values, row)
        ]
    problems += [f"{table.name} {key}: a row the log knows nothing of" for key in rows]
    return problems


def _differences(
    columns: Sequence[str], expected: Sequence[Any], row: Mapping[str, Any]
) -> list[tuple[str, str]]:
    return [
        (column, f"is {_show(row.get(column))}, the log says {_show(value)}")
        for column, value in zip(columns, expected, strict=True)
        if row.get(column) != value
    ]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
