"""Delivery follow-up: a message a relay could not deliver, or may have delivered, is the
advisor's to settle today.

A failure for good (the mail server refused the message or its address, or the temporary
failures reached the relay's limit) asks the advisor to reach the recipient another way; an
uncertain outcome (the connection was lost after the data went out) asks them to find out
whether it arrived, since the relay never sends it again on its own. A temporary failure the
relay queues again for later asks nothing yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.candidate import Candidate
from pipeline.policy import CreateTask, Decision, On
from pipeline.records import MessageRecord
from pipeline.states import MessageStatus
from policies.base import StandardPolicy
from policies.calendar import task_day

SETTLED_BY_HAND = (MessageStatus.FAILED.value, MessageStatus.UNCERTAIN.value)


class DeliveryFollowUp(StandardPolicy):
    name = "delivery_follow_up"
    attached_to = (On("DeliveryRecorded"),)

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        assert isinstance(event, Candidate.DeliveryRecorded)
        message = candidate.messages[event.message_id]
        # Still so after the whole batch: a failure queued again for a retry asks nothing.
        if event.status not in SETTLED_BY_HAND or message["status"] != event.status:
            return ()
        key = f"delivery_{event.status}"
        title = self.task_title(
            key,
            recipient=self.recipient(candidate, message),
            subject=message["subject"],
            error=event.error or "—",
        )
        return [
            CreateTask(
                step=f"delivery:{message['id']}:{event.attempt}",
                kind="delivery",
                title=title,
                due_on=task_day(event.occurred_at, self.config),
                advisor=candidate.advisor,
                reason=self.reason(key),
            )
        ]

    def recipient(self, candidate: Candidate, message: MessageRecord) -> str:
        """Who the message was for, as the task names them."""
        application = candidate.applications.get(message["application_id"] or "")
        if message["recipient"] == "employer" and application is not None:
            employer = self.named(application["employer"])
            return self.text("employer_recipient", employer=employer, contact=message["to"])
        return self.text("candidate_recipient", candidate_name=self.named(candidate.name))
