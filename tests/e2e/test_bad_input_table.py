"""Bad input, whole: each case is one line on stderr, exit 1 or 2, no traceback, nothing written.

The table covers what used to end in a traceback or be stored as given: integers of 5,000
digits, JSON nested 2,000 deep, times near year 1 or 9999, invalid UTF-8 in files and in
arguments, `list --limit 10**20`, NUL and terminal escape codes, and configuration values out
of bounds. The library refuses the same values with a ValidationError naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline import ConfigError, Pipeline
from policies import PolicyConfig
from tests.e2e.cli_support import open_store, run

HUGE = "9" * 5000
DEEP = "[" * 2000 + "]" * 2000
ESC = "\x1b[31m"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "pipeline.db")
    app = open_store(path)
    app.register_candidate("Hana", ref="C-1", email="hana@example.com")
    app.close()
    return path


def lines_file(folder: Path, content: bytes) -> str:
    path = folder / "commands.jsonl"
    path.write_bytes(content)
    return str(path)


def config_file(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


Args = Callable[[str, Path], list[str]]
# name: (arguments given the store and a folder, exit code, what the one line must say)
CASES: dict[str, tuple[Args, int, str]] = {
    "5,000-digit limit": (lambda db, f: ["--db", db, "list", "--limit", HUGE], 2, "--limit"),
    "limit 10**20": (lambda db, f: ["--db", db, "list", "--limit", str(10**20)], 2, "--limit"),
    "year 1 as --at": (
        lambda db, f: ["--db", db, "reply", "C-1", "--channel", "phone", "--at", "0001-01-01"],
        2,
        "--at",
    ),
    "year 9999 as --as-of": (
        lambda db, f: ["--db", db, "show", "C-1", "--as-of", "9999-12-31T23:59"],
        2,
        "--as-of",
    ),
    "year 9999 as tick --now": (
        lambda db, f: ["--db", db, "tick", "--now", "9999-12-31T23:00-05:00"],
        2,
        "--now",
    ),
    "invalid UTF-8 argument": (
        lambda db, f: ["--db", db, "add", b"Ha\xffna".decode("utf-8", "surrogateescape")],
        2,
        "not valid UTF-8",
    ),
    "NUL in a name": (lambda db, f: ["--db", db, "add", "Ha\x00na"], 2, "control character"),
    "escape code in a name": (
        lambda db, f: ["--db", db, "add", f"{ESC}Hana"],
        2,
        "value for 'NAME'",
    ),
    "escape code in a note": (
        lambda db, f: ["--db", db, "reply", "C-1", "--channel", "phone", "--note", f"{ESC}x"],
        2,
        "--note",
    ),
    "newline in a name": (lambda db, f: ["--db", db, "add", "Ha\nna"], 2, "one line"),
    "5,000-digit integer in exec": (
        lambda db, f: [
            "--db",
            db,
            "exec",
            lines_file(f, b'{"type": "tick", "x": ' + HUGE.encode() + b"}\n"),
        ],
        1,
        "line 1: refused: not valid JSON",
    ),
    "JSON nested 2,000 deep in exec": (
        lambda db, f: ["--db", db, "exec", lines_file(f, DEEP.encode() + b"\n")],
        1,
        "line 1: refused: not valid JSON (nested too deep)",
    ),
    "invalid UTF-8 in exec": (
        lambda db, f: ["--db", db, "exec", lines_file(f, b'{"type": "tick"}\n\xff\xfe\n')],
        1,
        "line 2: refused: not valid UTF-8",
    ),
    "year 1 in exec": (
        lambda db, f: [
            "--db",
            db,
            "exec",
            lines_file(
                f,
                json.dumps(
                    {
                        "type": "record_reply",
                        "candidate": "C-1",
                        "channel": "phone",
                        "at": "0001-01-01T00:00:00+09:00",
                    }
                ).encode(),
            ),
        ],
        1,
        "line 1: refused (record_reply): at: must be between 1900 and 2999",
    ),
    "NUL in exec": (
        lambda db, f: [
            "--db",
            db,
            "exec",
            lines_file(f, json.dumps({"type": "register_candidate", "name": "Ha\x00na"}).encode()),
        ],
        1,
        "name: control character",
    ),
    "invalid UTF-8 in a config file": (
        lambda db, f: [
            "--db",
            db,
            "--config",
            config_file(f, "p.toml", b"language = '\xff'"),
            "add",
            "Ren",
        ],
        1,
        "p.toml",
    ),
    "5,000-digit integer in a config file": (
        lambda db, f: [
            "--db",
            db,
            "--config",
            config_file(f, "p.json", b'{"silence_days": ' + HUGE.encode() + b"}"),
            "add",
            "Ren",
        ],
        1,
        "not valid JSON",
    ),
    "JSON nested 2,000 deep in a config file": (
        lambda db, f: [
            "--db",
            db,
            "--config",
            config_file(f, "p.json", DEEP.encode()),
            "add",
            "Ren",
        ],
        1,
        "nested too deep",
    ),
    "silence_days = 10**12": (
        lambda db, f: [
            "--db",
            db,
            "--config",
            config_file(f, "p.toml", b"silence_days = 1000000000000"),
            "add",
            "Ren",
        ],
        1,
        "silence_days",
    ),
    "invalid UTF-8 in an audit import": (
        lambda db, f: [
            "--db",
            str(f / "new.db"),
            "audit",
            "import",
            lines_file(f, b"\xff\xfe{}\n"),
        ],
        1,
        "not valid UTF-8",
    ),
    "5,000-digit integer in an audit import": (
        lambda db, f: [
            "--db",
            str(f / "new.db"),
            "audit",
            "import",
            lines_file(f, b'{"x": ' + HUGE.encode() + b"}\n"),
        ],
        1,
        "nothing was imported",
    ),
}


def store_state(db: str) -> tuple[int, list[str]]:
    app = Pipeline(db, create=False)
    try:
        return app.recorder.max_notification_id() or 0, [c.name for c in app.candidates()]
    finally:
        app.close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_an_exit_code_and_nothing_written(
    case: str, db: str, tmp_path: Path
) -> None:
    arguments, code, said = CASES[case]
    before = store_state(db)
    result = run(arguments(db, tmp_path))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert said in result.stderr, result.stderr
    said_lines = [line for line in result.stderr.splitlines() if said in line]
    assert len(said_lines) == 1  # one line (after click's usage lines for exit 2)
    assert store_state(db) == before
    assert "\x1b" not in result.output and "\x00" not in result.output


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"silence_days": 10**12}, "silence_days"),
        ({"silence_days": 61}, "silence_days"),
        ({"outreach_window_days": 366}, "outreach_window_days"),
        ({"check_in_days": 91}, "check_in_days"),
        ({"hearing_minimum_minutes": 601}, "hearing_minimum_minutes"),
        ({"thank_you_after_days": 31}, "thank_you_after_days"),
        ({"critique_risk_days": 0}, "critique_risk_days"),
    ],
)
def test_every_policy_number_has_bounds_naming_the_field(
    settings: dict[str, int], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        PolicyConfig.model_validate(settings)
    assert [e["loc"] for e in refused.value.errors()] == [(field,)]


def test_a_cadence_longer_than_the_window_and_a_short_window_are_refused_by_rule() -> None:
    with pytest.raises(ConfigError, match="stall_every_days=40 must not exceed"):
        PolicyConfig(stall_every_days=40)
    with pytest.raises(ConfigError, match="R6"):
        PolicyConfig(outreach_window_days=29)


def test_text_stored_before_these_checks_prints_its_escape_codes_harmlessly(db: str) -> None:
    app = open_store(db)
    with app.read_model._locked() as writer:  # as an older release may have stored it
        writer.run("UPDATE pipeline_candidates SET name=? WHERE ref='C-1'", (f"{ESC}Hana\x9b",))
    app.close()
    listed = run(["--db", db, "list"])
    assert listed.exit_code == 0
    assert "\\x1b[31mHana\\x9b" in listed.stdout and "\x1b" not in listed.stdout
    as_json = run(["--db", db, "list", "--json"])
    assert json.loads(as_json.stdout)[0]["name"] == f"{ESC}Hana\x9b"  # the data, escaped
    assert "\x1b" not in as_json.stdout and "\x9b" not in as_json.stdout
