"""Section 2: `tick` on a small and a large store with the same number of candidates due.

Both stores are built with `StoreBuilder` (the application's commands, many candidates per
transaction) and kept for the memory section. A fresh `Pipeline` on each ticks once to warm up;
then the two take turns, ticking at moments when exactly one group of 100 candidates is due, so
that a burst of other work on the machine falls on both alike.
"""

from __future__ import annotations

import statistics
from functools import partial

from bench.builder import build_store, check_same_store
from bench.context import Context, timed
from bench.population import DUE_PER_GROUP, TICK_AT, TIMED, WARM_UP, make_recipe, tick_moment
from bench.report import Figure, Section, at_most
from pipeline import FixedClock, Pipeline, TickReport
from policies import PolicyConfig, standard_policies

TARGET = 1.5


def tick_store(ctx: Context, count: int) -> str:
    """The store of `count` candidates (built once per run, shared with the memory section)."""
    key = f"tick-{count}"
    if key not in ctx.stores:
        path = ctx.path(f"{key}.db")
        build_store(str(path), FixedClock(TICK_AT), count, make_recipe(count))
        ctx.stores[key] = path
    return str(ctx.stores[key])


class Ticker:
    """A `Pipeline` on one store, ticking at the moment a given group is due."""

    def __init__(self, path: str) -> None:
        self.clock = FixedClock(tick_moment(WARM_UP))
        self.app = Pipeline(path, policies=standard_policies(PolicyConfig()), clock=self.clock)

    def tick(self, group: int) -> tuple[float, TickReport]:
        self.clock.set(tick_moment(group))
        return timed(self.app.tick)


def paired_ticks(small: str, large: str) -> list[tuple[float, float, int, int]]:
    """For each timed group: seconds on the small and the large store, and candidates ticked."""
    tickers = Ticker(small), Ticker(large)
    try:
        for ticker in tickers:
            ticker.tick(WARM_UP)
        runs = []
        for group in TIMED:
            (small_s, small_report), (large_s, large_report) = (t.tick(group) for t in tickers)
            runs.append((small_s, large_s, small_report.due, large_report.due))
        return runs
    finally:
        for ticker in tickers:
            ticker.app.close()


def run(ctx: Context) -> Section:
    section = Section("tick", f"2. tick with {DUE_PER_GROUP} candidates due")
    small, large = ctx.sizes.tick_small, ctx.sizes.tick_large
    built = {count: timed(partial(tick_store, ctx, count))[0] for count in (small, large)}
    runs = paired_ticks(tick_store(ctx, small), tick_store(ctx, large))
    ctx.ticked.update({tick_store(ctx, small), tick_store(ctx, large)})
    small_s, large_s = (statistics.median(run[i] for run in runs) for i in (0, 1))
    ratio = statistics.median(large_run / small_run for small_run, large_run, *_ in runs)
    target, met = at_most(ratio, TARGET)
    section.add(
        Figure(f"tick, {small:,} candidates (baseline)", small_s, "s", 1.0),
        Figure(f"tick, {large:,} candidates", large_s, "s", ratio, target, met),
    )
    section.notes.append(
        f"median of {len(runs)} ticks on each store, taking turns after a warm-up tick, each on"
        f" a fresh group of due candidates; candidates ticked: {[r[2] for r in runs]} and"
        f" {[r[3] for r in runs]}; large/small of each turn:"
        f" {', '.join(f'{r[1] / r[0]:.2f}' for r in runs)}."
    )
    section.notes.append(
        "stores built through Pipeline's own commands and save path, 1,000 candidates per"
        f" transaction (bench/builder.py): {small:,} in {built[small]:.0f} s,"
        f" {large:,} in {built[large]:.0f} s; "
        + check_same_store(ctx.folder, make_recipe(2000), lambda: FixedClock(TICK_AT))
    )
    if ctx.quick:
        section.notes.append(f"--quick: {large:,} candidates instead of 100,000.")
    return section
