"""Where a command's time goes inside `Pipeline`, from one cProfile run of the command mix.

Shares are cumulative times of a few functions over the whole run; they overlap where one
calls another (the cache copy is part of loading, hashing is part of deciding).
"""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

from bench.scenario import START, run_mix
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies

# (label, file suffix, function name): the places the time of a command is spent.
PLACES = (
    ("load the candidate (Repository.get)", "eventsourcing/application.py", "get"),
    ("  of which copying it out of the cache (deepcopy)", "copy.py", "deepcopy"),
    ("decide: handler, tables, events (incl. hashing)", "pipeline/application.py", "<lambda>"),
    ("  of which the hash chain (event_digest)", "pipeline/hashing.py", "event_digest"),
    ("attached policies (PolicyRunner.after_events)", "pipeline/runner.py", "after_events"),
    ("save: Pipeline.save_candidate", "pipeline/application.py", "save_candidate"),
    ("  of which read-model rows (rows_for + next_due)", "pipeline/readmodel.py", "rows_for"),
    ("  of which read-model SQL (write_rows)", "pipeline/recorders.py", "write_rows"),
    ("  of which SQLite commit", "~", "<method 'commit' of 'sqlite3.Connection' objects>"),
)


def _cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    table = stats.stats  # type: ignore[attr-defined]
    total = 0.0
    for (filename, _, function), (_, _, _, cumulative, callers) in table.items():
        if function != name or not filename.endswith(suffix):
            continue
        # Count only the outermost calls of recursive functions such as deepcopy.
        outer = {k: v for k, v in callers.items() if k[2] != name}
        total += sum(v[3] for v in outer.values()) if outer else cumulative
    return total


def where_time_goes(path: Path, candidates: int) -> list[str]:
    clock = FixedClock(START)
    app = Pipeline(str(path), policies=standard_policies(PolicyConfig()), clock=clock)
    profile = cProfile.Profile()
    try:
        profile.runcall(run_mix, app, clock, candidates)
    finally:
        app.close()
    stats = pstats.Stats(profile)
    whole = _cumulative(stats, "bench/scenario.py", "run_mix")
    shares = [
        f"{label}: {_cumulative(stats, suffix, name) / whole:.0%}" for label, suffix, name in PLACES
    ]
    runner = _cumulative(stats, "pipeline/runner.py", "next_due")
    shares.append(f"  of which next_due for the due index: {runner / whole:.0%}")
    return [f"where Pipeline's time goes (cProfile, {candidates} candidates): " + "; ".join(shares)]
