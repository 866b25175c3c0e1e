"""One candidate's whole audit: its history, its snapshots, its read-model rows, its anchors.

The history is replayed once (replay.py: chain, transitions, decisions); the state it ends on
is compared with the candidate's stored snapshots as the replay passes their versions
(snapshot_check.py) and, at the end, with its read-model rows (rows.py). Its head is compared
with the head the read model saved, and with any anchor (a file, or the latest checkpoint)
that saw the candidate. Candidates are read a page at a time, with their rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pipeline.audit.anchor import Anchor, Head, head_problem
from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.reading import History, history
from pipeline.audit.replay import CandidateAudit, Tally
from pipeline.audit.report import Check, Discrepancy
from pipeline.audit.reproduce import runner_of
from pipeline.audit.rows import row_problems
from pipeline.candidate import Candidate
from pipeline.store.queries import StoredRows
from pipeline.store.readmodel import unstamp
from pipeline.store.snapshots import snapshotted as with_snapshots

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

PAGE = 200  # candidates read (with their rows) at a time


@dataclass(frozen=True)
class Scope:
    """What candidates are compared with besides their own history."""

    anchors: Sequence[Anchor] = ()  # an anchor file, the latest checkpoint
    since: Anchor | None = None  # an incremental verify: what the checkpoint verified


@dataclass
class Partial:
    """What auditing some of the candidates found (a process's share, with `jobs`)."""

    tally: Tally = field(default_factory=Tally)
    found: list[Discrepancy] = field(default_factory=list)
    heads: dict[UUID, Head] = field(default_factory=dict)
    candidates: int = 0


def audit_candidates(
    app: Pipeline,
    book: ConfigurationBook,
    ids: Sequence[UUID],
    scope: Scope,
    progress: Callable[[int], None] = lambda done: None,
) -> Partial:
    partial = Partial()
    for start in range(0, len(ids), PAGE):
        page = ids[start : start + PAGE]
        rows = app.read_model.stored_rows([str(i) for i in page])
        snapshotted = set() if app.snapshots is None else with_snapshots(app.snapshots, page)
        for done, candidate_id in enumerate(page, start + 1):
            findings = CandidateFindings(app, book, partial.tally, scope)
            audited = findings.run(
                candidate_id, rows[str(candidate_id)], candidate_id in snapshotted
            )
            if audited is not None:
                partial.found += audited[0]
                partial.heads[candidate_id] = audited[1]
                partial.candidates += 1
            progress(done)
    return partial


class CandidateFindings:
    def __init__(self, app: Pipeline, book: ConfigurationBook, tally: Tally, scope: Scope) -> None:
        self.app, self.book, self.tally, self.scope = app, book, tally, scope
        self.found: list[Discrepancy] = []
        self.history = History(UUID(int=0))

    def run(
        self, candidate_id: UUID, stored: StoredRows, snapshotted: bool = True
    ) -> tuple[list[Discrepancy], Head] | None:
        """What is wrong with the candidate, and its head; None when it is no candidate.
        `snapshotted`: whether it has a snapshot to read."""
        self.history = history(self.app, candidate_id)
        if self.history.foreign:
            return None
        since = self.scope.since.heads.get(candidate_id) if self.scope.since else None
        snapshots = self.snapshots(candidate_id) if snapshotted else []
        audit = CandidateAudit(self.history, self.book, self.tally, snapshots)
        self.found += audit.run(since[0] if since else 0)
        for anchor in [*self.scope.anchors, self.scope.since]:
            self.against(anchor)
        if not self.history.events:  # none could be read: each is reported
            return self.found, (0, "")
        if not self.saved_head_differs(stored) and audit.state is not None:
            self.rows(audit, audit.state, stored)
        events = self.history.events
        return self.found, (events[-1].originator_version, events[-1].event_hash)

    def against(self, anchor: Anchor | None) -> None:
        anchored = anchor.heads.get(self.history.candidate_id) if anchor else None
        if anchor is not None and anchored is not None:
            problem = head_problem(anchored, self.history.events, anchor.at)
            if problem is not None:
                self.report("anchor", *problem)

    def saved_head_differs(self, stored: StoredRows) -> bool:
        """A log that ends before the head its read-model row saved, or on another hash."""
        row, last = stored.candidate, self.history.events[-1]
        if row is None:
            return False
        version = int(row["version"])
        if version > last.originator_version:
            why = (
                f"the log ends at version {last.originator_version}, but version {version} "
                "was saved: the last events are missing"
            )
        elif version == last.originator_version and row["head_hash"] != last.event_hash:
            why = "the last event's hash differs from the head saved with it: history rewritten"
        else:
            return False
        self.report("head", version, why)
        return True

    def rows(self, audit: CandidateAudit, state: Candidate, stored: StoredRows) -> None:
        dues = self.dues(audit, state)
        if not dues and stored.candidate is not None:  # no configuration to say: not checked
            dues = [unstamp(stored.candidate["next_due_at"])]
        problems = row_problems(state, dues, stored)
        for problem in problems:
            self.report("read_model", state.version, problem)

    def dues(self, audit: CandidateAudit, state: Candidate) -> list[datetime | None]:
        """The next due moments the configurations in force at the last save give."""
        last = self.history.events[-1].timestamp
        cited = [audit.last_config, *self.book.in_force(last), self.book.latest()]
        dues = []
        for config_id in dict.fromkeys(c for c in cited if c):
            policies = self.book.policies(config_id)
            if policies is not None:
                dues.append(runner_of(policies, config_id).next_due(state))
        return dues

    def snapshots(self, candidate_id: UUID) -> list[Any]:
        if self.app.snapshots is None:
            return []
        readable = []
        for stored in self.app.snapshots.recorder.select_events(candidate_id):
            try:
                readable.append(self.app.mapper.to_domain_event(stored))
            except Exception as error:  # a tampered row can fail in any way
                why = f"the stored snapshot cannot be read: {type(error).__name__}: {error}"
                self.report("snapshot", stored.originator_version, why)
        return readable

    def report(self, check: Check, version: int | None, message: str) -> None:
        self.found.append(self.history.found(check, version, message))
