"""The canonical form of an event and its hash: the links of each candidate's hash chain.

The digest covers the event's kind, its candidate, its version, both times and every attribute,
serialised as sorted JSON with datetimes in ISO form, so it survives the round trip through the
store unchanged. Editing a stored attribute, a time or the order of two events changes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

GENESIS = ""  # the "previous hash" of a candidate's first event

_EXCLUDED = frozenset({"originator_id", "originator_version", "event_hash", "originator_topic"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical(kind: str, originator_id: UUID, version: int, attrs: Mapping[str, Any]) -> str:
    body = {k: _plain(v) for k, v in attrs.items() if k not in _EXCLUDED}
    document = {"kind": kind, "candidate": str(originator_id), "version": version, "attrs": body}
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_digest(kind: str, originator_id: UUID, version: int, attrs: Mapping[str, Any]) -> str:
    text = canonical(kind, originator_id, version, attrs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
