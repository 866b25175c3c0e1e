"""Shared fixtures: a fixed clock (tests never read the wall clock) and the stores to run on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.policy import Policy
from policies import PolicyConfig, standard_policies
from tests.postgres_schemas import PostgresSchemas, open_server

JST = timezone(timedelta(hours=9))
START = datetime(2026, 4, 1, 10, 0, tzinfo=JST)  # a Wednesday


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresSchemas]:
    """The server named by PIPELINE_TEST_POSTGRES; this run's schemas are dropped at the end."""
    server = open_server()
    yield server
    server.drop_all()


@pytest.fixture(params=["memory", "file", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a test's pipeline keeps its events: every store the project supports."""
    if request.param == "memory":
        yield ":memory:"
    elif request.param == "file":
        yield str(tmp_path / "pipeline.db")
    else:
        server: PostgresSchemas = request.getfixturevalue("postgres")
        schema, url = server.fresh_store()
        yield url
        server.drop(schema)


AppFactory = Callable[..., Pipeline]


@pytest.fixture
def make_app(store: str, clock: FixedClock) -> Iterator[AppFactory]:
    """Open pipelines on the test's store (several may share it); all are closed afterwards."""
    opened: list[Pipeline] = []

    def factory(policies: list[Policy] | None = None, **options: object) -> Pipeline:
        app = Pipeline(store, policies=policies or [], clock=clock, **options)  # type: ignore[arg-type]
        opened.append(app)
        return app

    yield factory
    for app in opened:
        app.close()


@pytest.fixture
def app(make_app: AppFactory) -> Pipeline:
    """A pipeline with no policies: the bare core."""
    return make_app()


@pytest.fixture
def standard_app(make_app: AppFactory) -> Pipeline:
    """A pipeline with the standard policies and their defaults, in Japanese."""
    return make_app(standard_policies(PolicyConfig()))


@pytest.fixture(scope="session")
def year_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated year of an agency (tests/year.py) in an SQLite file, written once a run."""
    from tests.year import write_year

    path = tmp_path_factory.mktemp("year") / "year.db"
    app, _ = write_year(str(path))
    app.close()
    return path
