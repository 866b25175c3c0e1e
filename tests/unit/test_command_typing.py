"""The typed command API, checked by mypy: see tests/typing/command_misuse.py."""

from __future__ import annotations

from pathlib import Path

from mypy import api

MISUSE = Path(__file__).resolve().parents[1] / "typing" / "command_misuse.py"


def test_mypy_refuses_every_misuse_of_every_command_and_accepts_their_right_use() -> None:
    out, err, status = api.run(
        [
            "--strict",
            "--warn-unused-ignores",
            "--no-incremental",
            "--follow-imports=silent",
            str(MISUSE),
        ]
    )
    assert status == 0, out + err
    assert "Success" in out


def test_the_misuse_file_covers_every_command() -> None:
    from pipeline.app.methods import CommandMethods

    commands = {name for name in vars(CommandMethods) if not name.startswith("_")} - {"execute"}
    text = MISUSE.read_text("utf-8")
    for name in commands:
        assert text.count(f"app.{name}(") >= 4, name  # three misuses and one right use
