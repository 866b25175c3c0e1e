"""`tick(now)`: run the time-based policies for every candidate with something due by `now`.

The due index of the read model says which candidates are due; only those are loaded, so the
cost of a tick follows the due candidates, not the store. Each candidate is one attempt of the
repository's retry loop: its decisions are saved all together or not at all. A dry run decides
the same on a copy of each candidate and saves nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from uuid import UUID

from pipeline.app.repository import CandidateRepository
from pipeline.app.runner import PolicyRunner
from pipeline.app.views import TickReport
from pipeline.candidate import Candidate
from pipeline.errors import ConcurrencyConflict
from pipeline.store.items import stamp
from pipeline.store.queries import ReadModelQueries

TICK_PAGE = 500


def tick(
    due_index: ReadModelQueries,
    candidates: CandidateRepository,
    runner: PolicyRunner,
    moment: datetime,
    *,
    dry_run: bool = False,
) -> TickReport:
    """Run what is due by `moment` for every due candidate, in due order (`dry_run`: decide,
    report, save nothing)."""
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    transitions: list[str] = []
    cursor = ("", "")
    while page := due_index.due_candidates(stamp(moment) or "", cursor, TICK_PAGE):
        cursor = page[-1]
        for _, candidate_id in page:
            if candidate_id not in seen:
                seen.add(candidate_id)
                turn = _dry_run_one if dry_run else _tick_one
                ref, pending = turn(candidates, runner, UUID(candidate_id), moment, counts)
                transitions.extend(_transition_lines(ref, pending))
    return TickReport(
        now=moment,
        due=len(seen),
        processed=counts["processed"],
        events=counts["events"],
        messages_queued=counts["MessageQueued"],
        tasks_created=counts["TaskCreated"],
        transitions=transitions,
        conflicts_retried=counts["conflicts"],
        dry_run=dry_run,
    )


def _tick_one(
    candidates: CandidateRepository,
    runner: PolicyRunner,
    candidate_id: UUID,
    moment: datetime,
    counts: Counter[str],
) -> tuple[str, list[Candidate.Event]]:
    """One candidate's turn: its ref and the events it saved (none if other writers kept
    winning: the candidate stays due for the next tick)."""

    def attempt(number: int) -> tuple[Candidate, tuple[str, list[Candidate.Event]]]:
        candidate = _decided(candidates, runner, candidate_id, moment)
        return candidate, (candidate.ref, _pending(candidate))

    def conflict() -> None:
        counts["conflicts"] += 1

    def exhausted() -> Exception:
        return ConcurrencyConflict(str(candidate_id), candidates.max_attempts)

    try:
        ref, pending = candidates.retried(attempt, exhausted, conflict=conflict)
    except ConcurrencyConflict:
        return str(candidate_id), []
    _count(counts, pending)
    return ref, pending


def _dry_run_one(
    candidates: CandidateRepository,
    runner: PolicyRunner,
    candidate_id: UUID,
    moment: datetime,
    counts: Counter[str],
) -> tuple[str, list[Candidate.Event]]:
    """One candidate's turn decided on the copy `get` hands out, and never saved."""
    candidate = _decided(candidates, runner, candidate_id, moment)
    _count(counts, _pending(candidate))
    return candidate.ref, _pending(candidate)


def _decided(
    candidates: CandidateRepository, runner: PolicyRunner, candidate_id: UUID, moment: datetime
) -> Candidate:
    candidate = candidates.get(candidate_id)
    runner.run_due(candidate, moment)
    return candidate


def _pending(candidate: Candidate) -> list[Candidate.Event]:
    return [e for e in candidate.pending_events if isinstance(e, Candidate.Event)]


def _count(counts: Counter[str], pending: list[Candidate.Event]) -> None:
    counts["processed"] += 1 if pending else 0
    counts["events"] += len(pending)
    counts.update(type(e).__name__ for e in pending)


def _transition_lines(ref: str, events: list[Candidate.Event]) -> list[str]:
    lines = []
    for event in events:
        if isinstance(event, Candidate.StageChanged | Candidate.ContactChanged):
            region = "stage" if isinstance(event, Candidate.StageChanged) else "contact"
            lines.append(f"{ref} {region} {event.source} → {event.dest}")
        elif isinstance(event, Candidate.ProgressionPaused):
            lines.append(f"{ref} {event.application_id} paused")
    return lines
