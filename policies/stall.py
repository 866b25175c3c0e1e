"""Stall employers (R5): employers who want to hire hear "final arrangements", never silence.

The first message goes out when silence began (or when an employer shows hiring intent while
the candidate is silent), then one every `stall_every_days` while the outreach runs: however
long it is extended, and after a gap in ticks one message now, neither none nor a burst. Each
employer's messages are keyed by the cadence step they answer, so one that joined late is
neither stalled twice for a step nor back-dated to the start of the silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pipeline.candidate import Candidate
from pipeline.policy import Decision, On, QueueMessage
from pipeline.records import ApplicationRecord
from pipeline.states import IN_PROGRESS, Contact
from policies.base import (
    Cadence,
    StandardPolicy,
    employer_address,
    is_working,
    outreach_done,
    series,
)
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
        if not self.rules_0_1_0 and outreach_done(candidate, self.config):
            return []  # the close comes next, with its withdrawal notice
        return [
            a
            for a in candidate.applications.values()
            if a["hiring_intent"] and a["state"] in IN_PROGRESS
        ]

    def cadence(self, candidate: Candidate) -> Cadence:
        assert candidate.silent_since is not None
        every = self.config.stall_every_days
        if not self.rules_0_1_0:
            return Cadence(candidate.silent_since, every, None)  # as long as the outreach runs
        count = (self.config.outreach_window_days - 1) // every + 1  # 0.1.0: calendar window
        return Cadence(candidate.silent_since, every, count)

    def step(self, candidate: Candidate, application_id: str, k: int) -> str:
        return f"stall:{series(candidate)}:{application_id}:{k}"

    def last_step(self, candidate: Candidate, application_id: str) -> int:
        """The latest cadence step this employer was stalled at in this silence (-1: none)."""
        return int(candidate.latest_steps.get(f"stall:{series(candidate)}:{application_id}", -1))

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        eligible = self.eligible(candidate)
        if isinstance(event, Candidate.HiringIntentMarked):
            eligible = [a for a in eligible if a["id"] == event.application_id]
            if not eligible:
                return ()
            k = self.cadence(candidate).index_at(event.occurred_at)
            return self.messages(candidate, eligible, k, event.occurred_at)
        if self.rules_0_1_0:  # 0.1.0: on the silence itself, so a late tick stalled twice
            return self.messages(candidate, eligible, 0, event.occurred_at)
        return ()  # the first stall is taken by time: after a gap, one for the latest step

    def due(self, candidate: Candidate) -> datetime | None:
        eligible = self.eligible(candidate)
        if not eligible:
            return None
        cadence = self.cadence(candidate)
        following = min(self.last_step(candidate, a["id"]) for a in eligible) + 1
        ended = cadence.count is not None and following >= cadence.count
        return None if ended else cadence.moment(following)

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        cadence = self.cadence(candidate) if self.eligible(candidate) else None
        if cadence is None or cadence.moment(0) > now:
            return ()
        k = cadence.index_at(now)
        lagging = [a for a in self.eligible(candidate) if self.last_step(candidate, a["id"]) < k]
        return self.messages(candidate, lagging, k, cadence.moment(k))

    def messages(
        self,
        candidate: Candidate,
        applications: list[ApplicationRecord],
        k: int,
        at: datetime,
    ) -> list[Decision]:
        decisions: list[Decision] = []
        for application in applications:
            first = self.last_step(candidate, application["id"]) < 0
            key = "stall" if first else "stall_follow_up"
            subject, body = self.message(
                key,
                candidate,
                employer=application["employer"],
                addressee=self.addressee(application["employer_contact"]),
                job_title=application["job_title"],
            )
            decisions.append(
                QueueMessage(
                    step=self.step(candidate, application["id"], k),
                    recipient="employer",
                    to=employer_address(application),
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
