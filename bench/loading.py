"""Section 3: loading one candidate with a long history against one with a short history.

Both candidates live in one store, made through the API: registration, a first meeting, two
job introductions, then email-and-reply cycles until the history is long enough (4 events per
cycle). `Pipeline` snapshots every 100 events, so a cold load reads the latest snapshot and the
events after it; a warm load takes the candidate from the cache and fast-forwards it. For
reference, the long history is also replayed in full, without its snapshots.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from functools import partial

from eventsourcing.application import project_aggregate

from bench.context import Context, timed
from bench.report import Figure, Section
from bench.scenario import START
from pipeline import FixedClock, Pipeline
from policies import PolicyConfig, standard_policies

SHORT = 100
WARM_FACTOR = 10  # warm loads take a tenth of a millisecond: take more of them


def open_app(path: str, clock: FixedClock | None = None) -> Pipeline:
    return Pipeline(
        path, policies=standard_policies(PolicyConfig()), clock=clock or FixedClock(START)
    )


def grow(app: Pipeline, clock: FixedClock, ref: str, events: int) -> int:
    """Make candidate `ref` and give it at least `events` events; returns its version."""
    app.register_candidate(f"候補者 {ref}", email=f"{ref}@example.jp", advisor="adv1", ref=ref)
    app.record_first_meeting(
        ref,
        desired_roles=["data engineer"],
        desired_salary=7_000_000,
        reasons="成長",
        duration_minutes=60,
    )
    app.propose_job(
        ref, employer="株式会社サンプル", job_title="データエンジニア", role="data engineer"
    )
    app.propose_job(
        ref, employer="合同会社テスト", job_title="データエンジニア", role="data engineer"
    )
    while (version := app.get_candidate(ref).version) < events:
        clock.advance(hours=1)
        app.record_outbound_contact(ref, channel="email", outcome="sent")
        clock.advance(hours=2)
        app.record_reply(ref, channel="email")
    return version


def cold_load(path: str, ref: str) -> float:
    app = open_app(path)
    try:
        return seconds_of(lambda: app.get_candidate(ref))
    finally:
        app.close()


def seconds_of(action: Callable[[], object]) -> float:
    return timed(action)[0]


def median_of(repeats: int, action: Callable[[], float]) -> float:
    action()  # warm-up
    return statistics.median(action() for _ in range(repeats))


def measure(path: str, app: Pipeline, repeats: int) -> dict[str, float]:
    """Median seconds: cold and warm loads of both candidates, and the long full replay."""
    found = {}
    for ref in ("SHORT", "LONG"):
        found[f"cold {ref}"] = median_of(repeats, partial(cold_load, path, ref))
        warm = partial(seconds_of, partial(app.get_candidate, ref))
        found[f"warm {ref}"] = median_of(repeats * WARM_FACTOR, warm)
    long_id = app.resolve("LONG")
    found["full LONG"] = median_of(
        repeats, lambda: seconds_of(lambda: project_aggregate(None, app.events.get(long_id)))
    )
    return found


def run(ctx: Context) -> Section:
    long = ctx.sizes.load_events
    section = Section("load", f"3. Load one candidate: {long:,} events against {SHORT}")
    path = str(ctx.path("load.db"))
    clock = FixedClock(START)
    app = open_app(path, clock)
    try:
        built, short_v = timed(lambda: grow(app, clock, "SHORT", SHORT))
        built += seconds_of(lambda: grow(app, clock, "LONG", long))
        long_v = app.get_candidate("LONG").version
        found = measure(path, app, ctx.sizes.load_repeats)
    finally:
        app.close()
    ms = {key: value * 1000 for key, value in found.items()}
    cold, warm = ms["cold SHORT"], ms["warm SHORT"]
    section.add(
        Figure(f"cold, {short_v} events (baseline)", cold, "ms", 1.0),
        Figure(f"cold, {long_v:,} events", ms["cold LONG"], "ms", ms["cold LONG"] / cold),
        Figure(f"warm, {short_v} events (baseline)", warm, "ms", 1.0),
        Figure(f"warm, {long_v:,} events", ms["warm LONG"], "ms", ms["warm LONG"] / warm),
        Figure(f"full replay, {long_v:,} events, no snapshot", ms["full LONG"], "ms",
               ms["full LONG"] / cold),
    )  # fmt: skip
    section.notes.append(
        f"snapshots every 100 events; median of {ctx.sizes.load_repeats} cold and"
        f" {ctx.sizes.load_repeats * WARM_FACTOR} warm loads after a warm-up;"
        " cold = a fresh Pipeline (empty cache) per load, its opening not timed; the full"
        f" replay's ratio is against the cold {short_v}-event load; store made through the API"
        f" in {built:.0f} s."
    )
    return section
