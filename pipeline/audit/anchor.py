"""The anchor: a digest of the whole store, to be kept outside it (docs/audit.md).

It names every candidate's head (its last version and that event's hash), the configuration
log's head, how many candidates and events there were, when it was taken, and one root hash
over all of it; with an audit key, an HMAC over the whole document. Because every event links
to the one before it, a head vouches for the candidate's whole history up to it: events
deleted from the end, a candidate deleted, or a history rewritten and re-hashed no longer
match an anchor taken before. The checkpoint `verify` records in the store is the same
document.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pipeline.audit.keys import sign, signed_by
from pipeline.errors import PipelineError
from pipeline.hashing import GENESIS

FORMAT = "candidate-pipeline/anchor"
VERSION = 1
Head = tuple[int, str]  # (version, hash of the event at that version)


class AnchorRefused(PipelineError):
    """A document that is not an intact anchor."""


def canonical(document: Mapping[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Anchor:
    at: datetime
    heads: dict[UUID, Head]
    configuration: Head = (0, GENESIS)
    signature: str | None = None  # the HMAC, when it was taken with a key

    @property
    def events(self) -> int:
        return sum(version for version, _ in self.heads.values())

    def body(self) -> dict[str, Any]:
        """What the root hash covers: the store's content, not when it was looked at."""
        return {
            "candidates": len(self.heads),
            "events": self.events,
            "configuration": list(self.configuration),
            "heads": [[str(key), *self.heads[key]] for key in sorted(self.heads)],
        }

    @property
    def root(self) -> str:
        return hashlib.sha256(canonical(self.body()).encode("utf-8")).hexdigest()

    def document(self, key: bytes | None = None) -> dict[str, Any]:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "at": self.at.isoformat(),
            **self.body(),
            "root": self.root,
        }
        if key is not None:
            document["hmac"] = sign(key, canonical(document))
        return document


def read_anchor(document: Any, key: bytes | None) -> Anchor:
    """The anchor a document holds, its root (and with `key`, its HMAC) checked."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise AnchorRefused(f"not a {FORMAT} document")
    if document.get("version") != VERSION:
        raise AnchorRefused(
            f"anchor version {document.get('version')!r} cannot be read (this reads {VERSION})"
        )
    try:
        anchor = Anchor(
            at=datetime.fromisoformat(document["at"]),
            heads={UUID(key): (int(v), str(h)) for key, v, h in document["heads"]},
            configuration=(int(document["configuration"][0]), str(document["configuration"][1])),
            signature=document.get("hmac"),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise AnchorRefused(f"the anchor is malformed: {error!r}") from None
    if anchor.root != document.get("root") or anchor.body() != _body_of(document):
        raise AnchorRefused("its heads do not hash to its root: the anchor was changed")
    if key is not None and not signed_by(key, canonical(_unsigned(document)), anchor.signature):
        raise AnchorRefused(
            "its HMAC does not match the audit key: the anchor was changed, "
            "or taken without this key"
        )
    return anchor


def _body_of(document: Mapping[str, Any]) -> dict[str, Any]:
    return {key: document.get(key) for key in ("candidates", "events", "configuration", "heads")}


def _unsigned(document: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "hmac"}


def head_problem(anchored: Head, events: list[Any], at: datetime) -> tuple[int, str] | None:
    """(version, why) when a candidate's history no longer holds what the anchor saw."""
    version, digest = anchored
    when = f"the anchor of {at.isoformat()}"
    if not events or events[-1].originator_version < version:
        last = events[-1].originator_version if events else 0
        return version, (
            f"the log ends at version {last}, but {when} saw version {version}: "
            "the last events were deleted"
        )
    event = next((e for e in reversed(events) if e.originator_version == version), None)
    if event is None or getattr(event, "event_hash", None) != digest:
        return version, (
            f"version {version} is not the event {when} saw (hash {digest[:12]}…): "
            "the history up to it was rewritten"
        )
    return None
