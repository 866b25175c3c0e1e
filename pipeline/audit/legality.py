"""Is a recorded transition legal? Under the tables, and from the state the replay was in.

Checked for every transition event against the state replayed just before it: the row
`source --trigger--> dest` exists in the region's table (pipeline.tables), the recorded
`source` is the state the candidate (or its application, message, task) was really in, and
the guards the table names held. Message and task events record only the new status; their
source is the status the replay knew. A relay's message changes also name their attempt,
which must be the message's next (a claim) or latest (its outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.candidate import Candidate
from pipeline.errors import InvalidTransition
from pipeline.tables import decide, is_legal

TRANSITIONS = (
    Candidate.StageChanged,
    Candidate.ContactChanged,
    Candidate.ApplicationChanged,
    Candidate.MessageStatusChanged,
    Candidate.TaskStatusChanged,
)


def is_transition(event: Candidate.Event) -> bool:
    return isinstance(event, TRANSITIONS)


@dataclass(frozen=True)
class Move:
    """A recorded transition, with the state the replay says it started from."""

    region: str
    trigger: str
    source: str
    dest: str
    current: str
    facts: tuple[tuple[str, bool], ...] = ()  # the guards' facts (hashable: moves are cached)


def transition_problem(state: Candidate, event: Candidate.Event) -> str | None:
    """Why the event is not a legal transition from `state`, or None when it is (or is none)."""
    move = _candidate_move(state, event) or _item_move(state, event)
    if move is None or isinstance(move, str):
        return move
    return _check(move) or _attempt_problem(state, event)


def _attempt_problem(state: Candidate, event: Candidate.Event) -> str | None:
    """A relay's change names its attempt: a claim (or a failure before one) is the next
    attempt, every other change the latest. Another number is an outcome recorded for an
    attempt that was not the message's own, the mark a message sent twice would leave."""
    if not isinstance(event, Candidate.DeliveryRecorded):
        return None
    attempt, message = event.attempt, state.messages[event.message_id]
    opens = event.status == "sending" or message["status"] == "queued"
    expected = message["attempts"] + 1 if opens else message["attempts"]
    if attempt == expected:
        return None
    return (
        f"message {event.message_id}: {event.status} recorded for attempt {attempt}, but "
        f"the replay's {'next' if opens else 'latest'} attempt is {expected}"
    )


def _candidate_move(state: Candidate, event: Candidate.Event) -> Move | None:
    if isinstance(event, Candidate.StageChanged):
        facts = ((f"was_{state.last_working_stage}", True),)
        return Move("stage", event.trigger, event.source, event.dest, state.stage, facts)
    if isinstance(event, Candidate.ContactChanged):
        return Move("contact", event.trigger, event.source, event.dest, state.contact)
    return None


def _item_move(state: Candidate, event: Candidate.Event) -> Move | str | None:
    """A move of an application, message or task; a message when it does not exist."""
    if isinstance(event, Candidate.ApplicationChanged):
        application = state.applications.get(event.application_id)
        if application is None:
            return f"application {event.application_id} does not exist at this point"
        facts = (("paused", bool(application["paused"])),)
        return Move(
            "application", event.trigger, event.source, event.dest, application["state"], facts
        )
    if isinstance(event, Candidate.MessageStatusChanged | Candidate.TaskStatusChanged):
        message = isinstance(event, Candidate.MessageStatusChanged)
        region, key = ("message", "message_id") if message else ("task", "task_id")
        items: Mapping[str, Any] = state.messages if message else state.tasks
        item = items.get(getattr(event, key))
        if item is None:
            return f"{region} {getattr(event, key)} does not exist at this point"
        status = str(item["status"])
        return Move(region, event.status, status, event.status, status)
    return None


@lru_cache(maxsize=4096)
def _check(move: Move) -> str | None:
    """The verdict on one kind of move: the tables are fixed, so each is judged once."""
    region, trigger, source, dest = move.region, move.trigger, move.source, move.dest
    if not is_legal(region, source, trigger, dest):
        return f"{region}: {source} --{trigger}--> {dest} is not in the {region} table"
    if source != move.current:
        return f"{region}: recorded from {source!r}, but the replayed state was {move.current!r}"
    try:
        decided = decide(region, source, trigger, dict(move.facts))
    except InvalidTransition as refused:
        return f"{region}: a guard refuses {trigger} from {source!r}: {refused}"
    if decided != dest:
        return f"{region}: {trigger} from {source!r} leads to {decided!r}, not {dest!r}"
    return None
