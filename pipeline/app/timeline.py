"""The timeline of one candidate: every event in words, with what it changed and why."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pipeline.app.describe import summary
from pipeline.app.history import replay, replay_one
from pipeline.app.views import Change, MessagePreview, TimelineEntry
from pipeline.candidate import Candidate
from pipeline.clock import require_aware


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


def filtered(
    entries: list[TimelineEntry],
    since: datetime | None,
    until: datetime | None,
    kinds: Iterable[str] | None,
) -> list[TimelineEntry]:
    """The entries that occurred in [since, until] and are of one of `kinds` (None: any)."""
    chosen = None if kinds is None else {event_kind(kind) for kind in kinds}
    return [
        e
        for e in entries
        if (since is None or e.occurred_at >= require_aware(since, "since"))
        and (until is None or e.occurred_at <= require_aware(until, "until"))
        and (chosen is None or e.kind in chosen)
    ]


def event_kinds() -> list[str]:
    """The kinds of the candidate's events, as `TimelineEntry.kind` names them (eventsourcing's
    own `Created`, which a candidate never records, aside)."""
    return sorted(
        name
        for name, value in vars(Candidate).items()
        if isinstance(value, type)
        and issubclass(value, Candidate.Event)
        and name not in ("Event", "Created")
    )


def event_kind(text: str) -> str:
    """The kind `text` names, not case-sensitive, with or without underscores."""
    wanted = text.strip().replace("_", "").lower()
    for kind in event_kinds():
        if kind.lower() == wanted:
            return kind
    raise ValueError(f"kind={text!r} is not an event kind (one of {', '.join(event_kinds())})")


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
