"""Silence detection: no reply within the threshold turns `awaiting_reply` into `silent`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pipeline import Candidate
from pipeline.policy import ChangeContact, Decision
from pipeline.states import Contact, RiskLevel
from policies.base import StandardPolicy, is_working


class SilenceDetection(StandardPolicy):
    name = "silence_detection"

    def threshold_days(self, candidate: Candidate) -> int:
        """Shorter when the risk is high at the moment the shorter threshold would end."""
        assert candidate.contact_since is not None
        early = candidate.contact_since + timedelta(days=self.config.silence_days_high_risk)
        if candidate.risk_level(early) == RiskLevel.HIGH:
            return self.config.silence_days_high_risk
        return self.config.silence_days

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
