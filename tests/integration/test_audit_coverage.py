"""`verify` covers everything a query reads: snapshots, read-model rows, the configuration log.

Each test edits a copy of the story's store in the SQLite file itself, the way someone with
the file could, changing something the pipeline shows or acts on, and checks that verify
names the candidate and the version. The story is stopped on day 15: Suzuki is silent, her
outreach running (a call task open, emails and stall messages queued, one stall message sent);
Yamada is placed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import FixedClock
from pipeline.audit import VerifyReport, verify
from tests.audit_story import (
    MOMENTS,
    SUZUKI,
    YAMADA,
    build_story_file,
    candidate_uuid,
    copied,
    day,
    open_story_app,
    opener,
)

MID_STORY = day(15, 2)


@pytest.fixture(scope="module")
def story_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_story_file(tmp_path_factory.mktemp("mid") / "story.db", last_day=15)
    app = open_story_app(str(path), FixedClock(MID_STORY))
    try:
        stall = next(m for m in app.outbox() if m.ref == SUZUKI and m.kind == "stall")
        app.mark_message(SUZUKI, stall.id, status="sent")
    finally:
        app.close()
    return path


@pytest.fixture
def path(story_file: Path, tmp_path: Path) -> Path:
    return copied(story_file, tmp_path)


@pytest.fixture
def check(path: Path) -> Iterator[Callable[..., VerifyReport]]:
    with opener(path, MID_STORY) as open_app:
        yield lambda **options: verify(open_app(), **options)


def sql(path: Path, statement: str, *params: Any) -> list[Any]:
    with sqlite3.connect(path) as db:
        return db.execute(statement, params).fetchall()


def findings(report: VerifyReport, check: str) -> list[tuple[str | None, int | None, str]]:
    return [(d.candidate, d.version, d.message) for d in report.discrepancies if d.check == check]


def suzuki_version(path: Path) -> int:
    [(version,)] = sql(path, "SELECT version FROM pipeline_candidates WHERE ref=?", SUZUKI)
    return int(version)


def test_the_untouched_story_verifies(check: Callable[..., VerifyReport]) -> None:
    report = check()
    assert report.ok, [d.line() for d in report.discrepancies]


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("stage", "placed", "stage is 'placed', the log says 'in_selection'"),
        ("contact", "responsive", "contact is 'responsive', the log says 'silent'"),
        ("name", "別人", "name is '別人'"),
        ("next_due_at", None, "next_due_at is None, the log says '2026-04-17T01:00:00.000000Z'"),
    ],
)
def test_an_edited_candidate_row_is_reported_at_the_candidate_and_its_version(
    path: Path, check: Callable[..., VerifyReport], column: str, value: Any, says: str
) -> None:
    sql(path, f"UPDATE pipeline_candidates SET {column}=? WHERE ref=?", value, SUZUKI)
    [(ref, version, message)] = findings(check(), "read_model")
    assert (ref, version) == (SUZUKI, suzuki_version(path))
    assert says in message


def test_a_silent_candidate_taken_out_of_the_due_index_is_reported(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    """Nothing would call, write or close her again: the tick only reads the due index."""
    sql(path, "UPDATE pipeline_candidates SET next_due_at=NULL WHERE ref=?", SUZUKI)
    app = open_story_app(str(path), FixedClock(MID_STORY + (MOMENTS.closed - MOMENTS.silent)))
    try:
        assert app.tick().due == 0
    finally:
        app.close()
    [(ref, _, message)] = findings(check(), "read_model")
    assert ref == SUZUKI
    assert message.startswith("pipeline_candidates.next_due_at is None")


def queued_row(path: Path, kind: str) -> str:
    [(message_id,)] = sql(
        path,
        "SELECT id FROM pipeline_messages WHERE ref=? AND kind=? AND status='queued'",
        SUZUKI,
        kind,
    )
    return str(message_id)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("to_address", "someone-else@example.com"),
        ("body", "連絡が取れません"),
        ("due_at", "2026-04-15T00:00:00.000000Z"),
    ],
)
def test_a_redirected_or_rewritten_queued_message_is_reported(
    path: Path, check: Callable[..., VerifyReport], column: str, value: str
) -> None:
    message_id = queued_row(path, "outreach")
    sql(path, f"UPDATE pipeline_messages SET {column}=? WHERE id=?", value, message_id)
    [(ref, version, message)] = findings(check(), "read_model")
    assert (ref, version) == (SUZUKI, suzuki_version(path))
    assert message.startswith(f"pipeline_messages {message_id}: {column} is {value!r}")


def test_a_sent_message_queued_again_is_reported(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    [(message_id,)] = sql(path, "SELECT id FROM pipeline_messages WHERE status='sent'")
    sql(path, "UPDATE pipeline_messages SET status='queued' WHERE id=?", message_id)
    [(ref, _, message)] = findings(check(), "read_model")
    assert ref == SUZUKI
    assert message == f"pipeline_messages {message_id}: status is 'queued', the log says 'sent'"


def test_removed_added_and_edited_task_rows_are_reported(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    [(task_id,)] = sql(path, "SELECT id FROM pipeline_tasks WHERE ref=? AND status='open'", SUZUKI)
    sql(path, "DELETE FROM pipeline_tasks WHERE id=?", task_id)
    sql(path, "UPDATE pipeline_tasks SET status='open' WHERE ref=? AND kind='call_back'", YAMADA)
    sql(
        path,
        "INSERT INTO pipeline_tasks SELECT 'forged', candidate_id, ref, kind, title, due_on,"
        " advisor, status, created_at, policy FROM pipeline_tasks WHERE ref=? LIMIT 1",
        YAMADA,
    )
    found = findings(check(), "read_model")
    assert (SUZUKI, suzuki_version(path), f"pipeline_tasks has no row for {task_id}") in found
    assert any(
        ref == YAMADA and "status is 'open', the log says 'cancelled'" in m for ref, _, m in found
    )
    assert (YAMADA, 38, "pipeline_tasks forged: a row the log knows nothing of") in found


def test_rows_of_a_candidate_the_log_does_not_hold_are_reported(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    sql(path, "DELETE FROM stored_events WHERE originator_id=?", candidate_uuid(YAMADA).hex)
    found = findings(check(), "head")
    assert found == [
        (
            candidate_uuid(YAMADA).hex,
            38,
            "version 38 was saved, but the log holds no event of this candidate",
        ),
    ]


def edit_snapshot(path: Path, change: Callable[[dict[str, Any]], None]) -> int:
    [(version, blob)] = sql(
        path,
        "SELECT originator_version, state FROM stored_snapshots WHERE originator_id=?",
        candidate_uuid(SUZUKI).hex,
    )
    document = json.loads(blob)
    change(document["state"])
    sql(
        path,
        "UPDATE stored_snapshots SET state=? WHERE originator_id=?",
        json.dumps(document, ensure_ascii=False).encode(),
        candidate_uuid(SUZUKI).hex,
    )
    return int(version)


@pytest.fixture
def snapshotted(story_file: Path, tmp_path: Path) -> Path:
    """The whole story: Suzuki's history passes 100 events, so she has a snapshot."""
    return build_story_file(tmp_path / "whole.db")


