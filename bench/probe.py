"""One memory measurement in a process of its own: `python -m bench.probe STORE OP MODE [GROUP]`.

OP is `tick` (at the moment group GROUP of the population is due) or `list` (`candidates()`).
MODE `traced` reports tracemalloc's peak during the call; MODE `rss` reports how far the
process's peak resident size rose above its size just before the call (no tracing overhead;
on Linux the peak is reset just before the call, elsewhere it may include an earlier peak).
Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import tracemalloc
from typing import Any

from bench.population import tick_moment
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies


def current_rss() -> int:
    """Resident bytes now (Linux /proc); the peak so far where /proc is missing."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak_rss() -> int:
    """The peak resident bytes of this process's memory (Linux: VmHWM).

    Not `ru_maxrss` where /proc has the answer: after fork and exec it starts at the parent's
    size, so a small child of a large bench process would report the parent's.
    """
    try:
        with open("/proc/self/status") as status:
            lines = [line for line in status if line.startswith("VmHWM:")]
        return int(lines[0].split()[1]) * 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def reset_peak_rss() -> bool:
    """Start the peak afresh (Linux: clear_refs 5), so that opening the store does not count."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def measure(store: str, op: str, mode: str, group: int) -> dict[str, Any]:
    clock = FixedClock(tick_moment(group))
    app = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
    action = app.tick if op == "tick" else app.candidates
    before = current_rss()
    figures: dict[str, Any] = {"peak_reset": reset_peak_rss()}
    if mode == "traced":
        tracemalloc.start()
    start = time.perf_counter()
    result = action()
    figures["seconds"] = time.perf_counter() - start
    if mode == "traced":
        figures["peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        figures["peak_bytes"] = max(0, peak_rss() - before)
        figures["rss_before"] = before
    figures["items"] = result.due if op == "tick" else len(result)  # type: ignore[union-attr,arg-type]
    app.close()
    return figures


if __name__ == "__main__":
    store_path, operation, how = sys.argv[1:4]
    moment_group = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    print(json.dumps(measure(store_path, operation, how, moment_group)))
