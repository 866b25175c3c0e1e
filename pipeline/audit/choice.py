"""Which policies re-run a saved batch: those of the configuration its decisions cite.

A batch with no decision is re-run with the configuration in force when it was saved; when
several were recorded at that instant, one that has nothing to say about the batch's events
is preferred (either could have been the one running).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.reproduce import attached, is_tick
from pipeline.candidate import Candidate
from pipeline.policy import Policy


@dataclass(frozen=True)
class Choice:
    policies: tuple[Policy, ...] | None  # None: the batch cannot be re-run
    config_id: str = ""
    problem: str | None = None  # a finding about the batch itself
    unverified: int = 0  # decisions that cannot be re-run


def choose(
    book: ConfigurationBook,
    batch: Sequence[Candidate.Event],
    own: Sequence[Candidate.Event],
    decisions: Sequence[Candidate.Event],
) -> Choice:
    cited = list(dict.fromkeys(str(d.config) for d in decisions))
    if len(cited) > 1:
        why = f"one transaction cites several configurations: {', '.join(cited)}"
        return Choice(None, problem=why, unverified=len(decisions))
    if not own and not is_tick(batch):
        why = (
            f"a decision caused by version {batch[0].caused_by} opens a transaction that has "
            "neither its cause nor a tick"
        )
        return Choice(None, problem=why, unverified=len(decisions))
    if cited:
        policies = book.policies(cited[0])
        return Choice(policies, cited[0], unverified=0 if policies else len(decisions))
    return in_force(book, batch, own)


def in_force(
    book: ConfigurationBook, batch: Sequence[Candidate.Event], own: Sequence[Candidate.Event]
) -> Choice:
    usable = [
        Choice(policies, config_id)
        for config_id in book.in_force(batch[0].timestamp)
        if (policies := book.policies(config_id)) is not None
    ]
    quiet = [c for c in usable if c.policies is not None and not attached(c.policies, own)]
    return (quiet or usable or [Choice(None)])[0]
