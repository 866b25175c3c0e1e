"""Checks at the edge that pydantic cannot make alone: they need the clock or the candidate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from pipeline.candidate import Candidate
from pipeline.commands import Command
from pipeline.errors import ConfigError
from pipeline.policy import On, Policy
from pipeline.states import AppState, Contact, Stage

CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of the clock a reported time may be


def field_error(field: str, value: Any, message: str) -> ValidationError:
    """A pydantic `ValidationError` naming the field, like every other bad input."""
    return ValidationError.from_exception_data(
        "command",
        [{"type": "value_error", "loc": (field,), "input": value, "ctx": {"error": message}}],
    )


def not_ahead(field: str, value: datetime, now: datetime) -> datetime:
    """`value` in UTC, refused (naming `field`) when naive or beyond the clock's skew."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise field_error(field, value, "a timezone-aware time is required")
    moment = value.astimezone(UTC)
    if moment > now + CLOCK_SKEW:
        raise field_error(field, value, f"is in the future (the clock says {now.isoformat()})")
    return moment


def check_tick_time(now: datetime | None, clock_now: datetime) -> datetime:
    """The moment a tick runs as of: the clock's, or `now` if given (never beyond the clock:
    decisions stamped ahead of it would precede what really happens next)."""
    return clock_now if now is None else not_ahead("now", now, clock_now)


def check_time(command: Command, now: datetime, registered_at: datetime | None) -> datetime:
    """The command's domain time: `at` if given (not in the future, not before registration)."""
    if command.at is None:
        return now
    at = not_ahead("at", command.at, now)
    if registered_at is not None and at < registered_at:
        registered = registered_at.isoformat()
        raise field_error(
            "at", command.at, f"is before the candidate was registered ({registered})"
        )
    return at


def check_policies(policies: Iterable[Policy]) -> tuple[Policy, ...]:
    """The policies, refused with a `ConfigError` if one is not a policy, two share a name, or
    one is attached to an event or state the candidate does not have."""
    checked = tuple(policies)
    names: set[str] = set()
    for policy in checked:
        if not isinstance(policy, Policy):
            raise ConfigError(f"{policy!r} is not a policy (see pipeline.policy.Policy)")
        if policy.name in names:
            raise ConfigError(f"two policies are named {policy.name!r}")
        names.add(policy.name)
        for on in policy.attached_to:
            _check_attachment(policy.name, on)
    return checked


EVENT_NAMES = frozenset(
    name
    for name, value in vars(Candidate).items()
    if isinstance(value, type) and issubclass(value, Candidate.Event)
)
REGION_STATES: dict[str, frozenset[str]] = {
    "StageChanged": frozenset(Stage),
    "ContactChanged": frozenset(Contact),
    "ApplicationChanged": frozenset(AppState),
}


def _check_attachment(policy: str, on: On) -> None:
    if on.event not in EVENT_NAMES:
        known = ", ".join(sorted(EVENT_NAMES))
        raise ConfigError(f"policy {policy!r} is attached to {on.event!r}, not an event ({known})")
    states = REGION_STATES.get(on.event)
    for side, state in (("source", on.source), ("dest", on.dest)):
        if state is not None and (states is None or state not in states):
            allowed = ", ".join(sorted(states or ())) or "none: it is not a transition"
            raise ConfigError(
                f"policy {policy!r}: On({on.event!r}, {side}={state!r}) names no state of it "
                f"(states: {allowed})"
            )
