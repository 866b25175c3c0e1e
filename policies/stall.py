"""Stall employers (R5): employers who want to hire hear "final arrangements", never silence.

The first message goes out when silence is detected (or when an employer shows hiring intent
while the candidate is silent), then one every `stall_every_days` while the silence lasts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pipeline import Candidate
from pipeline.policy import Decision, On, QueueMessage
from pipeline.records import ApplicationRecord
from pipeline.states import IN_PROGRESS, Contact
from policies import templates
from policies.base import Cadence, StandardPolicy, is_working, series
from policies.calendar import send_time


class StallEmployers(StandardPolicy):
    name = "stall_employers"
    attached_to = (
        On("ContactChanged", dest=Contact.SILENT.value),
        On("HiringIntentMarked"),
    )

    def eligible(self, candidate: Candidate) -> list[ApplicationRecord]:
        if candidate.contact != Contact.SILENT or not is_working(candidate):
            return []
        return [
            a
            for a in candidate.applications.values()
            if a["hiring_intent"] and a["state"] in IN_PROGRESS
        ]

    def cadence(self, candidate: Candidate) -> Cadence:
        assert candidate.silent_since is not None
        every = self.config.stall_every_days
        count = (self.config.outreach_window_days - 1) // every + 1
        return Cadence(candidate.silent_since, every, count)

    def step(self, candidate: Candidate, application_id: str, k: int | str) -> str:
        return f"stall:{series(candidate)}:{application_id}:{k}"

    def done(self, candidate: Candidate, k: int) -> bool:
        prefix, suffix = f"stall:{series(candidate)}:", f":{k}"
        return any(
            m["step"].startswith(prefix) and m["step"].endswith(suffix)
            for m in candidate.messages.values()
        )

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        if isinstance(event, Candidate.HiringIntentMarked):
            chosen = [a for a in self.eligible(candidate) if a["id"] == event.application_id]
            return self.messages(candidate, chosen, "intent", event.occurred_at)
        return self.messages(candidate, self.eligible(candidate), 0, event.occurred_at)

    def due(self, candidate: Candidate) -> datetime | None:
        if not self.eligible(candidate):
            return None
        return self.cadence(candidate).due(lambda k: self.done(candidate, k))

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        eligible = self.eligible(candidate)
        if not eligible:
            return ()
        cadence = self.cadence(candidate)
        k = cadence.latest_due(now, lambda k: self.done(candidate, k))
        return () if k is None else self.messages(candidate, eligible, k, cadence.moment(k))

    def messages(
        self,
        candidate: Candidate,
        applications: list[ApplicationRecord],
        k: int | str,
        at: datetime,
    ) -> list[Decision]:
        key = "stall" if k in (0, "intent") else "stall_follow_up"
        decisions: list[Decision] = []
        for application in applications:
            contact = application["employer_contact"] or templates.text(
                self.language, "texts", "no_contact_person"
            )
            subject, body = self.message(
                key,
                candidate,
                employer=application["employer"],
                employer_contact=contact,
                job_title=application["job_title"],
            )
            decisions.append(
                QueueMessage(
                    step=self.step(candidate, application["id"], k),
                    recipient="employer",
                    to=application["employer_contact"] or application["employer"],
                    application_id=application["id"],
                    kind=key,
                    language=self.language,
                    subject=subject,
                    body=body,
                    due_at=send_time(at, self.config),
                    at=at,
                    reason=self.reason("stall"),
                )
            )
        return decisions
