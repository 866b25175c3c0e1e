"""Two pipelines on one shared store (PostgreSQL, and the SQLite file): who wins, who retries.

Another process winning the race is played deterministically: the losing pipeline's save first
lets the other pipeline carry out a whole command, so its own save then finds the candidate
changed and must decide again on the fresh state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest

from pipeline import Candidate, ConcurrencyConflict, FixedClock, Pipeline
from policies import PolicyConfig, standard_policies
from tests.conftest import AppFactory

SHARED_STORES = pytest.mark.parametrize(
    "store", ["file", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
REF = "C-RACE01"


def let_other_win(
    monkeypatch: pytest.MonkeyPatch, loser: Pipeline, winner_acts: Callable[[], object], times: int
) -> list[int]:
    """Before `loser`'s next `times` saves, the other pipeline acts; returns, for every save,
    the version the loser had decided on."""
    original = loser.candidate_repository.save
    calls: list[int] = []

    def save(candidate: Candidate) -> None:
        calls.append(candidate.version - len(candidate.pending_events))
        if len(calls) <= times:
            winner_acts()
        original(candidate)

    monkeypatch.setattr(loser.candidate_repository, "save", save)
    return calls


def registered(app: Pipeline) -> None:
    app.register_candidate("Ito Ren", email="ren@example.jp", phone="080-2222-3333", ref=REF)


def assert_chain_intact(events: list[Candidate.Event]) -> None:
    """Each event was decided on top of the one before it: its previous hash is that one's hash."""
    for before, after in pairwise(events):
        assert after.previous_hash == before.event_hash


def assert_read_models_match_the_log(app: Pipeline) -> None:
    kept = (app.candidates(), app.outbox("all", due_by=None), app.tasks(status=None))
    app.rebuild_read_model()
    assert (app.candidates(), app.outbox("all", due_by=None), app.tasks(status=None)) == kept


