"""`verify`: replay the store and check it, candidate by candidate, each replayed once.

For every candidate: the hash chain (chain.py); every transition against the tables and the
replayed state (legality.py); every batch of policy decisions re-run with the configuration it
cites (reproduce.py). A batch with no decision is re-run with the configuration in force when
it was recorded, so a decision that should have been made and was not is found too. Decisions
are reproduced on the running replay, so the whole history is replayed once; only after a
discrepancy is the state rebuilt from the recorded events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.reading import History, candidate_ids, configuration_events, histories
from pipeline.audit.replay import CandidateAudit, Tally
from pipeline.audit.report import Discrepancy, VerifyReport

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

Progress = Callable[[int, int], None]  # (candidates done, candidates in all)


def verify(
    app: Pipeline, refs: Iterable[str] | None = None, progress: Progress | None = None
) -> VerifyReport:
    """Check the whole store, or the candidates named by ref or id."""
    book = ConfigurationBook(configuration_events(app))
    ids = candidate_ids(app, refs)
    heads = read_model_heads(app)
    tally = Tally()
    found: list[Discrepancy] = []
    for done, history in enumerate(histories(app, ids), 1):
        found += CandidateAudit(history, book, tally).run()
        found += head_problems(history, heads.pop(history.candidate_id, None))
        if progress is not None:
            progress(done, len(ids))
    if refs is None:
        found += [_orphan(candidate_id, row) for candidate_id, row in heads.items()]
    return VerifyReport(
        candidates=len(ids),
        events=tally.events,
        transitions=tally.transitions,
        decisions=tally.decisions,
        unverified=tally.unverified,
        configurations=len(book.documents),
        discrepancies=[*book.problems, *found],
    )


def read_model_heads(app: Pipeline) -> dict[UUID, tuple[int, str]]:
    """The version and head hash the read model last saw for each candidate."""
    rows = app.read_model.candidate_rows({})
    return {UUID(str(r["id"])): (int(r["version"]), str(r["head_hash"])) for r in rows}


def head_problems(history: History, seen: tuple[int, str] | None) -> list[Discrepancy]:
    """A log that ends earlier than the read model saw, or ends on another hash, lost events."""
    if seen is None or not history.events:
        return []
    last = history.events[-1]
    version, head = seen
    if version > last.originator_version:
        why = (
            f"the log ends at version {last.originator_version}, but version {version} was "
            "saved: the last events are missing"
        )
    elif version == last.originator_version and head != last.event_hash:
        why = "the last event's hash differs from the head saved with it: the history was rewritten"
    else:
        return []
    return [_found(history, "head", version, why)]


def _orphan(candidate_id: UUID, row: tuple[int, str]) -> Discrepancy:
    return Discrepancy(
        check="head",
        candidate=candidate_id.hex,
        candidate_id=candidate_id,
        version=row[0],
        message=f"version {row[0]} was saved, but the log holds no event of this candidate",
    )


def _found(history: History, check: Any, version: int | None, message: str) -> Discrepancy:
    return Discrepancy(
        check=check,
        candidate=history.ref,
        candidate_id=history.candidate_id,
        version=version,
        message=message,
    )
