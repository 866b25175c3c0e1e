"""The article's promises when time misbehaves: late ticks, callers' clocks, the outbox contract,
reopening, tasks nobody can do, and stage-fitting check-ins (issue 11, one test per finding).

Driven through the public API on a fixed clock, as an agency runs it: cron that was down for
weeks, a history migrated with its real (past) dates, a relay that follows the README.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline import FixedClock, Pipeline, StoreError
from pipeline.audit import verify
from pipeline.configlog import CONFIG_LOG_ID
from policies import PolicyConfig, standard_policies
from tests.conftest import JST, START
from tests.e2e.cli_support import at_clock, run


@pytest.fixture
def app(clock: FixedClock) -> Iterator[Pipeline]:
    opened = Pipeline(":memory:", policies=standard_policies(PolicyConfig()), clock=clock)
    yield opened
    opened.close()


def migrated(app: Pipeline, ref: str, days_ago: int, *, employer: bool = False) -> datetime:
    """A candidate whose first meeting was `days_ago` days before the clock (a migration, or
    cron down since): nobody has called or written since. Returns the meeting's time."""
    then = START - timedelta(days=days_ago)
    app.register_candidate(
        "Mori Kei", email=f"{ref.lower()}@example.jp", phone="090-0000-0001", ref=ref, at=then
    )
    app.record_first_meeting(
        ref,
        desired_roles=["engineer"],
        desired_salary=6_000_000,
        reasons="growth",
        duration_minutes=60,
        at=then,
    )
    if employer:
        a1 = app.propose_job(
            ref, employer="Acme KK", job_title="Engineer", employer_contact="Suzuki", at=then
        )
        app.submit_application(ref, a1, at=then)
        app.record_employer_move(ref, a1, move="interview_requested", at=then)
    return then


def tick_daily_until_closed(app: Pipeline, clock: FixedClock, ref: str, days: int) -> int:
    """Tick every day at 10:00 for up to `days` days; the day (from START) it was closed."""
    for day in range(1, days + 1):
        clock.set(START + timedelta(days=day))
        app.tick()
        if app.candidate(ref).stage == "closed_unreachable":
            return day
    raise AssertionError(f"{ref} was not closed within {days} days")


def call_days(app: Pipeline, ref: str) -> list[str]:
    tasks = app.tasks(status=None)
    return sorted({t.due_on.isoformat() for t in tasks if t.ref == ref and t.kind == "call"})


# -- Why 1: a late tick closes a candidate nobody contacted ----------------------------------


def test_a_late_tick_starts_the_outreach_instead_of_closing_a_candidate_nobody_contacted(
    app: Pipeline, clock: FixedClock
) -> None:
    migrated(app, "C-LATE01", days_ago=60)
    report = app.tick()
    view = app.candidate("C-LATE01")
    assert (view.stage, view.contact) == ("first_meeting_done", "silent")
    assert report.tasks_created == 1  # one call today, not the calls of the missed days
    assert [m.kind for m in app.outbox()] == ["outreach"]  # one email, the stale ones replaced
    assert call_days(app, "C-LATE01") == [START.date().isoformat()]
    assert view.outreach_days == 1
    extended = [e for e in app.timeline("C-LATE01") if e.reason and "延長" in e.reason]
    assert extended and extended[0].kind == "TaskCreated"

    closed_on = tick_daily_until_closed(app, clock, "C-LATE01", days=40)
    assert closed_on == 30  # thirty days of calls and emails really took place first
    assert len(call_days(app, "C-LATE01")) == 30
    closing = next(e for e in app.timeline("C-LATE01") if e.kind == "StageChanged" and e.reason)
    assert closing.reason is not None and "30日間" in closing.reason
    assert verify(app).ok


def test_after_a_long_gap_the_employer_gets_one_stall_now_and_more_while_outreach_runs(
    app: Pipeline, clock: FixedClock
) -> None:
    migrated(app, "C-LATE02", days_ago=60, employer=True)
    app.tick()
    stalls = [m for m in app.outbox(status=None) if m.recipient == "employer"]
    assert [m.kind for m in stalls] == ["stall"]  # one now: not none, not a burst
    tick_daily_until_closed(app, clock, "C-LATE02", days=40)
    stalls = [m for m in app.outbox(status=None) if m.kind.startswith("stall")]
    gaps = [b.queued_at - a.queued_at for a, b in pairwise(stalls)]
    assert len(stalls) >= 4 and max(gaps) <= timedelta(days=7)
    assert verify(app).ok


# -- Why 2: tick(now) beyond the clock, and no dry run ---------------------------------------


def test_tick_refuses_a_time_beyond_the_clock_naming_now_and_writes_nothing(
    app: Pipeline,
) -> None:
    migrated(app, "C-NOW001", days_ago=3)
    before = app.recorder.max_notification_id()
    with pytest.raises(ValidationError) as refused:
        app.tick(datetime(2999, 1, 1, tzinfo=JST))
    assert refused.value.errors()[0]["loc"] == ("now",)
    assert "future" in str(refused.value)
    with pytest.raises(ValidationError):
        app.execute({"type": "tick", "now": "2999-01-01T00:00:00+09:00"})
    assert app.recorder.max_notification_id() == before
    assert app.tick(START + timedelta(minutes=4)).now == START + timedelta(minutes=4)  # skew


