"""Retries are safe: a command sent again with the same `command_id` changes nothing and returns
what the first one returned, in this process, in another, and after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import Candidate, DuplicateCandidate, FixedClock, Pipeline
from tests.conftest import AppFactory

SHARED_STORES = pytest.mark.parametrize(  # stores two pipelines (or a restart) can share
    "store", ["file", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def events(app: Pipeline) -> int:
    return app.recorder.max_notification_id() or 0


def test_a_command_sent_again_with_its_id_writes_nothing_and_returns_the_first_result(
    make_app: AppFactory,
) -> None:
    app = make_app()
    app.register_candidate("Sato Ken", ref="C-RETRY1", command_id="reg-1")
    app.record_first_meeting("C-RETRY1", desired_roles=["sales"], command_id="meet-1")
    first = app.propose_job("C-RETRY1", employer="Acme", job_title="Sales", command_id="job-1")
    app.propose_job("C-RETRY1", employer="Beta", job_title="Design", command_id="job-2")
    before = events(app)

    again = app.propose_job("C-RETRY1", employer="Acme", job_title="Sales", command_id="job-1")
    app.execute({"type": "propose_job", "candidate": "C-RETRY1", "employer": "Acme",
                 "job_title": "Sales", "command_id": "job-1"})  # fmt: skip

    assert (first, again) == ("A1", "A1")
    assert events(app) == before
    assert [a.id for a in app.candidate("C-RETRY1").applications] == ["A1", "A2"]


@SHARED_STORES
def test_the_id_is_remembered_in_the_history_across_processes_and_restarts(
    make_app: AppFactory,
) -> None:
    one = make_app()
    one.register_candidate("Sato Ken", ref="C-RETRY2")
    one.record_outbound_contact("C-RETRY2", channel="email", command_id="mail-7")
    one.close()
    two = make_app()  # another process, or the same one restarted: an empty cache
    before = events(two)

    two.record_outbound_contact("C-RETRY2", channel="email", command_id="mail-7")

    assert events(two) == before
    history = two.history("C-RETRY2")
    assert [e.command_id for e in history if e.command_id] == ["mail-7"]  # its first event only
    assert sum(isinstance(e, Candidate.OutboundContactRecorded) for e in history) == 1


@SHARED_STORES
def test_a_stale_cache_does_not_apply_a_command_another_process_applied(
    make_app: AppFactory,
) -> None:
    slow, fast = make_app(), make_app()
    slow.register_candidate("Sato Ken", ref="C-RETRY3")
    slow.candidate("C-RETRY3")  # cached in slow, soon out of date
    fast.record_reply("C-RETRY3", channel="phone", command_id="reply-1")

    slow.record_reply("C-RETRY3", channel="phone", command_id="reply-1")  # a redelivery

    replies = [e for e in slow.history("C-RETRY3") if isinstance(e, Candidate.ReplyReceived)]
    assert len(replies) == 1


def test_a_registration_sent_twice_registers_once_with_or_without_a_ref(
    make_app: AppFactory,
) -> None:
    app = make_app()
    generated = app.register_candidate("Ito Ren", command_id="signup-42")
    assert app.register_candidate("Ito Ren", command_id="signup-42") == generated
    given = app.register_candidate("Mori Yui", ref="C-GIVEN1", command_id="signup-43")
    assert app.register_candidate("Mori Yui", ref="C-GIVEN1", command_id="signup-43") == given
    with pytest.raises(DuplicateCandidate):  # another command for a taken ref is still refused
        app.register_candidate("Someone Else", ref="C-GIVEN1", command_id="signup-44")
    assert len(app.candidates()) == 2


def test_a_derived_ref_taken_by_another_candidate_moves_on_to_the_next(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.app import registration

    app = make_app()
    taken = registration.generated_ref("signup-99", 0)
    app.register_candidate("Squatter", ref=taken)

    registered = app.register_candidate("Ito Ren", command_id="signup-99")

    assert app.candidate(str(registered)).ref == registration.generated_ref("signup-99", 1)
    assert app.register_candidate("Ito Ren", command_id="signup-99") == registered


def test_only_a_command_with_an_id_stores_one_and_only_on_its_first_event(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = Pipeline(str(tmp_path / "p.db"), clock=clock)
    try:
        app.register_candidate("Sato Ken", ref="C-PLAIN1")
        app.record_outbound_contact("C-PLAIN1", channel="email", command_id="mail-1")
        stored = app.recorder.select_events(app.resolve("C-PLAIN1"))
    finally:
        app.close()
    assert [b"command_id" in e.state for e in stored] == [False, True, False]
