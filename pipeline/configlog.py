"""The policy configuration in force, recorded in the store whenever it changes.

Every policy decision carries the id of the configuration it was made with, and the audit
re-runs the decision with exactly that configuration.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from pipeline.candidate import CANDIDATE_NAMESPACE
from pipeline.hashing import GENESIS, event_digest
from pipeline.policy import Policy

CONFIG_LOG_ID = uuid5(CANDIDATE_NAMESPACE, "policy-configuration-log")


def configuration_document(policies: Sequence[Policy]) -> dict[str, Any]:
    return {
        "policies": [
            {"name": p.name, "type": get_topic(type(p)), "settings": dict(p.settings())}
            for p in policies
        ]
    }


def configuration_id(document: Mapping[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def entry_digest(entry: Any) -> str:
    """The hash of a log entry: its kind, version, time and fields (`event_hash` aside), as a
    candidate's events are hashed. Entries recorded before the log was linked (release 0.1.0)
    carry no hash; their digest is what links the first entry that does."""
    kind = type(entry).__qualname__
    return event_digest(kind, entry.originator_id, entry.originator_version, vars(entry))


class ConfigurationLog(Aggregate):
    """Hash-linked like a candidate: each entry carries the hash of the one before it
    (`previous_hash`) and its own (`event_hash`), so an entry changed, removed or moved breaks
    the chain where it happened (the audit reads it, `pipeline/audit/configs.py`)."""

    def __init__(self) -> None:
        self.documents: dict[str, dict[str, Any]] = {}
        self.current = ""
        self.head = GENESIS

    class Event(Aggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.head = getattr(self, "event_hash", None) or entry_digest(self)

    class Recorded(Event):
        config_id: str
        document: dict[str, Any]
        previous_hash: str | None = None  # None: recorded before the log was linked
        event_hash: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.documents[self.config_id] = self.document
            aggregate.current = self.config_id
            super().apply(aggregate)

    class Started(Event, Aggregate.Created):
        pass

    @classmethod
    def start(cls, at: datetime) -> ConfigurationLog:
        return cls._create(cls.Started, id=CONFIG_LOG_ID, timestamp=at)

    def record(self, document: dict[str, Any], at: datetime) -> None:
        """Record `document` as the configuration in force from `at`, unless it already is."""
        if configuration_id(document) != self.current:
            self.append(document, at)

    def append(self, document: dict[str, Any], at: datetime) -> None:
        """Add an entry, linked to the one before it (an import appends what it brings)."""
        config_id = configuration_id(document)
        fields = {"timestamp": at, "config_id": config_id, "document": document,
                  "previous_hash": self.head}  # fmt: skip
        digest = event_digest(self.Recorded.__qualname__, self.id, self.version + 1, fields)
        self.trigger_event(self.Recorded, event_hash=digest, **fields)