def test_a_dry_run_reports_what_tick_would_decide_and_writes_nothing(app: Pipeline) -> None:
    migrated(app, "C-DRY001", days_ago=20, employer=True)
    before = app.recorder.max_notification_id()
    rows = (app.candidates(), app.outbox(status="all"), app.tasks(status="all"))
    dry = app.tick(dry_run=True)
    assert app.recorder.max_notification_id() == before
    assert (app.candidates(), app.outbox(status="all"), app.tasks(status="all")) == rows
    real = app.tick()
    assert dry.model_dump(exclude={"dry_run"}) == real.model_dump(exclude={"dry_run"})
    assert (dry.dry_run, real.dry_run) == (True, False)
    assert dry.events > 0 and dry.transitions


# -- Why 3: the outbox contract --------------------------------------------------------------


def test_a_relay_that_follows_the_readme_sends_nothing_before_it_is_due(
    app: Pipeline, clock: FixedClock
) -> None:
    for n in range(3):
        ref = f"C-MAIL{n:02d}"
        app.register_candidate("Relay", email=f"r{n}@example.jp", ref=ref)
        app.record_first_meeting(ref, desired_roles=["x"], desired_salary=1, reasons="y")
    sent: list[tuple[datetime, datetime]] = []
    for _ in range(8 * 30):  # a month, the scheduler every three hours
        clock.advance(hours=3)
        app.tick()
        for message in app.outbox():
            sent.append((clock.now(), message.due_at))
            app.mark_message(message.ref, message.id, status="sent")
    assert len(sent) > 10
    assert [(at, due) for at, due in sent if at < due] == []


