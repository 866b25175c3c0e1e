"""`what_if`: re-run other policies over the stored histories, in memory, and say what differs.

Each candidate's inputs are replayed (replaying.py) at the turns the store's own schedule
gives (schedule.py); both histories, the recorded one and the what-if one, are folded into
stories (story.py) and compared: when silence was detected, whether and when the candidate
was closed as unreachable, how many messages and tasks. With `since`, the history before that
moment is kept as recorded and the other policies decide from then on. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from pipeline.app.history import PointInTime
from pipeline.app.runner import PolicyRunner
from pipeline.audit.steps import rebuild
from pipeline.candidate import Candidate
from pipeline.clock import require_aware
from pipeline.configlog import configuration_document, configuration_id
from pipeline.policy import Policy
from pipeline.reports.models import (
    CandidateDifference,
    RefusedInput,
    Tally,
    WhatIfReport,
)
from pipeline.reports.replaying import replayed
from pipeline.reports.schedule import Step, candidate_steps, tick_runs, turns
from pipeline.reports.source import log_events
from pipeline.reports.story import Story, story_of

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

Progress = Callable[[int, int], None]


def what_if(
    app: Pipeline,
    policies: Sequence[Policy],
    *,
    since: datetime | None = None,
    progress: Progress | None = None,
) -> WhatIfReport:
    """What `policies` would have decided over the stored histories (from `since` on)."""
    since = require_aware(since, "since") if since is not None else None
    histories: dict[UUID, list[tuple[int, Candidate.Event]]] = {}
    for position, event in log_events(app, PointInTime()):
        histories.setdefault(event.originator_id, []).append((position, event))
    steps = {candidate: candidate_steps(h) for candidate, h in histories.items()}
    runs = tick_runs(steps)
    config_id = configuration_id(configuration_document(policies))
    runner = PolicyRunner(policies, config_id, _unstamped)
    rows = []
    for done, (candidate, history) in enumerate(histories.items(), 1):
        events = [event for _, event in history]
        own = turns(candidate, steps[candidate], runs)
        rows.append(compare(events, replay_from(runner, history, own, since)))
        if progress is not None:
            progress(done, len(histories))
    return report(rows, config_id, since)


def _unstamped() -> datetime:
    raise RuntimeError("a replay's runner is given its recording times by stamped_by()")


def replay_from(
    runner: PolicyRunner,
    history: list[tuple[int, Candidate.Event]],
    steps: list[Step],
    since: datetime | None,
) -> tuple[list[Candidate.Event], list[RefusedInput]]:
    """The what-if history: the recorded one before `since`, then the replay from there."""
    kept = [step.position for step in steps if since is None or step.recorded_at >= since]
    cut = min(kept, default=None)
    if cut is None:
        return [event for _, event in history], []
    prefix = [event for position, event in history if position < cut]
    replay = replayed(runner, [s for s in steps if s.position >= cut], rebuild(prefix))
    refused = [RefusedInput(occurred_at=a, kind=k, why=w) for a, k, w in replay.refused]
    return [*prefix, *replay.events()], refused


def counted(story: Story) -> tuple[list[datetime], datetime | None, dict[str, int], int]:
    silences = [silence.started_at for silence in story.silences]
    closed = story.closed_at[-1] if story.closed_at else None
    return silences, closed, dict(sorted(story.messages.items())), story.tasks


def compare(
    recorded: list[Candidate.Event],
    what_if: tuple[list[Candidate.Event], list[RefusedInput]],
) -> CandidateDifference:
    events, refused = what_if
    before = story_of(recorded[0].originator_id, recorded)
    after = story_of(recorded[0].originator_id, events)
    silences, closed, messages, tasks = counted(before)
    silences_then, closed_then, messages_then, tasks_then = counted(after)
    return CandidateDifference(
        ref=before.ref,
        advisor=before.advisor,
        silences_recorded=silences,
        silences_what_if=silences_then,
        closed_recorded=closed,
        closed_what_if=closed_then,
        messages_recorded=messages,
        messages_what_if=messages_then,
        tasks_recorded=tasks,
        tasks_what_if=tasks_then,
        refused=refused,
    )


def differs(row: CandidateDifference) -> bool:
    return bool(row.refused) or (
        row.silences_recorded,
        row.closed_recorded,
        row.messages_recorded,
        row.tasks_recorded,
    ) != (row.silences_what_if, row.closed_what_if, row.messages_what_if, row.tasks_what_if)


def tally(rows: Sequence[CandidateDifference], field: str) -> Tally:
    def total(value: object) -> int:
        if isinstance(value, list):
            return len(value)
        if isinstance(value, dict):
            return sum(value.values())
        return int(value is not None) if not isinstance(value, int) else value

    return Tally(
        recorded=sum(total(getattr(r, f"{field}_recorded")) for r in rows),
        what_if=sum(total(getattr(r, f"{field}_what_if")) for r in rows),
    )


def shift(row: CandidateDifference) -> int:
    """-1 when the first silence that differs would begin earlier, 1 later, else 0."""
    for recorded, then in zip(row.silences_recorded, row.silences_what_if, strict=False):
        if recorded != then:
            return -1 if then < recorded else 1
    return 0


def report(
    rows: Sequence[CandidateDifference], config_id: str, since: datetime | None
) -> WhatIfReport:
    chosen = sorted((r for r in rows if r.ref), key=lambda r: r.ref)
    differing = [r for r in chosen if differs(r)]
    return WhatIfReport(
        config_id=config_id,
        since=since,
        candidates=len(chosen),
        differing=len(differing),
        silences=tally(chosen, "silences"),
        detected_earlier=sum(shift(r) < 0 for r in chosen),
        detected_later=sum(shift(r) > 0 for r in chosen),
        closed_unreachable=tally(chosen, "closed"),
        messages=tally(chosen, "messages"),
        tasks=tally(chosen, "tasks"),
        refused=sum(len(r.refused) for r in chosen),
        differences=differing,
    )
