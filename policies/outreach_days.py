"""The days outreach really ran (the time rules since release 0.1.0, docs/design.md §4).

A day of outreach is a day of the silence with a call task the outreach policy made (the
candidate keeps their dates as `outreach_dates`, assigned by the events). From them: which day
of outreach a new step is, the days a gap in ticks left without outreach, and what a new step
makes stale: yesterday's call that was not done, messages to the candidate not yet sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from pipeline.candidate import Candidate
from pipeline.policy import CancelMessage, CloseTask, Decision
from pipeline.records import MessageRecord
from policies.calendar import business_day, task_day
from policies.config import PolicyConfig

UNSENT = ("queued", "failed")
SUPERSEDED_KINDS = ("thank_you", "check_in", "outreach")  # what a new outreach email replaces


def day_number(candidate: Candidate, day: str) -> int:
    """Which day of outreach `day` is (1 for the first), counting only the days it ran."""
    return len({*candidate.outreach_dates, day})


def missed(candidate: Candidate, day: date, config: PolicyConfig) -> tuple[date, date] | None:
    """The first and last of the days before `day` on which outreach should have run and did
    not (ticks that did not run, a back-dated history), if there were any."""
    assert candidate.silent_since is not None
    if candidate.outreach_dates:
        latest = date.fromisoformat(candidate.outreach_dates[-1])
        expected = business_day(latest + timedelta(days=1), config)
    else:
        expected = date.fromisoformat(task_day(candidate.silent_since, config))
    return (expected, day - timedelta(days=1)) if expected < day else None


def supersede_calls(candidate: Candidate, day: str, at: datetime, reason: str) -> list[Decision]:
    """Close the call tasks still open for a day before `day`: `day`'s call replaces them."""
    return [
        CloseTask(task_id=t["id"], status="cancelled", at=at, reason=reason)
        for t in candidate.tasks.values()
        if t["kind"] == "call" and t["status"] == "open" and t["due_on"] < day
    ]


def supersede_messages(candidate: Candidate, at: datetime, reason: str) -> list[Decision]:
    """Cancel the keep-in-touch messages not sent yet: a new outreach email replaces them."""
    return [
        CancelMessage(message_id=m["id"], at=at, reason=reason)
        for m in unsent_to_candidate(candidate, SUPERSEDED_KINDS)
    ]


def unsent_to_candidate(
    candidate: Candidate, kinds: Iterable[str] | None = None
) -> list[MessageRecord]:
    """Messages to the candidate not sent yet (queued, or failed and so retried), of `kinds`."""
    chosen = None if kinds is None else set(kinds)
    return [
        m
        for m in candidate.messages.values()
        if m["recipient"] == "candidate"
        and m["status"] in UNSENT
        and (chosen is None or m["kind"] in chosen)
    ]
