"""Which store a `Pipeline` opens: an SQLite file (default), memory, or PostgreSQL.

The answer is an eventsourcing environment. It is built only from the `store` argument, never
from `os.environ`, so that an embedding application decides its own configuration.
"""

from __future__ import annotations

import re
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


TEXT_OPTIONS = ("schema", "pre_ping")
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def scheme(store: str) -> str | None:
    """The URL scheme of `store`, lowercased; None for a path (or ":memory:")."""
    found = URL.match(store.strip())
    return found.group(1).lower() if found else None


def is_postgres(store: str) -> bool:
    return scheme(store) in POSTGRES_SCHEMES


def describe(store: str) -> str:
    """The store named for people: a URL without its password (whatever its scheme)."""
    if scheme(store) is None:
        return store
    url = urlparse(store.strip())
    host = url.hostname or "localhost"
    try:
        port = f":{url.port}" if url.port else ""
    except ValueError:
        port = ":?"
    user = f"{url.username}@" if url.username else ""
    return (
        f"postgresql://{user}{host}{port}{url.path}"
        if is_postgres(store)
        else (f"{scheme(store)}://{user}{host}{port}{url.path}")
    )


describe_store = describe  # the package face's name for it


def store_env(store: str) -> dict[str, str]:
    if is_postgres(store):
        return postgres_env(store)
    if scheme(store) is not None:
        raise StoreError(f"{describe(store)}: not a store URL this version knows (a path, "
                         "':memory:', or postgresql://USER@HOST/DATABASE)")  # fmt: skip
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
    url = urlparse(store.strip())
    database = unquote(url.path.lstrip("/"))
    if not database:
        raise StoreError(f"{describe(store)}: the URL names no database")
    try:
        port = url.port or 5432
    except ValueError:
        raise StoreError(f"{describe(store)}: the port is not a number") from None
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": database,
        "POSTGRES_HOST": url.hostname or "localhost",
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": unquote(url.username or ""),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "APPLICATION_RECORDER_TOPIC": "pipeline.store.postgres:PostgresReadModelRecorder",
    }
    for key, values in parse_qs(url.query).items():
        if key not in POSTGRES_OPTIONS:
            known = ", ".join(sorted(POSTGRES_OPTIONS))
            raise StoreError(f"{describe(store)}: unknown option {key!r} (known: {known})")
        if key not in TEXT_OPTIONS and not values[-1].isdigit():
            raise StoreError(f"{describe(store)}: option {key}={values[-1]!r} is not a whole"
                             " number of seconds or connections")  # fmt: skip
        env[POSTGRES_OPTIONS[key]] = values[-1]
    return env
