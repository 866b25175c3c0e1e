"""Check-in (R8): after some days with no contact either way, ask how things are going.

The email asks whether anything worries the candidate and adds an encouraging line; to a
candidate who holds an offer it is the offer-stage follow-up instead (内定後のフォロー: any
questions about the offer, and when they expect to decide). It expects an answer, so contact
becomes `awaiting_reply` and silence detection takes over from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pipeline.candidate import Candidate
from pipeline.policy import ChangeContact, Decision, QueueMessage
from pipeline.states import AppState, Contact, Stage
from policies import templates
from policies.base import StandardPolicy, days_for_risk, is_working
from policies.calendar import send_time


class CheckIn(StandardPolicy):
    name = "check_in"

    def days(self, candidate: Candidate) -> int:
        assert candidate.last_contact_at is not None
        config = self.config
        return days_for_risk(
            candidate,
            candidate.last_contact_at,
            config.check_in_days,
            config.check_in_days_high_risk,
        )

    def due(self, candidate: Candidate) -> datetime | None:
        if (
            candidate.contact != Contact.RESPONSIVE
            or candidate.stage == Stage.REGISTERED
            or not is_working(candidate)
            or not self.email_to(candidate)
            or candidate.last_contact_at is None
        ):
            return None
        return candidate.last_contact_at + timedelta(days=self.days(candidate))

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        due, to = self.due(candidate), self.email_to(candidate)
        if due is None or due > now or to is None:
            return ()
        days = self.days(candidate)
        if candidate.stage == Stage.OFFERED and not self.rules_0_1_0:  # 0.1.0: job-search text
            subject, body = self.message("check_in_offer", candidate, offers=self.offers(candidate))
            reason = self.reason("check_in_offer", days=days)
        else:
            seed = sum(1 for m in candidate.messages.values() if m["kind"] == "check_in")
            line = templates.encouragement(
                self.language, seed, candidate_name=self.named(candidate.name)
            )
            subject, body = self.message("check_in", candidate, encouragement=line)
            reason = self.reason("check_in", days=days)
        return [
            QueueMessage(
                step=f"check-in:{due.isoformat()}",
                recipient="candidate",
                to=to,
                kind="check_in",
                language=self.language,
                subject=subject,
                body=body,
                due_at=send_time(due, self.config),
                at=due,
                reason=reason,
            ),
            ChangeContact(trigger="expect_reply", at=due, reason=reason),
        ]

    def offers(self, candidate: Candidate) -> str:
        """The offers the candidate holds, as the offer follow-up names them."""
        named = [
            templates.text(
                self.language,
                "texts",
                "offer",
                employer=self.named(a["employer"]),
                job_title=a["job_title"],
            )
            for a in candidate.applications.values()
            if a["state"] == AppState.OFFERED
        ]
        return templates.text(self.language, "texts", "offer_separator").join(named)
