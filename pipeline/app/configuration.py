"""The policy configuration in force, recorded in the store's configuration log when it changes.

Its id is known without reading the store (it is the hash of the policies' settings), so a
`Pipeline` opens without writing; the log is brought up to date just before the first save of a
candidate, the first moment a decision can cite the configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import IntegrityError

from pipeline.configlog import (
    CONFIG_LOG_ID,
    ConfigurationLog,
    configuration_document,
    configuration_id,
)
from pipeline.errors import ConcurrencyConflict
from pipeline.policy import Policy


class Configuration:
    """The policies' configuration: its id now, its entry in the log on the first save."""

    def __init__(
        self,
        repository: Repository[UUID],
        save: Callable[..., Any],
        policies: Sequence[Policy],
        now: Callable[[], datetime],
        max_attempts: int,
    ) -> None:
        self.repository, self.save, self.now = repository, save, now
        self.max_attempts = max_attempts
        self.document = configuration_document(policies)
        self.id = configuration_id(self.document)
        self.recorded = False

    def ensure_recorded(self) -> None:
        """Append the configuration to the log unless the log already ends on it (once)."""
        if self.recorded:
            return
        for _ in range(self.max_attempts):
            try:
                log: ConfigurationLog = self.repository.get(CONFIG_LOG_ID)
            except AggregateNotFoundError:
                log = ConfigurationLog.start(self.now())
            log.record(self.document, self.now())
            try:
                self.save(log)
            except IntegrityError:
                self.forget_cached()  # another process appended first: read the log again
                continue
            self.recorded = True
            return
        raise ConcurrencyConflict("the configuration log", self.max_attempts)

    def forget_cached(self) -> None:
        if self.repository.cache is not None:
            with suppress(KeyError):
                self.repository.cache.get(CONFIG_LOG_ID, evict=True)
