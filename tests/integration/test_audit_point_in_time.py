"""As of a moment, as known at a moment, and at a version: the story seen at several times.

`as_of=T` keeps the events that had occurred by T (the world as now known to have been);
`known_at=T` keeps the events recorded by T (what the system knew then). They differ whenever
something is recorded after it happened: the advisor's back-dated reply, and the silence that
`tick` found a day after it became due.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from pipeline import CandidateNotFound, FixedClock, Pipeline
from tests.audit_story import MOMENTS, SUZUKI, YAMADA, build_story_file, day, open_story_app
from tests.conftest import START

BETWEEN = day(5, 12)  # 22:00 JST on day 5: after Yamada replied, before it was logged


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    """The story's store, read by every test of this module (none of them writes)."""
    path = build_story_file(tmp_path_factory.mktemp("story") / "story.db")
    app = open_story_app(str(path), FixedClock(MOMENTS.end))
    yield app
    app.close()


def test_the_back_dated_reply_is_in_the_world_as_of_that_evening_but_not_yet_known(
    story: Pipeline,
) -> None:
    as_of = story.candidate(YAMADA, as_of=BETWEEN)
    known = story.candidate(YAMADA, known_at=BETWEEN)
    assert as_of.contact == "responsive"
    assert known.contact == "silent"
    assert known.applications[0].paused is True
    assert as_of.applications[0].paused is False
    assert (as_of.as_of, as_of.known_at) == (BETWEEN, None)
    assert (known.as_of, known.known_at) == (None, BETWEEN)


def test_the_timeline_as_of_keeps_what_had_occurred_and_known_at_what_was_recorded(
    story: Pipeline,
) -> None:
    as_of = story.timeline(YAMADA, as_of=BETWEEN)
    known = story.timeline(YAMADA, known_at=BETWEEN)
    assert all(e.occurred_at <= BETWEEN for e in as_of)
    assert all(e.recorded_at <= BETWEEN for e in known)
    assert "ReplyReceived" in [e.kind for e in as_of]
    assert "ReplyReceived" not in [e.kind for e in known]
    reply = next(e for e in as_of if e.kind == "ReplyReceived")
    assert (reply.occurred_at, reply.recorded_at) == (
        MOMENTS.reply_occurred,
        MOMENTS.reply_recorded,
    )
    assert [e.version for e in as_of] == sorted(e.version for e in as_of)


def test_silence_found_by_a_late_tick_is_dated_when_it_was_due_and_known_when_it_ran(
    story: Pipeline,
) -> None:
    between = day(3, 0.5)  # silence was due at 10:00 on day 3; the tick found it at 11:00
    assert story.candidate(SUZUKI, as_of=between).contact == "silent"
    assert story.candidate(SUZUKI, known_at=between).contact == "awaiting_reply"
    assert story.candidate(SUZUKI, as_of=between).silent_since == MOMENTS.silent


@pytest.mark.parametrize(
    ("moment", "stage", "contact"),
    [
        (day(1), "in_selection", "awaiting_reply"),
        (day(4), "in_selection", "silent"),
        (day(6, 2), "in_selection", "responsive"),
        (day(9, 1), "offered", "responsive"),
        (day(36), "placed", "responsive"),
    ],
)
def test_yamada_as_of_several_moments_of_the_story(
    story: Pipeline, moment: datetime, stage: str, contact: str
) -> None:
    view = story.candidate(YAMADA, as_of=moment)
    assert (view.stage, view.contact) == (stage, contact)


def test_suzuki_is_closed_as_of_the_end_of_the_window_and_known_so_only_after_the_tick(
    story: Pipeline,
) -> None:
    before = story.candidate(SUZUKI, as_of=MOMENTS.closed - timedelta(hours=1))
    assert (before.stage, before.contact) == ("in_selection", "silent")
    closed = story.candidate(SUZUKI, as_of=MOMENTS.closed)
    assert (closed.stage, closed.contact) == ("closed_unreachable", "unreachable")
    assert [a.state for a in closed.applications] == ["withdrawn"]
    assert story.candidate(SUZUKI, known_at=MOMENTS.closed).stage == "in_selection"


def test_version_n_is_the_candidate_after_its_first_n_events(story: Pipeline) -> None:
    view = story.candidate(YAMADA, version=12)
    assert (view.version, view.contact, view.stage) == (12, "awaiting_reply", "in_selection")
    assert [e.version for e in story.timeline(YAMADA, version=12)] == list(range(1, 13))
    assert view.head_hash == story.timeline(YAMADA)[11].event_hash


def test_now_as_of_and_known_at_the_end_agree_with_the_current_view(story: Pipeline) -> None:
    now = story.candidate(YAMADA)
    for view in (
        story.candidate(YAMADA, as_of=MOMENTS.end),
        story.candidate(YAMADA, known_at=MOMENTS.end),
    ):
        assert (view.stage, view.contact, view.version, view.head_hash) == (
            now.stage,
            now.contact,
            now.version,
            now.head_hash,
        )
        assert view.applications == now.applications


def test_a_moment_before_registration_finds_no_candidate(story: Pipeline) -> None:
    with pytest.raises(CandidateNotFound):
        story.candidate(YAMADA, as_of=START - timedelta(days=1))
    with pytest.raises(CandidateNotFound):
        story.candidate(YAMADA, known_at=START.replace(hour=9))
