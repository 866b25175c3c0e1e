"""Section 1: command throughput on an SQLite file, against eventsourcing alone and sqlite3.

Each repeat runs, on fresh files and one after the other: the command mix through `Pipeline`
with the standard policies; the very same events written by a bare eventsourcing aggregate
(the baseline); the same events written by the `Candidate` aggregate in a plain eventsourcing
application (no tables, policies, hash checks or read models: what is left is the cost of the
candidate's state); and the same stored rows inserted with plain sqlite3.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path

from bench.bare import (
    BareCandidate,
    Recorded,
    open_bare,
    recorded_commands,
    replay_bare,
    replay_raw,
)
from bench.context import Context, timed
from bench.profiling import COMMAND_PLACES, shares
from bench.report import Figure, Section, at_least
from bench.scenario import MIX, START, run_mix
from pipeline import FixedClock, Pipeline
from pipeline.candidate import Candidate
from policies import PolicyConfig, standard_policies

TARGET = 0.7
WARM_UP_CANDIDATES = 10


def open_pipeline(path: Path) -> tuple[Pipeline, FixedClock]:
    clock = FixedClock(START)
    return Pipeline(str(path), policies=standard_policies(PolicyConfig()), clock=clock), clock


def pipeline_run(path: Path, candidates: int) -> tuple[float, int, list[Recorded]]:
    """Seconds for the mix, the events it wrote, and those events grouped by command."""
    app, clock = open_pipeline(path)
    try:
        seconds, _ = timed(lambda: run_mix(app, clock, candidates))
        commands = recorded_commands(app)
    finally:
        app.close()
    return seconds, sum(len(c.events) for c in commands), commands


def plain_run(path: Path, commands: list[Recorded], kind: type) -> float:
    app = open_bare(str(path), cache_size=1000)
    try:
        seconds, _ = timed(lambda: replay_bare(app, commands, kind))
    finally:
        app.close()
    return seconds


def one_round(ctx: Context, tag: str, candidates: int) -> dict[str, float]:
    """Events per second of each way of writing, on fresh files."""
    seconds, events, commands = pipeline_run(ctx.path(f"mix-{tag}-pipeline.db"), candidates)
    runners: dict[str, Callable[[], float]] = {
        "bare": lambda: plain_run(ctx.path(f"mix-{tag}-bare.db"), commands, BareCandidate),
        "plain": lambda: plain_run(ctx.path(f"mix-{tag}-plain.db"), commands, Candidate),
        "raw": lambda: timed(lambda: replay_raw(str(ctx.path(f"mix-{tag}-raw.db")), commands))[0],
    }
    rates = {"pipeline": events / seconds, "commands": len(MIX) * candidates / seconds}
    rates |= {name: events / run() for name, run in runners.items()}
    rates["events"] = events
    return rates


def where_time_goes(ctx: Context, candidates: int) -> str:
    app, clock = open_pipeline(ctx.path("mix-profile.db"))
    try:
        found = shares(lambda: run_mix(app, clock, candidates), COMMAND_PLACES)
    finally:
        app.close()
    return f"where Pipeline's time goes (cProfile, {candidates} candidates): {found}"


def figures(rounds: list[dict[str, float]]) -> list[Figure]:
    """Median rates, and median ratios against the bare aggregate of the same run."""

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    def ratio(key: str) -> float:
        return statistics.median(r[key] / r["bare"] for r in rounds)

    target, met = at_least(ratio("pipeline"), TARGET)
    return [
        Figure("Pipeline + standard policies", median("pipeline"), "events/s",
               ratio("pipeline"), target, met),
        Figure("↳ the same, in commands", median("commands"), "commands/s"),
        Figure("Candidate aggregate, plain Application", median("plain"), "events/s",
               ratio("plain")),
        Figure("bare eventsourcing aggregate (baseline)", median("bare"), "events/s", 1.0),
        Figure("raw sqlite3 inserts, same rows", median("raw"), "events/s", ratio("raw")),
    ]  # fmt: skip


def run(ctx: Context) -> Section:
    section = Section("throughput", "1. Command throughput, SQLite file")
    one_round(ctx, "warm-up", WARM_UP_CANDIDATES)
    candidates = ctx.sizes.mix_candidates
    rounds = [one_round(ctx, str(r), candidates) for r in range(ctx.sizes.mix_repeats)]
    section.add(*figures(rounds))
    spread = ", ".join(f"{r['pipeline'] / r['bare']:.2f}" for r in rounds)
    section.notes.append(
        f"{len(MIX) * candidates:,} commands ({int(rounds[0]['events']):,} events, policy decisions"
        f" included) for {candidates} candidates; median of {len(rounds)} runs on fresh files,"
        f" after a warm-up (Pipeline/bare of each run: {spread}); the plain applications are"
        " eventsourcing's defaults with Pipeline's cache size (1000)."
    )
    if not section.figures[0].met and not ctx.quick:
        section.notes.append(where_time_goes(ctx, min(candidates, 100)))
    return section
