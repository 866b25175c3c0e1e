"""Silence detection: no reply within the threshold turns `awaiting_reply` into `silent`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pipeline.candidate import Candidate
from pipeline.policy import ChangeContact, Decision
from pipeline.states import Contact
from policies.base import StandardPolicy, days_for_risk, is_working


class SilenceDetection(StandardPolicy):
    name = "silence_detection"

    def threshold_days(self, candidate: Candidate) -> int:
        assert candidate.contact_since is not None
        config = self.config
        return days_for_risk(
            candidate, candidate.contact_since, config.silence_days, config.silence_days_high_risk
        )

    def due(self, candidate: Candidate) -> datetime | None:
        if candidate.contact != Contact.AWAITING_REPLY or not is_working(candidate):
            return None
        assert candidate.contact_since is not None
        return candidate.contact_since + timedelta(days=self.threshold_days(candidate))

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        due = self.due(candidate)
        if due is None or due > now:
            return ()
        days = self.threshold_days(candidate)
        return [
            ChangeContact(
                trigger="detect_silence", at=due, reason=self.reason("silence", days=days)
            )
        ]
