"""Section 2: `tick` on a small and a large store with the same number of candidates due.

Both stores are built with `StoreBuilder` (the application's commands, many candidates per
transaction) and kept for the memory section. In each, a fresh `Pipeline` ticks once to warm
up, then three times at moments when exactly one group of 100 candidates is due.
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


def tick_seconds(path: str) -> tuple[float, list[int]]:
    """Median seconds of the timed ticks, and how many candidates each of them processed."""
    clock = FixedClock(tick_moment(WARM_UP))
    app = Pipeline(path, policies=standard_policies(PolicyConfig()), clock=clock)

    def tick(group: int) -> TickReport:
        clock.set(tick_moment(group))
        return app.tick()

    try:
        tick(WARM_UP)
        runs = [timed(partial(tick, group)) for group in TIMED]
    finally:
        app.close()
    return statistics.median(s for s, _ in runs), [report.due for _, report in runs]


def run(ctx: Context) -> Section:
    section = Section("tick", f"2. tick with {DUE_PER_GROUP} candidates due")
    small, large = ctx.sizes.tick_small, ctx.sizes.tick_large
    build_seconds = {}
    for count in (small, large):
        build_seconds[count], _ = timed(partial(tick_store, ctx, count))
    small_s, small_due = tick_seconds(tick_store(ctx, small))
    large_s, large_due = tick_seconds(tick_store(ctx, large))
    ctx.ticked.update({tick_store(ctx, small), tick_store(ctx, large)})
    target, met = at_most(large_s / small_s, TARGET)
    section.add(
        Figure(f"tick, {small:,} candidates (baseline)", small_s, "s", 1.0),
        Figure(f"tick, {large:,} candidates", large_s, "s", large_s / small_s, target, met),
    )
    section.notes.append(
        f"candidates processed per tick: {small_due} and {large_due}; median of {len(TIMED)}"
        " ticks after a warm-up tick, each on a fresh group of due candidates."
    )
    section.notes.append(
        "stores built through Pipeline's own commands and save path, 1,000 candidates per"
        f" transaction (bench/builder.py): {small:,} in {build_seconds[small]:.0f} s,"
        f" {large:,} in {build_seconds[large]:.0f} s; "
        + check_same_store(ctx.folder, make_recipe(1200), lambda: FixedClock(TICK_AT))
    )
    if ctx.quick:
        section.notes.append(f"--quick: {large:,} candidates instead of 100,000.")
    return section
