"""The days outreach really ran: the candidate's `outreach_dates`, and the policies that count
them (revision 2 of the time rules) next to release 0.1.0's (revision 1), on built candidates."""

from __future__ import annotations

from datetime import datetime, timedelta

from pipeline import rules
from pipeline.candidate import Candidate
from pipeline.policy import CloseTask, CreateTask, QueueMessage
from pipeline.records import Meta
from policies import PolicyConfig
from policies.base import Cadence
from policies.close import CloseUnreachable
from policies.outreach import PersistentOutreach
from policies.stall import StallEmployers
from tests.conftest import START

SILENT_AT = START + timedelta(days=3)
CONFIG = PolicyConfig()
SETTINGS_0_1_0 = {k: v for k, v in CONFIG.model_dump(mode="json").items() if k != "rules_revision"}


def meta(at: datetime, policy: str | None = None) -> Meta:
    return Meta(at, at, f"policy:{policy}" if policy else "advisor:sato", policy)


def silent_candidate() -> Candidate:
    """Registered, emailed, and silent since SILENT_AT (no outreach yet)."""
    candidate = Candidate.register(
        meta(START), ref="C-DAYS", name="Days", email="d@example.jp", phone=None, advisor="sato"
    )
    rules.change_contact(candidate, meta(START), "expect_reply")
    rules.change_contact(candidate, meta(SILENT_AT, "silence_detection"), "detect_silence")
    return candidate


def carry(candidate: Candidate, decisions: object, policy: str = "persistent_outreach") -> None:
    from pipeline.app.effects import carry_out

    for decision in decisions:  # type: ignore[attr-defined]
        carry_out(decision, candidate, meta(decision.at or SILENT_AT, policy))


def called_on(candidate: Candidate, days: range) -> None:
    """The outreach policy's call task on each of `days` (days after silence began)."""
    policy = PersistentOutreach(CONFIG)
    for day in days:
        carry(candidate, policy.call(candidate, day))


def test_a_policy_call_task_while_silent_is_a_day_of_outreach_and_a_new_silence_starts_over() -> (
    None
):
    candidate = silent_candidate()
    called_on(candidate, range(3))
    advisor_task = CreateTask(
        step="x", kind="call", title="t", due_on="2026-05-01", advisor=None, reason="by hand"
    )
    carry(candidate, [advisor_task], policy="")  # not the policy's: does not count
    assert candidate.outreach_dates == ["2026-04-04", "2026-04-05", "2026-04-06"]
    rules.change_contact(candidate, meta(SILENT_AT + timedelta(days=4)), "reply")
    assert candidate.outreach_dates == []


def test_the_close_waits_for_thirty_days_of_outreach_then_comes_the_next_morning() -> None:
    candidate = silent_candidate()
    close = CloseUnreachable(CONFIG)
    called_on(candidate, range(29))
    assert close.due(candidate) is None  # 29 days: not yet, however late it is
    called_on(candidate, range(40, 41))  # a gap, then the 30th day of outreach
    assert close.due(candidate) == SILENT_AT + timedelta(days=41)
    reasons = {d.reason for d in close.on_time(candidate, SILENT_AT + timedelta(days=41))}
    assert any("30日間" in r and "2026-04-04" in r and "2026-05-14" in r for r in reasons)


def test_0_1_0_settings_close_thirty_calendar_days_after_silence_as_they_did() -> None:
    candidate = silent_candidate()
    close = CloseUnreachable.from_settings(SETTINGS_0_1_0)
    assert close.due(candidate) == SILENT_AT + timedelta(days=30)  # no outreach needed
    decisions = close.on_time(candidate, SILENT_AT + timedelta(days=30))
    assert "30日間連絡を取り続けても返信がなかった" in decisions[0].reason


def test_after_a_gap_one_call_says_the_outreach_is_extended_and_closes_yesterdays() -> None:
    candidate = silent_candidate()
    policy = PersistentOutreach(CONFIG)
    called_on(candidate, range(2))
    decisions = policy.on_time(candidate, SILENT_AT + timedelta(days=12, hours=2))
    calls = [d for d in decisions if isinstance(d, CreateTask)]
    closed = [d for d in decisions if isinstance(d, CloseTask)]
    assert [c.due_on for c in calls] == ["2026-04-16"]
    assert "連絡継続 3日目／30日" in calls[0].title
    assert "2026-04-06〜2026-04-15" in calls[0].reason and "延長" in calls[0].reason
    assert [c.status for c in closed] == ["cancelled"]  # day 1's call, never done
    assert sum(isinstance(d, QueueMessage) for d in decisions) == 1  # one email, not four


def test_0_1_0_settings_take_day_0_on_the_silence_event_and_keep_yesterdays_call_open() -> None:
    candidate = silent_candidate()
    silence = candidate.pending_events[-1]
    assert isinstance(silence, Candidate.ContactChanged)
    assert PersistentOutreach(CONFIG).on_event(candidate, silence) == ()
    old = PersistentOutreach.from_settings(SETTINGS_0_1_0)
    assert [type(d).__name__ for d in old.on_event(candidate, silence)] == [
        "CreateTask",
        "QueueMessage",
    ]
    carry(candidate, old.on_event(candidate, silence))
    later = old.on_time(candidate, SILENT_AT + timedelta(days=1))
    assert [type(d).__name__ for d in later] == ["CreateTask"]


def test_a_contact_recorded_on_a_day_without_a_call_is_that_days_call_done() -> None:
    candidate = silent_candidate()
    at = SILENT_AT + timedelta(days=5, hours=6)
    candidate.record(
        Candidate.OutboundContactRecorded, meta(at), channel="email", outcome="sent", note=None
    )
    contact = candidate.pending_events[-1]
    decisions = PersistentOutreach(CONFIG).on_event(candidate, contact)
    assert [type(d).__name__ for d in decisions] == ["CreateTask", "CloseTask"]
    carry(candidate, decisions)
    assert candidate.outreach_dates == ["2026-04-09"]
    assert PersistentOutreach(CONFIG).on_event(candidate, contact) == []  # counted once


def test_stalls_run_as_long_as_the_outreach_does() -> None:
    assert StallEmployers(CONFIG).cadence(silent_candidate()).count is None
    assert StallEmployers.from_settings(SETTINGS_0_1_0).cadence(silent_candidate()).count == 5


def test_a_cadence_without_end_finds_its_next_step_past_any_mark() -> None:
    cadence = Cadence(START, 1, None)
    key = lambda k: f"{k:05d}"  # noqa: E731
    assert cadence.next_step(None, key) == 0
    assert cadence.next_step("00000", key) == 1
    assert cadence.next_step("00999", key) == 1000
    assert cadence.index_at(START + timedelta(days=500)) == 500