@SHARED_STORES
def test_a_command_beaten_by_another_process_is_decided_again_on_the_fresh_state(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, fast = make_app(), make_app()
    registered(slow)
    slow.candidate(REF)  # now in slow's cache, soon out of date
    calls = let_other_win(
        monkeypatch,
        slow,
        lambda: fast.record_reply(REF, channel="phone", note="fast"),
        times=1,
    )

    slow.record_outbound_contact(REF, channel="email", note="slow")

    events = slow.history(REF)
    kinds = [(type(e).__name__, getattr(e, "note", None)) for e in events]
    assert kinds == [
        ("Registered", None),
        ("ReplyReceived", "fast"),
        ("OutboundContactRecorded", "slow"),
        ("ContactChanged", None),  # awaiting the reply: decided on the fresh state
    ]
    assert calls == [1, 2]  # decided on version 1, beaten, decided again on version 2
    assert_chain_intact(events)
    assert slow.candidate(REF).version == fast.candidate(REF).version == 4
    assert [c.version for c in fast.candidates()] == [4]
    assert_read_models_match_the_log(fast)


@SHARED_STORES
def test_a_command_beaten_every_time_gives_up_with_a_concurrency_conflict_and_writes_nothing(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, fast = make_app(max_attempts=3), make_app()
    registered(slow)
    calls = let_other_win(
        monkeypatch,
        slow,
        lambda: fast.record_reply(REF, channel="phone", note="fast"),
        times=3,
    )

    with pytest.raises(ConcurrencyConflict, match=f"{REF} was changed by another process 3 times"):
        slow.record_outbound_contact(REF, channel="email", note="slow")

    assert len(calls) == 3
    notes = [getattr(e, "note", None) for e in fast.history(REF)]
    assert notes == [None, "fast", "fast", "fast"]
    assert [c.version for c in slow.candidates()] == [4]


@SHARED_STORES
def test_a_save_that_lost_the_race_leaves_no_read_model_rows_behind(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    policies = standard_policies(PolicyConfig())
    slow, fast = make_app(policies, max_attempts=1), make_app(policies)
    registered(slow)
    let_other_win(
        monkeypatch,
        slow,
        lambda: fast.record_outbound_contact(REF, channel="phone", note="fast"),
        times=1,
    )

    with pytest.raises(ConcurrencyConflict):
        slow.record_first_meeting(REF, desired_roles=["designer"], duration_minutes=60)

    assert slow.outbox("all", due_by=None) == []  # the meeting's thank-you was never saved
    (row,) = slow.candidates()
    assert (row.stage, row.contact, row.version) == ("registered", "awaiting_reply", 3)
    assert_read_models_match_the_log(slow)


@SHARED_STORES
def test_ticks_racing_for_the_same_candidate_queue_each_message_once(
    make_app: AppFactory, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    policies = standard_policies(PolicyConfig())
    first, second = make_app(policies), make_app(policies)
    registered(first)
    first.record_first_meeting(REF, desired_roles=["designer"], duration_minutes=60)
    first.record_outbound_contact(REF, channel="email", note="any news?")
    clock.advance(days=4)  # silence is due, and with it the first outreach call and email
    reports = []
    let_other_win(monkeypatch, first, lambda: reports.append(second.tick()), times=1)

    late = first.tick()

    (early,) = reports
    assert early.messages_queued >= 1 and early.tasks_created >= 1
    assert (late.conflicts_retried, late.processed, late.messages_queued) == (1, 0, 0)
    events = first.history(REF)
    queued = Counter(e.message_id for e in events if isinstance(e, Candidate.MessageQueued))
    assert set(queued.values()) == {1}
    silences = [e for e in events if isinstance(e, Candidate.ContactChanged) and e.dest == "silent"]
    assert len(silences) == 1
    assert len(first.outbox("all", due_by=None)) == len(queued)
    assert_chain_intact(events)
    assert_read_models_match_the_log(first)


def fallen_behind(app: Pipeline) -> None:
    """As if the read models had missed the whole log (an import, an older release)."""
    with app.read_model._locked() as writer:
        writer.run("UPDATE pipeline_read_position SET notification_id=0")


@SHARED_STORES
def test_a_catch_up_racing_a_save_never_puts_a_sent_message_back_in_the_outbox(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    policies = standard_policies(PolicyConfig())
    catcher, sender = make_app(policies), make_app(policies)
    registered(catcher)
    catcher.record_first_meeting(REF, desired_roles=["designer"], duration_minutes=60)
    (thanks,) = catcher.outbox(due_by=None)
    fallen_behind(catcher)
    write_caught_up_rows = catcher.read_model.catch_up

    def sent_between_reading_and_writing(rows: Any, expected: int, position: int) -> bool:
        if not sender.outbox(status="sent", due_by=None):
            sender.mark_message(REF, thanks.id, status="sent")
        return write_caught_up_rows(rows, expected, position)

    monkeypatch.setattr(catcher.read_model, "catch_up", sent_between_reading_and_writing)

    catcher.catch_up()  # its rows for the candidate were read before the send

    assert sender.outbox(due_by=None) == []  # not shown as queued again, not even for a moment
    monkeypatch.undo()
    catcher.tick()  # the next catch-up rewrites the candidate's rows from the log
    assert catcher.read_model.position() == catcher.recorder.max_notification_id()
    assert [m.status for m in catcher.outbox("all", due_by=None)] == ["sent"]
    assert_read_models_match_the_log(catcher)


@SHARED_STORES
def test_a_rebuild_is_invisible_to_readers_until_whole_and_takes_in_what_was_saved_meanwhile(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    policies = standard_policies(PolicyConfig())
    rebuilder, other = make_app(policies), make_app(policies)
    refs = [f"C-RB{n:03d}" for n in range(12)]
    for ref in refs:
        rebuilder.register_candidate(f"Name {ref}", email=f"{ref.lower()}@example.jp", ref=ref)
        rebuilder.record_first_meeting(ref, desired_roles=["designer"], duration_minutes=60)
    before = (other.candidates(), other.outbox("all", due_by=None), other.tasks(status=None))
    (first_thanks, *_) = other.outbox(due_by=None)
    seen: list[int] = []
    write_rebuilt = rebuilder.read_model.write_rebuilt

    def while_rebuilding(rows: Any) -> None:
        write_rebuilt(rows)
        seen.append(len(other.candidates()))  # what another process reads meanwhile
        if len(seen) == 1:
            other.mark_message(first_thanks.ref, first_thanks.id, status="sent")
            other.register_candidate("Late Comer", email="late@example.jp", ref="C-LATE01")

    monkeypatch.setattr(rebuilder.read_model, "write_rebuilt", while_rebuilding)
    monkeypatch.setattr("pipeline.store.catchup.CATCH_UP_PAGE", 7)  # several pages

    rebuilder.rebuild_read_model()

    assert len(seen) >= 2 and seen[0] == len(refs)  # the old read model, whole, meanwhile
    monkeypatch.undo()
    after = (other.candidates(), other.outbox("all", due_by=None), other.tasks(status=None))
    assert [c.ref for c in after[0]] == sorted([*refs, "C-LATE01"])
    assert {m.id: m.status for m in after[1]}[first_thanks.id] == "sent"
    assert len(after[1]) == len(before[1]) and after[2] == before[2]
    assert rebuilder.read_model.position() == rebuilder.recorder.max_notification_id()
    assert_read_models_match_the_log(rebuilder)
