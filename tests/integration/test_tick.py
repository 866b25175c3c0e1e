"""`tick`: idempotent, stamped when due, no bursts after a gap, shared safely between pipelines."""

from __future__ import annotations

from datetime import timedelta

from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies
from tests.conftest import START, AppFactory


def awaiting(app: Pipeline, ref: str) -> None:
    app.register_candidate("Ueda Jun", email=f"{ref.lower()}@example.jp", ref=ref)
    app.record_first_meeting(
        ref, desired_roles=["x"], desired_salary=1, reasons="y", duration_minutes=60
    )
    app.record_outbound_contact(ref, channel="email")


def test_ticking_twice_at_the_same_time_queues_each_message_once(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    awaiting(standard_app, "C-TICK01")
    clock.advance(days=10)
    first = standard_app.tick()
    second = standard_app.tick()
    assert first.events > 0
    assert second.events == 0
    ids = [m.id for m in standard_app.outbox("all", due_by=None)]
    assert len(ids) == len(set(ids))


def test_two_pipelines_ticking_one_store_queue_each_message_once(
    make_app: AppFactory, store: str, clock: FixedClock
) -> None:
    one = make_app(standard_policies(PolicyConfig()))
    awaiting(one, "C-TICK02")
    if store == ":memory:":
        return  # an in-memory store is private to one pipeline; the file and server cases apply
    two = make_app(standard_policies(PolicyConfig()))
    for day in range(1, 13):  # both tick every day, in alternating order
        clock.set(START + timedelta(days=day))
        first, second = (one, two) if day % 2 else (two, one)
        first.tick()
        second.tick()
    steps = [(m.ref, m.kind, m.due_at) for m in one.outbox("all", due_by=None)]
    assert len(steps) == len(set(steps))
    outreach = [m for m in one.outbox("all", due_by=None) if m.kind == "outreach"]
    assert len(outreach) == 4  # days 0, 3, 6, 9


def test_state_changes_are_stamped_when_due_not_when_tick_runs(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    awaiting(standard_app, "C-TICK03")
    clock.advance(days=5, hours=7)
    standard_app.tick()
    silence = next(
        e
        for e in standard_app.timeline("C-TICK03")
        if e.kind == "ContactChanged" and e.changes[0].dest == "silent"
    )
    assert silence.occurred_at == START + timedelta(days=3)
    assert silence.recorded_at == clock.now()


def test_missed_days_are_not_replayed_in_a_burst(standard_app: Pipeline, clock: FixedClock) -> None:
    awaiting(standard_app, "C-TICK04")
    clock.set(START + timedelta(days=3))
    standard_app.tick()  # silence, day 0: a call task and an email
    clock.set(START + timedelta(days=3 + 8))  # eight days without ticks
    report = standard_app.tick()
    assert report.tasks_created == 1
    assert report.messages_queued == 1  # the day-6 email only, not days 3 and 6
    calls = sorted(standard_app.tasks(status="all"), key=lambda t: t.due_on)
    assert [t.due_on - calls[0].due_on for t in calls] == [timedelta(0), timedelta(days=8)]
    assert [t.status for t in calls] == ["cancelled", "open"]  # day 0's, not done, superseded


def test_tick_reads_only_the_due_candidates(standard_app: Pipeline, clock: FixedClock) -> None:
    for n in range(5):
        standard_app.register_candidate(f"Quiet {n}", ref=f"C-QUIET{n}")
    awaiting(standard_app, "C-TICK05")
    clock.advance(days=3)
    report = standard_app.tick()
    assert report.due == 1
    assert report.processed == 1


def test_nothing_is_due_for_a_candidate_whose_stage_has_ended(
    standard_app: Pipeline, clock: FixedClock
) -> None:
    awaiting(standard_app, "C-TICK06")
    standard_app.withdraw("C-TICK06", reason="found a job alone")
    clock.advance(days=40)
    assert standard_app.tick().due == 0
    assert standard_app.candidate("C-TICK06").next_due_at is None


def test_due_index_follows_the_next_due_time(standard_app: Pipeline) -> None:
    awaiting(standard_app, "C-TICK07")
    (summary,) = standard_app.candidates()
    assert summary.next_due_at == START + timedelta(days=3)
    assert standard_app.candidate("C-TICK07").next_due_at == summary.next_due_at


def test_with_the_business_calendar_weekend_calls_become_one_monday_task(
    make_app: AppFactory, clock: FixedClock
) -> None:
    app = make_app(standard_policies(PolicyConfig(business_calendar=True)))
    awaiting(app, "C-TICK08")  # awaiting from Wednesday 1 April: silent on Saturday 4 April
    for day in range(3, 7):  # Saturday to Tuesday
        clock.set(START + timedelta(days=day))
        app.tick()
    calls = sorted(t.due_on.isoformat() for t in app.tasks(status="all") if t.kind == "call")
    assert calls == ["2026-04-06", "2026-04-07"]
    emails = [m.due_at for m in app.outbox("all") if m.kind == "outreach"]
    assert emails == [START + timedelta(days=5), START + timedelta(days=6)]  # Mon, Tue 10:00
