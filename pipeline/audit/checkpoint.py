"""Checkpoints: the heads a verify that found nothing saw, recorded in the store (auditlog.py).

`verify(checkpoint=True)` records one after a whole-store verify (or an incremental one) that
found nothing: the anchor document of the verified heads (signed with the audit key if there
is one) and the position in the log the verify started from. `verify(since_checkpoint=True)`
then checks only the candidates with events after that position, from their checkpointed
heads on. A full verify compares the store with the latest checkpoint too, as with an anchor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import IntegrityError

from pipeline.audit.anchor import Anchor, AnchorRefused, read_anchor
from pipeline.audit.auditlog import AUDIT_LOG_ID, AuditLog
from pipeline.errors import StoreError

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline


@dataclass(frozen=True)
class Checkpoint:
    version: int  # of the audit log's entry
    position: int
    anchor: Anchor
    signed: bool

    def describe(self) -> str:
        at = self.anchor.at.isoformat()
        return (
            f"checkpoint {self.version} of {at} (log position {self.position}, "
            f"{len(self.anchor.heads)} candidates)"
        )


def latest_checkpoint(app: Pipeline, key: bytes | None) -> tuple[Checkpoint | None, str | None]:
    """The latest checkpoint, and what is wrong with it (a tampered one is not used)."""
    stored = app.recorder.select_events(AUDIT_LOG_ID, desc=True, limit=1)
    if not stored:
        return None, None
    version = stored[0].originator_version
    try:
        event: Any = app.mapper.to_domain_event(stored[0])
        document, position = event.checkpoint, int(event.position)
        signed = key is not None and "hmac" in document
        anchor = read_anchor(document, key if signed else None)
    except AnchorRefused as refused:
        return None, f"checkpoint {version} of the audit log is not used: {refused}"
    except Exception as error:  # a tampered row can fail in any way
        return None, f"checkpoint {version} of the audit log cannot be read: {error}"
    return Checkpoint(version, position, anchor, signed), None


def record_checkpoint(
    app: Pipeline, anchor: Anchor, position: int, key: bytes | None, after: int
) -> str:
    """Record `anchor` as the next checkpoint (after the audit log's version `after`)."""
    if app.read_only:
        raise StoreError("the store is open read-only: no checkpoint is recorded")
    event = AuditLog.CheckpointRecorded(  # type: ignore[call-arg]
        originator_id=AUDIT_LOG_ID,
        originator_version=after + 1,
        timestamp=app.clock.now(),
        position=position,
        checkpoint=anchor.document(key),
    )
    try:
        app.events.put([event])
    except IntegrityError:
        raise StoreError("another verify recorded a checkpoint meanwhile: none recorded") from None
    return Checkpoint(after + 1, position, anchor, key is not None).describe()
