"""Persistent outreach (R6, R9): one call a day and a polite email every few days, all month.

Day 0 is the moment silence began. The outreach runs until it has run on
`outreach_window_days` days (30 at least): a day counts when the policy made its call task, or
when the advisor recorded a contact that day (which is that day's call, done). A gap in ticks
(cron down, a back-dated history) therefore extends the outreach instead of skipping it, and
the call task after a gap says so. Steps are keyed by the day they land on, so with the
business calendar two steps that move to the same Monday make one task, and a late tick does
only the latest step, not a burst; a new call closes yesterday's if it was not done, and a new
email replaces the candidate's messages still waiting to go out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from pipeline.candidate import Candidate
from pipeline.policy import CloseTask, CreateTask, Decision, On, QueueMessage
from pipeline.states import IN_PROGRESS, Contact
from policies import templates
from policies.base import Cadence, StandardPolicy, is_working, outreach_done, series
from policies.calendar import local_date, send_time, task_day
from policies.config import PolicyConfig
from policies.outreach_days import day_number, missed, supersede_calls, supersede_messages


class PersistentOutreach(StandardPolicy):
    name = "persistent_outreach"
    attached_to = (On("ContactChanged", dest=Contact.SILENT.value), On("OutboundContactRecorded"))

    window_days: int

    def __init__(self, config: PolicyConfig) -> None:
        super().__init__(config)
        self.window_days = config.outreach_window_days

    def calls(self, candidate: Candidate) -> Cadence:
        assert candidate.silent_since is not None
        count = self.window_days if self.rules_0_1_0 else None  # 0.1.0: the calendar window
        return Cadence(candidate.silent_since, 1, count)

    def emails(self, candidate: Candidate) -> Cadence:
        assert candidate.silent_since is not None
        every = self.config.outreach_email_every_days
        count = (self.window_days - 1) // every + 1 if self.rules_0_1_0 else None  # 0.1.0
        return Cadence(candidate.silent_since, every, count)

    def call_step(self, candidate: Candidate, day: str) -> str:
        return f"outreach-call:{series(candidate)}:{day}"

    def email_step(self, candidate: Candidate, moment: datetime) -> str:
        return f"outreach-email:{series(candidate)}:{self.email_day(moment)}"

    def email_day(self, moment: datetime) -> str:
        return local_date(send_time(moment, self.config), self.config).isoformat()

    def active(self, candidate: Candidate) -> bool:
        if candidate.contact != Contact.SILENT or not is_working(candidate):
            return False
        return self.rules_0_1_0 or not outreach_done(candidate, self.config)

    def next_call(self, candidate: Candidate) -> int | None:
        cadence = self.calls(candidate)
        latest = candidate.latest_steps.get(f"outreach-call:{series(candidate)}")
        return cadence.next_step(latest, lambda k: self.day_of(k, cadence))

    def day_of(self, k: int, cadence: Cadence) -> str:
        return task_day(cadence.moment(k), self.config)

    def next_email(self, candidate: Candidate) -> int | None:
        if not self.email_to(candidate):
            return None
        cadence = self.emails(candidate)
        latest = candidate.latest_steps.get(f"outreach-email:{series(candidate)}")
        return cadence.next_step(latest, lambda k: self.email_day(cadence.moment(k)))

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        if isinstance(event, Candidate.OutboundContactRecorded):
            return self.contact_day(candidate, event)
        if self.rules_0_1_0:  # 0.1.0: day 0 on the silence itself, so a late tick made two
            return [*self.call(candidate, 0), *self.email(candidate, 0)]
        return ()  # day 0 is taken by time like every other day: after a gap, the day it runs

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
        cadence = self.calls(candidate)
        moment, day = cadence.moment(k), self.day_of(k, cadence)
        number = k if self.rules_0_1_0 else day_number(candidate, day)
        task = self.call_task(candidate, day, number, self.call_reason(candidate, k, day), moment)
        if self.rules_0_1_0:  # 0.1.0: yesterday's call stayed open beside today's
            return [task]
        superseded = self.reason("call_superseded", day=day)
        return [*supersede_calls(candidate, day, moment, superseded), task]

    def call_task(
        self, candidate: Candidate, day: str, number: int, reason: str, at: datetime | None
    ) -> CreateTask:
        phone = candidate.phone or templates.text(self.language, "texts", "no_phone")
        # A candidate who asked not to be called still has the day's outreach (R6, R9), on the
        # channels left to it: the task says so instead of asking for a call.
        key = "call_opted_out" if candidate.opted_out_of("phone") else "call"
        title = self.task_title(
            key,
            candidate_name=self.named(candidate.name),
            phone=phone,
            day=number,
            window=self.window_days,
        )
        return CreateTask(
            step=self.call_step(candidate, day),
            kind="call",
            title=title,
            due_on=day,
            advisor=candidate.advisor,
            at=at,
            reason=reason,
        )

    def call_reason(self, candidate: Candidate, k: int, day: str) -> str:
        if self.rules_0_1_0:  # 0.1.0: the calendar day since silence began
            return self.reason("outreach_call", day=k)
        number = day_number(candidate, day)
        reason = self.reason("outreach_call_day", day=number, window=self.window_days)
        gap = missed(candidate, date.fromisoformat(day), self.config)
        if gap is None:
            return reason
        first, last = (d.isoformat() for d in gap)
        return reason + self.reason("outreach_extended", first=first, last=last)

    def contact_day(
        self, candidate: Candidate, event: Candidate.OutboundContactRecorded
    ) -> list[Decision]:
        """A contact the advisor recorded while silent is that day's outreach: its call, done
        (and an earlier call still open is superseded by it, as by any later day's call)."""
        if self.rules_0_1_0 or not self.active(candidate):
            return []
        assert candidate.silent_since is not None
        day = local_date(event.occurred_at, self.config).isoformat()
        if event.occurred_at < candidate.silent_since or day in candidate.outreach_dates:
            return []
        reason = self.reason("outreach_contact")
        task = self.call_task(candidate, day, day_number(candidate, day), reason, None)
        done = CloseTask(task_id=candidate.message_id_for(task.step), status="done", reason=reason)
        superseded = self.reason("call_superseded", day=day)
        return [*supersede_calls(candidate, day, event.occurred_at, superseded), task, done]

    def email(self, candidate: Candidate, k: int) -> list[Decision]:
        to = self.email_to(candidate)
        if not to:
            return []
        cadence = self.emails(candidate)
        moment = cadence.moment(k)
        waiting = any(
            a["hiring_intent"] and a["state"] in IN_PROGRESS
            for a in candidate.applications.values()
        )
        pending_key = "pending_selection" if waiting else "nothing_pending"
        pending = templates.text(self.language, "texts", pending_key)
        subject, body = self.message("outreach", candidate, pending=pending)
        if self.rules_0_1_0:  # 0.1.0: the calendar day; earlier emails could still be queued
            reason, replaced = self.reason("outreach_email", day=k * cadence.every_days), []
        else:
            day = day_number(candidate, task_day(moment, self.config))
            reason = self.reason("outreach_email_day", day=day)
            replaced = supersede_messages(candidate, moment, self.reason("message_superseded"))
        return [
            *replaced,
            QueueMessage(
                step=self.email_step(candidate, moment),
                recipient="candidate",
                to=to,
                kind="outreach",
                language=self.language,
                subject=subject,
                body=body,
                due_at=send_time(moment, self.config),
                at=moment,
                reason=reason,
            ),
        ]
