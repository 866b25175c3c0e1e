"""The hash chain of one candidate: every event's content matches its hash, and every event
links to the one before it, with no version missing and batches that start where they say.

Returns what it finds as (version, message) pairs, and the first version from which the
history cannot be trusted for replay (a missing event), if any.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.candidate import Candidate
from pipeline.hashing import GENESIS, event_digest


@dataclass
class ChainFindings:
    problems: list[tuple[int, str]] = field(default_factory=list)
    gap_at: int | None = None  # the first missing version


def digest_of(event: Candidate.Event, version: int | None = None) -> str:
    number = event.originator_version if version is None else version
    return event_digest(type(event).__qualname__, event.originator_id, number, vars(event))


def first_gap(events: Sequence[Candidate.Event]) -> int | None:
    """The first version missing from the history, if any."""
    for expected, event in enumerate(events, 1):
        if event.originator_version != expected:
            return expected
    return None


def check_chain(
    events: Sequence[Candidate.Event], verified: Collection[int] = (), checked_after: int = 0
) -> ChainFindings:
    """Check every link; `verified` names versions whose hash is already known to match
    (a reproduced decision identical to the recorded one, hash included), and versions up to
    `checked_after` were checked before (a checkpoint's: only the links after it are)."""
    found = ChainFindings()
    versions = {getattr(e, "event_hash", None): e.originator_version for e in events}
    expected, batch_start = 1, 0
    previous: Any = GENESIS
    last = events[-1].originator_version if events else 0
    for event in events:
        version = event.originator_version
        in_place = version == expected
        if not in_place:
            missing = _span(expected, version - 1)
            why = f"{missing} missing: after version {expected - 1} comes version {version}"
            found.problems.append((expected, why))
            found.gap_at = found.gap_at or expected
        elif version > checked_after:
            in_place = _check_link(found, event, previous, versions)
        if version not in verified and version > checked_after:
            in_place = _check_hash(found, event, last) and in_place
        if version > checked_after:
            batch_start = _check_batch(found, event, batch_start, report=in_place)
        elif getattr(event, "batch", None) == version:
            batch_start = version
        expected, previous = version + 1, getattr(event, "event_hash", None)
    return found


def _check_link(
    found: ChainFindings, event: Candidate.Event, previous: Any, versions: dict[Any, int]
) -> bool:
    link = getattr(event, "previous_hash", None)
    if link == previous:
        return True
    version = event.originator_version
    linked = versions.get(link)
    if linked is not None:
        why = f"previous_hash links to version {linked}, not {version - 1}: events are out of order"
    elif version == 1:
        why = "the first event's previous_hash is not empty"
    else:
        why = f"previous_hash does not match version {version - 1}'s event_hash"
    found.problems.append((version, why))
    return False


def _check_hash(found: ChainFindings, event: Candidate.Event, last: int) -> bool:
    recorded = getattr(event, "event_hash", None)
    if recorded is not None and digest_of(event) == recorded:
        return True
    version = event.originator_version
    moved = next(
        (v for v in range(1, last + 1) if v != version and digest_of(event, v) == recorded), None
    )
    if moved is not None:
        why = f"this is the event recorded as version {moved}: events are out of order"
    else:
        why = (
            f"content does not match its event_hash {str(recorded)[:12]}…: changed after recording"
        )
    found.problems.append((version, why))
    return False


def _check_batch(found: ChainFindings, event: Candidate.Event, start: int, report: bool) -> int:
    """`batch` is the version that opened the event's transaction: itself, or the run's start.

    Only reported for an event that is authentic and in place: next to a changed or missing
    event, the batch numbers say nothing more than the chain already did."""
    version, batch = event.originator_version, getattr(event, "batch", None)
    if batch == version:
        return version
    if report and (batch != start or not isinstance(batch, int) or batch > version):
        found.problems.append(
            (version, f"batch {batch} does not name the start of its transaction ({start})")
        )
    return start


def _span(first: int, last: int) -> str:
    return f"version {first} is" if first == last else f"versions {first}–{last} are"
