"""What `verify` finds: a summary of what it checked and every discrepancy, as pydantic models.

A discrepancy names the candidate (its ref, or its id when the ref cannot be read), the version
of the event concerned, which check failed and what differs, in one sentence.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

Check = Literal[
    "decode",  # a stored event cannot be read back
    "chain",  # the hash chain: content vs its hash, links, versions, batches
    "head",  # the read model remembers a different head than the log has
    "transition",  # a transition the tables do not allow, or from a state it was not in
    "decision",  # a policy decision not reproduced, missing, or extra
    "configuration",  # a recorded configuration that cannot be used to re-run the policies
    "replay",  # the history cannot be replayed past this point
    "snapshot",  # a stored snapshot that is not the replay to its version
    "read_model",  # a read-model row that is not the projection of the log
    "anchor",  # the log no longer holds what an anchor (or the checkpoint) saw
]


class Discrepancy(BaseModel):
    model_config = ConfigDict(frozen=True)

    check: Check
    message: str
    candidate: str | None = None
    candidate_id: UUID | None = None
    version: int | None = None

    def line(self) -> str:
        where = self.candidate or "configuration log"
        at = f" v{self.version}" if self.version is not None else ""
        return f"{where}{at} [{self.check}] {self.message}"


class VerifyReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidates: int
    events: int
    transitions: int
    decisions: int
    unverified: int = 0  # decisions whose configuration cannot be rebuilt
    configurations: int
    discrepancies: list[Discrepancy]
    notes: list[str] = []  # what the reader should know that is no discrepancy
    since: str | None = None  # where an incremental verify started (`since_checkpoint`)
    checkpoint: str | None = None  # the checkpoint this verify recorded, if any

    @property
    def ok(self) -> bool:
        return not self.discrepancies

    def summary(self) -> str:
        verdict = "OK" if self.ok else f"{len(self.discrepancies)} discrepancies"
        since = f" ({self.since})" if self.since else ""
        return (
            f"{self.candidates} candidates, {self.events} events, "
            f"{self.transitions} transitions and {self.decisions} policy decisions checked "
            f"against {self.configurations} recorded configurations{since}: {verdict}"
        )
