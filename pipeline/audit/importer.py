"""`import_events`: read an export, check every line, and only then write it, all at once.

The whole file is read and checked before anything is written: its header, the chain of line
hashes, each event's own hash and its place in its candidate's chain, and the end line's
counts. Any problem refuses the import with the line number and nothing is written. The events
are then inserted in one transaction through the application's recorder, the configuration
log's entries appended after the target's own, and the read models rebuilt from the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import IntegrityError, PersistenceError
from pydantic import BaseModel, ConfigDict

from pipeline.audit.checklines import ExportReader, ImportRefused
from pipeline.audit.jsonl import CONFIG_EVENTS
from pipeline.audit.reading import all_candidate_ids
from pipeline.configlog import CONFIG_LOG_ID, ConfigurationLog
from pipeline.errors import StoreError

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline


class ImportSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidates: int
    events: int
    configuration_events: int


def import_events(app: Pipeline, lines: Iterable[str]) -> ImportSummary:
    """Import an export into an empty store (no candidate yet); all of it or nothing."""
    reader = ExportReader()
    for number, text in enumerate(lines, 1):
        reader.line(number, text)
    reader.finish()
    if all_candidate_ids(app):
        raise ImportRefused(["the store already holds candidates: import only into an empty store"])
    events = _renumbered(app, reader.events)
    try:
        app.recorder.insert_events([app.mapper.to_stored_event(e) for e in events])
    except IntegrityError:
        raise ImportRefused(["the store changed while importing (another writer)"]) from None
    except PersistenceError as error:
        raise StoreError(f"import failed, nothing was written: {error}") from error
    app.rebuild_read_model()
    configuration = sum(1 for e in events if isinstance(e, CONFIG_EVENTS))
    return ImportSummary(
        candidates=len(reader.candidates),
        events=len(events) - configuration,
        configuration_events=configuration,
    )


def _renumbered(app: Pipeline, events: list[Any]) -> list[Any]:
    """Candidate events as they were; configuration entries as they were into an empty log,
    or else appended to the target's log, linked into its chain, keeping their times."""
    if not app.recorder.select_events(CONFIG_LOG_ID, limit=1):
        return events
    log: ConfigurationLog = app.repository.get(CONFIG_LOG_ID)
    for event in events:
        if isinstance(event, ConfigurationLog.Recorded):
            log.append(event.document, event.timestamp)
    candidates = [e for e in events if not isinstance(e, CONFIG_EVENTS)]
    return [*log.collect_events(), *candidates]
