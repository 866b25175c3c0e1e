"""Policies plug in through `Pipeline(policies=[...])`: tested with small test-local policies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest

from pipeline import BasePolicy, Candidate, ConfigError, InvalidTransition, On
from pipeline.policy import ChangeContact, CreateTask, Decision
from policies import PolicyConfig, standard_policies
from tests.conftest import AppFactory


class CallWhenAwaiting(BasePolicy):
    """Attached to a transition: a task whenever the contact starts awaiting a reply."""

    name = "call_when_awaiting"
    attached_to = (On("ContactChanged", dest="awaiting_reply"),)

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        return [
            CreateTask(
                step=f"call:{event.originator_version}",
                kind="call",
                title=f"call {candidate.name}",
                due_on=event.occurred_at.date().isoformat(),
                advisor=candidate.advisor,
                reason="a reply is awaited, so call",
            )
        ]


class SilentAfterOneDay(BasePolicy):
    """Attached to time: silence after one day awaiting."""

    name = "silent_after_one_day"

    def due(self, candidate: Candidate) -> datetime | None:
        if candidate.contact != "awaiting_reply" or candidate.contact_since is None:
            return None
        return candidate.contact_since + timedelta(days=1)

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        due = self.due(candidate)
        if due is None or due > now:
            return ()
        return [ChangeContact(trigger="detect_silence", at=due, reason="a day without reply")]


class Broken(CallWhenAwaiting):
    name = "broken"

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        raise RuntimeError("policy bug")


def test_attached_policy_decides_in_the_same_transaction_as_its_cause(make_app: AppFactory) -> None:
    app = make_app([CallWhenAwaiting()])
    app.register_candidate("Ono Rin", advisor="kimura", ref="C-PROTO1")
    app.record_outbound_contact("C-PROTO1", channel="email")
    history = app.history("C-PROTO1")
    cause = next(e for e in history if isinstance(e, Candidate.ContactChanged))
    task = next(e for e in history if isinstance(e, Candidate.TaskCreated))
    assert task.policy == "call_when_awaiting"
    assert task.actor == "policy:call_when_awaiting"
    assert task.reason == "a reply is awaited, so call"
    assert task.caused_by == cause.originator_version
    assert task.batch == cause.batch  # saved together
    assert task.config == app.config_id
    assert [t.title for t in app.tasks()] == ["call Ono Rin"]


def test_a_failing_policy_leaves_nothing_written(make_app: AppFactory) -> None:
    app = make_app([Broken()])
    app.register_candidate("Ono Rin", ref="C-PROTO2")
    before = app.recorder.max_notification_id()
    with pytest.raises(RuntimeError):
        app.record_outbound_contact("C-PROTO2", channel="email")
    assert app.recorder.max_notification_id() == before
    assert app.candidate("C-PROTO2").contact == "responsive"


def test_time_policy_runs_on_tick_and_is_stamped_when_due(make_app: AppFactory) -> None:
    app = make_app([SilentAfterOneDay()])
    app.register_candidate("Ono Rin", ref="C-PROTO3")
    app.record_outbound_contact("C-PROTO3", channel="email")
    awaiting_since = app.candidate("C-PROTO3").contact_since
    assert awaiting_since is not None
    app.clock.set(awaiting_since + timedelta(days=3))  # type: ignore[attr-defined]
    assert app.tick(awaiting_since + timedelta(hours=23)).events == 0
    report = app.tick()
    assert report.due == 1
    assert report.transitions == ["C-PROTO3 contact awaiting_reply → silent"]
    silence = app.history("C-PROTO3")[-1]
    assert silence.occurred_at == awaiting_since + timedelta(days=1)
    assert silence.caused_by is None


def test_policies_must_have_unique_names(make_app: AppFactory) -> None:
    with pytest.raises(ConfigError):
        make_app([CallWhenAwaiting(), CallWhenAwaiting()])


def test_something_that_is_not_a_policy_is_refused(make_app: AppFactory) -> None:
    with pytest.raises(ConfigError):
        make_app([object()])


class ListensTo(BasePolicy):
    name = "listens"

    def __init__(self, on: On) -> None:
        self.attached_to = (on,)


@pytest.mark.parametrize(
    ("on", "says"),
    [
        (On("ReplyRecieved"), "'ReplyRecieved', not an event"),
        (
            On("ContactChanged", dest="ghosted"),
            "On('ContactChanged', dest='ghosted') names no state of it",
        ),
        (
            On("StageChanged", source="silent"),
            "On('StageChanged', source='silent') names no state of it",
        ),
        (On("ReplyReceived", dest="responsive"), "it is not a transition"),
    ],
)
def test_a_policy_attached_to_an_event_or_state_that_does_not_exist_is_refused(
    make_app: AppFactory, on: On, says: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(says)) as refused:
        make_app([ListensTo(on)])
    assert "'listens'" in str(refused.value)


def test_the_standard_policies_attachments_all_exist(make_app: AppFactory) -> None:
    assert make_app(standard_policies(PolicyConfig())).policies


class AlwaysDueNeverDecides(BasePolicy):
    """A confused time policy: due from registration on, but never decides anything."""

    name = "always_due"

    def due(self, candidate: Candidate) -> datetime | None:
        return candidate.registered_at

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        return ()


def test_candidates_stuck_due_do_not_hold_back_the_others(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.app.tick.TICK_PAGE", 2)
    app = make_app([AlwaysDueNeverDecides(), SilentAfterOneDay()])
    for n in range(3):
        app.register_candidate(f"Stuck {n}", ref=f"C-STUCK{n}")
    app.clock.advance(hours=1)  # type: ignore[attr-defined]
    app.register_candidate("Waiting", ref="C-WAIT01")
    app.record_outbound_contact("C-WAIT01", channel="email")
    app.clock.advance(days=2)  # type: ignore[attr-defined]
    report = app.tick()
    assert report.due == 4
    assert app.candidate("C-WAIT01").contact == "silent"


def test_outbox_and_task_moves_follow_their_tables_whoever_makes_them(
    make_app: AppFactory,
) -> None:
    app = make_app([CallWhenAwaiting()])
    app.register_candidate("Ono Rin", ref="C-PROTO9")
    app.record_outbound_contact("C-PROTO9", channel="email")
    (task,) = app.tasks()
    app.withdraw("C-PROTO9", reason="found a job alone")  # cancels the open task
    with pytest.raises(InvalidTransition) as refused:
        app.complete_task("C-PROTO9", task.id)
    assert (refused.value.region, refused.value.state) == ("task", "cancelled")
    assert [t.status for t in app.tasks(status=None)] == ["cancelled"]
