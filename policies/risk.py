"""Risk signals (R1–R3): the three moments the article says candidates go silent.

R1 a first meeting that heard too little, R2 a job outside the desired role or below the
desired salary, R3 critique given in a resume review or interview preparation (fades after a
week). Each raises the candidate's risk with its reason and gives the advisor a task saying
what to do; two active signals make the risk high, which shortens the silence and check-in
thresholds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from pipeline.candidate import Candidate
from pipeline.policy import ClearRisk, CreateTask, Decision, On, RaiseRisk
from pipeline.records import money
from pipeline.states import AppState
from policies import templates
from policies.base import StandardPolicy
from policies.calendar import task_day


class RiskSignals(StandardPolicy):
    name = "risk_signals"
    attached_to = (
        On("FirstMeetingHeld"),
        On("JobProposed"),
        On("ResumeReviewed"),
        On("InterviewPrepared"),
        On("ApplicationChanged", source=AppState.PROPOSED.value),
    )

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        if isinstance(event, Candidate.FirstMeetingHeld):
            return self.hearing(candidate, event)
        if isinstance(event, Candidate.JobProposed):
            return self.mismatch(candidate, event)
        if isinstance(event, Candidate.ApplicationChanged):
            signal = f"job_mismatch:{event.application_id}"
            if signal not in candidate.risks:
                return ()
            reason = self.reason("mismatch_cleared", application_id=event.application_id)
            return [ClearRisk(signal=signal, reason=reason)]
        return self.critique(candidate, event)

    def gap(self, key: str, **params: object) -> str:
        return templates.text(self.language, "gaps", key, **params)

    def hearing(self, candidate: Candidate, event: Candidate.FirstMeetingHeld) -> list[Decision]:
        gaps = []
        minutes = event.duration_minutes
        if minutes is not None and minutes < self.config.hearing_minimum_minutes:
            gaps.append(self.gap("short", minutes=minutes))
        gaps += [
            self.gap(key)
            for key, missing in (
                ("roles", not event.desired_roles),
                ("salary", event.desired_salary is None),
                ("reasons", not event.reasons),
            )
            if missing
        ]
        if not gaps:
            return []
        joined = "、".join(gaps) if self.language == "ja" else ", ".join(gaps)
        days = self.config.hearing_risk_days
        return self.signal(candidate, event, "hearing_incomplete", "hearing", days, gaps=joined)

    def mismatch(self, candidate: Candidate, event: Candidate.JobProposed) -> list[Decision]:
        meeting = candidate.meeting
        if meeting is None:
            return []
        found = []
        wanted = [r.casefold() for r in meeting["desired_roles"]]
        if event.role and wanted and event.role.casefold() not in wanted:
            roles = "/".join(meeting["desired_roles"])
            found.append(self.gap("role_mismatch", role=event.role, roles=roles))
        desired = meeting["desired_salary"]
        if event.salary is not None and desired is not None and event.salary < desired:
            found.append(
                self.gap(
                    "salary_mismatch",
                    salary=money(event.salary, self.language),
                    desired=money(desired, self.language),
                )
            )
        if not found:
            return []
        joined = "、".join(found) if self.language == "ja" else "; ".join(found)
        return self.signal(
            candidate,
            event,
            f"job_mismatch:{event.application_id}",
            "mismatch",
            self.config.mismatch_risk_days,
            mismatch=joined,
            employer=event.employer,
            job_title=event.job_title,
            application_id=event.application_id,
        )

    def critique(self, candidate: Candidate, event: Candidate.Event) -> list[Decision]:
        return self.signal(candidate, event, "critique", "critique", self.config.critique_risk_days)

    def signal(
        self,
        candidate: Candidate,
        event: Candidate.Event,
        signal: str,
        key: str,
        days: int,
        *,
        application_id: str | None = None,
        **params: str,
    ) -> list[Decision]:
        reason = self.reason(key, **params)
        title = self.task_title(key, candidate_name=self.named(candidate.name), **params)
        return [
            RaiseRisk(
                signal=signal,
                application_id=application_id,
                expires_at=event.occurred_at + timedelta(days=days),
                reason=reason,
            ),
            CreateTask(
                step=f"risk:{signal}:{event.originator_version}",
                kind="follow_up",
                title=title,
                due_on=task_day(event.occurred_at, self.config),
                advisor=candidate.advisor,
                reason=reason,
            ),
        ]
