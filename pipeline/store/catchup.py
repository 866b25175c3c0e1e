"""Keeping the read models in step with the log: catch-up, a full rebuild, and a repair.

Rows are rebuilt from each touched candidate's replayed state (`rows_of`, given by the
application, which knows how to load a candidate and when it is next due), so the read models
are a projection of the log however they fell behind: an import, an older version, a rebuild.

- `catch_up` replays the log after the recorded position. A missing position row is put back
  (the whole log is then replayed). It never spins: a position that will not move is a
  `StoreError`.
- `rebuild` fills fresh tables from the whole log and swaps them in at once, so readers see
  the old read models until the new ones are whole.
- `repair` compares every candidate's row version with the last version in the log and
  rewrites the rows that are behind it or missing (rows left stale by a release that saved
  without them, say).

Rows *ahead* of the log (a position beyond its end, a row whose version the log no longer
holds) are never rewritten by catch-up or repair: they are the audit's evidence that events
were deleted (`pipeline.audit` compares each candidate's chain with the head its row saved).
Only an explicit rebuild replaces them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from pipeline.errors import StoreError
from pipeline.store.queries import ReadModelQueries
from pipeline.store.readmodel import CandidateRows, is_candidate_topic

CATCH_UP_PAGE = 500
STALLS = 5  # a position that refuses to move this many times running is broken
REBUILD_ROUNDS = 20  # catching up with writers before the swap; they rarely need two

RowsOf = Callable[[UUID], CandidateRows]


@dataclass(frozen=True)
class Projection:
    """The read models as a projection of the log: `rows_of` gives a candidate's rows."""

    log: ApplicationRecorder
    read_model: ReadModelQueries
    rows_of: RowsOf

    def catch_up(self) -> int:
        """Bring the read models up to the end of the log; return notifications read."""
        read = stalls = 0
        while stalls < STALLS:
            position = self.read_model.position()
            if position is None:
                self.read_model.restore_position()
                stalls += 1
                continue
            last = self.log.max_notification_id() or 0
            count, reached = self._advance(position, last)
            read += count
            if reached:
                return read
            moved = self.read_model.position()  # another process moved it: go on from there
            stalls = 0 if moved is not None and moved > position else stalls + 1
        raise StoreError("the read models' position cannot be moved (it keeps disappearing or"
                         " changing under this process); rebuild the read models")  # fmt: skip

    def _advance(self, position: int, last: int) -> tuple[int, bool]:
        """Replay from `position` to `last`, page by page: (notifications read, whether it got
        there); False when another writer moved the position first."""
        read = 0
        for end, touched, count in self._pages(position, last):
            read += count
            if not self.read_model.catch_up(self._rows(touched), position, end):
                return read, False
            position = end
        return read, True

    def rebuild(self) -> int:
        """Rebuild from the whole log; readers see the old read models until it is done."""
        self.read_model.start_rebuild()
        position, read = 0, 0
        for _ in range(REBUILD_ROUNDS):
            last = self.log.max_notification_id() or 0
            for _end, touched, count in self._pages(position, last):
                read += count
                self.read_model.write_rebuilt(self._rows(touched))
            position = last
            if self.read_model.finish_rebuild(position):
                return read
        raise StoreError(f"the read models could not be rebuilt: the log kept growing "
                         f"({REBUILD_ROUNDS} rounds); try again when it is quieter")  # fmt: skip

    def repair(self) -> int:
        """Rewrite the rows of every candidate whose row is behind the log or missing; returns
        how many candidates it repaired."""
        repaired, low = 0, ""
        while versions := self.read_model.log_versions(low, CATCH_UP_PAGE):
            high = versions[-1][0]
            rows = self.read_model.row_versions(low, high)
            behind = [UUID(i) for i, version in versions if rows.get(i, version) < version]
            missing = [UUID(i) for i, _ in versions if i not in rows]
            stale = behind + [i for i in missing if self._is_candidate(i)]
            if stale:
                self.read_model.repair(self._rows(stale))
            repaired, low = repaired + len(stale), high
        return repaired

    def _is_candidate(self, originator_id: UUID) -> bool:
        first = self.log.select_events(originator_id, limit=1)
        return bool(first) and is_candidate_topic(first[0].topic)

    def _rows(self, candidate_ids: Iterable[UUID]) -> list[CandidateRows]:
        return [self.rows_of(candidate_id) for candidate_id in candidate_ids]

    def _pages(self, start: int, stop: int) -> Iterator[tuple[int, set[UUID], int]]:
        """The log after `start` up to `stop`, a page at a time: (the page's last notification
        id, the candidates it touched, how many notifications it held)."""
        while start < stop:
            notifications = self.log.select_notifications(
                start=start, limit=CATCH_UP_PAGE, stop=stop, inclusive_of_start=False
            )
            if not notifications:
                return
            touched = {UUID(str(n.originator_id)) for n in notifications
                       if is_candidate_topic(n.topic)}  # fmt: skip
            start = notifications[-1].id
            yield start, touched, len(notifications)
