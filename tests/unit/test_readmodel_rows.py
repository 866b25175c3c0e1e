"""Read-model rows: which outbox and task rows a save writes, and how moments are stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from pipeline.candidate import Candidate
from pipeline.records import Meta
from pipeline.store.items import stamp
from pipeline.store.readmodel import rows_for, unstamp, unstamp_required

AT = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


def with_message_and_task() -> Candidate:
    meta = Meta(occurred_at=AT, recorded_at=AT, actor="advisor:sato")
    candidate = Candidate.register(
        meta, ref="C-ROWS01", name="Ito Hana", email="hana@example.jp", phone=None, advisor="sato"
    )
    candidate.record(
        Candidate.MessageQueued, meta, message_id="m1", recipient="candidate", to="hana@example.jp",
        application_id=None, kind="thank_you", step="s1", language="ja", subject="件名",
        body="本文", due_at=AT,
    )  # fmt: skip
    candidate.record(
        Candidate.TaskCreated, meta, task_id="t1", kind="call", step="s2", title="電話",
        due_on="2026-04-01", advisor="sato",
    )  # fmt: skip
    return candidate


def test_rows_for_a_save_that_touched_no_message_or_task_hold_none() -> None:
    rows = rows_for(with_message_and_task(), None, set(), set())

    assert rows.messages == []
    assert rows.tasks == []
    assert rows.candidate[1] == "C-ROWS01"


def test_rows_for_named_messages_and_tasks_hold_only_those() -> None:
    rows = rows_for(with_message_and_task(), None, {"m1"}, set())

    assert [m[0] for m in rows.messages] == ["m1"]
    assert rows.tasks == []


def test_rows_for_a_rebuild_hold_every_message_and_task() -> None:
    rows = rows_for(with_message_and_task(), None)

    assert [m[0] for m in rows.messages] == ["m1"]
    assert [t[0] for t in rows.tasks] == ["t1"]


def test_stamped_moments_read_back_as_the_same_utc_moment() -> None:
    tokyo = timezone(timedelta(hours=9))
    for moment in (AT, datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=tokyo)):
        text = stamp(moment)
        assert text is not None and text.endswith("Z")
        assert unstamp(text) == moment
        assert unstamp_required(text).utcoffset() == timedelta(0)
    assert unstamp(None) is None
