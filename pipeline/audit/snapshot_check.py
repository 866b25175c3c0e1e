"""Snapshots against the replay: a candidate loaded from its snapshot is the candidate replayed.

Queries load a candidate from its latest snapshot and the events after it, so a snapshot is
what `candidate()`, `tick` and every command see. Each stored snapshot is loaded as the
repository loads it (`Snapshot.mutate`, upcasts included) and compared with the replay of the
recorded events to its version. A snapshot the repository sets aside (taken by release 0.1.0,
before the candidate kept the days of its outreach) is never read, so it is not compared.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pipeline.candidate import Candidate, OutdatedSnapshot

PRIVATE = frozenset({"_pending_events"})


class SnapshotCheck:
    """The snapshots of one candidate, each compared when the replay reaches its version."""

    def __init__(self, snapshots: Sequence[Any], report: Callable[[int, str], None]) -> None:
        self.waiting = {s.originator_version: s for s in snapshots}
        self.report = report

    def reached(self, state: Candidate) -> None:
        """The replay has reached `state.version`: compare a snapshot taken there."""
        snapshot = self.waiting.pop(state.version, None)
        if snapshot is not None:
            problem = snapshot_problem(snapshot, state)
            if problem is not None:
                self.report(state.version, problem)

    def not_reached(self, last: int) -> None:
        """Snapshots of no version the replay ended a save at (or beyond the log's end)."""
        for version in sorted(self.waiting):
            where = "beyond the end of the log" if version > last else "in the middle of a save"
            self.report(version, f"a snapshot of a version {where}: no save ended there")


def snapshot_problem(snapshot: Any, replayed: Candidate) -> str | None:
    try:
        loaded = snapshot.mutate(None)
    except OutdatedSnapshot:
        return None  # set aside by the repository: the candidate is replayed instead
    except Exception as error:  # a tampered snapshot can fail in any way
        return f"the snapshot cannot be loaded: {type(error).__name__}: {error}"
    mine, theirs = _state(loaded), _state(replayed)
    differing = sorted(
        key for key in mine.keys() | theirs.keys() if mine.get(key) != theirs.get(key)
    )
    if not differing:
        return None
    return (
        f"the snapshot differs from the replay to its version in {', '.join(differing)}: "
        "a candidate loaded from it is not the one its events make"
    )


def _state(candidate: Any) -> dict[str, Any]:
    return {key: value for key, value in vars(candidate).items() if key not in PRIVATE}
