"""The audit's own log in the store: the checkpoints `verify` records (docs/audit.md).

A checkpoint is what a verify that found nothing saw: every candidate's head, the
configuration log's head and the root hash over them (the anchor's digest, `anchor.py`), the
position in the log it reached, and with an audit key, the HMAC over it all. Each one is an
event of this log; only the latest is ever read, so it is read alone, never by replaying the
log (each checkpoint names every candidate).
"""

from __future__ import annotations

from typing import Any
from uuid import uuid5

from eventsourcing.domain import Aggregate

from pipeline.candidate import CANDIDATE_NAMESPACE

AUDIT_LOG_ID = uuid5(CANDIDATE_NAMESPACE, "audit-log")


class AuditLog(Aggregate):
    """Never loaded whole: `CheckpointRecorded` events are written and read one at a time."""

    class CheckpointRecorded(Aggregate.Event):
        position: int  # the last notification of the log the verify reached
        checkpoint: dict[str, Any]  # the anchor document of the verified heads

        def apply(self, aggregate: Any) -> None:
            """Nothing to assign: the log is read event by event."""
