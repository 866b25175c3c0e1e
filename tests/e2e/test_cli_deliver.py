"""`pipeline deliver` against a real SMTP server, and `pipeline outbox --status` for what it
leaves: a summary line per run, a dry run that sends nothing, exit 1 when the server cannot
be reached or the sender is not configured, and no password in any output."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.cli_support import START, at_clock, open_store, run
from tests.mailroom import Mailroom, smtp_server

CONFIG = """
agency_name = "株式会社サンプルキャリア"
agency_email = "info@sample-career.jp"

[advisors.sato]
name = "佐藤 花子"
email = "sato@sample-career.jp"

[delivery]
send_from_hour = 9
send_until_hour = 19
max_attempts = 2
"""
NEXT_DAY = START + timedelta(days=1)  # 2026-04-02 10:00 JST: the thank-you mail is due


@pytest.fixture
def server() -> Iterator[tuple[Mailroom, int]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, Path]:
    """A store with two thank-you mails due at NEXT_DAY (one to a refusing address), and the
    configuration file."""
    db, config = tmp_path / "pipeline.db", tmp_path / "agency.toml"
    config.write_text(CONFIG, encoding="utf-8")
    app = open_store(db)
    for ref, email in (("C-OK", "taro@example.jp"), ("C-NO", "p550@example.jp")):
        app.register_candidate("山田 太郎", email=email, advisor="sato", ref=ref)
        app.record_first_meeting(ref, desired_roles=["営業"], duration_minutes=60,
                                 desired_salary=5_000_000, reasons="growth")  # fmt: skip
    app.close()
    return db, config


def deliver(store: tuple[Path, Path], *args: str, **env: str | None) -> tuple[int, str]:
    db, config = store
    result = run(["--db", str(db), "--config", str(config), "deliver", *args],
                 at_clock(NEXT_DAY), **env)  # fmt: skip
    return result.exit_code, result.output


def test_deliver_sends_what_is_due_and_says_what_became_of_it(
    store: tuple[Path, Path], server: tuple[Mailroom, int]
) -> None:
    room, port = server
    code, out = deliver(store, "--smtp", f"smtp://127.0.0.1:{port}?timeout=2")
    assert code == 0, out
    assert out == (
        "deliver 2026-04-02 10:00: 2 due, 1 sent, 0 to retry, 1 failed, 0 uncertain, 0 skipped\n"
    )
    (mail,) = room.messages
    assert mail["From"] == "株式会社サンプルキャリア <info@sample-career.jp>"
    assert mail["Reply-To"] == "佐藤 花子 <sato@sample-career.jp>"
    db, config = store
    failed = run(["--db", str(db), "--config", str(config), "outbox", "--status", "failed"],
                 at_clock(NEXT_DAY))  # fmt: skip
    assert "p550@example.jp" in failed.output and "550 5.1.1 No such user here" in failed.output
    again = deliver(store, "--smtp", f"smtp://127.0.0.1:{port}?timeout=2")
    assert again == (0, "deliver 2026-04-02 10:00: 0 due, 0 sent, 0 to retry, 0 failed,"
                        " 0 uncertain, 0 skipped\n")  # fmt: skip


def test_a_dry_run_lists_what_would_go_out_and_sends_and_writes_nothing(
    store: tuple[Path, Path], server: tuple[Mailroom, int]
) -> None:
    room, port = server
    code, out = deliver(store, "--smtp", f"smtp://127.0.0.1:{port}", "--dry-run", "--limit", "1")
    assert code == 0, out
    lines = out.splitlines()
    assert len(lines) == 2 and "→" in lines[0] and "先日は面談のお時間を頂き" in lines[0]
    assert lines[1].endswith("(dry run: nothing was claimed or sent)")
    assert room.messages == []
    assert len(open_store(store[0], at_clock(NEXT_DAY).clock).outbox()) == 2


def test_an_unreachable_server_stops_the_run_with_exit_1(store: tuple[Path, Path]) -> None:
    with smtp_server() as (_, port):
        pass  # stopped: its port refuses connections
    code, out = deliver(store, "--smtp", f"smtp://127.0.0.1:{port}")
    assert code == 1
    assert "1 to retry" in out and f"stopped: cannot reach smtp://127.0.0.1:{port}" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--smtp", "smtp://relay:hunter2@mail.example.jp"], "put the password in"),
        (["--smtp", "mail.example.jp"], "is not an smtp:// or smtps:// URL"),
        (["--smtp", "smtp://127.0.0.1", "--once", "--every", "5"], "exclude each other"),
    ],
)
def test_a_bad_command_line_is_refused_without_printing_a_password(
    store: tuple[Path, Path], args: list[str], said: str
) -> None:
    code, out = deliver(store, *args)
    assert code in (1, 2) and said in out and "hunter2" not in out


def test_without_the_agencys_address_there_is_no_from_and_nothing_is_sent(
    tmp_path: Path, store: tuple[Path, Path]
) -> None:
    bare = tmp_path / "bare.toml"
    bare.write_text('language = "ja"\n', encoding="utf-8")
    code, out = deliver((store[0], bare), "--smtp", "smtp://127.0.0.1:1")
    assert code == 1 and "set agency_email in" in out


def test_a_bad_delivery_setting_is_refused_naming_it(
    tmp_path: Path, store: tuple[Path, Path]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(CONFIG.replace("max_attempts = 2", "max_attempts = 0"), encoding="utf-8")
    code, out = deliver((store[0], bad), "--smtp", "smtp://127.0.0.1:1")
    assert code == 1 and "[delivery] max_attempts: Input should be greater than 0" in out


def test_the_graph_of_the_message_table_shows_the_relays_states() -> None:
    result = run(["graph", "--region", "message"])
    assert "message_queued --> message_sending: sending" in result.output
    assert "message_sending --> message_uncertain: uncertain" in result.output
    assert "message_uncertain --> message_queued: queued" in result.output
