"""What the standard policies share: their configuration, wording, and cadences."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pipeline.candidate import Candidate
from pipeline.policy import BasePolicy
from pipeline.records import ApplicationRecord
from pipeline.states import WORKING_STAGES, RiskLevel
from policies import templates
from policies.config import RULES_0_1_0, RULES_SIGNED, PolicyConfig


class StandardPolicy(BasePolicy):
    """A policy configured by `PolicyConfig`; its settings are the whole configuration."""

    def __init__(self, config: PolicyConfig) -> None:
        self.config = config

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> StandardPolicy:
        """The policy as recorded; settings recorded by 0.1.0 have no `rules_revision`."""
        return cls(PolicyConfig.model_validate({"rules_revision": RULES_0_1_0, **settings}))

    def settings(self) -> Mapping[str, Any]:
        return self.config.model_dump(mode="json")

    @property
    def rules_0_1_0(self) -> bool:
        """Whether this policy decides by release 0.1.0's time rules: only to re-run what a
        configuration recorded by 0.1.0 decided (every branch on it is marked `0.1.0:`)."""
        return self.config.rules_revision == RULES_0_1_0

    @property
    def language(self) -> str:
        return self.config.language

    @property
    def signs(self) -> bool:
        """Whether this policy writes revision 3's wording: signed with the agency and the
        advisor's directory entry, honorifics never doubled (older ones re-run as recorded)."""
        return self.config.rules_revision >= RULES_SIGNED

    def reason(self, key: str, **params: Any) -> str:
        return templates.text(self.language, "reasons", key, **params)

    def task_title(self, key: str, **params: Any) -> str:
        return templates.text(self.language, "tasks", key, **params)

    def named(self, name: str) -> str:
        """A name the templates follow with 様: without an honorific of its own (revision 3)."""
        return templates.without_honorific(self.language, name) if self.signs else name

    def addressee(self, contact: str | None) -> str:
        """The employer's contact as a message's first line is addressed to them."""
        if contact is None:
            contact = templates.text(self.language, "texts", "no_contact_person")
        if not self.signs:
            return templates.text(self.language, "texts", "addressee_r2", contact=contact)
        return templates.addressed(self.language, contact)

    def text(self, key: str, **params: Any) -> str:
        return templates.text(self.language, "texts", key, **params)

    def signature(self, candidate: Candidate) -> str:
        if not self.signs:
            advisor = candidate.advisor or "—"
            return templates.text(self.language, "texts", "signature_r2", advisor=advisor)
        return templates.signature(self.language, **self.signer(candidate))

    def sender(self, candidate: Candidate) -> str:
        """Who writes, within a sentence (「…の佐藤です」, "This is … of …")."""
        if not self.signs:
            return self.signature(candidate)
        return templates.fill(self.language, "sender", **self.signer(candidate))

    def signer(self, candidate: Candidate) -> dict[str, str]:
        """The agency and the advisor's entry in the directory (their id when not in it)."""
        entry = self.config.advisors.get(candidate.advisor or "")
        return {
            "agency": self.config.agency_name or "",
            "advisor": entry.name if entry else candidate.advisor or "",
            "phone": entry.phone or "" if entry else "",
            "email": entry.email or "" if entry else "",
        }

    def email_to(self, candidate: Candidate) -> str | None:
        """The candidate's address, unless there is none or they opted out of email."""
        return None if candidate.opted_out_of("email") else candidate.email

    def message(self, key: str, candidate: Candidate, **params: Any) -> tuple[str, str]:
        return templates.message(
            self.language,
            key,
            candidate_name=self.named(candidate.name),
            signature=self.signature(candidate),
            sender=self.sender(candidate),
            **params,
        )


def days_for_risk(candidate: Candidate, since: datetime, normal: int, high: int) -> int:
    """`high` days if the risk is high when that shorter threshold would end, else `normal`."""
    if candidate.risk_level(since + timedelta(days=high)) == RiskLevel.HIGH:
        return high
    return normal


def employer_address(application: ApplicationRecord) -> str:
    """Where a message to the employer goes: the contact's address when it was recorded
    (`propose_job(contact_email=)`), else the contact's name or the employer's, for the
    embedding system to route."""
    return (
        application.get("contact_email")
        or application["employer_contact"]
        or application["employer"]
    )


def is_working(candidate: Candidate) -> bool:
    return candidate.stage in WORKING_STAGES


def series(candidate: Candidate) -> str:
    """Names one episode of silence, so that a second silence starts its own steps."""
    return candidate.silent_since.isoformat() if candidate.silent_since else "-"


def outreach_done(candidate: Candidate, config: PolicyConfig) -> bool:
    """Whether outreach has run on `outreach_window_days` days of this silence (R6)."""
    return len(candidate.outreach_dates) >= config.outreach_window_days


@dataclass(frozen=True)
class Cadence:
    """Steps `start + k * every_days` for k in 0..count-1 (k = 0, 1, 2… when count is None:
    the policy decides when the cadence stops).

    A step leaves a mark (a message or task) keyed by a text that grows with k, such as the day
    it lands on; the candidate keeps the latest key of each cadence (`latest_steps`), and the
    next step is the first whose key comes after it. Only the latest due step is taken, so a
    tick after a gap does not replay the missed ones in a burst.
    """

    start: datetime
    every_days: int
    count: int | None

    def moment(self, k: int) -> datetime:
        return self.start + timedelta(days=k * self.every_days)

    def index_at(self, moment: datetime) -> int:
        """The step in force at `moment` (the last step once the cadence has run out)."""
        elapsed = (moment - self.start) // timedelta(days=self.every_days)
        return max(0, elapsed if self.count is None else min(elapsed, self.count - 1))

    def next_step(self, latest_mark: str | None, key_of: Callable[[int], str]) -> int | None:
        """The first step whose key comes after `latest_mark` (binary search: keys only grow)."""
        low, high = 0, self.count if self.count is not None else self.beyond(latest_mark, key_of)
        while latest_mark is not None and low < high:
            middle = (low + high) // 2
            if key_of(middle) <= latest_mark:
                low = middle + 1
            else:
                high = middle
        return low if self.count is None or low < self.count else None

    @staticmethod
    def beyond(latest_mark: str | None, key_of: Callable[[int], str]) -> int:
        """A bound past the first step whose key comes after `latest_mark` (no end of its own)."""
        high = 1
        while latest_mark is not None and key_of(high - 1) <= latest_mark:
            high *= 2
        return high

    def latest_due(self, step: int | None, now: datetime) -> int | None:
        """The latest step due by `now`, if `step` (the next one) is due at all."""
        if step is None or self.moment(step) > now:
            return None
        return max(step, self.index_at(now))
