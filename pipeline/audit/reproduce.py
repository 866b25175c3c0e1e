"""Re-running the policies on one saved batch, exactly as the application ran them.

A batch is what one transaction saved: a command's own events (no policy) followed by the
decisions the attached policies made about them, or a tick's decisions (the first decided by
time, `caused_by` None). `PolicyRunner` runs the policies in a fixed order, so the decisions
are reproduced by replaying the state to the batch's start, putting the command's own events
back as pending and running `after_events`, or for a tick by running `run_due` up to the latest
moment one of its time decisions was due. Decisions are compared by kind and attributes;
the recorded time and the hashes are given back to the runner, so an identical decision has
an identical hash.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from pipeline.app.runner import PolicyRunner
from pipeline.candidate import Candidate
from pipeline.policy import Policy

IGNORED = frozenset({"timestamp", "event_hash", "previous_hash"})
SHOWN = 60  # characters of a value shown in a difference


def own_events(batch: Sequence[Candidate.Event]) -> list[Candidate.Event]:
    """The leading events no policy decided: the command's own."""
    own = []
    for event in batch:
        if event.policy is not None:
            break
        own.append(event)
    return own


def is_tick(batch: Sequence[Candidate.Event]) -> bool:
    return batch[0].policy is not None and batch[0].caused_by is None


def tick_moment(batch: Sequence[Candidate.Event]) -> datetime:
    """The latest moment a time decision of the batch was due: `run_due` up to it does the same."""
    return max(e.occurred_at for e in batch if e.policy is not None and e.caused_by is None)


def runner_for(
    policies: Sequence[Policy], config_id: str, batch: Sequence[Candidate.Event]
) -> PolicyRunner:
    """A runner that stamps each new decision with the recorded time of the decision in the
    same place, so that a decision reproduced identically has the recorded hash too."""
    stamps = _stamps([e.timestamp for e in batch if e.policy is not None], batch[0].timestamp)
    return runner_of(tuple(policies), config_id).stamped_by(lambda: next(stamps))


@lru_cache(maxsize=64)
def runner_of(policies: tuple[Policy, ...], config_id: str) -> PolicyRunner:
    """One runner per configuration (its index of listeners is built once)."""
    return PolicyRunner(policies, config_id, _unstamped)


def _unstamped() -> datetime:
    raise RuntimeError("the audit's runners are given their recording times by stamped_by()")


def _stamps(recorded: list[datetime], otherwise: datetime) -> Iterator[datetime]:
    yield from recorded
    last = recorded[-1] if recorded else otherwise
    while True:
        yield last


def attached(policies: Sequence[Policy], events: Sequence[Candidate.Event]) -> bool:
    return any(on.matches(e) for p in policies for on in p.attached_to for e in events)


def compare(
    recorded: Sequence[Candidate.Event], produced: Sequence[Candidate.Event]
) -> tuple[list[tuple[int, str]], bool]:
    """Differences between recorded and reproduced decisions, and whether all were identical."""
    problems: list[tuple[int, str]] = []
    identical = len(recorded) == len(produced)
    for index in range(max(len(recorded), len(produced))):
        mine = recorded[index] if index < len(recorded) else None
        theirs = produced[index] if index < len(produced) else None
        if mine is not None and theirs is not None and vars(mine) == vars(theirs):
            continue
        identical = False
        found = _difference(mine, theirs)
        if found is not None:
            problems.append(found)
    return problems, identical


def _difference(
    recorded: Candidate.Event | None, produced: Candidate.Event | None
) -> tuple[int, str] | None:
    if produced is None:
        assert recorded is not None
        return recorded.originator_version, (
            f"{_name(recorded)} is not reproduced: re-running the policies with configuration "
            f"{recorded.config} decides nothing more here"
        )
    if recorded is None:
        return produced.originator_version, (
            f"missing decision: {_name(produced)} ({_gist(produced)}) would have been decided "
            "here, but was not recorded"
        )
    if type(recorded) is not type(produced):
        return recorded.originator_version, (
            f"{_name(recorded)} is not reproduced: re-running the policies decides "
            f"{_name(produced)} here"
        )
    changed = _changed(vars(recorded), vars(produced))
    if not changed:
        return None
    return recorded.originator_version, f"{_name(recorded)} is not reproduced: {changed}"


def _changed(recorded: dict[str, Any], produced: dict[str, Any]) -> str:
    keys = sorted((recorded.keys() | produced.keys()) - IGNORED)
    return "; ".join(
        f"{key} recorded {_show(recorded.get(key))}, reproduced {_show(produced.get(key))}"
        for key in keys
        if recorded.get(key) != produced.get(key)
    )


def _name(event: Candidate.Event) -> str:
    return f"{type(event).__name__} by policy {event.policy}"


def _gist(event: Candidate.Event) -> str:
    shown = ("application_id", "trigger", "dest", "kind", "step", "signal", "status")
    parts = [f"{k}={getattr(event, k)}" for k in shown if getattr(event, k, None) is not None]
    return ", ".join(parts) or (event.reason or "")


def _show(value: Any) -> str:
    text = repr(value.isoformat() if isinstance(value, datetime) else value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
