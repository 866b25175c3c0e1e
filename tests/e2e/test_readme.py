"""The README's runnable Python examples (marked `<!-- runnable-example -->`) run as written.

The delivery loop sends to the server PIPELINE_SMTP names: here a real SMTP server on
127.0.0.1 (aiosmtpd), which must receive what the example says was sent. The other snippets
need an application from around them and are not run here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.mailroom import smtp_server

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(
    r"<!-- runnable-example -->\n```python\n(.*?)```", README.read_text("utf-8"), flags=re.DOTALL
)


def test_the_readme_has_python_examples() -> None:
    assert BLOCKS


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(
    index: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server() as (room, port):
        monkeypatch.setenv("PIPELINE_SMTP", f"smtp://127.0.0.1:{port}?timeout=5")
        exec(compile(BLOCKS[index], f"README.md example {index + 1}", "exec"), {})
    assert "Traceback" not in capsys.readouterr().err
    if "Relay(" in BLOCKS[index]:
        (mail,) = room.messages  # the thank-you, the day after the meeting
        assert mail["Subject"] == "先日は面談のお時間を頂き、ありがとうございました"


def test_readme_gives_the_two_newcomer_commands() -> None:
    text = README.read_text("utf-8")
    demo = text.split("<!-- demo-command -->", 1)[1].split("```", 2)[1]
    tests = text.split("<!-- test-command -->", 1)[1].split("```", 2)[1]
    assert "python3 -m venv" in demo and "pipeline demo" in demo
    assert "python3 -m venv" in tests and "pytest" in tests
