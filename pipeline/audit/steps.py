"""Replaying recorded events for the audit: assign only, stop (and say where) on a bad event.

Unlike `Aggregate.mutate`, nothing here refuses a version that does not follow the one before:
the audit has already reported gaps and applies what it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.candidate import Candidate


class ReplayStopped(Exception):
    """The recorded history cannot be applied past this event."""

    def __init__(self, version: int, why: str) -> None:
        super().__init__(why)
        self.version = version


def apply_event(state: Candidate | None, event: Candidate.Event) -> Candidate:
    """Apply one recorded event (the first one creates the candidate)."""
    try:
        if state is None:
            created = event.mutate(None)
            if not isinstance(created, Candidate):
                raise TypeError("the first event does not create a candidate")
            return created
        event.apply(state)
    except Exception as error:  # a tampered event can fail in any way
        raise ReplayStopped(event.originator_version, f"{type(error).__name__}: {error}") from None
    state.version = event.originator_version
    state.modified_on = event.timestamp
    return state


def rebuild(events: Iterable[Candidate.Event], state: Candidate | None = None) -> Candidate | None:
    """Apply recorded events, without checking them, to `state` (None: from the start)."""
    for event in events:
        state = apply_event(state, event)
    return state


def batches(events: Sequence[Candidate.Event]) -> list[list[Candidate.Event]]:
    """Split a history into the runs that one transaction saved (by their `batch` field)."""
    runs: list[list[Candidate.Event]] = []
    for event in events:
        mark = _mark(event)
        if not runs or mark in (event.originator_version, None) or mark != _mark(runs[-1][0]):
            runs.append([event])
        else:
            runs[-1].append(event)
    return runs


def _mark(event: Candidate.Event) -> Any:
    return getattr(event, "batch", None)
