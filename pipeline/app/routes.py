"""Which handler carries out which command, and who did it when the command does not say.

One line per command: adding a command is a model (pipeline/commands.py), a handler and a line
here; `python -m tools.generate_methods` then writes its typed method (methods.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline import commands as cmd
from pipeline.app import deliveries as d
from pipeline.app import handlers as h
from pipeline.app import selection as s
from pipeline.candidate import Candidate
from pipeline.records import Meta

Handler = Callable[[Candidate, Meta, Any], Any]


@dataclass(frozen=True)
class Route:
    handler: Handler
    actor: str | None = None  # the default actor; None: the candidate's advisor
    returns_application: bool = False  # its result is the application its first event made


ROUTES: dict[type[cmd.CandidateCommand], Route] = {
    cmd.RecordFirstMeeting: Route(h.record_first_meeting),
    cmd.ProposeJob: Route(h.propose_job, returns_application=True),
    cmd.RecordResumeFeedback: Route(h.record_resume_feedback),
    cmd.RecordInterviewPrep: Route(h.record_interview_prep),
    cmd.SubmitApplication: Route(s.submit_application),
    cmd.RecordEmployerMove: Route(s.record_employer_move, actor="employer"),
    cmd.ConfirmInterview: Route(s.confirm_interview),
    cmd.AcceptOffer: Route(s.accept_offer),
    cmd.DeclineOffer: Route(s.decline_offer, actor="candidate"),
    cmd.WithdrawApplication: Route(s.withdraw_application),
    cmd.MarkHiringIntent: Route(s.mark_hiring_intent),
    cmd.PauseApplication: Route(s.pause_application),
    cmd.ResumeApplication: Route(s.resume_application),
    cmd.RecordOutboundContact: Route(h.record_outbound_contact),
    cmd.RecordReply: Route(h.record_reply, actor="candidate"),
    cmd.WithdrawCandidate: Route(h.withdraw),
    cmd.ReopenCandidate: Route(h.reopen),
    cmd.UpdateDetails: Route(h.update_details),
    cmd.MarkMessage: Route(h.mark_message, actor="system"),
    cmd.ClaimMessage: Route(d.claim_message, actor="system"),
    cmd.RecordDelivery: Route(d.record_delivery, actor="system"),
    cmd.RecordOptOut: Route(d.record_opt_out, actor="candidate"),
    cmd.CompleteTask: Route(h.complete_task),
}


def advisor_actor(advisor: str | None) -> str:
    return f"advisor:{advisor or 'unassigned'}"
