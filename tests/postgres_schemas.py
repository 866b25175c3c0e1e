"""The PostgreSQL server the tests may use: one fresh schema per test, all dropped afterwards.

`PIPELINE_TEST_POSTGRES` names the server (postgresql://user@host:port/db). Without it the
PostgreSQL tests are skipped and say why; with `PIPELINE_REQUIRE_POSTGRES=1` (as in `.ci/run`) a
missing or unreachable server fails them instead.
"""

from __future__ import annotations

import os
import secrets
from itertools import count
from typing import NoReturn

import psycopg
import pytest
from psycopg import sql

URL_VARIABLE = "PIPELINE_TEST_POSTGRES"
REQUIRE_VARIABLE = "PIPELINE_REQUIRE_POSTGRES"


class PostgresSchemas:
    """Schemas named `pipeline_test_<run>_<n>`, so that one run never sees another's tables."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"pipeline_test_{secrets.token_hex(4)}"
        self.numbers = count(1)

    def fresh_store(self) -> tuple[str, str]:
        """A new empty schema and the store URL that opens it."""
        schema = self.unused_name()
        self._execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        return schema, self.store_url(schema)

    def unused_name(self) -> str:
        """A schema name of this run that does not exist yet (dropped with the run's others)."""
        return f"{self.prefix}_{next(self.numbers)}"

    def store_url(self, schema: str, **options: object) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"schema": schema, **options}.items())
        separator = "&" if "?" in self.url else "?"
        return f"{self.url}{separator}{query}"

    def query(self, statement: str, *params: object) -> list[tuple[object, ...]]:
        with self._connect() as conn:
            return conn.execute(statement, params).fetchall()

    def drop(self, schema: str) -> None:
        self._execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

    def drop_all(self) -> None:
        """Drop whatever this run left behind (a test that failed before its own teardown)."""
        rows = self.query(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", self.prefix
        )
        for (schema,) in rows:
            self.drop(str(schema))

    def _execute(self, statement: sql.Composed) -> None:
        with self._connect() as conn:
            conn.execute(statement)

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        base = self.url.split("?", 1)[0]
        return psycopg.connect(base, autocommit=True, connect_timeout=5)


def open_server() -> PostgresSchemas:
    """The configured server, checked reachable; skip (or fail when required) otherwise."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        unavailable(f"{URL_VARIABLE} is not set (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    server = PostgresSchemas(url)
    try:
        server._connect().close()
    except psycopg.Error as error:
        unavailable(f"cannot reach the server in {URL_VARIABLE}: {error}".strip())
    return server


def unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason}; {REQUIRE_VARIABLE}=1 requires PostgreSQL", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")
