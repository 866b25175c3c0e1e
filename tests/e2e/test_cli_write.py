"""The everyday advisor actions from the command line: add, contact, reply, and tick."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cli.session import Session
from pipeline import FixedClock
from pipeline.configlog import CONFIG_LOG_ID
from tests.e2e.cli_support import JST, START, open_store, run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "pipeline.db")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


def cli_at(db: str, clock: FixedClock, *args: str) -> tuple[int, str, str]:
    result = run(["--db", db, *args], Session(clock=clock))
    return result.exit_code, result.stdout, result.stderr


def test_add_registers_a_candidate_and_prints_its_ref(db: str, clock: FixedClock) -> None:
    code, out, _ = cli_at(
        db,
        clock,
        "add",
        "Aiko Tanaka",
        "--email",
        "aiko@example.com",
        "--advisor",
        "sato",
        "--ref",
        "AT-1",
    )
    assert code == 0
    assert out.startswith("AT-1  Aiko Tanaka  (")
    app = open_store(db)
    view = app.candidate("AT-1")
    assert (view.email, view.advisor, view.registered_at) == ("aiko@example.com", "sato", START)
    app.close()


def test_add_without_ref_generates_one(db: str, clock: FixedClock) -> None:
    code, out, _ = cli_at(db, clock, "add", "Ken Mori")
    assert code == 0
    assert out.startswith("C-") and "Ken Mori" in out


def test_add_a_taken_ref_is_refused_with_exit_1(db: str, clock: FixedClock) -> None:
    assert cli_at(db, clock, "add", "One", "--ref", "R-1")[0] == 0
    code, _, err = cli_at(db, clock, "add", "Two", "--ref", "r-1")
    assert (code, err) == (1, "Error: a candidate with ref 'r-1' is already registered\n")


def test_add_with_a_bad_email_is_a_usage_error_naming_the_option(
    db: str, clock: FixedClock
) -> None:
    code, _, err = cli_at(db, clock, "add", "Bad", "--email", "not-an-email")
    assert code == 2
    assert "Invalid value for '--email'" in err and "'not-an-email'" in err
    app = open_store(db)
    assert app.candidates() == []
    app.close()


def test_add_at_a_future_time_is_a_usage_error_naming_at(db: str, clock: FixedClock) -> None:
    code, _, err = cli_at(db, clock, "add", "Later", "--at", "2026-05-01")
    assert code == 2
    assert "Invalid value for '--at'" in err and "is in the future" in err


def test_naive_at_is_read_in_tz(db: str, clock: FixedClock) -> None:
    cli_at(db, clock, "add", "Past", "--ref", "P-1", "--at", "2026-03-31T09:00")
    cli_at(db, clock, "--tz", "UTC", "add", "Past2", "--ref", "P-2", "--at", "2026-03-31T09:00")
    app = open_store(db)
    assert app.candidate("P-1").registered_at == datetime(2026, 3, 31, 9, tzinfo=JST)
    assert app.candidate("P-2").registered_at == datetime(2026, 3, 31, 18, tzinfo=JST)
    app.close()


def test_contact_then_tick_then_reply_walks_the_contact_region(db: str, clock: FixedClock) -> None:
    cli_at(db, clock, "add", "Yui", "--ref", "Y-1", "--email", "yui@example.com")
    code, out, _ = cli_at(db, clock, "contact", "Y-1", "--channel", "email", "--note", "hello")
    assert (code, out) == (
        0,
        "Y-1  stage: registered  contact: awaiting_reply (since 2026-04-01 10:00)\n",
    )
    clock.advance(days=3)
    code, out, _ = cli_at(db, clock, "tick")
    assert code == 0
    assert out.splitlines() == [
        "tick 2026-04-04 10:00: 1 due, 1 changed, 3 events, 1 messages, 1 tasks",
        "  Y-1 contact awaiting_reply → silent",
    ]
    clock.advance(days=1)
    code, out, _ = cli_at(
        db, clock, "contact", "Y-1", "--channel", "phone", "--outcome", "no_answer"
    )
    assert "silent — outreach day 2 of 30" in out  # the tick's call, and this one
    code, out, _ = cli_at(db, clock, "reply", "Y-1", "--channel", "line", "--note", "sorry!")
    assert (code, out) == (
        0,
        "Y-1  stage: registered  contact: responsive (since 2026-04-05 10:00)\n",
    )


def test_contact_on_an_unknown_candidate_is_refused(db: str, clock: FixedClock) -> None:
    code, _, err = cli_at(db, clock, "contact", "NOPE", "--channel", "phone")
    assert (code, err) == (1, "Error: candidate not found: NOPE\n")


def test_contact_needs_a_known_channel(db: str, clock: FixedClock) -> None:
    code, _, err = cli_at(db, clock, "contact", "X", "--channel", "fax")
    assert code == 2 and "Invalid value for '--channel'" in err


def test_reply_after_a_withdrawal_is_still_recorded(db: str, clock: FixedClock) -> None:
    cli_at(db, clock, "add", "Gone", "--ref", "G-1")
    app = open_store(db)
    app.withdraw("G-1", reason="found a job elsewhere")
    app.close()
    code, out, _ = cli_at(db, clock, "reply", "G-1", "--channel", "email")
    assert code == 0  # the log records what happened in the world, even after withdrawal
    assert "G-1  stage: withdrawn" in out


def test_tick_now_runs_at_that_time_and_json_is_the_report(db: str, clock: FixedClock) -> None:
    cli_at(db, clock, "add", "Rin", "--ref", "R-9", "--email", "rin@example.com")
    cli_at(db, clock, "contact", "R-9", "--channel", "email")
    clock.set(START + timedelta(days=5))  # --now may be earlier than the clock, never later
    code, out, _ = cli_at(db, clock, "tick", "--now", "2026-04-03T10:00", "--json")
    assert code == 0 and json.loads(out)["due"] == 0
    code, out, _ = cli_at(db, clock, "tick", "--now", "2026-04-04T10:00", "--json")
    report = json.loads(out)
    assert (report["now"], report["transitions"]) == (
        "2026-04-04T01:00:00Z",
        ["R-9 contact awaiting_reply → silent"],
    )


def test_the_display_language_never_changes_the_recorded_configuration(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    for n, lang in enumerate(("ja", "en", "ja")):
        assert cli_at(db, clock, "--lang", lang, "add", f"Name {n}")[0] == 0
    app = open_store(db)
    assert len(app.repository.get(CONFIG_LOG_ID).documents) == 1
    app.close()
    config = tmp_path / "policy.toml"
    config.write_text('language = "en"\nsilence_days = 4\n')
    assert cli_at(db, clock, "--config", str(config), "list")[0] == 0  # reading records nothing
    app = open_store(db)
    assert len(app.repository.get(CONFIG_LOG_ID).documents) == 1
    app.close()
    assert cli_at(db, clock, "--config", str(config), "add", "Name 3")[0] == 0
    app = open_store(db)
    assert len(app.repository.get(CONFIG_LOG_ID).documents) == 2
    app.close()


def test_config_file_sets_the_policies(db: str, clock: FixedClock, tmp_path: Path) -> None:
    config = tmp_path / "policy.json"
    config.write_text(json.dumps({"silence_days": 5, "silence_days_high_risk": 2}))
    cli_at(db, clock, "--config", str(config), "add", "Sora", "--ref", "S-1")
    cli_at(
        db,
        clock,
        "--config",
        str(config),
        "contact",
        "S-1",
        "--channel",
        "phone",
        "--outcome",
        "left_message",
    )
    clock.advance(days=4)
    assert "0 due" in cli_at(db, clock, "--config", str(config), "tick")[1]
    clock.advance(timedelta(days=1))
    assert (
        "S-1 contact awaiting_reply → silent"
        in cli_at(db, clock, "--config", str(config), "tick")[1]
    )
