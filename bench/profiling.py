"""Where the time goes, from one cProfile run: shares of a few named functions.

Shares are cumulative times over the whole run; they overlap where one function calls
another (the cache copy is part of loading, hashing is part of deciding). A function that
is not found (renamed, or not called) shows 0%.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable, Sequence

Place = tuple[str, str, str, str]  # (label, in file, function name, called from file)
APP = "pipeline/app/application.py"
REPO = "pipeline/app/repository.py"

# The places the time of a command is spent inside `Pipeline`.
COMMAND_PLACES: Sequence[Place] = (
    ("load the candidate (Repository.get)", "eventsourcing/application.py", "get", REPO),
    ("  copy out of the cache (deepcopy)", "copy.py", "deepcopy", "eventsourcing/application.py"),
    ("decide: handler, tables, events", APP, "decide", REPO),
    ("  hash chain (event_digest)", "pipeline/hashing.py", "event_digest", "candidate.py"),
    ("attached policies (after_events)", "pipeline/app/runner.py", "after_events", APP),
    ("save (CandidateRepository.save)", REPO, "save", REPO),
    ("  read-model rows (rows_for)", "pipeline/store/readmodel.py", "rows_for", REPO),
    ("  due index (next_due)", "pipeline/app/runner.py", "next_due", REPO),
    ("  read-model SQL (write_rows)", "pipeline/store/queries.py", "write_rows", "store/sqlite.py"),
    ("  SQLite commit", "~", "<method 'commit' of 'sqlite3.Connection' objects>", "sqlite.py"),
)

# The places the time of `pipeline.audit.verify` is spent.
AUDIT = "pipeline/audit/"
VERIFY_PLACES: Sequence[Place] = (
    ("read and decode (history)", AUDIT + "reading.py", "history", "candidates.py"),
    ("hash chain (event_digest)", "pipeline/hashing.py", "event_digest", ""),
    ("attached policies re-run (after_events)", "pipeline/app/runner.py", "after_events",
     "audit/replay.py"),
    ("time policies re-run (run_due)", "pipeline/app/runner.py", "run_due", "audit/replay.py"),
    ("  policies' due()", "/policies/", "due", "pipeline/app/runner.py"),
    ("transitions (legality)", AUDIT + "legality.py", "transition_problem", "audit/replay.py"),
    ("read-model rows", AUDIT + "candidates.py", "rows", "candidates.py"),
    ("snapshots", AUDIT + "candidates.py", "snapshots", "candidates.py"),
)  # fmt: skip


def _cumulative(stats: pstats.Stats, place: Place) -> float:
    """Time in the function, counting only its calls from the named caller file.

    Naming the caller keeps recursion (deepcopy calls itself through helpers) and namesakes
    (a cache's `get` inside `Repository.get`) from being counted twice.
    """
    _, suffix, name, caller = place
    table = stats.stats  # type: ignore[attr-defined]
    total = 0.0
    for (filename, _, function), (_, _, _, _, callers) in table.items():
        if function == name and suffix in filename:
            total += sum(v[3] for k, v in callers.items() if caller in k[0])
    return total


def share_of(action: Callable[[], object], places: Sequence[Place]) -> list[tuple[str, float]]:
    """(label, share of the whole run) of each place, for one profiled run of `action`."""
    profile = cProfile.Profile()
    profile.runcall(action)
    stats = pstats.Stats(profile)
    whole = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    return [(place[0], _cumulative(stats, place) / whole) for place in places]


def shares(action: Callable[[], object], places: Sequence[Place]) -> str:
    """`label 12%; label 30%…` for one profiled run of `action`."""
    found = share_of(action, places)
    return "; ".join(f"{label.replace('  ', '↳ ')} {share:.0%}" for label, share in found)
