"""Read commands on the demo store: timeline, show, list, tasks, outbox, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from cli.story import END
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies
from tests.e2e.cli_support import (
    JST,
    at_clock,
    make_demo,
    run,
    timeline_cells,
    timeline_rows,
    widest_line,
)

ESCAPE = "\x1b["


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("read"))[0]


@pytest.fixture(scope="module")
def library(store: Path) -> Iterator[Pipeline]:
    """The same store through the library, its clock where the demo ended."""
    app = Pipeline(str(store), standard_policies(PolicyConfig()), FixedClock(END), language="en")
    yield app
    app.close()


def read(store: Path, *args: str, **env: str | None) -> str:
    result = run(["--db", str(store), "--lang", "en", *args], at_clock(END), **env)
    assert result.exit_code == 0, result.output
    return result.output


def test_timeline_reads_at_80_columns_in_english_and_japanese(store: Path) -> None:
    for lang in ("en", "ja"):
        output = read(store, "--lang", lang, "timeline", "DEMO-001", COLUMNS="80")
        assert widest_line(output) <= 80
        assert len(timeline_rows(output)) > 50


def test_timeline_header_counts_the_outreach_day_while_silent(store: Path) -> None:
    output = read(store, "timeline", "DEMO-001", "--as-of", "2026-04-20T12:00")
    head = output.split("─")[0]
    assert "as of 2026-04-20 12:00" in head
    assert "contact      silent — outreach day 3 of 30 (since 2026-04-18 09:30)" in head
    assert "[paused, hiring intent]" in head
    assert timeline_rows(output)[-1][0] <= "2026-04-20 12:00"


def test_timeline_header_shows_risk_level_and_reasons(store: Path) -> None:
    output = read(store, "timeline", "DEMO-001", "--as-of", "2026-04-06T12:00", COLUMNS="120")
    head = output.split("─")[0]
    assert "risk         medium" in head
    assert "R2: 紹介求人が希望と異なる" in head


def test_policy_rows_name_the_policy_and_its_reason_and_messages_their_first_line(
    store: Path,
) -> None:
    cells = timeline_cells(read(store, "timeline", "DEMO-001"))
    pause = next(c for c in cells if c[2].startswith("applicationA1:employerprogressionpaused"))
    assert pause[1] == "policy"
    assert "(pausedA1:false→true)" in pause[2]
    assert "↳pause_employer_progression:R4:" in pause[2]
    stall = next(c for c in cells if c[2].startswith("queued→employer"))
    assert "“株式会社ミライテック”" in stall[2]
    assert "↳stall_employers:R5:" in stall[2]


def test_timeline_times_follow_tz(store: Path) -> None:
    rows = timeline_rows(read(store, "--tz", "UTC", "timeline", "DEMO-001"))
    assert rows[0] == ("2026-04-01 01:00", "advisor:sato", "registered candidate 山田 太郎")


def test_timeline_version_and_known_at_limit_the_rows(store: Path, library: Pipeline) -> None:
    assert len(timeline_rows(read(store, "timeline", "DEMO-001", "--version", "3"))) == 3
    as_json = json.loads(read(store, "timeline", "DEMO-001", "--version", "3", "--json"))
    assert [e["version"] for e in as_json] == [1, 2, 3]
    known = json.loads(read(store, "timeline", "DEMO-001", "--known-at", "2026-04-02", "--json"))
    moment = datetime(2026, 4, 2, tzinfo=JST)
    expected = library.timeline("DEMO-001", known_at=moment)
    assert known == [e.model_dump(mode="json") for e in expected]


def test_colour_only_on_a_terminal_and_never_with_no_color(store: Path) -> None:
    assert ESCAPE not in read(store, "timeline", "DEMO-001")
    assert ESCAPE in read(store, "timeline", "DEMO-001", FORCE_COLOR="1")
    assert ESCAPE not in read(store, "timeline", "DEMO-001", FORCE_COLOR="1", NO_COLOR="1")


def test_show_prints_the_head_hash_of_the_candidates_chain(store: Path, library: Pipeline) -> None:
    output = read(store, "show", "DEMO-001")
    view = library.candidate("DEMO-001")
    assert f"head_hash       {view.head_hash}" in output
    assert "stage           offered" in output
    assert f"version         {view.version}" in output


def test_show_json_is_the_candidate_view(store: Path, library: Pipeline) -> None:
    shown = json.loads(read(store, "show", "DEMO-001", "--json"))
    assert shown == library.candidate("DEMO-001").model_dump(mode="json")
    past = json.loads(read(store, "show", "DEMO-001", "--as-of", "2026-04-20T12:00", "--json"))
    assert (past["contact"], past["outreach_day"]) == ("silent", 2)
    assert past["as_of"] == "2026-04-20T03:00:00Z"


def test_list_filters_by_stage_contact_and_advisor(store: Path, library: Pipeline) -> None:
    everyone = read(store, "list")
    assert "DEMO-001" in everyone and "DEMO-002" in everyone
    closed = read(store, "list", "--stage", "closed_unreachable")
    assert "DEMO-002" in closed and "DEMO-001" not in closed
    assert read(store, "list", "--contact", "silent") == "No candidates.\n"
    assert read(store, "list", "--advisor", "nobody") == "No candidates.\n"
    as_json = json.loads(read(store, "list", "--advisor", "sato", "--json"))
    assert as_json == [c.model_dump(mode="json") for c in library.candidates(advisor="sato")]


def test_list_pages_with_limit_and_after(store: Path) -> None:
    first = json.loads(read(store, "list", "--limit", "1", "--json"))
    second = json.loads(read(store, "list", "--limit", "1", "--after", first[0]["ref"], "--json"))
    assert [c["ref"] for c in first + second] == ["DEMO-001", "DEMO-002"]
    assert read(store, "list", "--after", "DEMO-002") == "No candidates.\n"


def test_tasks_by_day_status_and_advisor(store: Path, library: Pipeline) -> None:
    day = json.loads(read(store, "tasks", "--on", "2026-04-19", "--status", "all", "--json"))
    assert sorted(t["ref"] for t in day) == ["DEMO-001", "DEMO-002"]
    assert all(t["kind"] == "call" and t["status"] == "done" for t in day)
    assert read(store, "tasks", "--advisor", "nobody", "--status", "all") == "No tasks.\n"
    everything = json.loads(read(store, "tasks", "--status", "all", "--json"))
    assert everything == [t.model_dump(mode="json") for t in library.tasks(status=None)]


def test_tasks_on_today_uses_the_clock_in_tz(store: Path) -> None:
    session = at_clock(datetime(2026, 4, 19, 23, 30, tzinfo=JST))
    args = ["--db", str(store), "tasks", "--on", "today", "--status", "all", "--json"]
    in_tokyo = json.loads(run(args, session).output)
    assert {t["due_on"] for t in in_tokyo} == {"2026-04-19"}
    in_utc = json.loads(run(["--tz", "UTC", *args], session).output)
    assert {t["due_on"] for t in in_utc} == {"2026-04-19"}  # 14:30 UTC, the same day


def test_outbox_by_status(store: Path, library: Pipeline) -> None:
    queued = read(store, "outbox")
    assert "employer 総務部 佐藤様" in queued and "選考辞退" in queued
    sent = json.loads(read(store, "outbox", "--status", "sent", "--json"))
    assert sent and all(m["status"] == "sent" for m in sent)
    everything = json.loads(read(store, "outbox", "--status", "all", "--json"))
    assert everything == [m.model_dump(mode="json") for m in library.outbox(None, due_by=None)]
    stall = [m for m in everything if m["kind"] == "stall"]
    assert all("最終調整" in m["body"] for m in stall)


def test_lang_ja_prints_japanese_words_and_states(store: Path) -> None:
    listed = read(store, "--lang", "ja", "list")
    assert listed.splitlines()[0].split() == [
        "番号",
        "氏名",
        "ステージ／連絡状況",
        "リスク",
        "次の期限",
        "担当",
    ]
    assert "連絡不通で終了" in listed and "内定" in listed
    rows = timeline_rows(read(store, "--lang", "ja", "timeline", "DEMO-002"))
    assert rows[0] == ("2026-04-01 11:00", "advisor:sato", "求職者を登録: 鈴木 花子")
    assert ("2026-05-06 09:00", "ポリシー", "連絡状況: silent → unreachable") in rows


def test_outbox_and_tasks_page_with_limit_and_after(store: Path) -> None:
    for command in (["outbox", "--status", "all", "--due-by", "any"], ["tasks", "--status", "all"]):
        whole = json.loads(read(store, *command, "--json"))
        first = json.loads(read(store, *command, "--limit", "2", "--json"))
        rest = json.loads(read(store, *command, "--after", first[-1]["id"], "--json"))
        assert len(first) == 2 and first + rest == whole
