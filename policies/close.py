"""Close unreachable: when the outreach window ends without a reply, end it politely.

Exactly `outreach_window_days` after silence began (not a day earlier): contact becomes
unreachable, the stage closed_unreachable, open applications are withdrawn, their employers
get a polite withdrawal notice (never a word about silence), and queued outreach is cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from pipeline.candidate import Candidate
from pipeline.policy import (
    CancelMessage,
    ChangeApplication,
    ChangeContact,
    ChangeStage,
    CloseTask,
    Decision,
    QueueMessage,
)
from pipeline.states import IN_PROGRESS, OPEN_APPLICATION_STATES, Contact
from policies import templates
from policies.base import StandardPolicy, is_working, series
from policies.calendar import send_time


class CloseUnreachable(StandardPolicy):
    name = "close_unreachable"

    def due(self, candidate: Candidate) -> datetime | None:
        if candidate.contact != Contact.SILENT or not is_working(candidate):
            return None
        assert candidate.silent_since is not None
        return candidate.silent_since + timedelta(days=self.config.outreach_window_days)

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        due = self.due(candidate)
        if due is None or due > now:
            return ()
        window = self.config.outreach_window_days
        decisions: list[Decision] = [
            ChangeContact(trigger="give_up", at=due, reason=self.reason("close", window=window)),
            ChangeStage(
                trigger="close_unreachable", at=due, reason=self.reason("close", window=window)
            ),
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
                        reason=self.reason("close_withdraw", window=window),
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

    def notice(self, candidate: Candidate, application_id: str, at: datetime) -> Decision:
        application = candidate.applications[application_id]
        contact = application["employer_contact"] or templates.text(
            self.language, "texts", "no_contact_person"
        )
        subject, body = self.message(
            "withdrawal",
            candidate,
            employer=application["employer"],
            employer_contact=contact,
            job_title=application["job_title"],
        )
        return QueueMessage(
            step=f"withdrawal:{series(candidate)}:{application_id}",
            recipient="employer",
            to=application["employer_contact"] or application["employer"],
            application_id=application_id,
            kind="withdrawal",
            language=self.language,
            subject=subject,
            body=body,
            due_at=send_time(at, self.config),
            at=at,
            reason=self.reason("close_notice"),
        )
