"""What every section is given: the sizes of this run, a scratch folder, and shared stores."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Sizes:
    mix_candidates: int  # candidates in the command mix (14 commands each)
    mix_repeats: int
    tick_small: int
    tick_large: int
    load_events: int  # events of the long candidate
    load_repeats: int
    startup_runs: int
    verify_candidates: int
    growing_events: int  # the growing candidate of the audit's scaling section
    pg_commands_per_process: int


FULL = Sizes(
    mix_candidates=200,
    mix_repeats=5,
    tick_small=1_000,
    tick_large=100_000,
    load_events=10_000,
    load_repeats=5,
    startup_runs=11,
    verify_candidates=300,
    growing_events=10_000,
    pg_commands_per_process=1_400,
)
QUICK = Sizes(
    mix_candidates=40,
    mix_repeats=1,
    tick_small=1_000,
    tick_large=5_000,
    load_events=2_000,
    load_repeats=3,
    startup_runs=3,
    verify_candidates=30,
    growing_events=1_000,
    pg_commands_per_process=140,
)


@dataclass
class Context:
    quick: bool
    sizes: Sizes
    folder: Path
    stores: dict[str, Path] = field(default_factory=dict)  # shared between sections
    ticked: set[str] = field(default_factory=set)  # stores whose timed groups were ticked

    def path(self, name: str) -> Path:
        return self.folder / name


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def median_seconds(action: Callable[[], object], repeats: int, warm_up: int = 1) -> float:
    """The median wall time of `action` over `repeats` runs, after `warm_up` untimed runs."""
    for _ in range(warm_up):
        action()
    return statistics.median(timed(action)[0] for _ in range(repeats))
