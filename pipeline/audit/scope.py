"""Which candidates a verify reads, and what it checks of the store as a whole.

A verify of named candidates reads only theirs: their events, snapshots and rows. A
whole-store verify lists the candidates from the log's index (`log_versions`, no scan of the
events), and afterwards looks for what no candidate's own audit can see: read-model rows of a
candidate the log does not hold, candidates an anchor saw that are gone, and a configuration
log shorter than an anchor saw. An incremental verify (`since_checkpoint`) reads only the
candidates with events after the checkpoint's position, but checks every checkpointed head
against the log's index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pipeline.audit.anchor import Anchor
from pipeline.audit.auditlog import AUDIT_LOG_ID
from pipeline.audit.candidates import Partial, Scope
from pipeline.audit.checkpoint import Checkpoint
from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.reading import NOT_CANDIDATES, SCAN_PAGE, candidate_ids, candidate_pages
from pipeline.audit.report import Discrepancy
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline


class NoCheckpoint(PipelineError):
    def __init__(self) -> None:
        super().__init__(
            "the store has no checkpoint yet: run a whole verify with checkpoint "
            "(pipeline audit verify --checkpoint) first"
        )


@dataclass
class Plan:
    ids: list[UUID]
    scope: Scope
    whole: bool  # every candidate of the store is read
    since: str | None = None
    found: list[Discrepancy] = field(default_factory=list)


def plan(
    app: Pipeline, refs: Sequence[str] | None, since: Checkpoint | None, anchors: list[Anchor]
) -> Plan:
    if refs is not None:
        return Plan(candidate_ids(app, refs), Scope(anchors), whole=False)
    if since is None:
        return Plan(candidate_ids(app, None), Scope(anchors), whole=True)
    changed = changed_since(app, since.position)
    return Plan(
        changed,
        Scope([a for a in anchors if a is not since.anchor], since.anchor),
        whole=False,
        since=f"since {since.describe()}: {len(changed)} changed",
        found=deleted_since(app, since.anchor),
    )


def changed_since(app: Pipeline, position: int) -> list[UUID]:
    """The candidates with events after `position` in the log, in the order they changed."""
    changed: dict[UUID, None] = {}
    while page := app.recorder.select_notifications(
        start=position, limit=SCAN_PAGE, inclusive_of_start=False
    ):
        for notification in page:
            originator = UUID(str(notification.originator_id))
            if originator not in NOT_CANDIDATES:
                changed.setdefault(originator, None)
        position = page[-1].id
    return list(changed)


def deleted_since(app: Pipeline, anchor: Anchor) -> list[Discrepancy]:
    """Anchored candidates the log no longer holds, or holds with fewer events."""
    last = {key: version for page in candidate_pages(app) for key, version in page}
    found = []
    for key, (version, _) in anchor.heads.items():
        now = last.get(key, 0)
        if now < version:
            found.append(_deleted(app, anchor, key, version, now))
    return found


def _deleted(app: Pipeline, anchor: Anchor, key: UUID, version: int, now: int) -> Discrepancy:
    when = f"the anchor of {anchor.at.isoformat()}"
    if now == 0:
        why = (
            f"the log holds no event of this candidate, but {when} saw version {version}: "
            "the candidate was deleted"
        )
    else:
        why = (
            f"the log ends at version {now}, but {when} saw version {version}: the last "
            "events were deleted"
        )
    return Discrepancy(
        check="anchor", candidate=ref_of(app, key), candidate_id=key, version=version, message=why
    )


def ref_of(app: Pipeline, key: UUID) -> str:
    """The candidate's ref, from its registration if the log still holds it (else its id)."""
    first = app.recorder.select_events(key, limit=1)
    try:
        ref = getattr(app.mapper.to_domain_event(first[0]), "ref", None) if first else None
    except Exception:  # a tampered row: the id names the candidate as well
        ref = None
    return ref if isinstance(ref, str) else key.hex


def store_findings(
    app: Pipeline, plan: Plan, book: ConfigurationBook, partial: Partial
) -> list[Discrepancy]:
    """What only the whole store shows: rows of no candidate, candidates gone since an anchor,
    and the configuration log against the anchors."""
    since = [plan.scope.since] if plan.scope.since else []
    found = _configuration_against([*plan.scope.anchors, *since], book)
    if not plan.whole:
        return found
    seen = {str(key) for key in partial.heads}
    for anchor in plan.scope.anchors:
        found += [
            _deleted(app, anchor, key, head[0], 0)
            for key, head in anchor.heads.items()
            if str(key) not in seen
        ]
    orphans = sorted(app.read_model.row_candidate_ids() - seen)
    rows = app.read_model.stored_rows(orphans)
    return found + [_orphan(UUID(key), rows[key].candidate) for key in orphans]


def _configuration_against(anchors: Sequence[Anchor], book: ConfigurationBook) -> list[Discrepancy]:
    found = []
    for anchor in anchors:
        version, digest = anchor.configuration
        if version and book.chain.links.get(version) != digest:
            why = (
                f"the configuration log does not hold version {version} as the anchor of "
                f"{anchor.at.isoformat()} saw it: entries were deleted or rewritten"
            )
            found.append(Discrepancy(check="anchor", version=version, message=why))
    return found


def _orphan(key: UUID, row: dict[str, Any] | None) -> Discrepancy:
    version = int(row["version"]) if row is not None else None
    why = (
        f"version {version} was saved, but the log holds no event of this candidate"
        if row is not None
        else "messages or tasks of a candidate the log holds no event of"
    )
    return Discrepancy(
        check="head" if row is not None else "read_model",
        candidate=key.hex,
        candidate_id=key,
        version=version,
        message=why,
    )


def audit_log_version(app: Pipeline) -> int:
    latest = app.recorder.select_events(AUDIT_LOG_ID, desc=True, limit=1)
    return latest[0].originator_version if latest else 0
