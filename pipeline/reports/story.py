"""One candidate's story as the reports read it: a fold of its events, never of read models.

`Story.fold(event)` looks the event's class up in `FOLDS` and lets that one function note
what it means for the reports (a silence began, a reply came, an employer was stalled...).
An event kind the reports do not care about folds into nothing; a new kind that matters is
one more `@folds(...)` function here, not a change to the reports built on the story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from pipeline.candidate import Candidate

E = TypeVar("E", bound=Candidate.Event)
ENDED = ("placed", "withdrawn", "closed_unreachable")
FINISHED = ("accepted", "declined", "rejected", "withdrawn")
STALLS = ("stall", "stall_follow_up")


@dataclass
class Silence:
    """From contact → silent to how it ended: `reply`, `unreachable`, `withdrawn`, or open."""

    started_at: datetime
    ended_at: datetime | None = None
    ended_by: str | None = None
    stalled: Counter[str] = field(default_factory=Counter)  # application id → stall messages

    @property
    def day(self) -> int | None:
        """The day of outreach it ended on (day 0 is the day silence was detected)."""
        if self.ended_at is None:
            return None
        return max(0, (self.ended_at - self.started_at) // timedelta(days=1))


@dataclass
class Wait:
    """An outbound contact that expected a reply (contact → awaiting_reply), and the reply."""

    asked_at: datetime
    replied_at: datetime | None = None


@dataclass
class Job:
    """A job introduced to the candidate, and where the application went."""

    id: str
    employer: str
    job_title: str
    role: str | None
    proposed_at: datetime
    submitted_at: datetime | None = None
    state: str = "proposed"
    finished_at: datetime | None = None


@dataclass
class Story:
    candidate_id: UUID
    ref: str = ""
    name: str = ""
    advisor: str | None = None
    registered_at: datetime | None = None
    desired_roles: list[str] = field(default_factory=list)
    stage: str = "registered"
    reached: dict[str, datetime] = field(default_factory=dict)  # stage → first entered
    ended_at: datetime | None = None  # placed, withdrawn or closed; None again on reopen
    closed_at: list[datetime] = field(default_factory=list)  # closed as unreachable
    jobs: dict[str, Job] = field(default_factory=dict)
    silences: list[Silence] = field(default_factory=list)
    waits: list[Wait] = field(default_factory=list)
    messages: Counter[str] = field(default_factory=Counter)  # kind → queued
    tasks: int = 0
    events: int = 0

    @property
    def open_silence(self) -> Silence | None:
        last = self.silences[-1] if self.silences else None
        return last if last is not None and last.ended_at is None else None

    @property
    def open_wait(self) -> Wait | None:
        last = self.waits[-1] if self.waits else None
        return last if last is not None and last.replied_at is None else None

    def fold(self, event: Candidate.Event) -> None:
        self.events += 1
        step = FOLDS.get(type(event))
        if step is not None:
            step(self, event)

    def end_silence(self, at: datetime, how: str) -> None:
        silence = self.open_silence
        if silence is not None:
            silence.ended_at, silence.ended_by = at, how


FOLDS: dict[type, Callable[[Story, Any], None]] = {}


def folds(kind: type[E]) -> Callable[[Callable[[Story, E], None]], Callable[[Story, E], None]]:
    def register(step: Callable[[Story, E], None]) -> Callable[[Story, E], None]:
        FOLDS[kind] = step
        return step

    return register


def story_of(candidate_id: UUID, events: Iterable[Candidate.Event]) -> Story:
    story = Story(candidate_id)
    for event in events:
        story.fold(event)
    return story


@folds(Candidate.Registered)
def _registered(story: Story, event: Candidate.Registered) -> None:
    story.ref, story.name, story.advisor = event.ref, event.name, event.advisor
    story.registered_at = event.occurred_at
    story.reached.setdefault("registered", event.occurred_at)


@folds(Candidate.DetailsChanged)
def _details(story: Story, event: Candidate.DetailsChanged) -> None:
    """The ledgers name the candidate as now known; the advisor is whoever has them now."""
    story.name = event.changes.get("name") or story.name
    if "advisor" in event.changes:
        story.advisor = event.changes["advisor"]


@folds(Candidate.FirstMeetingHeld)
def _met(story: Story, event: Candidate.FirstMeetingHeld) -> None:
    story.desired_roles = [role for role in event.desired_roles if role.strip()]


@folds(Candidate.JobProposed)
def _proposed(story: Story, event: Candidate.JobProposed) -> None:
    story.jobs[event.application_id] = Job(
        event.application_id, event.employer, event.job_title, event.role, event.occurred_at
    )


@folds(Candidate.StageChanged)
def _stage(story: Story, event: Candidate.StageChanged) -> None:
    story.stage = event.dest
    story.reached.setdefault(event.dest, event.occurred_at)
    if event.dest in ENDED:
        story.ended_at = event.occurred_at
    elif event.source in ENDED:
        story.ended_at = None  # reopened
    if event.dest == "withdrawn":
        story.end_silence(event.occurred_at, "withdrawn")


@folds(Candidate.ContactChanged)
def _contact(story: Story, event: Candidate.ContactChanged) -> None:
    at = event.occurred_at
    if event.dest == "awaiting_reply" and story.open_wait is None:
        story.waits.append(Wait(at))
    elif event.dest == "silent" and story.open_silence is None:
        story.silences.append(Silence(at))
    elif event.dest == "responsive" and event.source == "silent":
        story.end_silence(at, "reply")
    elif event.dest == "unreachable":
        story.end_silence(at, "unreachable")
        story.closed_at.append(at)
    if event.dest == "responsive":
        _replied(story, at)


@folds(Candidate.ReplyReceived)
def _reply(story: Story, event: Candidate.ReplyReceived) -> None:
    _replied(story, event.occurred_at)


def _replied(story: Story, at: datetime) -> None:
    wait = story.open_wait
    if wait is not None:
        wait.replied_at = max(at, wait.asked_at)


@folds(Candidate.ApplicationChanged)
def _application(story: Story, event: Candidate.ApplicationChanged) -> None:
    job = story.jobs.get(event.application_id)
    if job is None:
        return
    if event.trigger == "submit" and job.submitted_at is None:
        job.submitted_at = event.occurred_at
    job.state = event.dest
    job.finished_at = event.occurred_at if event.dest in FINISHED else None


@folds(Candidate.MessageQueued)
def _message(story: Story, event: Candidate.MessageQueued) -> None:
    story.messages[event.kind] += 1
    silence = story.open_silence
    if silence is not None and event.kind in STALLS and event.application_id:
        silence.stalled[event.application_id] += 1


@folds(Candidate.TaskCreated)
def _task(story: Story, event: Candidate.TaskCreated) -> None:
    story.tasks += 1
