"""Views of one candidate, now or at any past moment, rebuilt from its events.

Three ways to ask about the past (docs/design.md, "The audit"): `as_of` keeps the events that
had occurred by T (the world as now known to have been), `known_at` keeps the events recorded
by T (what the system knew), `version` keeps the first N. Replay applies the kept events in
recorded order and only assigns; it never runs a table, a policy or a callback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.app.validation import field_error
from pipeline.app.views import ApplicationView, CandidateView, RiskView
from pipeline.candidate import Candidate
from pipeline.clock import require_aware


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


def point_in_time(
    as_of: datetime | None, known_at: datetime | None, version: int | None
) -> PointInTime:
    """The point a query asks about, its times checked (aware, in UTC) and named if wrong."""
    if version is not None and version < 1:
        raise field_error("version", version, "must be 1 or more")
    try:
        return PointInTime(
            as_of=require_aware(as_of, "as_of") if as_of else None,
            known_at=require_aware(known_at, "known_at") if known_at else None,
            version=version,
        )
    except ValueError as error:
        field = "as_of" if "as_of" in str(error) else "known_at"
        raise field_error(field, as_of if field == "as_of" else known_at, str(error)) from None


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
        outreach_days=len(candidate.outreach_dates) if candidate.contact == "silent" else None,
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
