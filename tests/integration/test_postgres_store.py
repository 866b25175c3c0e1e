"""Opening a PostgreSQL store: URL, schema and pool options, errors, and read models in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline, StoreError
from policies import PolicyConfig, standard_policies
from tests.conftest import START, AppFactory
from tests.postgres_schemas import PostgresSchemas

OUR_TABLES = {
    "pipeline_events",
    "pipeline_snapshots",
    "pipeline_candidates",
    "pipeline_messages",
    "pipeline_tasks",
    "pipeline_read_position",  # not pipeline_tracking: eventsourcing's own name for Pipeline
}
ODD_REFS = ["Cz", "C_2", "CA-1", "C-b1", "C-A1"]  # in byte order: C-A1, C-b1, CA-1, C_2, Cz


def story(app: Pipeline, clock: FixedClock) -> None:
    for number, ref in enumerate(ODD_REFS):
        app.register_candidate(f"Name {number}", email=f"c{number}@example.jp", ref=ref)
        app.record_first_meeting(ref, desired_roles=["engineer"], duration_minutes=30 + number)
        app.record_outbound_contact(ref, channel="email", note=f"hello {number}")
    clock.advance(days=5)
    app.tick()


@pytest.mark.postgres
def test_a_url_with_a_new_schema_and_pool_options_keeps_every_table_in_that_schema(
    postgres: PostgresSchemas, clock: FixedClock
) -> None:
    schema = postgres.unused_name()
    url = postgres.store_url(schema, pool_size=2, max_overflow=1)
    app = Pipeline(url, clock=clock)
    try:
        app.register_candidate("Mori Yui", ref="C-YUI001")
        pool = app.factory.datastore.pool
        assert (pool.min_size, pool.max_size) == (2, 3)
        assert [c.ref for c in app.candidates()] == ["C-YUI001"]
    finally:
        app.close()
    rows = postgres.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema=%s", schema
    )
    assert {name for (name,) in rows} == OUR_TABLES


def test_an_unreachable_server_is_a_store_error_that_does_not_show_the_password(
    clock: FixedClock,
) -> None:
    url = "postgresql://agency:s3cret@127.0.0.1:1/pipeline?connect_timeout=1"
    with pytest.raises(StoreError, match=r"postgresql://agency@127\.0\.0\.1:1/pipeline") as caught:
        Pipeline(url, clock=clock)
    assert "s3cret" not in str(caught.value)


@pytest.mark.postgres
def test_listings_on_postgresql_are_identical_to_those_on_the_sqlite_file(
    postgres: PostgresSchemas, tmp_path: Path
) -> None:
    results = []
    for store in (str(tmp_path / "pipeline.db"), postgres.store_url(postgres.unused_name())):
        clock = FixedClock(START)
        app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
        try:
            story(app, clock)
            results.append(
                (app.candidates(), app.outbox("all", due_by=None), app.tasks(status=None))
            )
        finally:
            app.close()
    on_file, on_postgres = results
    assert on_postgres == on_file
    candidates, outbox, tasks = on_postgres
    assert [c.ref for c in candidates] == sorted(ODD_REFS, key=str.encode)
    assert outbox and tasks


def test_the_position_advances_only_while_the_read_model_is_in_step_with_the_log(
    make_app: AppFactory,
) -> None:
    app = make_app()
    app.register_candidate("Abe Sora", ref="C-SORA01")
    app.register_candidate("Ueda Rin", ref="C-RIN001")
    assert app.read_model.position() == app.recorder.max_notification_id()

    with app.read_model._locked() as writer:  # as if the read model had fallen behind the log
        writer.run("UPDATE pipeline_read_position SET notification_id=0")
        writer.run("DELETE FROM pipeline_candidates")
    app.record_reply("C-SORA01", channel="phone", note="still there")

    assert app.read_model.position() == 0
    assert [c.ref for c in app.candidates()] == ["C-SORA01"]  # written, but not trusted yet
    app.tick()  # catches up from the recorded position first
    assert app.read_model.position() == app.recorder.max_notification_id()
    assert [c.ref for c in app.candidates()] == ["C-RIN001", "C-SORA01"]
