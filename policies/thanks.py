"""Thank-you (R8): the day after the first meeting, thank the candidate for their time."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.candidate import Candidate
from pipeline.policy import Decision, On, QueueMessage
from pipeline.states import Stage
from policies.base import StandardPolicy
from policies.calendar import next_day_at_send_hour


class ThankYou(StandardPolicy):
    name = "thank_you"
    attached_to = (On("StageChanged", dest=Stage.FIRST_MEETING_DONE.value),)

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        to = self.email_to(candidate)
        if not to:
            return ()
        subject, body = self.message("thank_you", candidate)
        due_at = next_day_at_send_hour(
            event.occurred_at, self.config.thank_you_after_days, self.config
        )
        return [
            QueueMessage(
                step="thank-you:first-meeting",
                recipient="candidate",
                to=to,
                kind="thank_you",
                language=self.language,
                subject=subject,
                body=body,
                due_at=due_at,
                reason=self.reason("thank_you"),
            )
        ]
