"""Close unreachable: when the outreach has run its course without a reply, end it politely.

Once outreach has run on `outreach_window_days` days of the silence (not a day fewer, however
late the ticks), at the start of the next day: contact becomes unreachable, the stage
closed_unreachable, open applications are withdrawn, their employers get a polite withdrawal
notice (never a word about silence), and queued outreach is cancelled; the reason says how
many days of outreach took place. Reopening the candidate cancels the notices still queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pipeline.candidate import Candidate
from pipeline.policy import (
    CancelMessage,
    ChangeApplication,
    ChangeContact,
    ChangeStage,
    CloseTask,
    Decision,
    On,
    QueueMessage,
)
from pipeline.states import IN_PROGRESS, OPEN_APPLICATION_STATES, Contact, Stage
from policies.base import StandardPolicy, employer_address, is_working, outreach_done, series
from policies.calendar import local_date, send_time
from policies.outreach_days import UNSENT


class CloseUnreachable(StandardPolicy):
    name = "close_unreachable"
    attached_to = (On("StageChanged", source=Stage.CLOSED_UNREACHABLE.value),)

    def due(self, candidate: Candidate) -> datetime | None:
        if candidate.contact != Contact.SILENT or not is_working(candidate):
            return None
        assert candidate.silent_since is not None
        if self.rules_0_1_0:  # 0.1.0: calendar days since silence, however little outreach ran
            return candidate.silent_since + timedelta(days=self.config.outreach_window_days)
        if not outreach_done(candidate, self.config):
            return None
        first = local_date(candidate.silent_since, self.config)
        last = date.fromisoformat(candidate.outreach_dates[-1])
        return candidate.silent_since + timedelta(days=(last - first).days + 1)

    def reasons(self, candidate: Candidate) -> tuple[str, str]:
        """The close's reason and the withdrawals'."""
        if self.rules_0_1_0:
            window = self.config.outreach_window_days
            return self.reason("close", window=window), self.reason("close_withdraw", window=window)
        dates = candidate.outreach_dates
        days: dict[str, Any] = {"days": len(dates), "first": dates[0], "last": dates[-1]}
        return self.reason("close_after", **days), self.reason("close_withdraw_after", **days)

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        due = self.due(candidate)
        if due is None or due > now:
            return ()
        close, withdraw = self.reasons(candidate)
        decisions: list[Decision] = [
            ChangeContact(trigger="give_up", at=due, reason=close),
            ChangeStage(trigger="close_unreachable", at=due, reason=close),
        ]
        for application in candidate.applications.values():
            if application["state"] in IN_PROGRESS:
                decisions.append(self.notice(candidate, application["id"], due))
            if application["state"] in OPEN_APPLICATION_STATES:
                decisions.append(
                    ChangeApplication(
                        application_id=application["id"],
                        trigger="withdraw",
                        at=due,
                        reason=withdraw,
                    )
                )
        cancel = self.reason("close_cancel")
        decisions += [
            CancelMessage(message_id=m["id"], at=due, reason=cancel)
            for m in candidate.messages.values()
            if m["status"] == "queued" and m["recipient"] == "candidate"
        ]
        decisions += [
            CloseTask(task_id=t["id"], status="cancelled", at=due, reason=cancel)
            for t in candidate.tasks.values()
            if t["status"] == "open" and t["kind"] == "call"
        ]
        return decisions

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        """Reopened: the withdrawal notices of the close it undoes are not sent."""
        if self.rules_0_1_0:  # 0.1.0: the notices stayed queued
            return ()
        reason = self.reason("reopen_cancel")
        return [
            CancelMessage(message_id=m["id"], reason=reason)
            for m in candidate.messages.values()
            if m["kind"] == "withdrawal" and m["status"] in UNSENT
        ]

    def notice(self, candidate: Candidate, application_id: str, at: datetime) -> Decision:
        application = candidate.applications[application_id]
        subject, body = self.message(
            "withdrawal",
            candidate,
            employer=application["employer"],
            addressee=self.addressee(application["employer_contact"]),
            job_title=application["job_title"],
        )
        return QueueMessage(
            step=f"withdrawal:{series(candidate)}:{application_id}",
            recipient="employer",
            to=employer_address(application),
            application_id=application_id,
            kind="withdrawal",
            language=self.language,
            subject=subject,
            body=body,
            due_at=send_time(at, self.config),
            at=at,
            reason=self.reason("close_notice"),
        )
