"""The policy configuration in force, recorded in the store's configuration log when it changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import IntegrityError

from pipeline.configlog import CONFIG_LOG_ID, ConfigurationLog, configuration_document
from pipeline.errors import ConcurrencyConflict
from pipeline.policy import Policy


def record_configuration(
    repository: Repository[UUID],
    save: Callable[..., Any],
    policies: Sequence[Policy],
    now: Callable[[], datetime],
    max_attempts: int,
) -> str:
    """The id of the policies' configuration, recorded first if the log does not end on it."""
    document = configuration_document(policies)
    for _ in range(max_attempts):
        try:
            log: ConfigurationLog = repository.get(CONFIG_LOG_ID)
        except AggregateNotFoundError:
            log = ConfigurationLog.start(now())
        log.record(document, now())
        try:
            save(log)
        except IntegrityError:
            continue
        return log.current
    raise ConcurrencyConflict("the configuration log", max_attempts)
