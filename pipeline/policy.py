"""How policies plug into the core: what they listen to and what they may decide.

A policy is a pure decision. Given the candidate (read, never changed), the event that
triggered it or the current time, and its own configuration, it returns `Decision`s; the
application turns them into events of the same candidate, stamped with the policy's name, the
reason, the cause and the configuration, and saves them in the transaction of their cause.
Same history + same time + same configuration = same decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from pipeline.candidate import Candidate


@dataclass(frozen=True)
class On:
    """An event a policy is attached to: a kind, and for transitions the states left/entered."""

    event: str
    source: str | None = None
    dest: str | None = None

    def matches(self, event: Candidate.Event) -> bool:
        if type(event).__name__ != self.event:
            return False
        if self.source is not None and getattr(event, "source", None) != self.source:
            return False
        return self.dest is None or getattr(event, "dest", None) == self.dest


@dataclass(frozen=True, kw_only=True)
class Decision:
    """Something a policy wants done, with the one-sentence reason and the moment it is due.

    `at` is the domain time the decision takes effect (for time policies, the moment it
    became due); None means the moment of the event that caused it.
    """

    reason: str
    at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ChangeStage(Decision):
    trigger: str


@dataclass(frozen=True, kw_only=True)
class ChangeContact(Decision):
    trigger: str


@dataclass(frozen=True, kw_only=True)
class ChangeApplication(Decision):
    application_id: str
    trigger: str


@dataclass(frozen=True, kw_only=True)
class PauseProgression(Decision):
    application_id: str


@dataclass(frozen=True, kw_only=True)
class ResumeProgression(Decision):
    application_id: str


@dataclass(frozen=True, kw_only=True)
class QueueMessage(Decision):
    step: str  # unique within the candidate: the message id is derived from it
    recipient: str
    to: str
    kind: str
    language: str
    subject: str
    body: str
    due_at: datetime
    application_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class CancelMessage(Decision):
    message_id: str


@dataclass(frozen=True, kw_only=True)
class CreateTask(Decision):
    step: str  # unique within the candidate: the task id is derived from it
    kind: str
    title: str
    due_on: str
    advisor: str | None


@dataclass(frozen=True, kw_only=True)
class CloseTask(Decision):
    task_id: str
    status: str


@dataclass(frozen=True, kw_only=True)
class RaiseRisk(Decision):
    signal: str
    application_id: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ClearRisk(Decision):
    signal: str


@runtime_checkable
class Policy(Protocol):
    """What `Pipeline(policies=[...])` expects of each policy."""

    @property
    def name(self) -> str:
        """Unique among the policies given to one `Pipeline`; stamped on its decisions."""
        ...

    @property
    def attached_to(self) -> tuple[On, ...]:
        """The events it runs after (empty for a policy driven only by time)."""
        ...

    @property
    def window_days(self) -> int | None:
        """The outreach window it keeps (R6), shown as "day N of W"; None if it keeps none."""
        ...

    def settings(self) -> Mapping[str, Any]:
        """The configuration this policy decides with, as JSON-able data (for the audit)."""
        ...

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Policy:
        """The policy again from its `settings()`: the audit re-runs recorded decisions so."""
        ...

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        """Decisions when an event it is attached to has just been recorded."""
        ...

    def due(self, candidate: Candidate) -> datetime | None:
        """The next moment this policy wants to act on its own, if any."""
        ...

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        """Decisions for what is due by `now` (the latest step only: no bursts)."""
        ...


class BasePolicy:
    """Defaults for a policy that is attached only to events, or only to time."""

    name: str = "policy"
    attached_to: tuple[On, ...] = ()

    window_days: int | None = None

    def settings(self) -> Mapping[str, Any]:
        return {}

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Policy:
        return cls()  # a policy without settings is rebuilt by calling its class

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        return ()

    def due(self, candidate: Candidate) -> datetime | None:
        return None

    def on_time(self, candidate: Candidate, now: datetime) -> Sequence[Decision]:
        return ()
