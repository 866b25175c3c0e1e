"""Pause employer progression (R4): while the candidate is silent, the employer side waits."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.candidate import Candidate
from pipeline.policy import Decision, On, PauseProgression
from pipeline.states import IN_PROGRESS, Contact
from policies.base import StandardPolicy


class PauseEmployerProgression(StandardPolicy):
    name = "pause_employer_progression"
    attached_to = (On("ContactChanged", dest=Contact.SILENT.value),)

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        return [
            PauseProgression(application_id=a["id"], reason=self.reason("pause"))
            for a in candidate.applications.values()
            if a["state"] in IN_PROGRESS and not a["paused"]
        ]
