"""Checks at the edge that pydantic cannot make alone: they need the clock or the candidate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from pipeline.commands import Command
from pipeline.errors import ConfigError
from pipeline.policy import Policy

CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of the clock a reported time may be


def field_error(field: str, value: Any, message: str) -> ValidationError:
    """A pydantic `ValidationError` naming the field, like every other bad input."""
    return ValidationError.from_exception_data(
        "command",
        [{"type": "value_error", "loc": (field,), "input": value, "ctx": {"error": message}}],
    )


def check_time(command: Command, now: datetime, registered_at: datetime | None) -> datetime:
    """The command's domain time: `at` if given (not in the future, not before registration)."""
    if command.at is None:
        return now
    at = command.at.astimezone(UTC)
    if at > now + CLOCK_SKEW:
        raise field_error("at", command.at, f"is in the future (the clock says {now.isoformat()})")
    if registered_at is not None and at < registered_at:
        registered = registered_at.isoformat()
        raise field_error(
            "at", command.at, f"is before the candidate was registered ({registered})"
        )
    return at


def check_policies(policies: Iterable[Policy]) -> tuple[Policy, ...]:
    checked = tuple(policies)
    names: set[str] = set()
    for policy in checked:
        if not isinstance(policy, Policy):
            raise ConfigError(f"{policy!r} is not a policy (see pipeline.policy.Policy)")
        if policy.name in names:
            raise ConfigError(f"two policies are named {policy.name!r}")
        names.add(policy.name)
    return checked
