"""One candidate's audit: one replay that checks transitions and decisions, then its chain.

The replay walks the history batch by batch (what each transaction saved). A batch is re-run
(reproduce.py) on the running state; when every decision comes out identical, that state is
the replay of the recorded events and the decisions' hashes are known to match. Otherwise the
differences are reported, the state is rebuilt from the recorded events, and the recorded
decisions' transitions are checked one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.app.runner import PolicyRunner
from pipeline.audit import reproduce as rep
from pipeline.audit.chain import check_chain, first_gap
from pipeline.audit.choice import choose
from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.legality import is_transition, transition_problem
from pipeline.audit.reading import History
from pipeline.audit.report import Check, Discrepancy
from pipeline.audit.snapshot_check import SnapshotCheck
from pipeline.audit.steps import ReplayStopped, apply_event, batches, rebuild
from pipeline.candidate import Candidate

ORDER = (
    "decode",
    "chain",
    "head",
    "anchor",
    "transition",
    "decision",
    "configuration",
    "replay",
    "snapshot",
    "read_model",
)


@dataclass
class Tally:
    events: int = 0
    transitions: int = 0
    decisions: int = 0
    unverified: int = 0


class CandidateAudit:
    """One candidate's audit; `state` is its replayed state once `run` went to the end."""

    def __init__(
        self,
        history: History,
        book: ConfigurationBook,
        tally: Tally,
        snapshots: Sequence[Any] = (),
    ) -> None:
        self.history = history
        self.book = book
        self.tally = tally
        self.found: list[Discrepancy] = []
        self.verified: set[int] = set()  # decisions reproduced identically, hash included
        self.snapshots = SnapshotCheck(snapshots, lambda v, why: self.report("snapshot", v, why))
        self.state: Candidate | None = None
        self.last_config: str | None = None  # the configuration the last save's decisions cite

    def run(self, checked_after: int = 0) -> list[Discrepancy]:
        """Check the history; versions up to `checked_after` (a checkpoint's) are replayed
        without being checked again."""
        events = self.history.events
        self.tally.events += sum(1 for e in events if e.originator_version > checked_after)
        self.tally.events += len(self.history.unreadable)
        for version, why in self.history.unreadable:
            self.report("decode", version, why)
        holes = [v for v, _ in self.history.unreadable] + [first_gap(events) or 0]
        limit = min((v for v in holes if v), default=None)
        try:
            kept = [e for e in events if limit is None or e.originator_version < limit]
            self.state = self.replay(kept, checked_after)
        except ReplayStopped as stop:
            self.report("replay", stop.version, f"cannot be applied to the state before it: {stop}")
        else:
            if limit is not None:
                why = "transitions and decisions from here on are not checked: a version is missing"
                self.report("replay", limit, why)
                self.state = None
            else:
                self.snapshots.not_reached(events[-1].originator_version if events else 0)
        for version, why in check_chain(events, self.verified, checked_after).problems:
            self.report("chain", version, why)
        return sorted(self.found, key=lambda d: (d.version or 0, ORDER.index(d.check)))

    def replay(self, events: list[Candidate.Event], checked_after: int) -> Candidate | None:
        state: Candidate | None = None
        start = 0
        for batch in batches(events):
            if batch[-1].originator_version <= checked_after:
                state = rebuild(batch, state)
            else:
                state = self.batch(state, batch, events, start)
                self.last_config = next((e.config for e in reversed(batch) if e.config), None)
            start += len(batch)
            if state is not None:
                self.snapshots.reached(state)
        return state

    def batch(
        self,
        state: Candidate | None,
        batch: list[Candidate.Event],
        events: list[Candidate.Event],
        start: int,
    ) -> Candidate:
        """Re-run one batch on `state` (the replay up to `events[start]`); the state after it."""
        own = rep.own_events(batch)
        decisions = batch[len(own) :]
        self.tally.decisions += len(decisions)
        self.tally.transitions += sum(1 for e in batch if is_transition(e))
        choice = choose(self.book, batch, own, decisions)
        self.tally.unverified += choice.unverified
        if choice.problem is not None:
            self.report("decision", batch[0].originator_version, choice.problem)
        if choice.policies is None or (state is None and not own):
            return self.apply_checked(state, batch)
        runner = rep.runner_for(choice.policies, choice.config_id, batch)
        try:
            state, produced = self.rerun(state, batch, own, runner)
        except ReplayStopped:
            raise
        except Exception as error:  # a policy failing on this history is itself a finding
            why = f"re-running the policies fails here: {error}"
            self.report("decision", batch[0].originator_version, why)
            return self.apply_checked(rebuild(events[: start + len(own)]), decisions)
        problems, identical = rep.compare(decisions, produced)
        for version, why in problems:
            self.report("decision", version, why)
        if identical:
            self.verified.update(e.originator_version for e in decisions)
            return state
        return self.apply_checked(rebuild(events[: start + len(own)]), decisions)

    def rerun(
        self,
        state: Candidate | None,
        batch: list[Candidate.Event],
        own: list[Candidate.Event],
        runner: PolicyRunner,
    ) -> tuple[Candidate, list[Candidate.Event]]:
        """Run the policies as the application did; the decisions they make."""
        for event in own:
            state = self.apply_checked(state, [event])
            state.pending_events.append(event)
        assert state is not None
        if own:
            runner.after_events(state)
        else:
            runner.run_due(state, rep.tick_moment(batch))
        produced = [e for e in state.pending_events[len(own) :] if isinstance(e, Candidate.Event)]
        state.pending_events.clear()
        return state, produced

    def apply_checked(self, state: Candidate | None, events: list[Candidate.Event]) -> Candidate:
        """Apply recorded events, checking each transition against the state before it."""
        for event in events:
            if state is not None:
                problem = transition_problem(state, event)
                if problem is not None:
                    self.report("transition", event.originator_version, problem)
            state = apply_event(state, event)
        assert state is not None
        return state

    def report(self, check: Check, version: int | None, message: str) -> None:
        self.found.append(self.history.found(check, version, message))
