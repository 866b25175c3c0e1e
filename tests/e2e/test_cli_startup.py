"""`pipeline --help` and `--version` stay light; the command list, the labels and the graph
come from the same sources as the domain."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import get_args

import click
import pytest

import pipeline
from cli import labels
from cli.lazy import LazyGroup
from cli.main import SUBCOMMANDS, VERSION, cli
from pipeline.states import AppState, Channel, Contact, MessageStatus, Outcome, Stage, TaskStatus
from pipeline.tables import TABLES
from tests.e2e.cli_support import run

HEAVY = ("eventsourcing", "pydantic", "transitions", "rich", "pipeline", "policies")
PROBE = """
import sys
from click.testing import CliRunner
import cli.main
result = CliRunner().invoke(cli.main.cli, {args!r})
assert result.exit_code == 0, result.output
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["timeline", "--help"]])
def test_help_and_version_import_none_of_the_core_dependencies(args: list[str]) -> None:
    code = PROBE.format(args=args, heavy=HEAVY)
    probe = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == ""


def test_version_is_the_package_version() -> None:
    result = run(["--version"])
    assert result.output == f"pipeline, version {pipeline.__version__}\n"
    assert pipeline.__version__ == VERSION


def test_help_lists_every_command_with_its_summary() -> None:
    result = run(["--help"])
    assert result.exit_code == 0
    for name in ("demo", "timeline", "show", "list", "tasks", "outbox", "tick", "exec", "graph"):
        assert f"  {name} " in result.output
        assert SUBCOMMANDS[name][1] in " ".join(result.output.split())


def test_each_listed_summary_is_the_commands_own_short_help() -> None:
    """The summary kept beside the import path must not drift from the command's docstring."""
    group = cli
    assert isinstance(group, LazyGroup)
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        assert command.get_short_help_str(limit=200) == SUBCOMMANDS[name][1], name


def test_audit_is_listed_exactly_when_its_module_is_installed() -> None:
    installed = importlib.util.find_spec("cli.audit") is not None
    assert ("  audit " in run(["--help"]).output) == installed
    audit_help = run(["audit", "--help"])
    assert (audit_help.exit_code == 0) == installed


def test_lazy_group_loads_a_subcommand_only_when_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lazy_probe_cmd.py").write_text(
        "import click\n@click.command()\ndef hello():\n    click.echo('hello from the module')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    group = LazyGroup(name="g", lazy_subcommands={"hello": ("lazy_probe_cmd:hello", "Say hi.")})
    from click.testing import CliRunner

    listed = CliRunner().invoke(group, ["--help"])
    assert "hello  Say hi." in listed.output
    assert "lazy_probe_cmd" not in sys.modules
    assert CliRunner().invoke(group, ["hello"]).output == "hello from the module\n"


def test_state_names_the_command_accepts_are_the_cores() -> None:
    assert tuple(s.value for s in Stage) == labels.STAGES
    assert tuple(c.value for c in Contact) == labels.CONTACTS
    assert get_args(Channel) == labels.CHANNELS
    assert get_args(Outcome) == labels.OUTCOMES
    assert tuple(m.value for m in MessageStatus) == labels.MESSAGE_STATUSES
    assert tuple(t.value for t in TaskStatus) == labels.TASK_STATUSES
    assert set(labels.REGIONS) == set(TABLES)
    every_state = {*Stage, *Contact, *AppState, *MessageStatus, *TaskStatus}
    assert {s.value for s in every_state} <= set(labels.JA_STATES)


def test_graph_prints_every_row_of_the_three_tables_as_mermaid() -> None:
    result = run(["graph"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert "        stage_silent" not in result.output
    assert "        contact_awaiting_reply --> contact_silent: detect_silence" in lines
    assert "        application_proposed --> application_applied: submit [not paused]" in lines
    assert "        stage_withdrawn --> stage_introducing: reopen [was_introducing]" in lines
    for region in ("stage", "contact", "application"):
        for row in TABLES[region]:
            sources = row["source"] if isinstance(row["source"], list) else [row["source"]]
            for source in sources:
                arrow = f"{region}_{source} --> {region}_{row['dest']}: "
                assert any(arrow in line and row["trigger"] in line for line in lines), arrow


def test_graph_draws_only_the_regions_asked_for() -> None:
    result = run(["graph", "--region", "message"])
    assert "state message {" in result.output
    assert "state stage {" not in result.output
    assert "message_queued --> message_sent: sent" in result.output
