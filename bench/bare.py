"""The baselines of the throughput section: a bare eventsourcing aggregate, and raw sqlite3.

`BareCandidate` has one event class for each of `Candidate`'s, with the same attributes (the
classes are mirrored from `Candidate`, so they stay the same shape as it evolves), and nothing
else: no transition tables, no policies, no hash chain, no read models. `replay_bare` writes the
very events the pipeline wrote, command by command, the way a hand-written application would:
load the aggregate, trigger the events, save. `replay_raw` inserts the very rows the pipeline
stored into an eventsourcing-shaped table with plain sqlite3, one transaction per command.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment, EnvType

from pipeline.candidate import Candidate

REGISTERED = "Registered"
_IMPOSED = ("originator_id", "originator_version", "originator_topic")


class BareCandidate(Aggregate):
    """Holds nothing: every event only moves the version, as a minimal aggregate does."""


def _mirror() -> None:
    """Give `BareCandidate` an event class per `Candidate` event, with the same attributes."""
    base = _event_class("Event", Candidate.Event, (Aggregate.Event,))
    setattr(BareCandidate, "Event", base)  # noqa: B010 (mypy refuses assigning to a class)
    for name, kind in vars(Candidate).items():
        is_event = isinstance(kind, type) and issubclass(kind, Candidate.Event)
        if is_event and kind is not Candidate.Event:
            created = (Aggregate.Created,) if kind is Candidate.Registered else ()
            setattr(BareCandidate, name, _event_class(name, kind, (base, *created)))


def _event_class(name: str, model: type, bases: tuple[type, ...]) -> Any:
    namespace = {
        "__annotations__": dict(model.__annotations__),
        "__qualname__": f"BareCandidate.{name}",
        "__module__": __name__,
    }
    return type(name, bases, namespace)


_mirror()


@dataclass(frozen=True)
class Recorded:
    """One command's events as the pipeline stored them: kinds and attributes, and rows."""

    originator_id: UUID
    events: list[tuple[str, dict[str, Any]]]
    rows: list[StoredEvent]


def recorded_commands(app: Application[UUID]) -> list[Recorded]:
    """The candidate events of `app`'s log, grouped by the transaction that saved them."""
    groups: list[Recorded] = []
    for notification in app.recorder.select_notifications(start=1, limit=10**9):
        event = app.mapper.to_domain_event(notification)
        if not isinstance(event, Candidate.Event):
            continue
        attrs = {f.name: getattr(event, f.name) for f in fields(event) if f.name not in _IMPOSED}
        item = (type(event).__name__, attrs)
        stored = StoredEvent(
            originator_id=notification.originator_id,
            originator_version=notification.originator_version,
            topic=notification.topic,
            state=notification.state,
        )
        same = groups and groups[-1].originator_id == event.originator_id
        if same and event.batch == groups[-1].events[0][1]["batch"]:
            groups[-1].events.append(item)
            groups[-1].rows.append(stored)
        else:
            groups.append(Recorded(event.originator_id, [item], [stored]))
    return groups


class BareApplication(Application[UUID]):
    name = "Bare"

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        return Environment(name, dict(env or {}))


def open_bare(path: str, cache_size: int) -> BareApplication:
    """A plain eventsourcing application on its own SQLite file, cached like `Pipeline`.

    It keeps the same size of aggregate cache as `Pipeline` so that both load a candidate the
    same way (from the cache, fast-forwarded from the store).
    """
    return BareApplication(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "AGGREGATE_CACHE_MAXSIZE": str(cache_size),
        }
    )


def replay_bare(
    app: Application[UUID], commands: Sequence[Recorded], kind: type[Aggregate] = BareCandidate
) -> int:
    """Load, trigger, save: once per command. Returns the number of events written.

    With `kind=Candidate` the pipeline's own aggregate is used in the plain application: its
    events assign its whole state, which the cache must then copy on every load.
    """
    written = 0
    for command in commands:
        first, attrs = command.events[0]
        if first == REGISTERED:
            created = getattr(kind, REGISTERED)
            aggregate = kind._create(created, id=command.originator_id, **attrs)
            rest = command.events[1:]
        else:
            aggregate, rest = app.repository.get(command.originator_id), command.events
        for name, attrs in rest:
            aggregate.trigger_event(getattr(kind, name), **attrs)
        app.save(aggregate)
        written += len(command.events)
    return written


RAW_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS stored_events (originator_id TEXT, originator_version INTEGER,"
    " topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
)
RAW_INSERT = "INSERT INTO stored_events VALUES (?,?,?,?)"


def _hex(originator_id: UUID | str) -> str:
    """The id as eventsourcing's SQLite recorder stores it."""
    return originator_id.hex if isinstance(originator_id, UUID) else UUID(originator_id).hex


def replay_raw(path: str, commands: Sequence[Recorded]) -> int:
    """The same rows with plain sqlite3: WAL, one transaction per command."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(RAW_SCHEMA)
        written = 0
        for command in commands:
            connection.execute("BEGIN")
            connection.executemany(
                RAW_INSERT,
                [
                    (_hex(r.originator_id), r.originator_version, r.topic, r.state)
                    for r in command.rows
                ],
            )
            connection.execute("COMMIT")
            written += len(command.rows)
        return written
    finally:
        connection.close()
