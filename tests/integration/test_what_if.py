"""What-if replays (`pipeline.reports.what_if`): the store's own configuration changes nothing,
another one moves silence and closure, `since` keeps the history before it, an input the
tables refuse in that world is reported, and nothing is ever written."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.reports import what_if
from policies import PolicyConfig, standard_policies
from tests.conftest import JST, START
from tests.e2e.cli_support import make_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = make_demo(tmp_path_factory.mktemp("demo"))
    return path


def opened(path: Path) -> Pipeline:
    return Pipeline(str(path), standard_policies(PolicyConfig()), FixedClock(START))


def policies(**settings: object) -> list:  # type: ignore[type-arg]
    return standard_policies(PolicyConfig(**settings))  # type: ignore[arg-type]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("which", ["demo", "year_db"])
def test_the_recorded_configuration_gives_back_every_recorded_decision(
    which: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(which)
    app = opened(path)  # opening records the configuration if another one is in force
    before = digest(path)
    try:
        result = what_if(app, policies())
        since = what_if(app, policies(), since=datetime(2026, 4, 20, tzinfo=JST))
        assert digest(path) == before  # nothing written
    finally:
        app.close()
    assert result.candidates >= 2 and result.differing == 0 and result.differences == []
    assert result.messages.recorded == result.messages.what_if > 0
    assert since.differing == 0


def test_silence_after_two_days_is_detected_a_day_earlier_and_outreach_still_runs_its_days(
    demo: Path,
) -> None:
    """Outreach counts the days it really ran (time rules revision 2), and a what-if ticks only
    where the store's ticks left a trace: none did on the day before each recorded silence
    (nothing was due), so the earlier silence meets its first tick on the recorded day, and
    the calls and the close come as recorded."""
    app = opened(demo)
    try:
        result = what_if(app, policies(silence_days=2))
    finally:
        app.close()
    rows = {row.ref: row for row in result.differences}
    taro, hanako = rows["DEMO-001"], rows["DEMO-002"]
    assert taro.silences_recorded[0] - taro.silences_what_if[0] == timedelta(days=1)
    assert taro.silences_what_if[0] == datetime(2026, 4, 17, 9, 30, tzinfo=JST)
    assert hanako.closed_recorded and hanako.closed_what_if
    assert hanako.closed_recorded == hanako.closed_what_if
    assert taro.tasks_what_if == taro.tasks_recorded
    assert (result.detected_earlier, result.detected_later, result.refused) == (2, 0, 0)


def test_since_keeps_the_history_before_it_as_recorded(demo: Path) -> None:
    app = opened(demo)
    try:
        late = what_if(app, policies(silence_days=2), since=datetime(2026, 4, 28, tzinfo=JST))
        longer = what_if(
            app, policies(outreach_window_days=45), since=datetime(2026, 4, 28, tzinfo=JST)
        )
    finally:
        app.close()
    assert late.differing == 0  # both silences began before the 28th
    (hanako,) = [row for row in longer.differences if row.ref == "DEMO-002"]
    assert hanako.closed_recorded is not None and hanako.closed_what_if is None
    assert hanako.silences_what_if == hanako.silences_recorded


def test_an_input_the_tables_refuse_in_the_what_if_world_is_reported(tmp_path: Path) -> None:
    clock = FixedClock(START)
    app = Pipeline(str(tmp_path / "p.db"), standard_policies(PolicyConfig()), clock)
    try:
        app.register_candidate("待つ 人", ref="H-1", email="h@example.jp")
        app.record_outbound_contact("H-1", channel="email")  # silent on day 3 (a tick's trace)
        clock.set(START + timedelta(days=2))
        app.register_candidate("山田", ref="C-1", email="c@example.jp")
        app.record_first_meeting("C-1", desired_roles=["dev"], duration_minutes=60)
        app.propose_job("C-1", employer="Acme", job_title="Dev", role="dev")
        app.submit_application("C-1", "A1")
        app.record_employer_move("C-1", "A1", move="offer_made")
        app.record_outbound_contact("C-1", channel="email")
        clock.set(START + timedelta(days=3, hours=1))
        app.tick()  # H-1 goes silent; C-1 is not due yet
        clock.set(START + timedelta(days=3, hours=2))
        app.accept_offer("C-1", "A1")
        result = what_if(app, policies(silence_days=1, silence_days_high_risk=1))
    finally:
        app.close()
    (row,) = [r for r in result.differences if r.ref == "C-1"]
    assert row.silences_what_if == [START + timedelta(days=3)]
    (refused,) = row.refused
    assert refused.kind == "ApplicationChanged" and "paused" in refused.why
    assert result.refused == 1
