"""No secret printed: every message, repr, log line and CLI output that names a store hides the
store's password; URL schemes are read without regard to case, and a URL is never a path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline, StoreError
from tests.conftest import START
from tests.e2e.cli_support import run
from tests.postgres_schemas import PostgresSchemas

SECRET = "s3cr%40t"  # percent-encoded "s3cr@t": neither form may appear
SHOWN = ("s3cr%40t", "s3cr@t")
UNREACHABLE = f"postgresql://agency:{SECRET}@127.0.0.1:1/pipeline?connect_timeout=1"

# A store URL with a password that cannot be opened, and what the refusal must say instead.
REFUSED = {
    "unreachable server": (UNREACHABLE, "postgresql://agency@127.0.0.1:1/pipeline"),
    "upper-case scheme": (UNREACHABLE.replace("postgresql", "POSTGRESQL"), "agency@127.0.0.1:1"),
    "postgresql+psycopg scheme": (
        UNREACHABLE.replace("postgresql", "postgresql+psycopg"),
        "postgresql://agency@127.0.0.1:1/pipeline",
    ),
    "postgres scheme": (UNREACHABLE.replace("postgresql", "postgres"), "agency@127.0.0.1:1"),
    "unknown scheme": (f"mysql://agency:{SECRET}@db.example.jp/pipeline", "mysql://agency@db"),
    "port not a number": (f"postgresql://agency:{SECRET}@db:abc/pipeline", "port is not a number"),
    "unknown option": (f"postgresql://agency:{SECRET}@db/pipeline?colour=red", "unknown option"),
    "option not a number": (
        f"postgresql://agency:{SECRET}@db/pipeline?pool_size=many",
        "pool_size='many' is not a whole number",
    ),
    "no database": (f"postgresql://agency:{SECRET}@db.example.jp", "names no database"),
}


def assert_hidden(text: str) -> None:
    for shown in SHOWN:
        assert shown not in text


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_store_that_cannot_be_opened_is_named_without_its_password(
    case: str, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    url, said = REFUSED[case]
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreError) as refused:
        Pipeline(url, clock=FixedClock(START))
    assert said in str(refused.value)
    assert_hidden(str(refused.value))
    assert_hidden(caplog.text)
    assert not list(tmp_path.iterdir())  # a URL is never taken for a file path
    for command in (["list"], ["add", "Hana"], ["audit", "import", "-"]):
        result = run(["--db", url, *command], stdin="")
        assert result.exit_code == 1, result.output
        assert said in result.stderr
        assert_hidden(result.output)


def test_the_demo_refuses_a_url_without_printing_it() -> None:
    result = run(["demo", "--db", UNREACHABLE])
    assert result.exit_code == 2
    assert "the demo writes an SQLite file, not a URL" in result.stderr
    assert_hidden(result.output)
    result = run(["--db", UNREACHABLE.replace("postgresql", "POSTGRESQL"), "demo"])
    assert result.exit_code == 2
    assert_hidden(result.output)


@pytest.mark.postgres
def test_an_open_postgresql_store_shows_no_password_in_reprs_messages_or_cli_output(
    postgres: PostgresSchemas, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    schema, url = postgres.fresh_store()  # trust authentication: the password is not needed
    user, rest = url.split("://", 1)[1].split("@", 1)
    with_password = f"POSTGRESQL://{user}:{SECRET}@{rest}"
    caplog.set_level(logging.DEBUG)
    app = Pipeline(with_password, clock=FixedClock(START))
    try:
        app.register_candidate("Hana", ref="C-SECRET")
        assert_hidden(repr(app))
        assert_hidden(repr(app.candidate_repository.storage))
    finally:
        app.close()
    reader = Pipeline(with_password, clock=FixedClock(START), read_only=True)
    try:
        with pytest.raises(StoreError) as refused:
            reader.register_candidate("Ren", ref="C-SECRE2")
        assert_hidden(str(refused.value))
    finally:
        reader.close()
    export = tmp_path / "export.jsonl"
    assert run(["--db", with_password, "audit", "export", "-o", str(export)]).exit_code == 0
    other_schema, other = postgres.fresh_store()
    other_user, other_rest = other.split("://", 1)[1].split("@", 1)
    imported = run(["--db", f"postgresql://{other_user}:{SECRET}@{other_rest}", "audit",
                    "import", str(export)])  # fmt: skip
    assert imported.exit_code == 0, imported.output
    assert "imported 1 candidates" in imported.stdout
    for result in (imported, run(["--db", with_password, "list"])):
        assert_hidden(result.output)
    assert_hidden(caplog.text)
    postgres.drop(other_schema)
    postgres.drop(schema)
