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


class ConfigurationLog(Aggregate):
    def __init__(self) -> None:
        self.documents: dict[str, dict[str, Any]] = {}
        self.current = ""

    class Recorded(Aggregate.Event):
        config_id: str
        document: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.documents[self.config_id] = self.document
            aggregate.current = self.config_id

    class Started(Aggregate.Created):
        pass

    @classmethod
    def start(cls, at: datetime) -> ConfigurationLog:
        return cls._create(cls.Started, id=CONFIG_LOG_ID, timestamp=at)

    def record(self, document: dict[str, Any], at: datetime) -> None:
        config_id = configuration_id(document)
        if config_id != self.current:
            self.trigger_event(self.Recorded, config_id=config_id, document=document, timestamp=at)
