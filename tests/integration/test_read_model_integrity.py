"""Read models that cannot drift: every way of saving writes the rows, catch-up and repair mend
what fell behind, a broken position is mended or refused at once, never a loop."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application

from pipeline import FixedClock, Pipeline, StoreError
from policies import PolicyConfig, standard_policies
from tests.conftest import AppFactory

SHARED_STORES = pytest.mark.parametrize(
    "store", ["file", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
OLD_STORE = Path(__file__).parent.parent / "fixtures" / "release-0.1.0" / "demo.db"


def changed_by_hand(app: Pipeline, ref: str) -> Any:
    """The candidate with a reply decided on it but not saved (as embedding code might do)."""
    from pipeline.app.handlers import record_outbound_contact
    from pipeline.commands import RecordOutboundContact
    from pipeline.records import Meta

    candidate = app.get_candidate(ref)
    now = app.clock.now()
    command = RecordOutboundContact(candidate=ref, channel="email")
    record_outbound_contact(candidate, Meta(now, now, "advisor:sato"), command)
    return candidate


def row_of(app: Pipeline, ref: str) -> tuple[str, int]:
    (row,) = [c for c in app.candidates() if c.ref == ref]
    return row.contact, row.version


def in_step(app: Pipeline) -> bool:
    kept = (app.candidates(), app.outbox(status=None), app.tasks(status=None))
    return app.read_model.position() == app.recorder.max_notification_id() and kept == (
        rebuilt(app)
    )


def rebuilt(app: Pipeline) -> tuple[Any, Any, Any]:
    app.rebuild_read_model()
    return app.candidates(), app.outbox(status=None), app.tasks(status=None)


def test_pipeline_save_writes_the_rows_with_the_events(app: Pipeline) -> None:
    app.register_candidate("Abe Sora", ref="C-SAVE01")

    app.save(changed_by_hand(app, "C-SAVE01"))

    assert row_of(app, "C-SAVE01") == ("awaiting_reply", 3)
    assert app.read_model.position() == app.recorder.max_notification_id()


def test_the_inherited_save_leaves_the_position_behind_and_catch_up_repairs_the_rows(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    app = standard_app
    app.register_candidate("Abe Sora", ref="C-SAVE02")
    before = app.read_model.position()

    Application.save(app, changed_by_hand(app, "C-SAVE02"))  # eventsourcing's, no rows

    assert row_of(app, "C-SAVE02") == ("responsive", 1)  # not written by that save
    assert app.read_model.position() == before  # so the position did not move either
    clock.advance(days=4)
    report = app.tick()  # catches up first: the due index now knows it is awaiting a reply
    assert report.processed == 1 and row_of(app, "C-SAVE02")[0] == "silent"
    assert in_step(app)


def test_bare_candidate_events_saved_without_rows_are_caught_up_at_once(app: Pipeline) -> None:
    app.register_candidate("Abe Sora", ref="C-SAVE03")
    candidate = changed_by_hand(app, "C-SAVE03")

    app.save(*candidate.collect_events())

    assert row_of(app, "C-SAVE03") == ("awaiting_reply", 3)
    assert in_step(app)


@SHARED_STORES
def test_a_missing_position_row_is_put_back_and_the_log_replayed_when_opening(
    make_app: AppFactory,
) -> None:
    app = make_app()
    for n in range(3):
        app.register_candidate(f"Name {n}", ref=f"C-GONE{n}")
    with app.read_model._locked() as writer:
        writer.run("DELETE FROM pipeline_read_position")
        writer.run("DELETE FROM pipeline_candidates WHERE ref='C-GONE1'")

    with ThreadPoolExecutor(1) as pool:  # it used to spin for ever: give it seconds
        reopened = pool.submit(make_app).result(timeout=20)

    assert [c.ref for c in reopened.candidates()] == ["C-GONE0", "C-GONE1", "C-GONE2"]
    assert in_step(reopened)


def test_a_position_that_will_not_move_is_a_store_error_not_a_loop(
    app: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.register_candidate("Abe Sora", ref="C-STUCK1")
    with app.read_model._locked() as writer:
        writer.run("UPDATE pipeline_read_position SET notification_id=0")
    monkeypatch.setattr(app.read_model, "catch_up", lambda rows, expected, position: False)

    with pytest.raises(StoreError, match="position cannot be moved"):
        app.catch_up()


def test_repair_rewrites_rows_behind_the_log_and_keeps_rows_ahead_of_it(app: Pipeline) -> None:
    for ref in ("C-REP001", "C-REP002", "C-REP003"):
        app.register_candidate(f"Name {ref}", ref=ref)
        app.record_outbound_contact(ref, channel="email")
    with app.read_model._locked() as writer:  # one row stale, one missing: drift
        writer.run("UPDATE pipeline_candidates SET version=1, contact='responsive'"
                   " WHERE ref='C-REP001'")  # fmt: skip
        writer.run("DELETE FROM pipeline_candidates WHERE ref='C-REP002'")
        writer.run("UPDATE pipeline_candidates SET version=9 WHERE ref='C-REP003'")

    assert app.repair_read_model() == 2

    assert row_of(app, "C-REP001") == ("awaiting_reply", 3)
    assert row_of(app, "C-REP002") == ("awaiting_reply", 3)
    assert row_of(app, "C-REP003")[1] == 9  # ahead of the log: the audit's evidence, kept
    assert app.repair_read_model() == 0


def test_a_0_1_0_store_moves_its_position_once_and_then_opens_without_writing(
    tmp_path: Path,
) -> None:
    import sqlite3

    copy = tmp_path / "old.db"
    shutil.copyfile(OLD_STORE, copy)
    clock = FixedClock(datetime(2026, 6, 1, tzinfo=UTC))
    policies = standard_policies(PolicyConfig())

    Pipeline(str(copy), policies=policies, clock=clock).close()  # migrates
    migrated = copy.read_bytes()
    app = Pipeline(str(copy), policies=policies, clock=clock)
    assert len(app.candidates()) == 2
    app.close()

    assert copy.read_bytes() == migrated  # the second opening wrote nothing
    with sqlite3.connect(copy) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        (position,) = db.execute("SELECT notification_id FROM pipeline_read_position").fetchone()
    assert "pipeline_tracking" not in tables
    assert position == 228  # 0.1.0's notifications: opening recorded no configuration


@pytest.mark.parametrize(
    "store", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_on_postgresql_a_held_position_row_makes_writers_wait_no_longer_than_lock_timeout(
    store: str, clock: FixedClock
) -> None:
    import time

    import psycopg

    app = Pipeline(f"{store}&lock_timeout=1", clock=clock)
    try:
        app.register_candidate("Abe Sora", ref="C-LOCK01")
        with app.read_model._locked() as writer:  # behind: the next catch-up must write
            writer.run("UPDATE pipeline_read_position SET notification_id=0")
        schema = store.split("schema=", 1)[1]
        with psycopg.connect(store.split("?", 1)[0]) as holder:
            holder.execute(f'SELECT * FROM "{schema}".pipeline_read_position FOR UPDATE')
            started = time.monotonic()
            with pytest.raises(StoreError, match="lock timeout"):
                app.catch_up()
            catching_up = time.monotonic() - started
            started = time.monotonic()
            with pytest.raises(StoreError, match="lock timeout"):
                app.record_reply("C-LOCK01", channel="phone")
            saving = time.monotonic() - started
    finally:
        app.close()
    assert catching_up < 5  # one lock_timeout: the project's own transactions are not retried
    assert saving < 30  # eventsourcing tries a timed-out save again, up to ten times
