"""Which store a `Pipeline` opens: an SQLite file (default), memory, or PostgreSQL.

The answer is an eventsourcing environment. It is built only from the `store` argument, never
from `os.environ`, so that an embedding application decides its own configuration.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse
from uuid import uuid4

from eventsourcing.persistence import PersistenceError

from pipeline.errors import StoreError

SQLITE_LOCK_TIMEOUT = 10  # seconds a writer waits for another process's write (README)
POSTGRES_OPTIONS = {
    "schema": "POSTGRES_SCHEMA",
    "pool_size": "POSTGRES_POOL_SIZE",
    "max_overflow": "POSTGRES_MAX_OVERFLOW",
    "pool_timeout": "POSTGRES_CONNECT_TIMEOUT",
    "connect_timeout": "POSTGRES_CONNECT_TIMEOUT",
    "lock_timeout": "POSTGRES_LOCK_TIMEOUT",
    "max_waiting": "POSTGRES_MAX_WAITING",
    "conn_max_age": "POSTGRES_CONN_MAX_AGE",
    "pre_ping": "POSTGRES_PRE_PING",
    "idle_in_transaction_session_timeout": "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT",
}


@contextmanager
def opening(store: str, doing: str = "cannot open the store ") -> Iterator[None]:
    """Turn whatever opening (or using) a store can raise (eventsourcing's errors, and
    sqlite3's own from connection setup, which eventsourcing does not translate) into one
    `StoreError` naming the store without its password."""
    try:
        yield
    except (PersistenceError, OSError, sqlite3.Error) as error:
        raise StoreError(f"{doing}{describe(store)}: {error}") from error


def is_postgres(store: str) -> bool:
    return store.startswith(("postgresql://", "postgres://"))


def describe(store: str) -> str:
    """The store named for people: a PostgreSQL URL without its password."""
    if not is_postgres(store):
        return store
    url = urlparse(store)
    host = url.hostname or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"postgresql://{url.username or ''}@{host}{port}{url.path}"


def store_env(store: str) -> dict[str, str]:
    if is_postgres(store):
        return postgres_env(store)
    return sqlite_env(store)


def sqlite_env(store: str) -> dict[str, str]:
    if store == ":memory:":
        # One private shared-cache database per Pipeline, reachable by the pool's connections.
        name = f"file:pipeline-{uuid4().hex}?mode=memory&cache=shared"
    else:
        name = str(Path(store).expanduser())
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": name,
        "SQLITE_LOCK_TIMEOUT": str(SQLITE_LOCK_TIMEOUT),
        "APPLICATION_RECORDER_TOPIC": "pipeline.store.sqlite:SQLiteReadModelRecorder",
    }


def postgres_env(store: str) -> dict[str, str]:
    url = urlparse(store)
    database = url.path.lstrip("/")
    if not database:
        raise StoreError(f"{describe(store)}: the URL names no database")
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": database,
        "POSTGRES_HOST": url.hostname or "localhost",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or ""),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "APPLICATION_RECORDER_TOPIC": "pipeline.store.postgres:PostgresReadModelRecorder",
    }
    for key, values in parse_qs(url.query).items():
        if key not in POSTGRES_OPTIONS:
            known = ", ".join(sorted(POSTGRES_OPTIONS))
            raise StoreError(f"{describe(store)}: unknown option {key!r} (known: {known})")
        env[POSTGRES_OPTIONS[key]] = values[-1]
    return env

