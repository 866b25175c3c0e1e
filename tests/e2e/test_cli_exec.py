"""`pipeline exec FILE|-`: JSON Lines of commands, each line applied or refused as a whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.session import Session
from pipeline import FixedClock
from tests.e2e.cli_support import START, open_store, run

LINES = [
    '{"type": "register_candidate", "name": "Mei", "ref": "M-1", "email": "mei@example.com"}',
    "",
    "# the first meeting, then a job with a bad salary",
    '{"type": "record_first_meeting", "candidate": "M-1", "desired_roles": ["designer"]}',
    '{"type": "propose_job", "candidate": "M-1", "employer": "Acme", "job_title": "UI",'
    ' "salary": -5}',
    '{"type": "record_reply", "candidate": "M-404", "channel": "email"}',
    "{not json",
    '{"type": "fly_to_the_moon"}',
    '{"type": "submit_application", "candidate": "M-1", "application": "A7"}',
    '{"type": "tick", "now": "2026-04-01T10:00:00+09:00"}',
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "pipeline.db")


def exec_lines(db: str, lines: list[str], tmp_path: Path, **env: str | None) -> tuple:
    source = tmp_path / "commands.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(["--db", db, "exec", str(source)], Session(clock=FixedClock(START)), **env)
    return result.exit_code, result.stdout, result.stderr


def test_each_line_is_applied_or_refused_with_its_line_number_and_field(
    db: str, tmp_path: Path
) -> None:
    code, out, err = exec_lines(db, LINES, tmp_path)
    assert code == 1
    assert out == "8 commands: 3 applied, 5 refused\n"
    assert err.splitlines() == [
        "line 5: refused (propose_job): salary: Input should be greater than or equal to 0",
        "line 6: refused (record_reply): candidate not found: M-404",
        "line 7: refused: not valid JSON (Expecting property name enclosed in double quotes"
        " at column 2)",
        "line 8: refused (fly_to_the_moon): type: Input tag 'fly_to_the_moon' found using"
        " 'type' does not match any of the expected tags: 'register_candidate',"
        " 'record_first_meeting', 'propose_job', 'record_resume_feedback',"
        " 'record_interview_prep', 'submit_application', 'record_employer_move',"
        " 'confirm_interview', 'accept_offer', 'decline_offer', 'withdraw_application',"
        " 'mark_hiring_intent', 'pause_application', 'resume_application',"
        " 'record_outbound_contact', 'record_reply', 'withdraw', 'reopen', 'update_details',"
        " 'mark_message', 'claim_message', 'record_delivery', 'record_opt_out',"
        " 'complete_task', 'tick'",
        "line 9: refused (submit_application): application A7 not found for M-1 (known: none yet)",
    ]
    app = open_store(db)
    assert app.candidate("M-1").stage == "first_meeting_done"
    assert app.candidate("M-1").applications == []
    app.close()


def test_a_refused_line_writes_nothing(db: str, tmp_path: Path) -> None:
    exec_lines(db, LINES[:1], tmp_path)
    app = open_store(db)
    before = app.candidate("M-1").version
    app.close()
    bad_meeting = '{"type": "record_first_meeting", "candidate": "M-1", "duration_minutes": 0}'
    code, _, err = exec_lines(db, [bad_meeting], tmp_path)
    assert code == 1
    assert "line 1: refused (record_first_meeting): duration_minutes:" in err
    app = open_store(db)
    assert app.candidate("M-1").version == before
    app.close()


def test_exec_reads_standard_input_and_exits_0_when_all_apply(db: str) -> None:
    lines = [
        json.dumps({"type": "register_candidate", "name": f"N{i}", "ref": f"N-{i}"})
        for i in range(3)
    ]
    result = run(
        ["--db", db, "exec", "-"], Session(clock=FixedClock(START)), stdin="\n".join(lines)
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "3 commands: 3 applied, 0 refused\n",
        "",
    )
    app = open_store(db)
    assert [c.ref for c in app.candidates()] == ["N-0", "N-1", "N-2"]
    app.close()


def test_a_large_file_on_a_terminal_shows_a_progress_bar(db: str, tmp_path: Path) -> None:
    lines = ['{"type": "tick", "now": "2026-04-01T10:00:00+09:00"}'] * 250
    code, out, err = exec_lines(db, lines, tmp_path, FORCE_COLOR="1")
    assert (code, out) == (0, "250 commands: 250 applied, 0 refused\n")
    assert "exec" in err and "━" in err
    quiet = exec_lines(db, lines, tmp_path)  # not a terminal: no bar
    assert quiet[2] == ""


def test_a_missing_file_is_a_usage_error(db: str, tmp_path: Path) -> None:
    result = run(["--db", db, "exec", str(tmp_path / "nowhere.jsonl")])
    assert result.exit_code == 2
    assert "No such file or directory" in result.stderr


@pytest.mark.slow
def test_rerunning_a_file_with_command_ids_after_kill_9_applies_nothing_twice(
    db: str, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time
    from collections import Counter

    lines = []
    for n in range(300):
        lines.append({"type": "register_candidate", "name": f"N {n}", "ref": f"C-K{n:03d}",
                      "command_id": f"reg-{n}"})  # fmt: skip
        lines.append({"type": "record_outbound_contact", "candidate": f"C-K{n:03d}",
                      "channel": "email", "command_id": f"mail-{n}"})  # fmt: skip
    source = tmp_path / "commands.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    command = [str(Path(sys.executable).parent / "pipeline"), "--db", db, "exec", str(source)]
    env = {k: v for k, v in os.environ.items() if k != "PIPELINE_DB"}
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _stored(db) < 50:  # part of the way through
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    killed_at = _stored(db)

    rerun = subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout == "600 commands: 600 applied, 0 refused\n"
    app = open_store(db)
    ids = Counter(e.command_id for c in app.candidates() for e in app.history(c.ref))
    app.close()
    assert 0 < killed_at < 600 * 2
    assert {k: v for k, v in ids.items() if k} == {line["command_id"]: 1 for line in lines}


def _stored(db: str) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            (count,) = connection.execute("SELECT count(*) FROM stored_events").fetchone()
    except sqlite3.Error:
        return 0
    return int(count)


def test_a_store_that_fails_mid_file_says_the_line_it_stopped_at(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import Pipeline, StoreError

    lines = [f'{{"type": "register_candidate", "name": "N {n}", "ref": "S-{n}"}}' for n in range(5)]
    real = Pipeline.execute

    def fails_on_the_fourth(app: Pipeline, command: object) -> object:
        if getattr(command, "ref", "") == "S-3":
            raise StoreError("the server went away")
        return real(app, command)  # type: ignore[arg-type]

    monkeypatch.setattr(Pipeline, "execute", fails_on_the_fourth)
    code, out, err = exec_lines(db, lines, tmp_path)
    assert (code, out) == (1, "")
    assert err == (
        "Error: stopped at line 4 (3 commands applied and 0 refused before it; the lines after"
        " it were not read): the server went away\n"
    )
