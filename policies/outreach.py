"""Persistent outreach (R6, R9): one call a day and a polite email every few days, all month.

Day 0 is the moment silence is detected; the window (30 days at least) runs from there. Steps
are keyed by the day they land on, so with the business calendar two steps that move to the
same Monday make one task, and a late tick does only the latest step, not a burst.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from pipeline.candidate import Candidate
from pipeline.policy import CreateTask, Decision, On, QueueMessage
from pipeline.states import IN_PROGRESS, Contact
from policies import templates
from policies.base import Cadence, StandardPolicy, is_working, series
from policies.calendar import local_date, send_time, task_day
from policies.config import PolicyConfig


class PersistentOutreach(StandardPolicy):
    name = "persistent_outreach"
    attached_to = (On("ContactChanged", dest=Contact.SILENT.value),)

    window_days: int

    def __init__(self, config: PolicyConfig) -> None:
        super().__init__(config)
        self.window_days = config.outreach_window_days

    def calls(self, candidate: Candidate) -> Cadence:
        assert candidate.silent_since is not None
        return Cadence(candidate.silent_since, 1, self.window_days)

    def emails(self, candidate: Candidate) -> Cadence:
        assert candidate.silent_since is not None
        every = self.config.outreach_email_every_days
        return Cadence(candidate.silent_since, every, (self.window_days - 1) // every + 1)

    def call_step(self, candidate: Candidate, moment: datetime) -> str:
        return f"outreach-call:{series(candidate)}:{task_day(moment, self.config)}"

    def email_step(self, candidate: Candidate, moment: datetime) -> str:
        day = local_date(send_time(moment, self.config), self.config)
        return f"outreach-email:{series(candidate)}:{day.isoformat()}"

    def active(self, candidate: Candidate) -> bool:
        return candidate.contact == Contact.SILENT and is_working(candidate)

    def latest_mark(self, steps: Iterable[str], prefix: str) -> str | None:
        return max((step for step in steps if step.startswith(prefix)), default=None)

    def next_call(self, candidate: Candidate) -> int | None:
        cadence = self.calls(candidate)
        steps = (t["step"] for t in candidate.tasks.values())
        latest = self.latest_mark(steps, f"outreach-call:{series(candidate)}:")
        return cadence.next_step(latest, lambda k: self.call_step(candidate, cadence.moment(k)))

    def next_email(self, candidate: Candidate) -> int | None:
        if not candidate.email:
            return None
        cadence = self.emails(candidate)
        prefix = f"outreach-email:{series(candidate)}:"
        latest = self.latest_mark((m["step"] for m in candidate.messages.values()), prefix)
        return cadence.next_step(latest, lambda k: self.email_step(candidate, cadence.moment(k)))

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        return [*self.call(candidate, 0), *self.email(candidate, 0)]

    def due(self, candidate: Candidate) -> datetime | None:
        if not self.active(candidate):
            return None
        call, email = self.next_call(candidate), self.next_email(candidate)
        moments = [
            self.calls(candidate).moment(call) if call is not None else None,
            self.emails(candidate).moment(email) if email is not None else None,
        ]
        return min((m for m in moments if m is not None), default=None)

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        if not self.active(candidate):
            return ()
        call_k = self.calls(candidate).latest_due(self.next_call(candidate), now)
        email_k = self.emails(candidate).latest_due(self.next_email(candidate), now)
        calls = self.call(candidate, call_k) if call_k is not None else []
        emails = self.email(candidate, email_k) if email_k is not None else []
        return [*calls, *emails]

    def call(self, candidate: Candidate, k: int) -> list[Decision]:
        moment = self.calls(candidate).moment(k)
        phone = candidate.phone or templates.text(self.language, "texts", "no_phone")
        title = self.task_title(
            "call", candidate_name=candidate.name, phone=phone, day=k, window=self.window_days
        )
        return [
            CreateTask(
                step=self.call_step(candidate, moment),
                kind="call",
                title=title,
                due_on=task_day(moment, self.config),
                advisor=candidate.advisor,
                at=moment,
                reason=self.reason("outreach_call", day=k),
            )
        ]

    def email(self, candidate: Candidate, k: int) -> list[Decision]:
        if not candidate.email:
            return []
        cadence = self.emails(candidate)
        moment = cadence.moment(k)
        day = k * cadence.every_days
        waiting = any(
            a["hiring_intent"] and a["state"] in IN_PROGRESS
            for a in candidate.applications.values()
        )
        pending_key = "pending_selection" if waiting else "nothing_pending"
        pending = templates.text(self.language, "texts", pending_key)
        subject, body = self.message("outreach", candidate, pending=pending)
        return [
            QueueMessage(
                step=self.email_step(candidate, moment),
                recipient="candidate",
                to=candidate.email,
                kind="outreach",
                language=self.language,
                subject=subject,
                body=body,
                due_at=send_time(moment, self.config),
                at=moment,
                reason=self.reason("outreach_email", day=day),
            )
        ]
