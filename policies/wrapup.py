"""Wrap up: a candidate who is placed or closed keeps nothing open.

When the stage becomes placed or closed_unreachable (by a command or by time), every task
still open is cancelled and nothing waits to be sent to the candidate, each with its reason:
nobody can do those tasks any more, and a placed candidate gets no job-search mail. (A
candidate who withdraws is wound down by the command itself.)
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.candidate import Candidate
from pipeline.policy import CancelMessage, CloseTask, Decision, On
from pipeline.states import Stage
from policies.base import StandardPolicy
from policies.outreach_days import unsent_to_candidate

ENDS = (Stage.PLACED, Stage.CLOSED_UNREACHABLE)


class WrapUp(StandardPolicy):
    name = "wrap_up"
    attached_to = tuple(On("StageChanged", dest=stage.value) for stage in ENDS)

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        if self.rules_0_1_0:  # 0.1.0 had no such policy: tasks and messages stayed open
            return ()
        reason = self.reason(f"wrap_up_{getattr(event, 'dest', '')}")
        decisions: list[Decision] = [
            CancelMessage(message_id=m["id"], reason=reason) for m in unsent_to_candidate(candidate)
        ]
        decisions += [
            CloseTask(task_id=t["id"], status="cancelled", reason=reason)
            for t in candidate.tasks.values()
            if t["status"] == "open"
        ]
        return decisions
