"""Section 4: peak memory of `tick` and `candidates()` on the small and the large store.

Each figure comes from a fresh process (`bench.probe`) so that nothing measured before
counts: tracemalloc's peak during the call, and the rise of the peak resident size above the
size just before the call. `tick` handles one group of 100 due candidates.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.context import Context
from bench.population import MEMORY_RSS, MEMORY_TRACED, TIMED, tick_moment
from bench.report import Figure, Section
from bench.ticking import tick_store
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def probe(store: str, op: str, mode: str, group: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.probe", store, op, mode, str(group)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def catch_up_ticks(ctx: Context, store: str) -> None:
    """Tick the groups the tick section times, if it did not run, so one group is due."""
    if store in ctx.ticked:
        return
    clock = FixedClock(tick_moment(TIMED[-1]))
    app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
    try:
        app.tick()
    finally:
        app.close()
    ctx.ticked.add(store)


def measure(store: str) -> dict[str, dict[str, Any]]:
    # Group MEMORY_RSS falls due before MEMORY_TRACED: tick them in that order, one each.
    return {
        "tick rss": probe(store, "tick", "rss", MEMORY_RSS),
        "tick traced": probe(store, "tick", "traced", MEMORY_TRACED),
        "list traced": probe(store, "list", "traced", 0),
        "list rss": probe(store, "list", "rss", 0),
    }


def run(ctx: Context) -> Section:
    small, large = ctx.sizes.tick_small, ctx.sizes.tick_large
    section = Section("memory", f"4. Peak memory, {large:,}-candidate store")
    found = {}
    for count in (small, large):
        store = tick_store(ctx, count)
        catch_up_ticks(ctx, store)
        found[count] = measure(store)
    for key, label in (
        ("tick traced", "tick, tracemalloc peak"),
        ("tick rss", "tick, peak RSS growth"),
        ("list traced", "candidates(), tracemalloc peak"),
        ("list rss", "candidates(), peak RSS growth"),
    ):
        base, big = found[small][key]["peak_bytes"], found[large][key]["peak_bytes"]
        section.add(Figure(f"{label}", big / MIB, "MiB", big / base if base else None))
    ticked = [found[count][key]["items"] for count in found for key in ("tick rss", "tick traced")]
    listed = found[large]["list rss"]["items"]
    section.notes.append(
        f"ratios are against the same call on the {small:,}-candidate store; the ticks handled"
        f" {ticked} due candidates; candidates() returned {listed:,} summaries; each figure from"
        " a fresh process."
    )
    if not all(found[count][key]["peak_reset"] for count in found for key in found[count]):
        section.notes.append("the peak RSS could not be reset: RSS figures include opening.")
    return section
