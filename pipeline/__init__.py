"""candidate-pipeline: the event-sourced core of a recruitment agency's candidate pipeline.

The policies to run are passed in; this package never imports them:

>>> from policies import PolicyConfig, standard_policies  # doctest: +SKIP
>>> app = Pipeline("pipeline.db", policies=standard_policies(PolicyConfig()))  # doctest: +SKIP

This is the package's public face. Each name is imported from its room when first used, so
importing one domain module (as every policy does: `pipeline.candidate`, `pipeline.policy`)
does not load the application. The rooms are described in docs/design.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.app.application import Pipeline as Pipeline
    from pipeline.app.graph import mermaid as mermaid
    from pipeline.app.views import (
        ApplicationView as ApplicationView,
    )
    from pipeline.app.views import (
        CandidateSummary as CandidateSummary,
    )
    from pipeline.app.views import (
        CandidateView as CandidateView,
    )
    from pipeline.app.views import (
        OutboxMessage as OutboxMessage,
    )
    from pipeline.app.views import (
        Task as Task,
    )
    from pipeline.app.views import (
        TickReport as TickReport,
    )
    from pipeline.app.views import (
        TimelineEntry as TimelineEntry,
    )
    from pipeline.candidate import Candidate as Candidate
    from pipeline.clock import Clock as Clock
    from pipeline.clock import FixedClock as FixedClock
    from pipeline.clock import SystemClock as SystemClock
    from pipeline.commands import COMMANDS as COMMANDS
    from pipeline.commands import AnyCommand as AnyCommand
    from pipeline.errors import (
        AmbiguousId as AmbiguousId,
    )
    from pipeline.errors import (
        ApplicationNotFound as ApplicationNotFound,
    )
    from pipeline.errors import (
        ApplicationPaused as ApplicationPaused,
    )
    from pipeline.errors import (
        CandidateNotFound as CandidateNotFound,
    )
    from pipeline.errors import (
        ConcurrencyConflict as ConcurrencyConflict,
    )
    from pipeline.errors import (
        ConfigError as ConfigError,
    )
    from pipeline.errors import (
        DuplicateCandidate as DuplicateCandidate,
    )
    from pipeline.errors import (
        InvalidTransition as InvalidTransition,
    )
    from pipeline.errors import (
        MessageNotFound as MessageNotFound,
    )
    from pipeline.errors import (
        PipelineError as PipelineError,
    )
    from pipeline.errors import (
        StoreError as StoreError,
    )
    from pipeline.errors import (
        TaskNotFound as TaskNotFound,
    )
    from pipeline.policy import BasePolicy as BasePolicy
    from pipeline.policy import Decision as Decision
    from pipeline.policy import On as On
    from pipeline.policy import Policy as Policy
    from pipeline.states import Channel as Channel
    from pipeline.states import EmployerMove as EmployerMove
    from pipeline.states import Outcome as Outcome
    from pipeline.store.urls import describe_store as describe_store
    from pipeline.tables import TABLES as TABLES

__version__ = "0.1.0"

_HOMES = {
    "pipeline.app.application": ("Pipeline",),
    "pipeline.app.graph": ("mermaid",),
    "pipeline.app.views": (
        "ApplicationView",
        "CandidateSummary",
        "CandidateView",
        "OutboxMessage",
        "Task",
        "TickReport",
        "TimelineEntry",
    ),
    "pipeline.candidate": ("Candidate",),
    "pipeline.clock": ("Clock", "FixedClock", "SystemClock"),
    "pipeline.commands": ("COMMANDS", "AnyCommand"),
    "pipeline.errors": (
        "AmbiguousId",
        "ApplicationNotFound",
        "ApplicationPaused",
        "CandidateNotFound",
        "ConcurrencyConflict",
        "ConfigError",
        "DuplicateCandidate",
        "InvalidTransition",
        "MessageNotFound",
        "PipelineError",
        "StoreError",
        "TaskNotFound",
    ),
    "pipeline.policy": ("BasePolicy", "Decision", "On", "Policy"),
    "pipeline.states": ("Channel", "EmployerMove", "Outcome"),
    "pipeline.store.urls": ("describe_store",),
    "pipeline.tables": ("TABLES",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "COMMANDS",
    "TABLES",
    "AmbiguousId",
    "AnyCommand",
    "ApplicationNotFound",
    "ApplicationPaused",
    "ApplicationView",
    "BasePolicy",
    "Candidate",
    "CandidateNotFound",
    "CandidateSummary",
    "CandidateView",
    "Channel",
    "Clock",
    "ConcurrencyConflict",
    "ConfigError",
    "Decision",
    "DuplicateCandidate",
    "EmployerMove",
    "FixedClock",
    "InvalidTransition",
    "MessageNotFound",
    "On",
    "OutboxMessage",
    "Outcome",
    "Pipeline",
    "PipelineError",
    "Policy",
    "StoreError",
    "SystemClock",
    "Task",
    "TaskNotFound",
    "TickReport",
    "TimelineEntry",
    "__version__",
    "describe_store",
    "mermaid",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its room on first use (PEP 562)."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME_OF])
