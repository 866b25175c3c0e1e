"""Section 6: audit verify throughput against reading the same events with eventsourcing alone.

The store is the command mix of section 1 followed by three ticks (check-ins, silence, pauses,
employer stall messages, outreach), so that verify re-runs attached and time policies alike.
The baseline reads every candidate's events with a plain eventsourcing application on the same
file (`events.get`, decoding only).
"""

from __future__ import annotations

import importlib
import statistics
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate

from bench.bare import open_bare
from bench.context import Context, timed
from bench.profiling import VERIFY_PLACES, shares
from bench.report import Figure, Section, at_least
from bench.scenario import START, run_mix
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies

TARGET = 0.5
TICK_DAYS = (6, 10, 12)


def audit_module() -> Any | None:
    try:
        return importlib.import_module("pipeline.audit")
    except ImportError:
        return None


def open_app(path: Path, clock: FixedClock) -> Pipeline:
    return Pipeline(str(path), policies=standard_policies(PolicyConfig()), clock=clock)


def build(path: Path, candidates: int) -> list[UUID]:
    """The verify store; returns the candidates' ids."""
    clock = FixedClock(START)
    app = open_app(path, clock)
    try:
        run_mix(app, clock, candidates)
        mixed = clock.now()
        for days in TICK_DAYS:
            clock.set(mixed + timedelta(days=days))
            app.tick()
        return [UUID(str(row["id"])) for row in app.read_model.candidate_rows({})]
    finally:
        app.close()


def read_back(path: Path, ids: list[UUID], replay: bool = False) -> tuple[float, int]:
    """Seconds to read every candidate's events (and with `replay`, apply them), and how many."""
    app = open_bare(str(path), cache_size=0)

    def read(candidate_id: UUID) -> int:
        events = list(app.events.get(candidate_id))
        if replay:
            project_aggregate(None, events)
        return len(events)

    try:
        return timed(lambda: sum(read(i) for i in ids))
    finally:
        app.close()


def verify_once(audit: Any, path: Path) -> tuple[float, Any]:
    app = open_app(path, FixedClock(START))
    try:
        return timed(lambda: audit.verify(app))
    finally:
        app.close()


def where_time_goes(audit: Any, path: Path) -> str:
    app = open_app(path, FixedClock(START))
    try:
        return "where verify's time goes (cProfile): " + shares(
            lambda: audit.verify(app), VERIFY_PLACES
        )
    finally:
        app.close()


def measure_once(audit: Any, path: Path, ids: list[UUID]) -> dict[str, Any]:
    """Events per second of reading, replaying and verifying the store, one after the other."""
    read_seconds, events = read_back(path, ids)
    replay_seconds, _ = read_back(path, ids, replay=True)
    verify_seconds, report = verify_once(audit, path)
    return {
        "read": events / read_seconds,
        "replay": events / replay_seconds,
        "verify": report.events / verify_seconds,
        "report": report,
    }


def run(ctx: Context) -> Section:
    section = Section("verify", "6. Audit verify throughput")
    audit = audit_module()
    if audit is None or not hasattr(audit, "verify"):
        section.skipped = "pipeline.audit.verify is not available yet"
        return section
    path = ctx.path("verify.db")
    ids = build(path, ctx.sizes.verify_candidates)
    rounds = [measure_once(audit, path, ids) for _ in range(1 if ctx.quick else 3)]
    report = rounds[-1]["report"]
    rate = {key: statistics.median(r[key] for r in rounds) for key in ("read", "replay", "verify")}
    ratio = {key: statistics.median(r[key] / r["read"] for r in rounds) for key in rate}
    target, met = at_least(ratio["verify"], TARGET)
    section.add(
        Figure("eventsourcing events.get, decode only (baseline)", rate["read"], "events/s", 1.0),
        Figure("↳ and apply them (project_aggregate)", rate["replay"], "events/s",
               ratio["replay"]),
        Figure("pipeline.audit.verify", rate["verify"], "events/s", ratio["verify"], target, met),
    )  # fmt: skip
    if not met and not ctx.quick:
        section.notes.append(where_time_goes(audit, path))
    section.notes.append(
        f"{report.candidates} candidates, {report.events:,} events, {report.decisions:,} policy"
        f" decisions re-run, {len(report.discrepancies)} discrepancies; median of {len(rounds)}"
        " runs, each on a fresh application."
    )
    return section
