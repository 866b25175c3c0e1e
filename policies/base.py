"""What the standard policies share: their configuration, wording, and cadences."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pipeline import Candidate
from pipeline.policy import BasePolicy
from pipeline.states import WORKING_STAGES, RiskLevel
from policies import templates
from policies.config import PolicyConfig


class StandardPolicy(BasePolicy):
    """A policy configured by `PolicyConfig`; its settings are the whole configuration."""

    def __init__(self, config: PolicyConfig) -> None:
        self.config = config

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> StandardPolicy:
        return cls(PolicyConfig.model_validate(settings))

    def settings(self) -> Mapping[str, Any]:
        return self.config.model_dump(mode="json")

    @property
    def language(self) -> str:
        return self.config.language

    def reason(self, key: str, **params: Any) -> str:
        return templates.text(self.language, "reasons", key, **params)

    def task_title(self, key: str, **params: Any) -> str:
        return templates.text(self.language, "tasks", key, **params)

    def signature(self, candidate: Candidate) -> str:
        advisor = candidate.advisor or "—"
        return templates.text(self.language, "texts", "signature", advisor=advisor)

    def message(self, key: str, candidate: Candidate, **params: Any) -> tuple[str, str]:
        return templates.message(
            self.language,
            key,
            candidate_name=candidate.name,
            signature=self.signature(candidate),
            **params,
        )


def days_for_risk(candidate: Candidate, since: datetime, normal: int, high: int) -> int:
    """`high` days if the risk is high when that shorter threshold would end, else `normal`."""
    if candidate.risk_level(since + timedelta(days=high)) == RiskLevel.HIGH:
        return high
    return normal


def is_working(candidate: Candidate) -> bool:
    return candidate.stage in WORKING_STAGES


def series(candidate: Candidate) -> str:
    """Names one episode of silence, so that a second silence starts its own steps."""
    return candidate.silent_since.isoformat() if candidate.silent_since else "-"


@dataclass(frozen=True)
class Cadence:
    """Steps `start + k * every_days` for k in 0..count-1; the next is after the last done.

    Only the latest due step is taken (no bursts after a missed tick); `done(k)` tells whether
    step k left its mark (a message or task with the step's id).
    """

    start: datetime
    every_days: int
    count: int

    def moment(self, k: int) -> datetime:
        return self.start + timedelta(days=k * self.every_days)

    def index_at(self, moment: datetime) -> int:
        """The step in force at `moment` (the last step once the cadence has run out)."""
        elapsed = (moment - self.start) // timedelta(days=self.every_days)
        return max(0, min(elapsed, self.count - 1))

    def next_step(self, done: Callable[[int], bool]) -> int | None:
        last_done = max((k for k in range(self.count) if done(k)), default=-1)
        return last_done + 1 if last_done + 1 < self.count else None

    def due(self, done: Callable[[int], bool]) -> datetime | None:
        step = self.next_step(done)
        return None if step is None else self.moment(step)

    def latest_due(self, now: datetime, done: Callable[[int], bool]) -> int | None:
        step = self.next_step(done)
        if step is None or self.moment(step) > now:
            return None
        return max(k for k in range(step, self.count) if self.moment(k) <= now)
