"""Replaying one candidate's inputs under other policies, in memory: nothing is written.

The inputs (what the advisor, the candidate, employers and the relay did) are recorded again
on a fresh candidate, in their order and with their own times; the what-if policies decide
the rest, through the application's own `PolicyRunner` and the domain's rules and tables.
A transition an input made is made again from the state the what-if world is in (the reply
that came while silent ends a silence there too); an input the tables refuse in that world
(accepting an offer that is paused there) is left out and reported. A relay's or an
advisor's mark on a message or task that the what-if world never made is left out quietly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline import rules
from pipeline.app.runner import PolicyRunner
from pipeline.candidate import Candidate
from pipeline.errors import PipelineError
from pipeline.records import Meta
from pipeline.reports.schedule import Step
from pipeline.tables import allows, decide

BASE = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_at",
     "actor", "policy", "reason", "caused_by", "config", "batch", "previous_hash", "event_hash"}
)  # fmt: skip
REGIONS = {
    Candidate.StageChanged: "stage",
    Candidate.ContactChanged: "contact",
    Candidate.ApplicationChanged: "application",
}


class Refused(Exception):
    """The input cannot be made in the what-if world: the tables refuse it there."""


@dataclass
class Replay:
    runner: PolicyRunner
    state: Candidate | None = None
    now: datetime | None = None  # the recording time of the turn being taken
    refused: list[tuple[datetime, str, str]] = field(default_factory=list)

    def clock(self) -> datetime:
        assert self.now is not None
        return self.now

    def take(self, step: Step) -> None:
        self.now = step.recorded_at
        if step.moment is not None:
            if self.state is not None:
                self.runner.run_due(self.state, step.moment)
            return
        trial = deepcopy(self.state) if self.state is not None else None
        start = len(trial.pending_events) if trial is not None else 0
        try:
            for event in step.events:
                trial = again(trial, event)
        except (Refused, PipelineError) as refusal:
            first = step.events[0]
            self.refused.append((first.occurred_at, type(first).__name__, str(refusal)))
            return
        assert trial is not None
        self.runner.after_events(trial, start)
        self.state = trial

    def events(self) -> list[Candidate.Event]:
        if self.state is None:
            return []
        return [e for e in self.state.pending_events if isinstance(e, Candidate.Event)]


def meta_of(event: Candidate.Event) -> Meta:
    return Meta(event.occurred_at, event.timestamp, event.actor, None, event.reason)


def attributes(event: Candidate.Event) -> dict[str, Any]:
    return {key: value for key, value in vars(event).items() if key not in BASE}


def again(state: Candidate | None, event: Candidate.Event) -> Candidate:
    """Record `event` again on `state` (the first one registers the candidate)."""
    if state is None:
        if not isinstance(event, Candidate.Registered):
            raise Refused(f"{type(event).__name__} comes before the registration")
        return Candidate.register(meta_of(event), **attributes(event))
    remake = REMAKE.get(type(event), record_as_is)
    remake(state, event)
    return state


def record_as_is(state: Candidate, event: Candidate.Event) -> None:
    state.record(type(event), meta_of(event), **attributes(event))


def transition(state: Candidate, event: Any) -> None:
    """Make the move again through the table (and its guards) from this world's state."""
    region = REGIONS[type(event)]
    current = current_state(state, region, event)
    if current != event.source and current == event.dest:
        return  # already there in this world (a stage that follows the applications)
    dest = destination(state, region, event, current)
    if dest == current and event.source != event.dest:
        return  # nothing to change here
    state.record(
        type(event), meta_of(event), **attributes(event) | {"source": current, "dest": dest}
    )


def current_state(state: Candidate, region: str, event: Any) -> str:
    if region == "stage":
        return state.stage
    if region == "contact":
        return state.contact
    application = state.applications.get(event.application_id)
    if application is None:
        raise Refused(f"application {event.application_id} does not exist")
    return application["state"]


def destination(state: Candidate, region: str, event: Any, current: str) -> str:
    if region == "stage":
        return rules.stage_destination(state, event.trigger)
    if region == "contact":
        return decide("contact", current, event.trigger)
    return rules.application_destination(state.applications[event.application_id], event.trigger)


def if_it_exists(table: str, items: Callable[[Candidate], dict[str, Any]], key: str) -> Any:
    """A mark on a message or task: made again only if the what-if world has it, as it was."""

    def remake(state: Candidate, event: Any) -> None:
        item = items(state).get(getattr(event, key))
        if item is not None and allows(table, item["status"], event.status):
            record_as_is(state, event)

    return remake


def on_application(state: Candidate, event: Any) -> None:
    record = state.applications.get(event.application_id)
    paused = isinstance(event, Candidate.ProgressionPaused)
    if record is not None and (
        not isinstance(event, Candidate.ProgressionPaused | Candidate.ProgressionResumed)
        or record["paused"] != paused
    ):
        record_as_is(state, event)


REMAKE: dict[type, Callable[[Candidate, Any], None]] = {
    Candidate.StageChanged: transition,
    Candidate.ContactChanged: transition,
    Candidate.ApplicationChanged: transition,
    Candidate.MessageStatusChanged: if_it_exists("message", lambda c: c.messages, "message_id"),
    Candidate.DeliveryRecorded: if_it_exists("message", lambda c: c.messages, "message_id"),
    Candidate.TaskStatusChanged: if_it_exists("task", lambda c: c.tasks, "task_id"),
    Candidate.ProgressionPaused: on_application,
    Candidate.ProgressionResumed: on_application,
    Candidate.HiringIntentMarked: on_application,
}


def replayed(runner: PolicyRunner, steps: Sequence[Step], start: Candidate | None) -> Replay:
    replay = Replay(runner, start)
    replay.runner = runner.stamped_by(replay.clock)
    for step in steps:
        replay.take(step)
    return replay
