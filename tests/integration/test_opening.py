"""Opening is safe: a store that exists is opened without a write, one that does not is created
only when asked, a file that is not a store is refused untouched, a wrong server fails fast."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline, StoreError
from policies import PolicyConfig, standard_policies
from tests.postgres_schemas import PostgresSchemas


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_opening_an_existing_store_writes_nothing(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "pipeline.db"
    policies = standard_policies(PolicyConfig())
    app = Pipeline(str(path), policies=policies, clock=clock)
    app.register_candidate("Abe Sora", ref="C-OPEN01")
    app.close()
    before = files_of(tmp_path)

    other = standard_policies(PolicyConfig(silence_days=5))  # a new configuration, even
    app = Pipeline(str(path), policies=other, clock=clock, create=False)
    assert [c.ref for c in app.candidates()] == ["C-OPEN01"]
    app.timeline("C-OPEN01")
    app.close()

    assert files_of(tmp_path) == before


def test_a_path_with_no_store_is_refused_when_not_creating_and_nothing_is_made(
    tmp_path: Path,
) -> None:
    missing, empty = tmp_path / "typo.db", tmp_path / "empty.db"
    empty.touch()
    for path, why in ((missing, "does not exist"), (empty, "is empty")):
        with pytest.raises(StoreError) as refused:
            Pipeline(str(path), create=False)
        assert str(refused.value) == (
            f"no store at {path}: the file {why} (commands that write create it)"
        )
    assert files_of(tmp_path) == {"empty.db": b""}


def test_an_sqlite_file_that_is_not_a_pipeline_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    with sqlite3.connect(path) as db:  # a rollback-journal database: opening it as a store
        db.execute("CREATE TABLE contacts (name TEXT)")  # would switch it to WAL
        db.execute("INSERT INTO contacts VALUES ('Sato')")
    db.close()
    before = files_of(tmp_path)

    for create in (True, False):
        with pytest.raises(StoreError, match=r"contacts\.db is not a pipeline store \(contacts\)"):
            Pipeline(str(path), create=create)

    assert files_of(tmp_path) == before


def test_a_new_store_is_made_in_an_empty_sqlite_database(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "blank.db"
    sqlite3.connect(path).close()
    path.write_bytes(b"")  # zero bytes, as `touch` leaves it
    app = Pipeline(str(path), clock=clock)
    app.register_candidate("Abe Sora", ref="C-NEW001")
    app.close()
    assert [c.ref for c in Pipeline(str(path), clock=clock, create=False).candidates()] == [
        "C-NEW001"
    ]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"database": "pipeline_no_such_db"}, 'database "pipeline_no_such_db" does not exist'),
        ({"user": "pipeline_no_such_role"}, 'role "pipeline_no_such_role" does not exist'),
    ],
)
def test_a_wrong_postgresql_database_or_role_fails_at_once_with_the_servers_reason(
    postgres: PostgresSchemas, change: dict[str, str], reason: str
) -> None:
    base = postgres.url.split("?", 1)[0]
    scheme, rest = base.split("://", 1)
    user_host, _ = rest.rsplit("/", 1)
    host = user_host.split("@", 1)[1]
    user = change.get("user", user_host.split("@", 1)[0])
    url = f"{scheme}://{user}:s3cret@{host}/{change.get('database', 'test')}"
    started = time.monotonic()
    with pytest.raises(StoreError) as refused:
        Pipeline(url)
    assert time.monotonic() - started < 5  # not the 30 s of a pool waiting to connect
    assert reason in str(refused.value)
    assert "s3cret" not in str(refused.value)


@pytest.mark.postgres
def test_a_postgresql_schema_with_no_store_is_refused_when_not_creating(
    postgres: PostgresSchemas,
) -> None:
    schema, url = postgres.fresh_store()
    with pytest.raises(StoreError, match=f"schema '{schema}' holds none"):
        Pipeline(url, create=False)
    assert postgres.query("SELECT tablename FROM pg_tables WHERE schemaname=%s", schema) == []


HIDE_PSYCOPG = """
import sys
class Hidden:
    def find_spec(self, name, path=None, target=None):
        if name == "psycopg" or name.startswith(("psycopg.", "psycopg_")):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None
sys.meta_path.insert(0, Hidden())
"""


def test_a_postgresql_url_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    script = (
        HIDE_PSYCOPG + "from cli.main import main\nsys.argv = ['pipeline', '--db',"
        " 'postgresql://agency:s3cret@db.example.jp/pipeline', 'list']\nmain()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=60,
        check=False,
        env={"PYTHONPATH": str(Path(__file__).parents[2]), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        "Error: postgresql://agency@db.example.jp/pipeline is a PostgreSQL store, and PostgreSQL"
        " support is not installed: pip install 'candidate-pipeline[postgres]'\n"
    )
