"""Opt-out: the candidate asked not to be contacted on a channel.

What was waiting to go out on it is cancelled (mail not yet sent for email, the open call
tasks for phone), and the advisor is asked to agree with the candidate how to keep in touch.
From then on the outreach, check-in and thank-you policies leave the channel alone: no mail
to a candidate who opted out of email, and a daily outreach task that says not to call for
one who opted out of phone (R6 still counts the day: the silence is followed on the channels
left).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.candidate import Candidate
from pipeline.policy import CancelMessage, CloseTask, CreateTask, Decision, On
from policies.base import StandardPolicy
from policies.calendar import task_day
from policies.outreach_days import unsent_to_candidate


class RespectOptOut(StandardPolicy):
    name = "respect_opt_out"
    attached_to = (On("OptedOut"),)

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        assert isinstance(event, Candidate.OptedOut)
        channel = self.text(f"channel_{event.channel}")
        reason = self.reason("opt_out", channel=channel)
        decisions: list[Decision] = []
        if event.channel == "email":
            decisions += [
                CancelMessage(message_id=m["id"], reason=reason)
                for m in unsent_to_candidate(candidate)
            ]
        if event.channel == "phone":
            decisions += [
                CloseTask(task_id=t["id"], status="cancelled", reason=reason)
                for t in candidate.tasks.values()
                if t["kind"] == "call" and t["status"] == "open"
            ]
        name = self.named(candidate.name)
        title = self.task_title("opt_out", candidate_name=name, channel=channel)
        task = CreateTask(
            step=f"opt-out:{event.channel}:{event.occurred_at.isoformat()}",
            kind="opt_out",
            title=title,
            due_on=task_day(event.occurred_at, self.config),
            advisor=candidate.advisor,
            reason=reason,
        )
        return [*decisions, task]
