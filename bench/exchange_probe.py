"""One export or import in a process of its own, for its peak memory (section 8).

`python -m bench.exchange_probe export STORE FILE` or `... import FILE STORE`: prints one JSON
object with the seconds it took, the peak resident size of the process (VmHWM, interpreter
and libraries included: what the machine must have) and the events moved.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from bench.population import TICK_AT
from bench.probe import peak_rss
from pipeline import FixedClock, Pipeline
from pipeline.audit import export_events, import_events
from policies import PolicyConfig, standard_policies


def run(operation: str, source: str, target: str) -> dict[str, Any]:
    policies = standard_policies(PolicyConfig())
    store = source if operation == "export" else target
    app = Pipeline(store, policies=policies, clock=FixedClock(TICK_AT))
    start = time.perf_counter()
    try:
        if operation == "export":
            with open(target, "w", encoding="utf-8") as out:
                events = export_events(app, out).events
        else:
            with open(source, encoding="utf-8") as lines:
                events = import_events(app, (line.rstrip("\n") for line in lines)).events
    finally:
        app.close()
    return {"seconds": time.perf_counter() - start, "peak_bytes": peak_rss(), "events": events}


if __name__ == "__main__":
    print(json.dumps(run(*sys.argv[1:4])))
