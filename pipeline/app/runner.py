"""Running the policies: after each recorded event, and when something becomes due.

The order is fixed (events in recorded order, policies in the order given, the earliest due
first), so the same history, time and configuration always give the same decisions; the audit
relies on that to reproduce them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import copy
from datetime import datetime

from pipeline.app.effects import carry_out
from pipeline.candidate import Candidate
from pipeline.policy import Decision, On, Policy
from pipeline.records import Meta
from pipeline.states import ENDED_STAGES

MAX_ROUNDS = 100  # time steps for one candidate in one tick; far above any real cadence
MAX_EVENTS = 10_000  # events one command may cascade into before we call it a policy loop


class PolicyLoop(RuntimeError):
    """Policies kept deciding in a circle; a bug in a policy, not in the input."""


class PolicyRunner:
    def __init__(
        self, policies: Sequence[Policy], config_id: str, recorded_at: Callable[[], datetime]
    ) -> None:
        self.policies = tuple(policies)
        self.config_id = config_id
        self.recorded_at = recorded_at
        # Which policies listen to which kind of event, in the order the policies were given.
        self.listeners: dict[str, list[tuple[Policy, tuple[On, ...]]]] = {}
        for policy in self.policies:
            for kind in dict.fromkeys(on.event for on in policy.attached_to):
                hooks = tuple(on for on in policy.attached_to if on.event == kind)
                self.listeners.setdefault(kind, []).append((policy, hooks))

    def stamped_by(self, recorded_at: Callable[[], datetime]) -> PolicyRunner:
        """The same runner with another source of recording times (the audit's)."""
        runner = copy(self)
        runner.recorded_at = recorded_at
        return runner

    def after_events(self, candidate: Candidate, start: int = 0) -> None:
        """Run attached policies for every pending event from `start`, including new ones."""
        index = start
        pending = candidate.pending_events
        while index < len(pending):
            event = pending[index]
            index += 1
            if index > MAX_EVENTS:
                raise PolicyLoop(f"{candidate.ref}: more than {MAX_EVENTS} events in one command")
            assert isinstance(event, Candidate.Event)
            for policy, hooks in self.listeners.get(type(event).__name__, ()):
                if any(on.matches(event) for on in hooks):
                    decisions = policy.on_event(candidate, event)
                    version, at = event.originator_version, event.occurred_at
                    self.carry_out(candidate, policy, decisions, version, at)

    def run_due(self, candidate: Candidate, now: datetime) -> None:
        """Carry out what is due by `now`, earliest first, each step stamped when it was due.

        A policy that says it is due but decides nothing is left alone for this run, so one
        confused policy can neither spin nor keep the others from their turn.
        """
        idle: set[int] = set()
        for _ in range(MAX_ROUNDS):
            due = self.earliest_due(candidate, idle)
            if due is None or due[0] > now:
                return
            moment, index = due
            policy = self.policies[index]
            start = len(candidate.pending_events)
            self.carry_out(candidate, policy, policy.on_time(candidate, now), None, moment)
            if len(candidate.pending_events) == start:
                idle.add(index)
                continue
            idle.clear()
            self.after_events(candidate, start)

    def earliest_due(
        self, candidate: Candidate, skip: set[int] | None = None
    ) -> tuple[datetime, int] | None:
        if candidate.stage in ENDED_STAGES:
            return None
        found = [
            (moment, i)
            for i, p in enumerate(self.policies)
            if i not in (skip or set()) and (moment := p.due(candidate)) is not None
        ]
        return min(found, default=None)

    def next_due(self, candidate: Candidate) -> datetime | None:
        due = self.earliest_due(candidate)
        return None if due is None else due[0]

    def carry_out(
        self,
        candidate: Candidate,
        policy: Policy,
        decisions: Sequence[Decision],
        caused_by: int | None,
        default_at: datetime,
    ) -> None:
        for decision in decisions:
            meta = Meta(
                occurred_at=decision.at or default_at,
                recorded_at=self.recorded_at(),
                actor=f"policy:{policy.name}",
                policy=policy.name,
                reason=decision.reason,
                caused_by=caused_by,
                config=self.config_id,
            )
            carry_out(decision, candidate, meta)
