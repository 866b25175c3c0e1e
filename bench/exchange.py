"""Section 10: export and import stream: their peak memory does not follow the store's size.

The stores of section 2 (1,000 and 100,000 candidates) are exported to a file and the file
imported into a new store, each in a process of its own (bench/exchange_probe.py), so that
each figure is that process's whole peak resident size. The target is an absolute one: under
200 MiB whatever the size of the file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.context import Context
from bench.report import Figure, Section
from bench.ticking import tick_store

ROOT = Path(__file__).resolve().parent.parent
MIB = 2**20
LIMIT = 200 * MIB


def probe(*args: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.exchange_probe", *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def moved(ctx: Context, count: int) -> dict[str, Any]:
    export = ctx.path(f"export-{count}.jsonl")
    target = ctx.path(f"imported-{count}.db")
    out = probe("export", tick_store(ctx, count), str(export))
    into = probe("import", str(export), str(target))
    return {"export": out, "import": into, "bytes": export.stat().st_size}


def run(ctx: Context) -> Section:
    small, large = ctx.sizes.tick_small, ctx.sizes.tick_large
    section = Section("exchange", f"10. Export and import, {large:,}-candidate store")
    found = {count: moved(ctx, count) for count in (small, large)}
    for step in ("export", "import"):
        base, big = (found[count][step]["peak_bytes"] for count in (small, large))
        section.add(
            Figure(f"{step}, {small:,} candidates, peak RSS (baseline)", base / MIB, "MiB", 1.0),
            Figure(f"{step}, {large:,} candidates, peak RSS", big / MIB, "MiB", big / base,
                   "< 200 MiB", big < LIMIT),
        )  # fmt: skip
    rates = {step: found[large][step]["events"] / found[large][step]["seconds"]
             for step in ("export", "import")}  # fmt: skip
    section.notes.append(
        f"the {large:,}-candidate export is {found[large]['bytes'] / MIB:,.0f} MiB"
        f" ({found[large]['export']['events']:,} events): exported at {rates['export']:,.0f}"
        f" and imported at {rates['import']:,.0f} events/s (in one transaction, read models"
        " included); each figure is the peak resident size of a process of its own"
        " (interpreter and libraries included)."
    )
    return section
