"""Resume on reply: the candidate is back; undo what silence did, and call back today.

Only what silence paused is resumed (a pause an advisor made by hand stays), queued outreach
is cancelled, open call tasks are closed, and the advisor gets a call-back task that names
the employers who were told "final arrangements" and now need an update.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.candidate import Candidate
from pipeline.policy import (
    CancelMessage,
    CloseTask,
    CreateTask,
    Decision,
    On,
    ResumeProgression,
)
from pipeline.states import Contact
from policies.base import StandardPolicy
from policies.calendar import task_day
from policies.pause import PauseEmployerProgression

OUTREACH_KINDS = ("outreach", "check_in")
PAUSED_BY_SILENCE = f"policy:{PauseEmployerProgression.name}"


class ResumeOnReply(StandardPolicy):
    name = "resume_on_reply"
    attached_to = (
        On("ContactChanged", source=Contact.SILENT.value, dest=Contact.RESPONSIVE.value),
        On("ContactChanged", source=Contact.AWAITING_REPLY.value, dest=Contact.RESPONSIVE.value),
    )

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        decisions: list[Decision] = [
            ResumeProgression(application_id=a["id"], reason=self.reason("resume"))
            for a in candidate.applications.values()
            if a["paused"] and a["paused_by"] == PAUSED_BY_SILENCE
        ]
        cancel = self.reason("resume_cancel")
        decisions += [
            CancelMessage(message_id=m["id"], reason=cancel)
            for m in candidate.messages.values()
            if m["status"] == "queued" and m["kind"] in OUTREACH_KINDS
        ]
        decisions += [
            CloseTask(task_id=t["id"], status="cancelled", reason=cancel)
            for t in candidate.tasks.values()
            if t["status"] == "open" and t["kind"] == "call"
        ]
        if getattr(event, "source", None) == Contact.SILENT:
            decisions.append(self.call_back(candidate, event))
        return decisions

    def call_back(self, candidate: Candidate, event: Candidate.Event) -> Decision:
        stalled = sorted(
            {
                candidate.applications[m["application_id"]]["employer"]
                for m in candidate.messages.values()
                if m["kind"].startswith("stall") and m["application_id"]
            }
        )
        if stalled:
            title = self.task_title(
                "call_back", candidate_name=self.named(candidate.name), employers=", ".join(stalled)
            )
        else:
            title = self.task_title(
                "call_back_no_employers", candidate_name=self.named(candidate.name)
            )
        return CreateTask(
            step=f"call-back:{event.occurred_at.isoformat()}",
            kind="call_back",
            title=title,
            due_on=task_day(event.occurred_at, self.config),
            advisor=candidate.advisor,
            reason=self.reason("resume_call_back"),
        )
