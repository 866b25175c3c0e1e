"""`tick(now)`: run the time-based policies for every candidate with something due by `now`.

The due index of the read model says which candidates are due; only those are loaded, so the
cost of a tick follows the due candidates, not the store. Each candidate is one attempt of the
repository's retry loop: its decisions are saved all together or not at all. A dry run decides
the same on a copy of each candidate and saves nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
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
    turns = Turns(candidates, runner, moment, dry_run)
    seen: set[str] = set()
    transitions: list[str] = []
    cursor = ("", "")
    while page := due_index.due_candidates(stamp(moment) or "", cursor, TICK_PAGE):
        cursor = page[-1]
        for _, candidate_id in page:
            if candidate_id not in seen:
                seen.add(candidate_id)
                ref, pending = turns.take(UUID(candidate_id))
                transitions.extend(_transition_lines(ref, pending))
    counts = turns.counts
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


@dataclass
class Turns:
    """Each due candidate's turn in one tick, and what the turns decided, counted."""

    candidates: CandidateRepository
    runner: PolicyRunner
    moment: datetime
    dry_run: bool
    counts: Counter[str] = field(default_factory=Counter)

    def take(self, candidate_id: UUID) -> tuple[str, list[Candidate.Event]]:
        """The candidate's ref and the events it saved: none if other writers kept winning
        (it stays due for the next tick); a dry run's are decided on the copy `get` hands
        out and never saved."""
        if self.dry_run:
            candidate = self.decided(candidate_id)
            ref, pending = candidate.ref, _pending(candidate)
        else:
            try:
                ref, pending = self.saved(candidate_id)
            except ConcurrencyConflict:
                return str(candidate_id), []
        self.counts["processed"] += 1 if pending else 0
        self.counts["events"] += len(pending)
        self.counts.update(type(e).__name__ for e in pending)
        return ref, pending

    def saved(self, candidate_id: UUID) -> tuple[str, list[Candidate.Event]]:
        def attempt(number: int) -> tuple[Candidate, tuple[str, list[Candidate.Event]]]:
            candidate = self.decided(candidate_id)
            return candidate, (candidate.ref, _pending(candidate))

        def conflict() -> None:
            self.counts["conflicts"] += 1

        def exhausted() -> Exception:
            return ConcurrencyConflict(str(candidate_id), self.candidates.max_attempts)

        return self.candidates.retried(attempt, exhausted, conflict=conflict)

    def decided(self, candidate_id: UUID) -> Candidate:
        candidate = self.candidates.get(candidate_id)
        self.runner.run_due(candidate, self.moment)
        return candidate


def _pending(candidate: Candidate) -> list[Candidate.Event]:
    return [e for e in candidate.pending_events if isinstance(e, Candidate.Event)]


def _transition_lines(ref: str, events: list[Candidate.Event]) -> list[str]:
    lines = []
    for event in events:
        if isinstance(event, Candidate.StageChanged | Candidate.ContactChanged):
            region = "stage" if isinstance(event, Candidate.StageChanged) else "contact"
            lines.append(f"{ref} {region} {event.source} → {event.dest}")
        elif isinstance(event, Candidate.ProgressionPaused):
            lines.append(f"{ref} {event.application_id} paused")
    return lines
