"""`export_events`: write the configuration log and candidates' histories as JSON Lines.

Events are written as stored, tampered or not: the export is a copy of the log, and `verify`
(before) or `import_events` (after) are what judge it. One candidate's history is read at a
time, so an export of any size takes the memory of its largest candidate. With an audit key,
the end line carries an HMAC over the chain of lines, so that a file edited and re-hashed is
refused by an import given the key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from eventsourcing.utils import get_topic
from pydantic import BaseModel, ConfigDict

from pipeline.audit.checklines import SIGNATURE, end_signature_text
from pipeline.audit.jsonl import FORMAT, VERSION, LineChain, plain_attrs
from pipeline.audit.keys import sign
from pipeline.audit.reading import candidate_ids, configuration_events, histories
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline


class ExportError(PipelineError):
    """A stored event that cannot be read back, so it cannot be exported."""


class ExportSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidates: int
    events: int
    configuration_events: int


def export_events(
    app: Pipeline,
    out: IO[str],
    refs: Iterable[str] | None = None,
    *,
    key: bytes | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Write every candidate (or those named) with the whole configuration log to `out`, a
    candidate at a time; `key` signs the end line (its `hmac`); `progress(done, total)`."""
    chain = LineChain()
    ids = candidate_ids(app, refs)
    header = {"format": FORMAT, "version": VERSION, "exported_at": app.clock.now().isoformat()}
    out.write(chain.seal(header) + "\n")
    config_events = configuration_events(app)
    for event in config_events:
        out.write(chain.seal(event_line("configuration", event)) + "\n")
    written = candidates = 0
    for done, history in enumerate(histories(app, ids), 1):
        if history.unreadable:
            version, why = history.unreadable[0]
            raise ExportError(f"{history.ref} version {version}: {why}; run `audit verify`")
        for event in history.events:
            out.write(chain.seal(event_line("candidate", event)) + "\n")
        written += len(history.events)
        candidates += 0 if history.foreign else 1
        if progress is not None:
            progress(done, len(ids))
    end: dict[str, Any] = {
        "end": True,
        "candidates": candidates,
        "events": written + len(config_events),
    }
    if key is not None:
        end[SIGNATURE] = sign(key, end_signature_text(chain.last, end))
    out.write(chain.seal(end) + "\n")
    return ExportSummary(
        candidates=candidates, events=written, configuration_events=len(config_events)
    )


def event_line(stream: str, event: Any) -> dict[str, Any]:
    return {
        "stream": stream,
        "id": str(event.originator_id),
        "version": event.originator_version,
        "topic": get_topic(type(event)),
        "attrs": plain_attrs(event),
    }
