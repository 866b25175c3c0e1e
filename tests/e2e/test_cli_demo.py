"""`pipeline demo`: the article's story in a fresh file, told by its timeline."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import Result

from cli.story import END
from pipeline import FixedClock, Pipeline
from tests.e2e.cli_support import (
    ENV,
    at_clock,
    make_demo,
    open_store,
    run,
    squash,
    timeline_cells,
    timeline_rows,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    return make_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def demo_app(demo: tuple[Path, Result]) -> Pipeline:
    app = open_store(demo[0], FixedClock(END))  # the store as the demo leaves it
    yield app  # type: ignore[misc]
    app.close()


def rows_between(output: str, first: str, last: str) -> list[tuple[str, str, str]]:
    return [r for r in timeline_rows(output) if first <= r[0] <= last]


def test_demo_in_an_empty_folder_writes_pipeline_demo_db_and_suggests_next_commands(
    demo: tuple[Path, Result],
) -> None:
    result = demo[1]
    assert demo[0].is_file()
    assert "Wrote the demo to pipeline-demo.db: 2 candidates" in result.output
    assert "pipeline --db pipeline-demo.db timeline DEMO-002" in result.output
    assert "pipeline --db pipeline-demo.db show DEMO-001" in result.output


def test_demo_suggests_commands_without_db_when_it_is_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["demo"], PIPELINE_DB="pipeline-demo.db")
    assert result.exit_code == 0, result.output
    assert "  pipeline show DEMO-001" in result.output
    assert "--db" not in result.output.split("Next, try:")[1]


def test_demo_timeline_shows_silence_pause_stall_calls_reply_and_resumption(
    demo: tuple[Path, Result],
) -> None:
    output = demo[1].output
    rows = timeline_rows(output)
    assert ("2026-04-18 09:30", "policy", "contact: awaiting_reply → silent") in rows
    assert ("2026-04-18 09:30", "policy", "application A1: employer progression paused") in rows
    stall = [r for r in rows if r[2].startswith("queued → employer 人事部 田中様")]
    assert [r[0] for r in stall] == ["2026-04-18 09:30", "2026-04-25 09:30"]
    assert "stall_employers: R5:" in output and "最終調整" in output
    calls = [c for c in timeline_cells(output) if "電話" in c[2] and "persistent_outreach" in c[2]]
    assert [c[0][:10] for c in calls] == [f"2026-04-{day}" for day in range(18, 28)]
    assert all(squash(f"連絡継続 {day}日目／30日") in c[2] for day, c in enumerate(calls, 1))
    emails = [r[0][:10] for r in rows if r[2].startswith("queued → candidate taro")]
    assert emails[1:] == ["2026-04-18", "2026-04-21", "2026-04-24", "2026-04-27"]
    assert ("2026-04-27 11:00", "candidate", "candidate replied by phone:") in rows
    assert ("2026-04-27 11:00", "policy", "application A1: employer progression resumed") in rows
    cancelled = rows_between(output, "2026-04-27 11:00", "2026-04-27 11:00")
    assert any(r[2].startswith("message ") and "cancelled" in r[2] for r in cancelled)
    assert ("2026-05-01 15:00", "employer", "stage: in_selection → offered") in rows


def test_the_documented_timeline_is_the_demos_real_output(demo: tuple[Path, Result]) -> None:
    """The README shows `pipeline timeline DEMO-001` after `pipeline demo`: it must stay real."""
    doc = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = doc.split("#### A real timeline", 1)[1]
    documented = section.split("```text\n", 1)[1].split("```", 1)[0]
    result = run(["--db", str(demo[0]), "timeline", "DEMO-001"], at_clock(END))
    assert result.stdout == documented


def test_demo_header_says_the_first_candidate_ends_with_an_offer(
    demo: tuple[Path, Result],
) -> None:
    head = demo[1].output.split("─")[0]
    assert "DEMO-001  山田 太郎  (advisor: sato)" in head
    assert "stage        offered" in head
    assert "A1 株式会社ミライテック 「バックエンドエンジニア」 offered" in head


def test_demo_timeline_as_json_equals_the_timeline_query(
    demo: tuple[Path, Result], demo_app: Pipeline
) -> None:
    result = run(["--db", str(demo[0]), "--lang", "en", "timeline", "DEMO-001", "--json"])
    assert result.exit_code == 0, result.stderr
    expected = [e.model_dump(mode="json") for e in demo_app.timeline("DEMO-001")]
    assert json.loads(result.stdout) == expected
    assert len(expected) > 50


def test_second_candidate_is_closed_exactly_thirty_days_after_silence_began(
    demo_app: Pipeline,
) -> None:
    contact = {
        c.dest: e.occurred_at
        for e in demo_app.timeline("DEMO-002")
        for c in e.changes
        if c.region == "contact"
    }
    assert contact["unreachable"] - contact["silent"] == timedelta(days=30)
    assert demo_app.candidate("DEMO-002").stage == "closed_unreachable"
    notices = [m for m in demo_app.outbox() if m.kind == "withdrawal"]
    expected = [("DEMO-002", "employer", "総務部 佐藤様")]
    assert [(m.ref, m.recipient, m.to) for m in notices] == expected


def test_demo_mails_are_signed_by_the_agency_and_never_double_an_honorific(
    demo_app: Pipeline,
) -> None:
    messages = demo_app.outbox(None, due_by=None)
    [notice] = [m for m in messages if m.kind == "withdrawal"]
    assert notice.body.startswith("アオバ物流株式会社\n総務部 佐藤様\n")
    assert "サンプルキャリア株式会社の佐藤 健です" in notice.body
    for message in messages:
        assert "様 様" not in message.body and "様様" not in message.body, message.kind
        assert "サンプルキャリア株式会社\nキャリアアドバイザー 佐藤 健" in message.body


def test_demo_outbox_has_messages_marked_sent(demo_app: Pipeline) -> None:
    sent = demo_app.outbox("sent")
    assert {m.kind for m in sent} >= {"thank_you", "stall", "outreach"}
    assert all(m.ref.startswith("DEMO-") for m in demo_app.outbox(None, due_by=None))


def test_demo_is_deterministic(tmp_path: Path, demo: tuple[Path, Result]) -> None:
    again = tmp_path / "again"
    again.mkdir()
    _, result = make_demo(again)
    assert result.output == demo[1].output


def test_demo_replaces_its_own_store(tmp_path: Path, demo: tuple[Path, Result]) -> None:
    store = tmp_path / "earlier-demo.db"
    shutil.copy(demo[0], store)
    result = run(["demo", "--db", str(store)])
    assert result.exit_code == 0, result.output
    app = open_store(store)
    assert [c.ref for c in app.candidates()] == ["DEMO-001", "DEMO-002"]
    app.close()


def test_demo_refuses_a_store_with_other_candidates(tmp_path: Path) -> None:
    store = tmp_path / "agency.db"
    app = open_store(store)
    app.register_candidate("Real Person", ref="C-REAL01")
    app.close()
    before = store.read_bytes()
    result = run(["demo", "--db", str(store)])
    assert result.exit_code == 1
    assert "holds 1 candidates that are not from the demo (such as C-REAL01)" in result.stderr
    assert store.read_bytes() == before


def test_demo_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database\n" * 50)
    result = run(["demo", "--db", str(notes)])
    assert result.exit_code == 1
    assert "cannot be replaced by the demo: file is not a database" in result.stderr
    assert notes.read_text().startswith("my notes")


def test_demo_refuses_an_unrelated_sqlite_database_and_leaves_it_unchanged(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    before = other.read_bytes()
    result = run(["demo", "--db", str(other)])
    assert result.exit_code == 1
    assert "holds other data" in result.stderr
    assert other.read_bytes() == before


def test_demo_uses_the_global_db_when_typed_but_never_pipeline_db_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["--db", "typed.db", "demo"], PIPELINE_DB="from-env.db")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "typed.db").is_file()
    assert not (tmp_path / "from-env.db").exists()


def test_installed_console_script_reads_the_demo_store(demo: tuple[Path, Result]) -> None:
    script = Path(sys.executable).parent / "pipeline"
    env = {k: v for k, v in os.environ.items() if k not in ENV} | {"LANG": "C.UTF-8"}
    shown = subprocess.run(
        [str(script), "--db", str(demo[0]), "show", "DEMO-002", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["stage"] == "closed_unreachable"
    missing = subprocess.run(
        [str(script), "--db", str(demo[0]), "show", "DEMO-404"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (missing.returncode, missing.stderr) == (1, "Error: candidate not found: DEMO-404\n")
