"""Opening a PostgreSQL store that is in use issues no DDL, so it cannot deadlock with saves."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from psycopg import sql

from pipeline import FixedClock, Pipeline
from tests.postgres_schemas import PostgresSchemas

pytestmark = pytest.mark.postgres


def test_opening_a_store_while_a_save_holds_the_events_table_does_not_wait(
    postgres: PostgresSchemas, clock: FixedClock
) -> None:
    schema, url = postgres.fresh_store()
    Pipeline(url, clock=clock).close()  # the first opening creates the tables
    with psycopg.connect(postgres.url, autocommit=False) as writer:
        # What a save holds while it inserts: CREATE INDEX would have to wait for it.
        writer.execute(
            sql.SQL("LOCK TABLE {}.pipeline_events IN EXCLUSIVE MODE").format(
                sql.Identifier(schema)
            )
        )
        pool = ThreadPoolExecutor(max_workers=1)
        opening = pool.submit(lambda: Pipeline(url, clock=clock))
        try:
            app = opening.result(timeout=10)  # TimeoutError if opening waited for the lock
            assert app.candidates() == []
            app.close()
        finally:
            writer.rollback()  # lets an opening that waited finish, so the test can end
            pool.shutdown(wait=True)
    postgres.drop(schema)
