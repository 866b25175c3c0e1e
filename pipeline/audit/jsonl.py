"""The export format, version 1: JSON Lines, one stored event per line (docs/audit.md).

Line 1 is a header naming the format and its version. Then the configuration log's events,
then each candidate's events in version order, each line carrying the stream (`candidate` or
`configuration`), the aggregate id, the version, the event's topic and its attributes in plain
JSON (times in ISO 8601, as the event hash covers them). The last line is the end line with the
counts. Every line ends with `line_hash`, which chains the lines: sha256 of the previous line's
`line_hash` and this line's canonical JSON without it, so a line that is changed, missing or
moved breaks the chain exactly there.
"""

from __future__ import annotations

import hashlib
import json
import types
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID

from pipeline.audit.topics import STREAMS
from pipeline.configlog import ConfigurationLog
from pipeline.hashing import plain

CONFIG_EVENTS = (ConfigurationLog.Started, ConfigurationLog.Recorded)
FORMAT = "candidate-pipeline/events"
VERSION = 1
LINE_HASH = "line_hash"


class LineProblem(Exception):
    """What is wrong with one line of an export."""


def canonical_json(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chained(previous: str, document: dict[str, Any]) -> str:
    body = {k: v for k, v in document.items() if k != LINE_HASH}
    text = previous + "\n" + canonical_json(body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class LineChain:
    """Writes lines with their `line_hash`, each chained to the one before."""

    def __init__(self) -> None:
        self.last = ""

    def seal(self, document: dict[str, Any]) -> str:
        self.last = chained(self.last, document)
        return canonical_json(document | {LINE_HASH: self.last})


def plain_attrs(event: Any) -> dict[str, Any]:
    """The event's attributes as plain JSON (ids and version are carried beside them)."""
    skipped = ("originator_id", "originator_version")
    return {k: plain(v) for k, v in vars(event).items() if k not in skipped}


def restore_attrs(event_class: type, attrs: dict[str, Any]) -> dict[str, Any]:
    """Turn plain values back into the types the event class declares (times, ids, decimals)."""
    parsers = _parsers(event_class)
    return {
        key: parsers[key](value) if key in parsers and isinstance(value, str) else value
        for key, value in attrs.items()
    }


@cache
def _parsers(event_class: type) -> dict[str, Callable[[str], Any]]:
    """For each attribute declared a time, an id or a decimal (maybe None), its parser."""
    found = {}
    for key, hint in get_type_hints(event_class).items():
        kinds = set(get_args(hint)) if get_origin(hint) in (Union, types.UnionType) else {hint}
        for kind, parse in PARSERS:
            if kind in kinds:
                found[key] = parse
                break
    return found


PARSERS: tuple[tuple[type, Callable[[str], Any]], ...] = (
    (datetime, datetime.fromisoformat),
    (UUID, UUID),
    (Decimal, Decimal),
)


def line_fields(document: dict[str, Any]) -> tuple[str, str, int, type, dict[str, Any]]:
    """An event line's stream, id, version, event class and attributes, checked for shape."""
    stream, key, version = document.get("stream"), document.get("id"), document.get("version")
    topic, attrs = document.get("topic"), document.get("attrs")
    if stream not in ("candidate", "configuration"):
        raise LineProblem(f"unknown stream {stream!r} (candidate or configuration)")
    if not isinstance(key, str) or not isinstance(version, int) or not isinstance(attrs, dict):
        raise LineProblem("id, version or attrs is missing or malformed")
    event_class = STREAMS[stream].get(str(topic))
    if event_class is None:
        other = next((name for name, known in STREAMS.items() if str(topic) in known), None)
        if other is not None:
            raise LineProblem(f"topic {topic} is not an event of the {stream} stream")
        raise LineProblem(f"unknown event topic {topic!r}: not one of the project's events")
    return stream, key, version, event_class, attrs


def build_event(event_class: type, key: str, version: int, attrs: dict[str, Any]) -> Any:
    """The event a line describes, built as eventsourcing's mapper builds a stored one."""
    try:
        state = restore_attrs(event_class, attrs) | {
            "originator_id": UUID(key),
            "originator_version": version,
        }
    except ValueError as error:
        raise LineProblem(f"a value cannot be read: {error}") from None
    event: Any = object.__new__(event_class)
    object.__setattr__(event, "__dict__", state)
    return event
