"""Every foreseeable mistake: one line on stderr, exit 1 (refused) or 2 (usage), no traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import Result

from cli.session import Session
from pipeline import FixedClock
from tests.e2e.cli_support import START, open_store, run


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A store holding one candidate, C-1."""
    path = str(tmp_path / "pipeline.db")
    app = open_store(path)
    app.register_candidate("Hana", ref="C-1", email="hana@example.com")
    app.close()
    return path


def refused(result: Result, code: int = 1) -> str:
    """The one line on stderr of a refusal with exit `code`; stdout empty."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    if code == 1:
        assert result.stderr.count("\n") == 1
    return result.stderr


def test_missing_db_folder(tmp_path: Path) -> None:
    err = refused(run(["--db", str(tmp_path / "no-such-folder" / "p.db"), "add", "Hana"]))
    assert err.startswith("Error: cannot create ")
    assert err.endswith("no-such-folder does not exist\n")


def test_a_read_command_on_a_path_with_no_store_is_refused_naming_it_and_creates_nothing(
    tmp_path: Path,
) -> None:
    typo = tmp_path / "pipline.db"
    for command in (["list"], ["show", "C-1"], ["outbox"], ["tasks"], ["audit", "verify"]):
        err = refused(run(["--db", str(typo), *command]))
        assert (
            err == f"Error: no store at {typo}: the file does not exist"
            " (commands that write create it)\n"
        )
    assert not typo.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_db_folder_that_cannot_hold_files(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x")
    err = refused(run(["--db", str(not_a_folder / "p.db"), "add", "Hana"]))
    assert err.startswith("Error: cannot create ")
    assert "unable to open database file" in err


def test_a_directory_given_as_db(tmp_path: Path) -> None:
    err = refused(run(["--db", str(tmp_path), "list"]))
    assert err == f"Error: {tmp_path} is a directory, not a store file\n"


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("these are my notes, not a database\n" * 100)
    err = refused(run(["--db", str(notes), "list"]))
    assert err == f"Error: cannot open the store {notes}: file is not a database\n"


@pytest.fixture
def locked(store: str) -> Iterator[str]:
    """The store with an exclusive lock held by another connection."""
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield store
    holder.execute("ROLLBACK")
    holder.close()


def test_a_store_another_process_is_writing_can_be_read_and_a_write_waits_then_says_so(
    locked: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.store.urls.SQLITE_LOCK_TIMEOUT", 1)
    shown = run(["--db", locked, "show", "C-1"])  # opening writes nothing: it never waits
    assert shown.exit_code == 0 and "Hana" in shown.stdout

    err = refused(run(["--db", locked, "reply", "C-1", "--channel", "phone"]))
    assert err.startswith(f"Error: {locked}: ")
    assert err.endswith("database is locked (another process is using it; try again)\n")


def test_an_unknown_ref(store: str) -> None:
    assert refused(run(["--db", store, "timeline", "C-404"])) == (
        "Error: candidate not found: C-404\n"
    )


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["timeline", "C-1", "--as-of", "yesterday"], "'--as-of'"),
        (["show", "C-1", "--known-at", "2026-02-30"], "'--known-at'"),
        (["tasks", "--on", "1st of April"], "'--on'"),
        (["tick", "--now", "soon"], "'--now'"),
        (["contact", "C-1", "--channel", "phone", "--at", "noon"], "'--at'"),
    ],
)
def test_a_bad_date_is_a_usage_error_naming_the_option(
    store: str, args: list[str], option: str
) -> None:
    err = refused(run(["--db", store, *args]), code=2)
    assert f"Error: Invalid value for {option}: " in err
    assert "ISO 8601" in err or "is not a date" in err


def test_a_time_before_registration_names_at(store: str) -> None:
    result = run(["--db", store, "reply", "C-1", "--channel", "email", "--at", "2020-01-01"])
    err = refused(result, code=2)
    assert "Invalid value for '--at': is before the candidate was registered" in err


def test_an_unknown_time_zone(store: str) -> None:
    err = refused(run(["--tz", "Mars/Olympus", "--db", store, "list"]), code=2)
    assert "Invalid value for '--tz': unknown time zone 'Mars/Olympus'" in err


def test_an_unknown_command_or_option_is_a_usage_error(store: str) -> None:
    assert "No such command 'tl'" in refused(run(["--db", store, "tl"]), code=2)
    assert "No such option '--color'" in refused(run(["--db", store, "list", "--color"]), code=2)
    assert "Invalid value for '--stage'" in refused(
        run(["--db", store, "list", "--stage", "hired"]), code=2
    )


def test_a_domain_refusal_says_what_is_allowed(store: str, tmp_path: Path) -> None:
    clock = FixedClock(START)
    app = open_store(store, clock=clock)
    app.record_outbound_contact("C-1", channel="email")
    for day in range(1, 41):  # closed once thirty days of outreach have run
        clock.set(START + timedelta(days=day))
        app.tick()
    app.close()
    result = run(["--db", store, "contact", "C-1", "--channel", "email"], Session(clock=clock))
    assert refused(result) == (
        "Error: contact: cannot expect_reply from 'unreachable'; allowed from"
        " 'unreachable': reopen\n"
    )


def test_a_missing_config_file_is_a_usage_error(store: str, tmp_path: Path) -> None:
    err = refused(run(["--config", str(tmp_path / "nope.toml"), "--db", store, "list"]), code=2)
    assert "Invalid value for '--config'" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("silence_days = 0\n", "silence_days: Input should be greater than or equal to 1"),
        ("snooze = true\n", "snooze: Extra inputs are not permitted"),
        ("outreach_window_days = 14\n", "outreach_window_days=14 is shorter than 30 days. R6:"),
        ("silence_days = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_file_names_the_field(
    store: str, tmp_path: Path, content: str, message: str
) -> None:
    config = tmp_path / "policy.toml"
    config.write_text(content)
    err = refused(run(["--config", str(config), "--db", store, "list"]))
    assert err.startswith(f"Error: {config}: ")
    assert message in err


def test_a_config_that_is_not_an_object(store: str, tmp_path: Path) -> None:
    config = tmp_path / "policy.json"
    config.write_text("[1, 2]")
    err = refused(run(["--config", str(config), "--db", store, "list"]))
    assert err == f"Error: {config}: expected an object of PolicyConfig fields\n"


def test_an_unreachable_postgresql_server(tmp_path: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"
    err = refused(run(["--db", url, "list"]))
    assert err.startswith("Error: cannot open the store postgresql://nobody@127.0.0.1:1/none: ")
