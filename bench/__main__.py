"""`python -m bench [--quick]`: measure the pipeline against the layers under it, side by side.

Prints one table (each figure with its ratio against a baseline measured in the same run, and
the target where the issues set one) and writes the same figures as JSON. Figures are printed,
never asserted: CI runs `--quick` only to show that the bench still works.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from bench import (
    audit_scale,
    delivering,
    exchange,
    loading,
    memory,
    postgres,
    startup,
    throughput,
    ticking,
    verifying,
)
from bench.context import FULL, QUICK, Context
from bench.report import Section, markdown, print_report, write_json

HERE = Path(__file__).resolve().parent
SECTIONS: dict[str, Callable[[Context], Section]] = {
    "throughput": throughput.run,
    "tick": ticking.run,
    "load": loading.run,
    "memory": memory.run,
    "startup": startup.run,
    "verify": verifying.run,
    "postgres": postgres.run,
    "delivery": delivering.run,
    "audit-scale": audit_scale.run,
    "exchange": exchange.run,
}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: under a minute")
    parser.add_argument("--json", type=Path, help="where to write the figures as JSON")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown")
    parser.add_argument(
        "--only", nargs="+", choices=list(SECTIONS), help="run only these sections (in order)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch stores")
    return parser.parse_args(argv)


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else platform.machine()


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": cpu_model(),
        "cpus": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
        "eventsourcing": importlib.metadata.version("eventsourcing"),
    }


def run_sections(context: Context, names: list[str], console: Console) -> list[Section]:
    sections = []
    for name in names:
        console.print(f"[dim]bench: {name}…[/dim]")
        start = time.perf_counter()
        section = SECTIONS[name](context)
        section.seconds = time.perf_counter() - start
        sections.append(section)
    return sections


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=110)
    load_before = os.getloadavg()
    context = Context(
        quick=options.quick,
        sizes=QUICK if options.quick else FULL,
        folder=Path(tempfile.mkdtemp(prefix="pipeline-bench-")),
    )
    started = datetime.now().astimezone()
    start = time.perf_counter()
    try:
        sections = run_sections(context, options.only or list(SECTIONS), console)
    finally:
        if not options.keep:
            shutil.rmtree(context.folder, ignore_errors=True)
    duration = time.perf_counter() - start
    print_report(sections, console)
    command = "python -m bench" + (" --quick" if options.quick else "")
    took = ", ".join(f"{s.key} {s.seconds:.0f} s" for s in sections)
    console.print(f"{command}: {duration:.0f} s on {machine()['cpus']} CPUs ({took})")
    default = HERE / ("results-quick.json" if options.quick else "results.json")
    run = {
        "command": command,
        "quick": options.quick,
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": round(duration, 1),
        "machine": machine(),
        "load_average": {"start": load_before, "end": os.getloadavg()},
        "sizes": asdict(context.sizes),
    }
    write_json(options.json or default, run, sections)
    if options.markdown:
        options.markdown.write_text(markdown(sections), encoding="utf-8")
    if options.keep:
        console.print(f"scratch stores kept in {context.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
