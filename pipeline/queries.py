"""Views of one candidate, now or at any past moment, rebuilt from its events.

Three ways to ask about the past (DESIGN §6): `as_of` keeps the events that had occurred by T
(the world as now known to have been), `known_at` keeps the events recorded by T (what the
system knew), `version` keeps the first N. Replay applies the kept events in recorded order
and only assigns; it never runs a table, a policy or a callback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.candidate import Candidate
from pipeline.describe import summary
from pipeline.views import (
    ApplicationView,
    CandidateView,
    Change,
    MessagePreview,
    RiskView,
    TimelineEntry,
)


@dataclass(frozen=True)
class PointInTime:
    as_of: datetime | None = None
    known_at: datetime | None = None
    version: int | None = None

    @property
    def is_now(self) -> bool:
        return self.as_of is None and self.known_at is None and self.version is None

    def keeps(self, event: Candidate.Event) -> bool:
        return (
            (self.as_of is None or event.occurred_at <= self.as_of)
            and (self.known_at is None or event.timestamp <= self.known_at)
            and (self.version is None or event.originator_version <= self.version)
        )


def replay(events: Iterable[Candidate.Event]) -> Candidate | None:
    """Rebuild a candidate from a (possibly filtered) sequence of its events."""
    candidate: Candidate | None = None
    for event in events:
        if candidate is None:
            if isinstance(event, Candidate.Registered):
                candidate = event.mutate(None)
        else:
            replay_one(candidate, event)
    return candidate


def replay_one(candidate: Candidate, event: Candidate.Event) -> bool:
    """Apply one event. With `as_of`, an event can be kept while an earlier-recorded fact it
    refers to is not (an advisor back-dated it before that fact): it is then left out."""
    try:
        event.apply(candidate)
    except KeyError:
        return False
    candidate.version = event.originator_version
    return True


def outreach_day(candidate: Candidate, at: datetime) -> int | None:
    if candidate.silent_since is None or candidate.contact != "silent":
        return None
    return max(0, (at - candidate.silent_since) // timedelta(days=1))


def candidate_view(
    candidate: Candidate,
    at: datetime,
    next_due: datetime | None,
    window_days: int | None,
    point: PointInTime,
) -> CandidateView:
    risks = candidate.active_risks(at)
    return CandidateView(
        id=candidate.id,
        ref=candidate.ref,
        name=candidate.name,
        email=candidate.email,
        phone=candidate.phone,
        advisor=candidate.advisor,
        stage=candidate.stage,
        contact=candidate.contact,
        contact_since=candidate.contact_since,
        risk_level=candidate.risk_level(at).value,
        risk_reasons=[r["reason"] for r in risks],
        risks=[RiskView(**r) for r in risks],
        applications=[application_view(a) for a in candidate.applications.values()],
        silent_since=candidate.silent_since,
        outreach_day=outreach_day(candidate, at),
        outreach_window_days=window_days,
        next_due_at=next_due,
        open_tasks=sum(1 for t in candidate.tasks.values() if t["status"] == "open"),
        queued_messages=sum(1 for m in candidate.messages.values() if m["status"] == "queued"),
        registered_at=candidate.registered_at,
        version=candidate.version,
        head_hash=candidate.head_hash,
        as_of=point.as_of,
        known_at=point.known_at,
    )


def application_view(record: dict[str, object] | object) -> ApplicationView:
    return ApplicationView.model_validate(record, from_attributes=False)


def timeline_entries(events: Iterable[Candidate.Event], language: str) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    candidate: Candidate | None = None
    for event in events:
        if candidate is None:
            candidate = replay([event])
            previous = None
            if candidate is None:
                continue
        else:
            previous = _previous_status(candidate, event)
            if not replay_one(candidate, event):
                continue
        entries.append(entry(event, language, previous))
    return entries


def _previous_status(candidate: Candidate, event: Candidate.Event) -> str | None:
    if isinstance(event, Candidate.MessageStatusChanged):
        message = candidate.messages.get(event.message_id)
        return message["status"] if message else None
    if isinstance(event, Candidate.TaskStatusChanged):
        task = candidate.tasks.get(event.task_id)
        return task["status"] if task else None
    return None


def entry(event: Candidate.Event, language: str, previous_status: str | None) -> TimelineEntry:
    return TimelineEntry(
        version=event.originator_version,
        occurred_at=event.occurred_at,
        recorded_at=event.timestamp,
        actor=event.actor,
        kind=type(event).__name__,
        summary=summary(event, language),
        changes=changes(event, previous_status),
        policy=event.policy,
        reason=event.reason,
        caused_by=event.caused_by,
        config=event.config,
        message=preview(event),
        event_hash=event.event_hash,
    )


def changes(event: Candidate.Event, previous_status: str | None) -> list[Change]:
    if isinstance(event, Candidate.StageChanged):
        return [Change(region="stage", source=event.source, dest=event.dest)]
    if isinstance(event, Candidate.ContactChanged):
        return [Change(region="contact", source=event.source, dest=event.dest)]
    if isinstance(event, Candidate.ApplicationChanged):
        return [
            Change(
                region="application",
                application_id=event.application_id,
                source=event.source,
                dest=event.dest,
            )
        ]
    if isinstance(event, Candidate.ProgressionPaused | Candidate.ProgressionResumed):
        paused = isinstance(event, Candidate.ProgressionPaused)
        return [
            Change(
                region="paused",
                application_id=event.application_id,
                source=str(not paused).lower(),
                dest=str(paused).lower(),
            )
        ]
    if isinstance(event, Candidate.MessageStatusChanged | Candidate.TaskStatusChanged):
        region = "message" if isinstance(event, Candidate.MessageStatusChanged) else "task"
        return [Change(region=region, source=previous_status or "?", dest=event.status)]
    return []


def preview(event: Candidate.Event) -> MessagePreview | None:
    if not isinstance(event, Candidate.MessageQueued):
        return None
    first_line = next((line for line in event.body.splitlines() if line.strip()), "")
    return MessagePreview(
        id=event.message_id,
        recipient=event.recipient,
        to=event.to,
        subject=event.subject,
        first_line=first_line,
        due_at=event.due_at,
    )
