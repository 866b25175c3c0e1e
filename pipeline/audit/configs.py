"""The recorded policy configurations, turned back into the policies that decided with them.

Each configuration document lists the policies in the order they ran, each with its `name`,
its `type` (topic) and its `settings`; `type.from_settings(settings)` rebuilds it. A type is
looked up only in the project's packages or a module already loaded: a document in the store
never makes the audit import a module. A document
whose id no longer matches its content, or a policy that cannot be rebuilt, is reported once
and the decisions made with it are counted as unverified.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from eventsourcing.utils import resolve_topic

from pipeline.audit.configchain import chain_note, check_configuration_chain
from pipeline.audit.report import Discrepancy
from pipeline.configlog import ConfigurationLog, configuration_id
from pipeline.policy import Policy

# A stored document names its policies' types; only these packages, or a module the process
# has already loaded (the embedding application's own policies), are looked up.
OWN_MODULES = ("policies.", "pipeline.")


class ConfigurationProblem(Exception):
    """A recorded configuration that cannot be used to re-run its policies."""


class ConfigurationBook:
    """The configuration log as the audit reads it: documents by id, and when each was recorded."""

    def __init__(self, log_events: Sequence[Any]) -> None:
        self.documents: dict[str, Mapping[str, Any]] = {}
        self.recorded: list[tuple[datetime, int, str]] = []  # (when, log version, id)
        self.problems: list[Discrepancy] = []
        self._policies: dict[str, tuple[Policy, ...] | None] = {}
        self.chain = check_configuration_chain(log_events)
        for version, why in self.chain.problems:
            self._problem(version, why)
        for event in log_events:
            if isinstance(event, ConfigurationLog.Recorded):
                self._add(event)
        self.recorded.sort()
        self._moments = [when for when, _, _ in self.recorded]

    @property
    def note(self) -> str | None:
        return chain_note(self.chain)

    def latest(self) -> str | None:
        """The configuration recorded last (what a catch-up writes rows with)."""
        return self.recorded[-1][2] if self.recorded else None

    def _add(self, event: ConfigurationLog.Recorded) -> None:
        version = event.originator_version
        if configuration_id(event.document) != event.config_id:
            self._problem(
                version,
                f"the document recorded as configuration {event.config_id} no longer hashes "
                "to that id: it was changed after it was recorded",
            )
            self._policies[event.config_id] = None
        self.documents.setdefault(event.config_id, event.document)
        self.recorded.append((event.timestamp, version, event.config_id))

    def policies(self, config_id: str) -> tuple[Policy, ...] | None:
        """The policies of a configuration, rebuilt once; None when they cannot be."""
        if config_id not in self._policies:
            self._policies[config_id] = self._build(config_id)
        return self._policies[config_id]

    def in_force(self, at: datetime) -> list[str]:
        """The configurations most recently recorded at `at` (several when recorded together)."""
        index = bisect_right(self._moments, at)
        if index == 0:
            return [config_id for _, _, config_id in self.recorded[:1]]
        latest = self._moments[index - 1]
        chosen = [c for when, _, c in self.recorded[:index] if when == latest]
        return list(dict.fromkeys(reversed(chosen)))

    def _build(self, config_id: str) -> tuple[Policy, ...] | None:
        document = self.documents.get(config_id)
        if document is None:
            self._problem(
                None, f"decisions cite configuration {config_id}, which is not in the log"
            )
            return None
        try:
            return tuple(build_policy(entry) for entry in document["policies"])
        except ConfigurationProblem as problem:
            self._problem(None, f"configuration {config_id}: {problem}")
        except (KeyError, TypeError) as error:
            self._problem(None, f"configuration {config_id} is not a policy list: {error!r}")
        return None

    def _problem(self, version: int | None, message: str) -> None:
        self.problems.append(Discrepancy(check="configuration", version=version, message=message))


def build_policy(entry: Mapping[str, Any]) -> Policy:
    name, topic, settings = entry["name"], entry["type"], entry["settings"]
    module = str(topic).split(":", 1)[0]
    if module not in sys.modules and not module.startswith(OWN_MODULES):
        raise ConfigurationProblem(
            f"policy {name!r}: type {topic} is not loaded; the audit imports no module a stored "
            "document names: import it before verifying"
        )
    try:
        policy_class = resolve_topic(topic)
    except Exception as error:  # a missing module or class: say which, whatever the cause
        raise ConfigurationProblem(
            f"policy {name!r}: type {topic} cannot be found ({error})"
        ) from None
    from_settings = getattr(policy_class, "from_settings", None)
    if not callable(from_settings):
        raise ConfigurationProblem(
            f"policy {name!r} ({topic}) has no from_settings(settings) class method, so it "
            "cannot be rebuilt from its recorded settings and its decisions cannot be re-run"
        )
    try:
        policy = from_settings(settings)
    except Exception as error:  # the policy's own validation: report it, do not crash
        raise ConfigurationProblem(
            f"policy {name!r} refuses its recorded settings: {error}"
        ) from None
    if not isinstance(policy, Policy) or policy.name != name:
        raise ConfigurationProblem(f"{topic}.from_settings did not rebuild policy {name!r}")
    return policy
