"""The candidates of the `tick` and memory sections: a large store with few candidates due.

Every candidate is registered and has had a complete first meeting (no risk signal). Most met
their advisor a day before `TICK_AT`, so their next check-in is four days away. Spread evenly
through the store, `GROUPS` groups of `DUE_PER_GROUP` candidates were sent an email three days
before, each group half a minute before its own tick moment: at `tick_moment(g)` exactly the
candidates of group g are due (silence detection), and ticking them moves them a day ahead.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bench.scenario import JST, ref_for
from pipeline import FixedClock, Pipeline

TICK_AT = datetime(2026, 6, 1, 9, 0, tzinfo=JST)
DUE_PER_GROUP = 100
GROUPS = 8  # one warm-up tick, five timed ticks, two for the memory probes
WARM_UP, TIMED, MEMORY_RSS, MEMORY_TRACED = 0, (1, 2, 3, 4, 5), 6, 7


def tick_moment(group: int) -> datetime:
    return TICK_AT + timedelta(minutes=group)


def due_group(index: int, count: int) -> int | None:
    """The group candidate `index` is due in, or None (most candidates)."""
    spacing = count // (GROUPS * DUE_PER_GROUP)
    if spacing < 1:
        raise ValueError(f"{count} candidates cannot hold {GROUPS} groups of {DUE_PER_GROUP}")
    if index % spacing or index // spacing >= GROUPS * DUE_PER_GROUP:
        return None
    return (index // spacing) % GROUPS


def make_recipe(count: int):  # type: ignore[no-untyped-def]
    """The recipe for candidate `i` of a store of `count` (for `build_store`)."""

    def recipe(app: Pipeline, clock: FixedClock, i: int) -> None:
        group = due_group(i, count)
        met = TICK_AT - timedelta(days=5 if group is not None else 1)
        clock.set(met - timedelta(hours=2))
        app.register_candidate(
            f"候補者 {i}",
            email=f"candidate{i}@example.jp",
            phone="090-1234-5678",
            advisor=f"adv{i % 7}",
            ref=ref_for(i),
        )
        clock.set(met)
        app.record_first_meeting(
            ref_for(i),
            desired_roles=["backend engineer"],
            desired_salary=6_000_000,
            reasons="設計から関わりたい",
            duration_minutes=60,
        )
        if group is not None:
            clock.set(tick_moment(group) - timedelta(days=3, seconds=30))
            app.record_outbound_contact(ref_for(i), channel="email", outcome="sent")

    return recipe
