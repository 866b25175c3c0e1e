"""Errors raised by the core. Library errors never leak: they become one of these."""

from __future__ import annotations

from collections.abc import Iterable


class PipelineError(Exception):
    """Base class of every error the core raises on purpose."""


class CandidateNotFound(PipelineError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"candidate not found: {reference}")
        self.reference = reference


class ApplicationNotFound(PipelineError):
    def __init__(self, candidate_ref: str, application_id: str, known: Iterable[str]) -> None:
        choices = ", ".join(known) or "none yet"
        super().__init__(
            f"application {application_id} not found for {candidate_ref} (known: {choices})"
        )
        self.application_id = application_id


class MessageNotFound(PipelineError):
    def __init__(self, candidate_ref: str | None, message_id: str) -> None:
        where = f" for {candidate_ref}" if candidate_ref else ""
        super().__init__(f"message {message_id} not found{where}")
        self.message_id = message_id


class TaskNotFound(PipelineError):
    def __init__(self, candidate_ref: str | None, task_id: str) -> None:
        where = f" for {candidate_ref}" if candidate_ref else ""
        super().__init__(f"task {task_id} not found{where}")
        self.task_id = task_id


class AmbiguousId(PipelineError):
    """An id prefix that more than one id starts with."""

    def __init__(self, kind: str, prefix: str, matches: int) -> None:
        super().__init__(
            f"{kind} id {prefix} is ambiguous: {matches} ids start with it; give more characters"
        )
        self.kind = kind
        self.prefix = prefix
        self.matches = matches


class InvalidTransition(PipelineError):
    """A trigger that the region's table does not allow from the current state."""

    def __init__(self, region: str, state: str, trigger: str, allowed: Iterable[str]) -> None:
        allowed_list = sorted(set(allowed))
        choices = ", ".join(allowed_list) if allowed_list else "none (final state)"
        super().__init__(
            f"{region}: cannot {trigger} from {state!r}; allowed from {state!r}: {choices}"
        )
        self.region = region
        self.state = state
        self.trigger = trigger
        self.allowed = allowed_list


class DeliveryRefused(PipelineError):
    """A relay's claim or outcome that does not hold for the message as it is now: not due
    yet, or an attempt another relay (or a person) has since settled."""

    def __init__(self, candidate_ref: str, message_id: str, why: str) -> None:
        super().__init__(f"message {message_id} of {candidate_ref}: {why}")
        self.message_id = message_id


class ApplicationPaused(PipelineError):
    """An agency move on an application that is paused (R4: do not move the employer side)."""

    def __init__(self, application_id: str, trigger: str, reason: str, paused_by: str) -> None:
        super().__init__(
            f"application {application_id} is paused by {paused_by} ({reason}); "
            f"{trigger} must wait until it is resumed"
        )
        self.application_id = application_id
        self.trigger = trigger


class DuplicateCandidate(PipelineError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"a candidate with ref {ref!r} is already registered")
        self.ref = ref


class ConfigError(PipelineError):
    """A configuration that the rules do not allow."""


class ConcurrencyConflict(PipelineError):
    """Another writer kept changing the same candidate; the command was retried and gave up."""

    def __init__(self, reference: str, attempts: int) -> None:
        super().__init__(
            f"{reference} was changed by another process {attempts} times while this command "
            "was being decided; nothing was written, try again"
        )
        self.reference = reference


class StoreError(PipelineError):
    """The store cannot be opened or used (missing server, locked file, not a store)."""


class SaveConflict(Exception):
    """Internal: another writer saved the same candidate first; the command is decided again."""
