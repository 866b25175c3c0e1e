"""`verify`: replay the store and check it, candidate by candidate, each replayed once.

For every candidate: the hash chain (chain.py); every transition against the tables and the
replayed state (legality.py); every batch of policy decisions re-run with the configuration it
cites (reproduce.py); its snapshots and read-model rows against the replay (candidates.py).
Then the store as a whole: the configuration log's chain (configchain.py), rows of no
candidate, and every head an anchor or the latest checkpoint saw (anchor.py, checkpoint.py).
`jobs` spreads the candidates over processes (jobs.py); `since_checkpoint` checks only what
was added after the latest checkpoint; `checkpoint` records one when nothing was found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pipeline.audit import scope as scoping
from pipeline.audit.anchor import Anchor, read_anchor
from pipeline.audit.candidates import Partial, Scope, audit_candidates
from pipeline.audit.checkpoint import Checkpoint, latest_checkpoint, record_checkpoint
from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.jobs import audit_in_processes
from pipeline.audit.reading import configuration_events
from pipeline.audit.report import Discrepancy, VerifyReport

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

Progress = Callable[[int, int], None]  # (candidates done, candidates in all)


@dataclass
class Options:
    refs: list[str] | None = None
    jobs: int = 1
    anchor: Anchor | None = None
    key: bytes | None = None
    since_checkpoint: bool = False
    checkpoint: bool = False
    notes: list[str] = field(default_factory=list)


def verify(
    app: Pipeline,
    refs: Iterable[str] | None = None,
    progress: Progress | None = None,
    *,
    jobs: int = 1,
    anchor: Mapping[str, Any] | None = None,
    key: bytes | None = None,
    since_checkpoint: bool = False,
    checkpoint: bool = False,
) -> VerifyReport:
    """Check the whole store, or the candidates named by ref or id.

    `jobs`: processes to spread a whole-store verify over. `anchor`: an anchor document
    (`anchor_store`) whose heads the log must still hold. `key`: the audit key (keys.py), to
    check and make signatures. `since_checkpoint`: only what was added since the latest
    checkpoint. `checkpoint`: record the verified heads as a checkpoint if nothing was found.
    """
    options = Options(
        refs=None if refs is None else list(refs),
        jobs=jobs,
        key=key,
        anchor=None if anchor is None else read_anchor(anchor, key),
        since_checkpoint=since_checkpoint,
        checkpoint=checkpoint,
    )
    return Verification(app, options).run(progress)


class Verification:
    def __init__(self, app: Pipeline, options: Options) -> None:
        self.app, self.options = app, options
        self.position = app.recorder.max_notification_id() or 0
        self.config_events = configuration_events(app)
        self.book = ConfigurationBook(self.config_events)
        self.found: list[Discrepancy] = []
        self.latest, problem = latest_checkpoint(app, options.key)
        if problem is not None:
            self.found.append(Discrepancy(check="anchor", message=problem))

    def run(self, progress: Progress | None) -> VerifyReport:
        options, notes = self.options, self.options.notes
        plan = scoping.plan(self.app, options.refs, self.since(), self.anchors())
        partial = self.audit(plan.ids, plan.scope, progress)
        self.found += plan.found + partial.found
        self.found += scoping.store_findings(self.app, plan, self.book, partial)
        notes += [self.book.note] if self.book.note else []
        discrepancies = _unique([*self.book.problems, *self.found])
        recorded = None
        if options.checkpoint and not discrepancies:
            recorded = self.record(plan, partial)
        return VerifyReport(
            candidates=partial.candidates,
            events=partial.tally.events,
            transitions=partial.tally.transitions,
            decisions=partial.tally.decisions,
            unverified=partial.tally.unverified,
            configurations=len(self.book.documents),
            discrepancies=discrepancies,
            notes=notes,
            since=plan.since,
            checkpoint=recorded,
        )

    def since(self) -> Checkpoint | None:
        if not self.options.since_checkpoint:
            return None
        if self.latest is None:
            raise scoping.NoCheckpoint()
        return self.latest

    def anchors(self) -> list[Anchor]:
        """What the heads are compared with: an anchor file, and the latest checkpoint (trusted
        only when signed with the key given, or when no key was given at all)."""
        found = [self.options.anchor] if self.options.anchor else []
        if self.latest is not None and (self.latest.signed or self.options.key is None):
            found.append(self.latest.anchor)
        elif self.latest is not None:
            self.options.notes.append(
                f"{self.latest.describe()} is not signed with the audit key: it is not compared"
            )
        return found

    def audit(self, ids: list[UUID], scope: Scope, progress: Progress | None) -> Partial:
        def done(count: int) -> None:
            if progress is not None:
                progress(count, len(ids))

        if self.options.jobs > 1 and len(ids) > 1:
            jobs = self.options.jobs
            return audit_in_processes(self.app, self.book, ids, scope, jobs=jobs, progress=done)
        return audit_candidates(self.app, self.book, ids, scope, done)

    def record(self, plan: scoping.Plan, partial: Partial) -> str | None:
        if self.options.refs is not None:
            return None
        heads = dict(plan.scope.since.heads if plan.scope.since else {}) | partial.heads
        anchor = Anchor(self.app.clock.now(), heads, self.book.chain.head)
        after = scoping.audit_log_version(self.app)
        return record_checkpoint(self.app, anchor, self.position, self.options.key, after)


def _unique(found: list[Discrepancy]) -> list[Discrepancy]:
    return list(dict.fromkeys(found))
