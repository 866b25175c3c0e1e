"""The reports' story of a candidate (pipeline/reports/story.py) and the metrics made of it,
on candidates built in memory with the domain's own rules: no store, no policy."""

from __future__ import annotations

from datetime import datetime, timedelta

from cli.labels import JA_STATES
from pipeline import rules
from pipeline.candidate import Candidate
from pipeline.records import Meta
from pipeline.reports.metrics import funnel, p90, recovery_curve
from pipeline.reports.story import FOLDS, story_of
from pipeline.reports.words import STATES_JA
from tests.conftest import START


def meta(days: float, policy: str | None = None) -> Meta:
    at = START + timedelta(days=days)
    return Meta(at, at, f"policy:{policy}" if policy else "advisor:sato", policy=policy)


def candidate() -> Candidate:
    c = Candidate.register(meta(0), ref="C-1", name="山田", email=None, phone=None, advisor="sato")
    c.record(Candidate.JobProposed, meta(1), application_id="A1", employer="Acme",
             job_title="Dev", role="dev", salary=None, employer_contact=None)  # fmt: skip
    return c


def stall(c: Candidate, days: float) -> None:
    c.record(Candidate.MessageQueued, meta(days, "stall_employers"), message_id=f"m{days}",
             recipient="employer", to="Acme", application_id="A1", kind="stall",
             step=f"s{days}", language="ja", subject="s", body="b",
             due_at=START)  # fmt: skip


def test_a_silence_ends_with_the_reply_on_its_day_of_outreach_and_counts_its_stalls() -> None:
    c = candidate()
    stall(c, 1.5)  # before the silence: not a stall of it
    rules.change_contact(c, meta(2), "expect_reply")
    rules.change_contact(c, meta(5), "detect_silence")
    stall(c, 5)
    stall(c, 12)
    c.record(Candidate.ReplyReceived, meta(14.5), channel="phone", note=None)
    rules.change_contact(c, meta(14.5), "reply")
    story = story_of(c.id, c.collect_events())  # type: ignore[arg-type]
    (silence,) = story.silences
    assert (silence.ended_by, silence.day, dict(silence.stalled)) == ("reply", 9, {"A1": 2})
    (wait,) = story.waits
    assert wait.replied_at is not None and wait.replied_at - wait.asked_at == timedelta(days=12.5)


def test_a_silence_ends_unreachable_or_withdrawn_and_stays_open_otherwise() -> None:
    closed, withdrawn, open_ = candidate(), candidate(), candidate()
    for c in (closed, withdrawn, open_):
        rules.change_contact(c, meta(2), "expect_reply")
        rules.change_contact(c, meta(5), "detect_silence")
    rules.change_contact(closed, meta(35), "give_up")
    rules.change_stage(closed, meta(35), "close_unreachable")
    rules.change_stage(withdrawn, meta(9), "withdraw")
    ended = [
        story_of(c.id, c.collect_events()).silences[0]  # type: ignore[arg-type]
        for c in (closed, withdrawn, open_)
    ]
    assert [(s.ended_by, s.day) for s in ended] == [
        ("unreachable", 30),
        ("withdrawn", 4),
        (None, None),
    ]
    assert recovery_curve(ended)[-1].rate == 0.0


def test_an_event_kind_the_reports_ignore_folds_into_nothing_but_is_counted() -> None:
    c = candidate()
    c.record(Candidate.ResumeReviewed, meta(2), note="数字で")
    story = story_of(c.id, c.collect_events())  # type: ignore[arg-type]
    assert Candidate.ResumeReviewed not in FOLDS
    assert story.events == 3 and story.silences == [] and story.jobs["A1"].employer == "Acme"


def test_the_funnel_counts_a_stage_for_everyone_who_got_that_far_or_further() -> None:
    skipped = candidate()  # straight from introductions into selection
    rules.change_stage(skipped, meta(1), "meet")
    rules.change_stage(skipped, meta(1), "introduce")
    rules.change_stage(skipped, meta(2), "enter_selection")
    stories = [story_of(c.id, c.collect_events()) for c in (candidate(), skipped)]  # type: ignore[arg-type]
    steps = {s.stage: (s.reached, s.conversion) for s in funnel(stories)}
    assert steps["registered"] == (2, None)
    assert steps["preparing"] == (1, 1.0) and steps["in_selection"] == (1, 1.0)
    assert steps["offered"] == (0, 0.0)


def test_the_90th_percentile_is_the_nearest_rank() -> None:
    assert p90([float(n) for n in range(1, 11)]) == 9.0
    assert p90([5.0]) == 5.0


def test_the_report_pages_name_states_as_the_command_does() -> None:
    assert {k: v for k, v in JA_STATES.items() if k in STATES_JA} == STATES_JA


def test_a_registered_time_is_the_first_stage_time() -> None:
    story = story_of(candidate().id, candidate().collect_events())  # type: ignore[arg-type]
    assert story.reached == {"registered": START} and isinstance(story.registered_at, datetime)