def first_message(state: dict[str, Any]) -> dict[str, Any]:
    return next(iter(state["messages"].values()))


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda s: s.update(stage="placed"), "stage"),
        (lambda s: s.update(outreach_dates=s["outreach_dates"][:5]), "outreach_dates"),
        (lambda s: first_message(s).update(to="someone@example.com"), "messages"),
        (lambda s: s["latest_steps"].clear(), "latest_steps"),
    ],
)
def test_an_edited_snapshot_is_reported_at_its_version(
    snapshotted: Path, edit: Callable[[dict[str, Any]], None], field: str
) -> None:
    version = edit_snapshot(snapshotted, edit)
    app = open_story_app(str(snapshotted), FixedClock(MOMENTS.end))
    try:
        [(ref, at, message)] = findings(verify(app), "snapshot")
    finally:
        app.close()
    assert (ref, at) == (SUZUKI, version)
    assert f"differs from the replay to its version in {field}" in message


def test_verifying_one_candidate_reads_only_its_rows(
    path: Path, check: Callable[..., VerifyReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    sql(path, "UPDATE pipeline_candidates SET stage='placed' WHERE ref=?", SUZUKI)
    asked: list[list[str]] = []
    from pipeline.store.queries import ReadModelQueries

    original = ReadModelQueries.stored_rows
    monkeypatch.setattr(
        ReadModelQueries,
        "stored_rows",
        lambda self, ids: asked.append(list(ids)) or original(self, ids),
    )
    assert check(refs=[YAMADA]).ok
    assert asked == [[str(candidate_uuid(YAMADA))]]
    assert not check(refs=[SUZUKI]).ok
