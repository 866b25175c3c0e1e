"""When the policies get a turn in a what-if replay: the store's own schedule, from its log.

A candidate's history is cut into batches (what one transaction saved, audit/steps.py). A
batch the advisor, the candidate, an employer or the relay caused is an *input* to replay; a
batch a tick decided is the trace of a *tick*. Ticks leave a trace only for the candidates
that were due, so the store's ticks are gathered into *runs* (tick batches one after the
other in the log, no input between them, recorded within minutes of each other): in a
what-if, a candidate gets a turn at its own ticks (at the moment the audit reproduces them
with, `tick_moment`) and at every run it had no part in, at the latest moment of that run.
With the recorded configuration this gives back the recorded decisions exactly: at a run it
had no part in, the candidate was not due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from pipeline.audit.reproduce import is_tick, own_events, tick_moment
from pipeline.audit.steps import batches
from pipeline.candidate import Candidate

RUN_GAP = timedelta(minutes=5)  # tick batches recorded further apart are two runs


@dataclass(frozen=True)
class Step:
    """One turn of a replay: an input batch, or a tick at `moment`."""

    position: int  # in the log: turns are taken in this order
    recorded_at: datetime
    events: tuple[Candidate.Event, ...] = ()  # an input's own events (none for a tick)
    moment: datetime | None = None  # for a tick: run the policies due by this moment


@dataclass
class Run:
    position: int
    recorded_at: datetime
    moment: datetime
    members: set[UUID] = field(default_factory=set)


Positioned = Sequence[tuple[int, Candidate.Event]]


def candidate_steps(history: Positioned) -> list[Step]:
    """A candidate's recorded history as the turns a replay takes (ticks and inputs)."""
    where = {id(event): position for position, event in history}
    steps = []
    for batch in batches([event for _, event in history]):
        first = batch[0]
        position, recorded = where[id(first)], first.timestamp
        if is_tick(batch):
            steps.append(Step(position, recorded, moment=tick_moment(batch)))
        else:
            steps.append(Step(position, recorded, events=tuple(own_events(batch))))
    return steps


def tick_runs(histories: dict[UUID, list[Step]]) -> list[Run]:
    """The store's tick runs, in log order, each with the candidates that had a part in it."""
    marks = sorted(
        (step.position, step.moment is not None, candidate, step)
        for candidate, steps in histories.items()
        for step in steps
    )
    runs: list[Run] = []
    previous_was_tick = False
    for _, ticked, candidate, step in marks:
        if not ticked:
            previous_was_tick = False
            continue
        assert step.moment is not None
        last = runs[-1] if runs else None
        if last is None or not previous_was_tick or step.recorded_at - last.recorded_at > RUN_GAP:
            last = Run(step.position, step.recorded_at, step.moment)
            runs.append(last)
        last.moment = max(last.moment, step.moment)
        last.recorded_at = step.recorded_at
        last.members.add(candidate)
        previous_was_tick = True
    return runs


def turns(candidate: UUID, own: list[Step], runs: list[Run]) -> list[Step]:
    """The candidate's own steps and the runs it had no part in, after its registration."""
    if not own:
        return []
    first = own[0].position
    others = [
        Step(run.position, run.recorded_at, moment=run.moment)
        for run in runs
        if run.position > first and candidate not in run.members
    ]
    return sorted([*own, *others], key=lambda step: step.position)
