"""One candidate's audit: its chain, then one replay that checks transitions and decisions.

The replay walks the history batch by batch. A batch is re-run (reproduce.py) on the running
state; when every decision comes out identical, that state is the replay of the recorded
events. Otherwise the differences are reported and the state is rebuilt from the recorded
events, whose transitions are then checked one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.audit import reproduce as rep
from pipeline.audit.chain import check_chain, first_gap
from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.legality import is_transition, transition_problem
from pipeline.audit.reading import History
from pipeline.audit.report import Check, Discrepancy
from pipeline.candidate import Candidate
from pipeline.policy import Policy

ORDER = ("decode", "chain", "head", "transition", "decision", "configuration", "replay")


@dataclass
class Tally:
    events: int = 0
    transitions: int = 0
    decisions: int = 0
    unverified: int = 0


class ReplayStopped(Exception):
    """The recorded history cannot be applied past this event."""

    def __init__(self, version: int, why: str) -> None:
        super().__init__(why)
        self.version = version


def apply_event(state: Candidate | None, event: Candidate.Event) -> Candidate:
    """Apply one recorded event as replay does: assign only, never decide."""
    try:
        if state is None:
            created = event.mutate(None)
            if not isinstance(created, Candidate):
                raise TypeError("the first event does not create a candidate")
            return created
        event.apply(state)
    except Exception as error:  # a tampered event can fail in any way
        raise ReplayStopped(event.originator_version, f"{type(error).__name__}: {error}") from None
    state.version = event.originator_version
    return state


def batches(events: Sequence[Candidate.Event]) -> list[list[Candidate.Event]]:
    """Split a history into the runs that one transaction saved (by their `batch` field)."""
    runs: list[list[Candidate.Event]] = []
    for event in events:
        mark = getattr(event, "batch", None)
        if not runs or mark in (event.originator_version, None) or mark != _mark(runs[-1][0]):
            runs.append([event])
        else:
            runs[-1].append(event)
    return runs


def _mark(event: Candidate.Event) -> Any:
    return getattr(event, "batch", None)


class CandidateAudit:
    def __init__(self, history: History, book: ConfigurationBook, tally: Tally) -> None:
        self.history = history
        self.book = book
        self.tally = tally
        self.found: list[Discrepancy] = []
        self.verified: set[int] = set()  # decisions reproduced identically, hash included

    def run(self) -> list[Discrepancy]:
        events = self.history.events
        self.tally.events += len(events) + len(self.history.unreadable)
        for version, why in self.history.unreadable:
            self.report("decode", version, why)
        holes = [v for v, _ in self.history.unreadable]
        gap = first_gap(events)
        limit = min([*holes, *([gap] if gap else [])], default=None)
        checked = [e for e in events if limit is None or e.originator_version < limit]
        try:
            self.replay(checked)
        except ReplayStopped as stop:
            self.report("replay", stop.version, f"cannot be applied to the state before it: {stop}")
        else:
            if limit is not None:
                why = "transitions and decisions from here on are not checked: a version is missing"
                self.report("replay", limit, why)
        for version, why in check_chain(events, self.verified).problems:
            self.report("chain", version, why)
        return sorted(self.found, key=lambda d: (d.version or 0, ORDER.index(d.check)))

    def replay(self, events: list[Candidate.Event]) -> None:
        state: Candidate | None = None
        done = 0
        for batch in batches(events):
            state = self.batch(state, batch, events[:done])
            done += len(batch)

    def batch(
        self, state: Candidate | None, batch: list[Candidate.Event], before: list[Candidate.Event]
    ) -> Candidate:
        own = rep.own_events(batch)
        decisions = batch[len(own) :]
        self.tally.decisions += len(decisions)
        self.tally.transitions += sum(1 for e in batch if is_transition(e))
        policies, config_id = self.policies_for(state, batch, own, decisions)
        if policies is None or (state is None and not own):
            return self.apply_all(state, batch, check=True)
        try:
            state, produced = self.rerun(
                state, batch, own, rep.runner_for(policies, config_id, batch)
            )
        except ReplayStopped:
            raise
        except Exception as error:  # a policy failing on this history is itself a finding
            self.report(
                "decision",
                batch[0].originator_version,
                f"re-running the policies fails here: {error}",
            )
            return self.apply_all(self.rebuild(before + own), decisions, check=True)
        problems, identical = rep.compare(decisions, produced)
        for version, why in problems:
            self.report("decision", version, why)
        if identical:
            self.verified.update(e.originator_version for e in decisions)
            return state
        return self.apply_all(self.rebuild(before + own), decisions, check=True)

    def policies_for(
        self,
        state: Candidate | None,
        batch: list[Candidate.Event],
        own: list[Candidate.Event],
        decisions: list[Candidate.Event],
    ) -> tuple[tuple[Policy, ...] | None, str]:
        """The policies to re-run a batch with: those of the configuration its decisions cite."""
        cited = list(dict.fromkeys(str(d.config) for d in decisions))
        if len(cited) > 1:
            self.report(
                "decision",
                decisions[0].originator_version,
                f"one transaction cites several configurations: {', '.join(cited)}",
            )
            self.tally.unverified += len(decisions)
            return None, ""
        if not own and not rep.is_tick(batch):
            self.report(
                "decision",
                batch[0].originator_version,
                f"a decision caused by version {batch[0].caused_by} opens a transaction "
                "that has neither its cause nor a tick",
            )
            return None, ""
        if cited:
            policies = self.book.policies(cited[0])
            if policies is None:
                self.tally.unverified += len(decisions)
            return policies, cited[0]
        return self.in_force(batch, own)

    def in_force(
        self, batch: list[Candidate.Event], own: list[Candidate.Event]
    ) -> tuple[tuple[Policy, ...] | None, str]:
        """For a batch with no decision: a configuration in force that has nothing to say
        about its events, or else the one in force (re-running it shows what is missing)."""
        chosen: tuple[tuple[Policy, ...] | None, str] = (None, "")
        for config_id in self.book.in_force(batch[0].timestamp):
            policies = self.book.policies(config_id)
            if policies is not None:
                chosen = (policies, config_id)
                if not rep.attached(policies, own):
                    return chosen
        return chosen

    def rerun(
        self,
        state: Candidate | None,
        batch: list[Candidate.Event],
        own: list[Candidate.Event],
        runner: Any,
    ) -> tuple[Candidate, list[Candidate.Event]]:
        for event in own:
            state = self.apply_checked(state, event)
            state.pending_events.append(event)
        assert state is not None
        if own:
            runner.after_events(state)
        else:
            runner.run_due(state, rep.tick_moment(batch))
        produced = [e for e in state.pending_events[len(own) :] if isinstance(e, Candidate.Event)]
        state.pending_events.clear()
        return state, produced

    def apply_all(
        self, state: Candidate | None, events: list[Candidate.Event], check: bool
    ) -> Candidate:
        for event in events:
            state = self.apply_checked(state, event) if check else apply_event(state, event)
        assert state is not None
        return state

    def apply_checked(self, state: Candidate | None, event: Candidate.Event) -> Candidate:
        if state is not None:
            problem = transition_problem(state, event)
            if problem is not None:
                self.report("transition", event.originator_version, problem)
        return apply_event(state, event)

    def rebuild(self, events: list[Candidate.Event]) -> Candidate | None:
        state: Candidate | None = None
        for event in events:
            state = apply_event(state, event)
        return state

    def report(self, check: Check, version: int | None, message: str) -> None:
        self.found.append(
            Discrepancy(
                check=check,
                candidate=self.history.ref,
                candidate_id=self.history.candidate_id,
                version=version,
                message=message,
            )
        )
