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
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID

from pipeline.hashing import _plain

FORMAT = "candidate-pipeline/events"
VERSION = 1
LINE_HASH = "line_hash"


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
    return {k: _plain(v) for k, v in vars(event).items() if k not in skipped}


def restore_attrs(event_class: type, attrs: dict[str, Any]) -> dict[str, Any]:
    """Turn plain values back into the types the event class declares (times, ids, decimals)."""
    hints = _hints(event_class)
    return {key: _restore(hints.get(key), value) for key, value in attrs.items()}


@cache
def _hints(event_class: type) -> dict[str, Any]:
    return get_type_hints(event_class)


def _restore(hint: Any, value: Any) -> Any:
    if not isinstance(value, str) or hint is None:
        return value
    kinds = set(get_args(hint)) if get_origin(hint) in (Union, types.UnionType) else {hint}
    for kind, parse in ((datetime, datetime.fromisoformat), (UUID, UUID), (Decimal, Decimal)):
        if kind in kinds:
            return parse(value)
    return value