def test_outbox_looks_ahead_with_due_by_and_lists_everything_with_status_all(
    app: Pipeline, clock: FixedClock
) -> None:
    app.register_candidate("Ahead", email="ahead@example.jp", ref="C-AHEAD1")
    app.record_first_meeting("C-AHEAD1", desired_roles=["x"], desired_salary=1, reasons="y")
    assert app.outbox() == []  # the thank-you is due tomorrow at 10:00
    (thanks,) = app.outbox(due_by=START + timedelta(days=1))
    assert thanks.kind == "thank_you"
    assert [m.id for m in app.outbox(status="all", due_by=None)] == [thanks.id]
    clock.advance(days=1)
    assert [m.id for m in app.outbox()] == [thanks.id]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        (lambda a: a.outbox(status="queud"), "'queud'"),
        (lambda a: a.outbox(due_by="tomorrow"), "'tomorrow'"),
        (lambda a: a.tasks(status="opne"), "'opne'"),
        (lambda a: a.tasks(due_on="today"), "'today'"),
        (lambda a: a.tasks(due_on="2026-13-01"), "'2026-13-01'"),
    ],
)
def test_unknown_statuses_and_dates_are_refused_naming_the_value(
    app: Pipeline, query: object, named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        query(app)  # type: ignore[operator]


# -- Why 4: reopen leaves the withdrawal notice of the close it undoes queued ----------------


def test_reopen_cancels_the_withdrawal_notices_of_the_close_it_undoes(
    app: Pipeline, clock: FixedClock
) -> None:
    migrated(app, "C-BACK01", days_ago=2, employer=True)
    tick_daily_until_closed(app, clock, "C-BACK01", days=40)
    (notice,) = [m for m in app.outbox(status=None) if m.kind == "withdrawal"]
    assert notice.status == "queued"
    app.reopen("C-BACK01")
    notice = next(m for m in app.outbox(status=None) if m.id == notice.id)
    assert notice.status == "cancelled"
    cancelled = [
        e
        for e in app.timeline("C-BACK01")
        if e.kind == "MessageStatusChanged" and e.changes[0].dest == "cancelled"
    ]
    assert cancelled[-1].policy == "close_unreachable" and cancelled[-1].reason
    assert verify(app).ok


# -- Why 5: tasks nobody can do any more pile up ---------------------------------------------


def test_yesterdays_call_is_superseded_and_a_closed_candidate_keeps_no_open_task(
    app: Pipeline, clock: FixedClock
) -> None:
    app.register_candidate(
        "Pile Up", email="pile@example.jp", phone="090-0000-0002", ref="C-PILE01"
    )
    app.record_first_meeting("C-PILE01", desired_roles=["x"], duration_minutes=20)  # R1 task
    app.record_outbound_contact("C-PILE01", channel="email")
    for day in range(1, 60):
        clock.set(START + timedelta(days=day))
        app.tick()
        calls = [t for t in app.tasks() if t.kind == "call"]
        assert len(calls) <= 1, f"day {day}: {len(calls)} call tasks open"
    assert app.candidate("C-PILE01").stage == "closed_unreachable"
    assert app.tasks() == []
    closed = [e for e in app.timeline("C-PILE01") if e.kind == "TaskStatusChanged"]
    assert sum(1 for e in closed if e.policy == "persistent_outreach") == 29  # superseded
    assert {e.policy for e in closed} == {"persistent_outreach", "close_unreachable", "wrap_up"}
    assert all(e.reason for e in closed)


def test_a_placed_candidate_has_no_open_task_and_nothing_queued_to_them(
    app: Pipeline, clock: FixedClock
) -> None:
    app.register_candidate("Placed", email="placed@example.jp", ref="C-DONE01")
    app.record_first_meeting("C-DONE01", desired_roles=["x"], duration_minutes=20)  # R1 task
    a1 = app.propose_job("C-DONE01", employer="Acme KK", job_title="Engineer")
    app.submit_application("C-DONE01", a1)
    app.record_employer_move("C-DONE01", a1, move="offer_made")
    app.accept_offer("C-DONE01", a1)  # the thank-you is still queued, the R1 task open
    assert app.candidate("C-DONE01").stage == "placed"
    assert app.tasks() == []
    assert [m for m in app.outbox(status="queued", due_by=None) if m.recipient == "candidate"] == []
    assert verify(app).ok


# -- Why 6: a check-in to a candidate holding an offer ---------------------------------------


def test_the_check_in_of_a_candidate_holding_an_offer_is_an_offer_follow_up(
    app: Pipeline, clock: FixedClock
) -> None:
    app.register_candidate("Offer", email="offer@example.jp", advisor="sato", ref="C-OFFER1")
    app.record_first_meeting("C-OFFER1", desired_roles=["x"], desired_salary=1, reasons="y")
    a1 = app.propose_job("C-OFFER1", employer="Acme KK", job_title="Engineer")
    app.submit_application("C-OFFER1", a1)
    app.record_employer_move("C-OFFER1", a1, move="offer_made")
    assert app.candidate("C-OFFER1").stage == "offered"
    clock.advance(days=7)  # the check-in was due on day 6
    app.tick()
    (check_in,) = [m for m in app.outbox() if m.kind == "check_in"]
    assert "内定" in check_in.subject + check_in.body
    assert "Acme KK" in check_in.body and "Engineer" in check_in.body
    assert "ご不明な点" in check_in.body and "ご判断" in check_in.body
    for job_search_line in ("大きな強み", "転職活動は焦らず", "新しい求人"):
        assert job_search_line not in check_in.body


def test_pipeline_tick_refuses_now_beyond_the_clock_and_dry_run_writes_nothing(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "pipeline.db")
    session = at_clock(START)
    assert run(["--db", db, "add", "Rin", "--ref", "R-1", "--email", "r@example.jp"]).exit_code == 0
    assert run(["--db", db, "contact", "R-1", "--channel", "email"], session).exit_code == 0
    refused = run(["--db", db, "tick", "--now", "2999-01-01T00:00"], session)
    assert refused.exit_code == 2
    assert "--now" in refused.stderr and "future" in refused.stderr
    config = tmp_path / "policy.toml"
    config.write_text('language = "en"\n')  # a configuration the store has not recorded
    later = at_clock(START + timedelta(days=3))
    before = (tmp_path / "pipeline.db").read_bytes()
    dry = run(["--db", db, "--config", str(config), "tick", "--dry-run", "--json"], later)
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["transitions"] == ["R-1 contact awaiting_reply → silent"]
    assert (tmp_path / "pipeline.db").read_bytes() == before  # no events, rows or configuration
    text = run(["--db", db, "tick", "--dry-run"], later)
    assert "dry run" in text.stdout


def test_a_read_only_pipeline_records_no_configuration_and_refuses_to_save(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = str(tmp_path / "p.db")
    first = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
    first.register_candidate("Somebody", ref="C-RO0000")  # its configuration is recorded
    first.close()
    other = standard_policies(PolicyConfig(language="en"))
    reader = Pipeline(store, policies=other, clock=clock, read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            reader.register_candidate("Nobody", ref="C-RO0001")
        assert reader.tick(dry_run=True).due == 0
        assert [c.ref for c in reader.candidates()] == ["C-RO0000"]
        assert len(reader.repository.get(CONFIG_LOG_ID).documents) == 1
    finally:
        reader.close()
    writer = Pipeline(store, policies=other, clock=clock)
    try:
        writer.register_candidate("Nobody", ref="C-RO0001")
        assert len(writer.repository.get(CONFIG_LOG_ID).documents) == 2  # recorded only now
    finally:
        writer.close()
    with pytest.raises(StoreError, match="no store"):
        Pipeline(str(tmp_path / "missing.db"), read_only=True)
    assert not (tmp_path / "missing.db").exists()


def test_withdrawing_cancels_the_messages_a_relay_would_still_retry(app: Pipeline) -> None:
    app.register_candidate("Gone", email="gone@example.jp", ref="C-GONE02")
    app.record_first_meeting("C-GONE02", desired_roles=["x"], desired_salary=1, reasons="y")
    (thanks,) = app.outbox(due_by=None)
    app.mark_message("C-GONE02", thanks.id, status="failed", error="mailbox full")
    app.withdraw("C-GONE02", reason="found a job alone")
    assert [m.status for m in app.outbox("all", due_by=None)] == ["cancelled"]
