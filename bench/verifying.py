"""Section 6: audit verify throughput against eventsourcing's own replay of the same events.

The store is the command mix of section 1 followed by three ticks (check-ins, silence, pauses,
employer stall messages, outreach), so that verify re-runs attached and time policies alike.
The baseline replays every candidate with a plain eventsourcing application on the same file
(`events.get` and `project_aggregate`: decode and apply, no cache, no snapshot), in the same
process, right before each verify; decoding alone is shown beside it. `--jobs` spreads the
same verify over processes; `--since-checkpoint` checks what a few commands added after a
checkpoint.
"""

from __future__ import annotations

import os
import shutil
import statistics
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate

from bench.bare import open_bare
from bench.context import Context, timed
from bench.population import TICK_AT
from bench.profiling import VERIFY_PLACES, share_of
from bench.report import Figure, Section, at_least
from bench.scenario import START, ref_for, run_mix
from bench.ticking import tick_store
from pipeline import FixedClock, Pipeline
from pipeline.audit import verify
from policies import PolicyConfig, standard_policies

TARGET = 0.5
TICK_DAYS = (6, 10, 12)
CHANGED = 3  # candidates given one more command after the checkpoint


def open_app(path: Path, clock: FixedClock) -> Pipeline:
    return Pipeline(str(path), policies=standard_policies(PolicyConfig()), clock=clock)


def build(path: Path, candidates: int) -> tuple[list[UUID], FixedClock]:
    """The verify store; the candidates' ids, and the clock where the story stopped."""
    clock = FixedClock(START)
    app = open_app(path, clock)
    try:
        run_mix(app, clock, candidates)
        mixed = clock.now()
        for days in TICK_DAYS:
            clock.set(mixed + timedelta(days=days))
            app.tick()
        return [UUID(str(row["id"])) for row in app.read_model.candidate_rows({})], clock
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


def verify_once(path: Path, clock: FixedClock, **options: Any) -> tuple[float, Any]:
    app = open_app(path, clock)
    try:
        return timed(lambda: verify(app, **options))
    finally:
        app.close()


def measure_once(path: Path, ids: list[UUID], clock: FixedClock) -> dict[str, Any]:
    """Events per second of reading, replaying and verifying the store, one after the other."""
    read_seconds, events = read_back(path, ids)
    replay_seconds, _ = read_back(path, ids, replay=True)
    verify_seconds, report = verify_once(path, clock)
    return {
        "read": events / read_seconds,
        "replay": events / replay_seconds,
        "verify": report.events / verify_seconds,
        "verify seconds": verify_seconds,
        "report": report,
    }


def incremental(ctx: Context, path: Path, clock: FixedClock) -> tuple[float, Any]:
    """Seconds of `verify --since-checkpoint` after a checkpoint and a few commands."""
    copy = ctx.path("verify-incremental.db")
    shutil.copy(path, copy)
    verify_once(copy, clock, checkpoint=True)
    app = open_app(copy, clock)
    try:
        for i in range(CHANGED):
            app.record_reply(ref_for(i), channel="phone", note="その後いかがでしょうか")
    finally:
        app.close()
    return verify_once(copy, clock, since_checkpoint=True)


def whole_store(ctx: Context, jobs: int) -> tuple[float, float, int]:
    """Events per second of verifying section 2's large store in one process and in `jobs`."""
    path = Path(tick_store(ctx, ctx.sizes.tick_large))
    clock = FixedClock(TICK_AT)
    one_seconds, report = verify_once(path, clock)
    jobs_seconds, spread = verify_once(path, clock, jobs=jobs)
    assert spread.model_dump() == report.model_dump()
    return report.events / one_seconds, report.events / jobs_seconds, report.events


POLICIES = ("attached policies re-run (after_events)", "time policies re-run (run_due)")


def where_time_goes(path: Path, clock: FixedClock, ratio: float) -> str:
    """The profile's shares, and the ratio verify could reach if everything but re-running the
    policies cost no more than the replay itself: what keeps one process from the target."""
    app = open_app(path, clock)
    try:
        found = share_of(lambda: verify(app), VERIFY_PLACES)
    finally:
        app.close()
    policies = sum(share for label, share in found if label in POLICIES)
    in_replays = policies / ratio  # the policies' re-run, in units of the replay's own time
    listed = "; ".join(f"{label.replace('  ', '↳ ')} {share:.0%}" for label, share in found)
    return (
        f"where verify's time goes (cProfile): {listed}. Re-running the policies (deciding,"
        " recording and hashing each decision again) alone takes"
        f" {in_replays:.2f}× the replay's time: even if reading, hashing and every other check"
        f" together cost no more than the replay, one process would make"
        f" {1 / (1 + in_replays):.2f}× (--jobs is the way past it)."
    )


def run(ctx: Context) -> Section:
    section = Section("verify", "6. Audit verify throughput")
    path = ctx.path("verify.db")
    ids, clock = build(path, ctx.sizes.verify_candidates)
    rounds = [measure_once(path, ids, clock) for _ in range(1 if ctx.quick else 3)]
    report = rounds[-1]["report"]
    rate = {key: statistics.median(r[key] for r in rounds) for key in ("read", "replay", "verify")}
    ratio = {key: statistics.median(r[key] / r["replay"] for r in rounds) for key in rate}
    jobs = max(2, min(4, os.cpu_count() or 1))
    one, spread, store_events = whole_store(ctx, jobs)
    since_seconds, since = incremental(ctx, path, clock)
    full_seconds = statistics.median(r["verify seconds"] for r in rounds)
    target, met = at_least(ratio["verify"], TARGET)
    large = ctx.sizes.tick_large
    section.add(
        Figure("eventsourcing replay: events.get + project_aggregate (baseline)", rate["replay"],
               "events/s", 1.0),
        Figure("↳ decode only (events.get)", rate["read"], "events/s", ratio["read"]),
        Figure("pipeline.audit.verify, one process", rate["verify"], "events/s",
               ratio["verify"], target, met),
        Figure(f"verify, whole {large:,}-candidate store, one process (baseline)", one,
               "events/s", 1.0),
        Figure(f"verify --jobs {jobs}, the same store", spread, "events/s", spread / one),
        Figure("verify, whole store (baseline of the next row)", full_seconds, "s", 1.0),
        Figure(f"verify --since-checkpoint, {since.candidates} of {len(ids)} changed",
               since_seconds, "s", since_seconds / full_seconds),
    )  # fmt: skip
    if not ctx.quick:
        section.notes.append(where_time_goes(path, clock, ratio["verify"]))
    section.notes.append(
        f"{report.candidates} candidates, {report.events:,} events, {report.decisions:,} policy"
        f" decisions re-run, snapshots and read-model rows compared, {len(report.discrepancies)}"
        f" discrepancies; median of {len(rounds)} runs, each on a fresh application (no cache),"
        f" each right after its baseline; the whole {large:,}-candidate store of section 2"
        f" ({store_events:,} events) verified once in one process, then with --jobs {jobs} on"
        f" {os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end); the"
        f" incremental verify checked {since.events} events."
    )
    return section
