"""`import_events`: read an export as it streams, check every line, write it all or nothing.

One transaction holds the whole import: each line is checked (checklines.py: the format, the
hashes, the project's own topics, the commands' own rules) before its event is written into
it; each candidate's read-model rows are written into it once its last event is read, from
its state replayed as the events stream by; and the read models' position moves to the end of
the log with them. Any problem, in any line, or a crash at any point, rolls it all back: the
store holds nothing of the file, or all of it with its read models whole. Only the candidate
being read and a few hundred events are held in memory, whatever the size of the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import IntegrityError, PersistenceError
from pydantic import BaseModel, ConfigDict

from pipeline.audit.checklines import ExportReader, ImportRefused
from pipeline.audit.jsonl import CONFIG_EVENTS
from pipeline.audit.reading import candidate_pages
from pipeline.audit.steps import ReplayStopped, apply_event
from pipeline.candidate import Candidate
from pipeline.configlog import CONFIG_LOG_ID, ConfigurationLog
from pipeline.errors import StoreError
from pipeline.store.queries import Bulk
from pipeline.store.readmodel import rows_for
from pipeline.store.urls import describe

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline

BATCH = 500  # events written to the transaction at a time


class ImportSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidates: int
    events: int
    configuration_events: int


def import_events(
    app: Pipeline, lines: Iterable[str], *, key: bytes | None = None
) -> ImportSummary:
    """Import an export into an empty store (no candidate yet); all of it or nothing.
    `key`: the audit key, when only an export it signed may be imported."""
    if any(page for page in candidate_pages(app)):
        raise ImportRefused(["the store already holds candidates: import only into an empty store"])
    reader = ExportReader(key)
    log = app.repository.get(CONFIG_LOG_ID) if app.recorder.select_events(CONFIG_LOG_ID) else None
    try:
        with app.read_model.bulk() as bulk:  # read nothing in it: SQLite has one writer
            writer = ImportWriter(app, bulk, reader, log)
            for number, text in enumerate(lines, 1):
                event = reader.line(number, text)
                if event is not None and not reader.problems:
                    writer.add(number, event)
            reader.finish()  # raises on any problem: the transaction is rolled back
            writer.finish()
    except IntegrityError:
        raise ImportRefused(["the store changed while importing (another writer)"]) from None
    except PersistenceError as error:
        raise StoreError(
            f"{describe(app.store)}: import failed, nothing was written: {error}"
        ) from error
    return ImportSummary(
        candidates=len(reader.candidates), events=writer.events, configuration_events=writer.entries
    )


class ImportWriter:
    """Writes what the reader passed into the import's transaction, a batch at a time."""

    def __init__(
        self, app: Pipeline, bulk: Bulk, reader: ExportReader, log: ConfigurationLog | None
    ) -> None:
        self.app, self.bulk, self.reader, self.log = app, bulk, reader, log
        self.pending: list[Any] = []
        self.configuration: list[Any] = []
        self.state: Candidate | None = None
        self.configured = False
        self.events = self.entries = 0

    def add(self, number: int, event: Any) -> None:
        if isinstance(event, CONFIG_EVENTS):
            self.configuration.append(event)
            return
        if not self.configured:
            self.write_configuration()
        if self.state is not None and self.state.id != event.originator_id:
            self.candidate_read()
        try:
            self.state = apply_event(self.state, event)
        except ReplayStopped as stop:
            self.reader.refuse(
                f"line {number}: cannot be applied to the candidate before it: {stop}"
            )
            return
        self.write([event])
        self.events += 1

    def write(self, events: list[Any]) -> None:
        self.pending += [self.app.mapper.to_stored_event(e) for e in events]
        if len(self.pending) >= BATCH:
            self.bulk.events(self.pending)
            self.pending = []

    def candidate_read(self) -> None:
        """The candidate's last event was read: its rows, from the state its events make."""
        state, self.state = self.state, None
        if state is not None:
            self.bulk.rows([rows_for(state, self.app.runner.next_due(state))])

    def write_configuration(self) -> None:
        """The configuration log's entries: as they were into an empty log, else appended to
        the target's log, linked into its chain, keeping their times."""
        entries, self.configured = self.configuration, True
        if self.log is not None:
            for entry in entries:
                if isinstance(entry, ConfigurationLog.Recorded):
                    self.log.append(entry.document, entry.timestamp)
            entries = list(self.log.collect_events())
        self.write(entries)
        self.entries = len(entries)

    def finish(self) -> None:
        if not self.configured:
            self.write_configuration()
        self.candidate_read()
        if self.pending:
            self.bulk.events(self.pending)
        self.bulk.finish()
