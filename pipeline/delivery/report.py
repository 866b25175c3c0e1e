"""What one run of the relay did, counted as it goes (the CLI's progress line reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pipeline.delivery.transport import Verdict


@dataclass
class DeliveryReport:
    started_at: datetime
    dry_run: bool = False
    due: int = 0  # the messages taken in this run (due by now, at most the limit)
    sent: int = 0
    retrying: int = 0  # failed for now: queued again for later
    failed: int = 0  # failed for good (refused, or the last attempt), with a task
    uncertain: int = 0  # lost after the data went out, with a task
    skipped: int = 0  # another relay had it, or a reply cancelled it, meanwhile
    expired: int = 0  # claims whose relay stopped: made uncertain
    stopped: str | None = None  # why the run ended early
    unreachable: bool = False  # it ended early because the server could not be reached
    waiting_until: datetime | None = None  # outside the send hours: when they open
    would_send: list[str] = field(default_factory=list)  # a dry run's messages

    @property
    def done(self) -> int:
        """The messages dealt with so far."""
        return self.sent + self.retrying + self.failed + self.uncertain + self.skipped

    def count(self, verdict: Verdict, *, retrying: bool = False) -> None:
        if verdict == Verdict.SENT:
            self.sent += 1
        elif verdict == Verdict.UNCERTAIN:
            self.uncertain += 1
        elif verdict == Verdict.ABANDONED:
            self.skipped += 1
        elif retrying:
            self.retrying += 1
        else:
            self.failed += 1
