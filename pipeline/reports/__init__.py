"""The reports (docs/design.md §11): the agency's metrics, the statutory ledgers, what-if
replays and the auditor's dossier, each a projection of the event log.

Every report reads the stored events themselves (never the read models), can be made again
as of any past moment (`as_of`, `known_at`), and prints the same bytes for the same log.
"""

from pipeline.reports.charts import ChartsUnavailable
from pipeline.reports.metrics_page import report_page
from pipeline.reports.models import (
    Breakdown,
    FunnelStep,
    MetricsReport,
    RecoveryPoint,
    ReplyTimes,
    Scope,
    SilenceOutcomes,
    StalledEmployer,
)
from pipeline.reports.queries import metrics_report
from pipeline.reports.source import UnreadableLog
from pipeline.reports.summary import ending, headline, scope_text
from pipeline.reports.words import number, percent, state_name, word

__all__ = [
    "Breakdown",
    "ChartsUnavailable",
    "FunnelStep",
    "MetricsReport",
    "RecoveryPoint",
    "ReplyTimes",
    "Scope",
    "SilenceOutcomes",
    "StalledEmployer",
    "UnreadableLog",
    "ending",
    "headline",
    "metrics_report",
    "number",
    "percent",
    "report_page",
    "scope_text",
    "state_name",
    "word",
]
