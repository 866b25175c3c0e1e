"""candidate-pipeline: the event-sourced core of a recruitment agency's candidate pipeline.

The policies to run are passed in; this package never imports them:

>>> from policies import PolicyConfig, standard_policies  # doctest: +SKIP
>>> app = Pipeline("pipeline.db", policies=standard_policies(PolicyConfig()))  # doctest: +SKIP
"""

from pipeline.application import Pipeline
from pipeline.candidate import Candidate
from pipeline.clock import Clock, FixedClock, SystemClock
from pipeline.commands import COMMANDS, AnyCommand
from pipeline.errors import (
    ApplicationNotFound,
    ApplicationPaused,
    CandidateNotFound,
    ConcurrencyConflict,
    ConfigError,
    DuplicateCandidate,
    InvalidTransition,
    MessageNotFound,
    PipelineError,
    StoreError,
    TaskNotFound,
)
from pipeline.policy import BasePolicy, Decision, On, Policy
from pipeline.views import (
    ApplicationView,
    CandidateSummary,
    CandidateView,
    OutboxMessage,
    Task,
    TickReport,
    TimelineEntry,
)

__version__ = "0.1.0"

__all__ = [
    "COMMANDS",
    "AnyCommand",
    "ApplicationNotFound",
    "ApplicationPaused",
    "ApplicationView",
    "BasePolicy",
    "Candidate",
    "CandidateNotFound",
    "CandidateSummary",
    "CandidateView",
    "Clock",
    "ConcurrencyConflict",
    "ConfigError",
    "Decision",
    "DuplicateCandidate",
    "FixedClock",
    "InvalidTransition",
    "MessageNotFound",
    "On",
    "OutboxMessage",
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
]
