"""Before eventsourcing touches a store: is it one, may it be created, can the server be reached.

eventsourcing's SQLite pool creates a missing file and switches any database it opens to WAL,
and its PostgreSQL pool retries a refused connection until its timeout; so the store is looked
at first, read-only or with one plain connection:

- an SQLite file that exists is opened read-only: not a database, or a database with tables
  that are not a pipeline store's, is refused untouched;
- a path that does not exist (or an empty file) is refused when `create` is false, naming it;
- a PostgreSQL server is reached once, directly, so that a wrong database, role or password
  fails at once with the server's own reason; without `create` the schema must hold a store;
- a PostgreSQL URL without the PostgreSQL extra installed says how to install it.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from pipeline.errors import StoreError
from pipeline.store.urls import SQLITE_LOCK_TIMEOUT, describe, is_postgres, postgres_env

STORE_TABLES = {"stored_events", "pipeline_candidates"}  # what every pipeline store has
EXTRA = "pip install 'candidate-pipeline[postgres]'"
CREATES = "(commands that write create it)"


def check_store(store: str, *, create: bool) -> None:
    """Refuse (StoreError) a store that cannot or must not be opened; nothing is written."""
    if is_postgres(store):
        check_postgres(store, create=create)
    elif store != ":memory:":
        check_sqlite(Path(store).expanduser(), store, create=create)


def check_sqlite(path: Path, name: str, *, create: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{name} is a directory, not a store file")
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            state = "is empty" if path.exists() else "does not exist"
            raise StoreError(f"no store at {name}: the file {state} {CREATES}")
        if not path.parent.exists():
            raise StoreError(f"cannot create {name}: folder {path.parent} does not exist")
        write_ahead(path, name)
        return
    tables = sqlite_tables(path, name)
    if not tables and create:
        write_ahead(path, name)
        return  # an SQLite file with nothing in it yet: the store is made there
    if not tables >= STORE_TABLES:
        held = ", ".join(sorted(tables)[:5]) or "no tables"
        raise StoreError(
            f"{name} is not a pipeline store ({held}); it was left as it was"
            if tables
            else f"no store at {name}: the database holds no tables {CREATES}"
        )


def write_ahead(path: Path, name: str) -> None:
    """Make the new file a WAL database, waiting for the lock like any writer: eventsourcing's
    pool switches a new database to WAL once, and that switch does not wait for processes
    creating the same store at the same moment."""
    deadline = time.monotonic() + SQLITE_LOCK_TIMEOUT
    while True:
        try:
            with closing(sqlite3.connect(path, timeout=SQLITE_LOCK_TIMEOUT)) as db:
                db.execute("PRAGMA journal_mode=WAL").fetchone()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise StoreError(f"cannot create {name}: {error}") from None
            time.sleep(0.05)


def sqlite_tables(path: Path, name: str) -> set[str]:
    """The tables of an SQLite file, read without writing a byte (not even a journal)."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            names = db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
            return {name for (name,) in names}
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the store {name}: {error}") from None
    except OSError as error:
        raise StoreError(f"cannot open the store {name}: {error.strerror or error}") from None


def check_postgres(store: str, *, create: bool) -> None:
    try:
        import psycopg
    except ImportError:
        raise StoreError(f"{describe(store)} is a PostgreSQL store, and PostgreSQL support is"
                         f" not installed: {EXTRA}") from None  # fmt: skip

    env = postgres_env(store)
    try:
        with closing(psycopg.connect(**connection_arguments(env))) as connection:
            if not create and not has_store(connection, env.get("POSTGRES_SCHEMA") or "public"):
                schema = env.get("POSTGRES_SCHEMA") or "public"
                raise StoreError(f"no store at {describe(store)}: schema {schema!r} holds none"
                                 f" {CREATES}")  # fmt: skip
    except psycopg.Error as error:
        reason = " ".join(str(error).split())
        raise StoreError(f"cannot open the store {describe(store)}: {reason}") from None


def connection_arguments(env: dict[str, str]) -> dict[str, Any]:
    return {
        "dbname": env["POSTGRES_DBNAME"],
        "host": env["POSTGRES_HOST"],
        "port": env["POSTGRES_PORT"],
        "user": env["POSTGRES_USER"] or None,
        "password": env["POSTGRES_PASSWORD"] or None,
        "connect_timeout": int(env.get("POSTGRES_CONNECT_TIMEOUT") or 30),
    }


def has_store(connection: Any, schema: str) -> bool:
    found = connection.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname=%s AND tablename=ANY(%s)",
        (schema, ["pipeline_events", "pipeline_candidates"]),
    ).fetchone()
    return bool(found and found[0] == 2)
