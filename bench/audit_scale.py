"""Section 9: what one candidate's audit costs as its history grows and as the store grows.

- A candidate whose state grows (bench/growing.py: repeated silences, their tasks and
  messages piling up), verified alone: time per event at 10,000 events against 100.
- The same candidate's snapshot: only the latest is kept, its bytes against its events'.
- `verify(refs=[one])` on the 100,000-candidate store of section 2 against the 1,000 one.
"""

from __future__ import annotations

import sqlite3
import statistics
from functools import partial

from bench.context import Context, timed
from bench.growing import grow
from bench.population import TICK_AT
from bench.report import Figure, Section, at_most
from bench.scenario import START, ref_for
from bench.ticking import tick_store
from pipeline import FixedClock, Pipeline
from pipeline.audit import verify
from pipeline.candidate import candidate_id_for
from policies import PolicyConfig, standard_policies

SHORT = 100
PER_EVENT_TARGET = 1.5
STORE_TARGET = 2.0
SNAPSHOT_TARGET = 2.0
REF = "GROWING"


def open_app(path: str, clock: FixedClock) -> Pipeline:
    return Pipeline(path, policies=standard_policies(PolicyConfig()), clock=clock)


def grown(ctx: Context, events: int) -> tuple[str, int, float]:
    """A store holding the growing candidate with `events` events: path, version, seconds."""
    path = str(ctx.path(f"growing-{events}.db"))
    clock = FixedClock(START)
    app = open_app(path, clock)
    try:
        seconds, version = timed(lambda: grow(app, clock, REF, events))
    finally:
        app.close()
    return path, version, seconds


def per_event(path: str, repeats: int) -> tuple[float, int]:
    """Median seconds per event of verifying the candidate alone (a fresh application each)."""
    runs = []
    for _ in range(repeats):
        app = open_app(path, FixedClock(TICK_AT))
        try:
            seconds, report = timed(partial(verify, app, refs=[REF]))
        finally:
            app.close()
        assert report.ok, report.discrepancies
        runs.append(seconds / report.events)
    return statistics.median(runs), report.events


def stored_bytes(path: str) -> tuple[int, int]:
    """Bytes of the candidate's stored events and of its snapshots."""
    key = candidate_id_for(REF).hex
    with sqlite3.connect(path) as db:
        sums = [
            db.execute(f"SELECT SUM(LENGTH(state)) FROM {table} WHERE originator_id=?", (key,))
            for table in ("stored_events", "stored_snapshots")
        ]
        events, snapshots = (int(found.fetchone()[0] or 0) for found in sums)
    return events, snapshots


def one_of(path: str, index: int) -> float:
    app = open_app(path, FixedClock(TICK_AT))
    try:
        return timed(lambda: verify(app, refs=[ref_for(index)]))[0]
    finally:
        app.close()


def one_candidate(ctx: Context) -> tuple[float, float, list[float]]:
    """Median seconds of verifying one candidate on the small and the large store, in turns."""
    small, large = ctx.sizes.tick_small, ctx.sizes.tick_large
    paths = tick_store(ctx, small), tick_store(ctx, large)
    turns = [(one_of(paths[0], i * 7), one_of(paths[1], i * 7)) for i in range(1, 12)]
    ratios = [big / little for little, big in turns]
    return (statistics.median(t[0] for t in turns), statistics.median(t[1] for t in turns), ratios)


def run(ctx: Context) -> Section:
    long = ctx.sizes.growing_events
    section = Section("audit-scale", "9. Audit: one candidate's cost as history and store grow")
    repeats = 3 if ctx.quick else 5
    short_path, _, _ = grown(ctx, SHORT)
    long_path, long_v, built = grown(ctx, long)
    short_s, short_n = per_event(short_path, repeats)
    long_s, long_n = per_event(long_path, repeats)
    events_bytes, snapshot_bytes = stored_bytes(long_path)
    little, big, ratios = one_candidate(ctx)
    grow_target, grow_met = at_most(long_s / short_s, PER_EVENT_TARGET)
    snap_target, snap_met = at_most(snapshot_bytes / events_bytes, SNAPSHOT_TARGET)
    store_ratio = statistics.median(ratios)
    store_target, store_met = at_most(store_ratio, STORE_TARGET)
    small, large = ctx.sizes.tick_small, ctx.sizes.tick_large
    section.add(
        Figure(f"verify a growing candidate, {short_n} events (baseline)", short_s * 1e6,
               "µs/event", 1.0),
        Figure(f"verify a growing candidate, {long_n:,} events", long_s * 1e6, "µs/event",
               long_s / short_s, grow_target, grow_met),
        Figure(f"its events, {long_n:,} (baseline)", events_bytes / 2**20, "MiB", 1.0),
        Figure("its snapshots (only the latest kept)", snapshot_bytes / 2**20, "MiB",
               snapshot_bytes / events_bytes, snap_target, snap_met),
        Figure(f"verify one candidate, {small:,}-candidate store (baseline)", little * 1000,
               "ms", 1.0),
        Figure(f"verify one candidate, {large:,}-candidate store", big * 1000, "ms",
               store_ratio, store_target, store_met),
    )  # fmt: skip
    section.notes.append(
        f"the growing candidate (bench/growing.py) has {long_v:,} events, made through the API"
        f" in {built:.0f} s; median of {repeats} verifies of it alone, each on a fresh"
        " application; one candidate: median of 11 turns on each store (section 2's), each on"
        f" a fresh application; large/small of each turn: {', '.join(f'{r:.2f}' for r in ratios)}."
    )
    return section
