"""A message's fields (and a task's) are declared once, in `QueuedMessage` (`NewTask`): the
decision, the event, the stored record, the outbox table and the view all agree with it, so a
field added there and not elsewhere fails here."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline import OutboxMessage, Task
from pipeline.candidate import Candidate
from pipeline.policy import CreateTask, Decision, QueueMessage
from pipeline.records import MessageRecord, NewTask, QueuedMessage, TaskRecord
from pipeline.store.items import KEPT_OUT, MESSAGES, RENAMED, TASKS, ItemTable

CASES = [
    (
        QueuedMessage,
        MessageRecord,
        QueueMessage,
        Candidate.MessageQueued,
        "message_id",
        OutboxMessage,
    ),
    (NewTask, TaskRecord, CreateTask, Candidate.TaskCreated, "task_id", Task),
]
BASE_DECISION = {f.name for f in dataclasses.fields(Decision)}


@pytest.mark.parametrize("case", CASES)
def test_the_decision_the_event_and_the_view_follow_the_one_declaration(
    case: tuple[type, type, type, type, str, type],
) -> None:
    decided, record, decision, event, key, view = case
    fields = set(decided.__annotations__)
    assert {f.name for f in dataclasses.fields(decision)} - BASE_DECISION == fields
    assert set(vars(event)["__annotations__"]) == fields | {key}
    assert set(record.__annotations__) > fields
    stored = set(record.__annotations__) - set(KEPT_OUT)
    assert set(view.model_fields) == stored | {"candidate_id", "ref"}


@pytest.mark.parametrize("table", [MESSAGES, TASKS])
def test_the_table_has_a_column_for_every_stored_field(table: ItemTable) -> None:
    assert table.columns[:3] == ("id", "candidate_id", "ref")
    assert list(table.columns[3:]) == [RENAMED.get(f, f) for f in table.fields if f != "id"]
