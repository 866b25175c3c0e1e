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


def plain(value: Any) -> Any:
    """`value` as JSON's plain types, exactly as the canonical form writes it."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return _scalar(value) if isinstance(value, datetime | UUID | Decimal) else value


def _scalar(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no canonical form")


# The encoder calls _scalar only for the few non-JSON values, instead of a walk over everything.
_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_scalar
)


def canonical(kind: str, originator_id: UUID, version: int, attrs: Mapping[str, Any]) -> str:
    body = {k: v for k, v in attrs.items() if k not in _EXCLUDED}
    document = {"kind": kind, "candidate": str(originator_id), "version": version, "attrs": body}
    return _ENCODER.encode(document)


def event_digest(kind: str, originator_id: UUID, version: int, attrs: Mapping[str, Any]) -> str:
    text = canonical(kind, originator_id, version, attrs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
