"""A whole-store verify spread over processes: each opens the store read-only and audits a
share of the candidates, and the shares are put together in the order of the candidates.

Candidates are independent (each replays its own history), so the work divides without
coordination; the configuration log is read by each process (it is small). A store in memory
cannot be opened by another process: it is verified in this one.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from typing import TYPE_CHECKING
from uuid import UUID

from pipeline.audit.anchor import Anchor
from pipeline.audit.candidates import Partial, Scope, audit_candidates
from pipeline.audit.configs import ConfigurationBook
from pipeline.audit.reading import configuration_events
from pipeline.clock import Clock

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

SHARES_PER_JOB = 4  # smaller shares even out the processes and move the progress bar


def audit_in_processes(
    app: Pipeline,
    book: ConfigurationBook,
    ids: Sequence[UUID],
    scope: Scope,
    *,
    jobs: int,
    progress: Callable[[int], None],
) -> Partial:
    if app.store == ":memory:":
        return audit_candidates(app, book, ids, scope, progress)
    size = max(1, -(-len(ids) // (jobs * SHARES_PER_JOB)))
    shares = [list(ids[start : start + size]) for start in range(0, len(ids), size)]
    done, results = 0, {}
    context = multiprocessing.get_context("spawn")  # no SQLite or PostgreSQL handle is shared
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {
            pool.submit(audit_share, app.store, app.clock, share, narrowed(scope, share)): n
            for n, share in enumerate(shares)
        }
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += len(shares[futures[future]])
            progress(done)
    return merged(results[n] for n in range(len(shares)))


def narrowed(scope: Scope, ids: Sequence[UUID]) -> Scope:
    """The scope with only the heads of `ids`: a process is sent what it compares."""

    def only(anchor: Anchor) -> Anchor:
        return replace(anchor, heads={k: anchor.heads[k] for k in ids if k in anchor.heads})

    since = only(scope.since) if scope.since is not None else None
    return Scope([only(a) for a in scope.anchors], since)


def audit_share(store: str, clock: Clock, ids: list[UUID], scope: Scope) -> Partial:
    """One process's share: the store opened read-only, its own configuration book."""
    from pipeline.app.application import Pipeline

    app = Pipeline(store, clock=clock, read_only=True)
    try:
        book = ConfigurationBook(configuration_events(app))
        partial = audit_candidates(app, book, ids, scope)
        partial.found += book.problems  # found while rebuilding policies; the caller dedupes
        return partial
    finally:
        app.close()


def merged(parts: Iterable[Partial]) -> Partial:
    whole = Partial()
    for part in parts:
        for name in ("events", "transitions", "decisions", "unverified"):
            setattr(whole.tally, name, getattr(whole.tally, name) + getattr(part.tally, name))
        whole.found += part.found
        whole.heads |= part.heads
        whole.candidates += part.candidates
    return whole
