"""The store keeps everything: reopening it gives the same views; big histories load fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline
from pipeline import commands as cmd
from pipeline.app.handlers import record_outbound_contact
from pipeline.records import Meta
from policies import PolicyConfig, standard_policies
from tests.conftest import AppFactory


def story(app: Pipeline) -> None:
    app.register_candidate(
        "Kato Mei", email="mei@example.jp", phone="090-0000-1111", ref="C-MEI001"
    )
    app.record_first_meeting("C-MEI001", desired_roles=["accountant"], desired_salary=5_000_000)
    application = app.propose_job("C-MEI001", employer="Acme", job_title="Accountant")
    app.submit_application("C-MEI001", application)
    app.record_employer_move("C-MEI001", application, move="screening_passed")
    app.record_outbound_contact("C-MEI001", channel="email", note="dates?")


def views(app: Pipeline) -> tuple[object, ...]:
    return (
        app.candidate("C-MEI001"),
        app.timeline("C-MEI001"),
        app.candidates(),
        app.outbox("all", due_by=None),
        app.tasks(status=None),
    )


def test_reopening_a_file_store_gives_identical_views(tmp_path: Path, clock: FixedClock) -> None:
    path = str(tmp_path / "reopen.db")
    first = Pipeline(path, policies=standard_policies(PolicyConfig()), clock=clock)
    story(first)
    clock.advance(days=4)
    first.tick()
    before = views(first)
    first.close()
    again = Pipeline(path, policies=standard_policies(PolicyConfig()), clock=clock)
    try:
        assert views(again) == before
        assert again.candidate("C-MEI001").contact == "silent"
    finally:
        again.close()


def test_two_pipelines_on_one_store_see_each_others_commands(
    make_app: AppFactory, store: str
) -> None:
    writer, reader = make_app(), make_app()
    story(writer)
    if store == ":memory:":  # each in-memory pipeline is private by design
        assert reader.candidates() == []
        return
    assert reader.candidate("C-MEI001") == writer.candidate("C-MEI001")
    assert [c.ref for c in reader.candidates()] == ["C-MEI001"]


def test_a_candidate_with_ten_thousand_events_loads_from_a_snapshot(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = str(tmp_path / "long.db")
    app = Pipeline(path, clock=clock)
    app.register_candidate("Long History", ref="C-LONG01")
    command = cmd.RecordOutboundContact(candidate="C-LONG01", channel="phone", outcome="no_answer")
    for _ in range(10):  # 1,000 commands per save keeps the test quick; same save path
        candidate = app.get_candidate("C-LONG01")
        meta = Meta(clock.now(), clock.now(), "advisor:sato")
        # The first save holds Registered and the first contact's ContactChanged too.
        for _ in range(998 if candidate.version == 1 else 1_000):
            record_outbound_contact(candidate, meta, command)
        app.candidate_repository.save(candidate)
    expected = app.candidate("C-LONG01")
    app.close()
    fresh = Pipeline(path, clock=clock)
    try:
        snapshots = list(fresh.snapshots.get(fresh.resolve("C-LONG01"), desc=True, limit=1))  # type: ignore[union-attr]
        assert snapshots and snapshots[0].originator_version == 10_000
        assert fresh.candidate("C-LONG01") == expected
        assert expected.version == 10_000
    finally:
        fresh.close()


def test_read_models_rebuilt_from_the_log_match_the_ones_kept_in_step(make_app: AppFactory) -> None:
    app = make_app(standard_policies(PolicyConfig()))
    story(app)
    app.clock.advance(days=4)  # type: ignore[attr-defined]
    app.tick()
    before = (app.candidates(), app.outbox("all", due_by=None), app.tasks(status=None))
    read = app.rebuild_read_model()
    assert read == app.recorder.max_notification_id()
    assert (app.candidates(), app.outbox("all", due_by=None), app.tasks(status=None)) == before


def test_candidates_can_be_listed_page_by_page(make_app: AppFactory) -> None:
    app = make_app()
    for n in range(5):
        app.register_candidate(f"Page {n}", ref=f"C-PAGE{n}", advisor="sato" if n % 2 else "kato")
    first = app.candidates(limit=2)
    second = app.candidates(limit=2, after=first[-1].ref)
    rest = app.candidates(after=second[-1].ref)
    assert [c.ref for c in first + second + rest] == [f"C-PAGE{n}" for n in range(5)]
    assert [c.ref for c in app.candidates(advisor="sato", limit=1, after="C-PAGE1")] == ["C-PAGE3"]


def test_a_command_refused_on_a_stale_cache_is_decided_again_on_the_store(
    make_app: AppFactory, store: str
) -> None:
    if store == ":memory:":  # each in-memory pipeline is private by design
        return
    mine, theirs = make_app(), make_app()
    story(mine)  # Mei's A1 is in screening, and `mine` has her cached
    theirs.record_employer_move("C-MEI001", "A1", move="interview_requested")
    mine.confirm_interview("C-MEI001", "A1")  # refused on the cached state, not on the store's
    assert mine.candidate("C-MEI001").applications[0].confirmed_round == 1
    assert theirs.candidate("C-MEI001") == mine.candidate("C-MEI001")


def test_the_outbox_and_the_tasks_page_like_the_candidates(make_app: AppFactory) -> None:
    from policies import PolicyConfig, standard_policies

    app = make_app(standard_policies(PolicyConfig()))
    for n in range(5):
        app.register_candidate(f"Name {n}", email=f"c{n}@example.jp", ref=f"C-PAGE{n}")
        app.record_first_meeting(f"C-PAGE{n}", desired_roles=["sales"], duration_minutes=10)
    messages = app.outbox(status="all", due_by=None)
    tasks = app.tasks(status="all")
    assert len(messages) >= 5 and len(tasks) >= 5

    for everything, page in (
        (messages, lambda after, n: app.outbox(status="all", due_by=None, after=after, limit=n)),
        (tasks, lambda after, n: app.tasks(status="all", after=after, limit=n)),
    ):
        seen, after = [], None
        while chunk := page(after, 2):
            assert len(chunk) <= 2
            seen += chunk
            after = chunk[-1].id
        assert seen == everything
    with pytest.raises(ValueError, match="after: no row with id 'nope'"):
        app.outbox(after="nope", limit=2)
    with pytest.raises(ValueError, match="limit: must be between 1 and"):
        app.tasks(limit=0)
    with pytest.raises(ValueError, match="limit: must be between 1 and"):
        app.candidates(limit=10**20)
