"""The reports (docs/design.md §11): the agency's metrics, the statutory ledgers, what-if
replays and the auditor's dossier, each a projection of the event log.

Every report reads the stored events themselves (never the read models), can be made again
as of any past moment (`as_of`, `known_at`), and prints the same bytes for the same log.
"""

from pipeline.reports.charts import ChartsUnavailable
from pipeline.reports.dossier import dossier_page
from pipeline.reports.ledger_text import (
    annual_cells,
    annual_csv,
    introduction_lines,
    seeker_cells,
    seekers_csv,
)
from pipeline.reports.ledger_text import headers as ledger_headers
from pipeline.reports.metrics_page import report_page
from pipeline.reports.models import (
    AnnualReport,
    Breakdown,
    CandidateDifference,
    FunnelStep,
    Introduction,
    MetricsReport,
    OccupationCounts,
    RecoveryPoint,
    RefusedInput,
    ReplyTimes,
    Scope,
    SeekerLedger,
    SeekerRow,
    SilenceOutcomes,
    StalledEmployer,
    Tally,
    WhatIfReport,
)
from pipeline.reports.queries import annual_report, metrics_report, seeker_ledger
from pipeline.reports.source import UnreadableLog
from pipeline.reports.summary import ending, headline, scope_text
from pipeline.reports.whatif import what_if
from pipeline.reports.words import number, percent, state_name, word

__all__ = [
    "AnnualReport",
    "Breakdown",
    "CandidateDifference",
    "ChartsUnavailable",
    "FunnelStep",
    "Introduction",
    "MetricsReport",
    "OccupationCounts",
    "RecoveryPoint",
    "RefusedInput",
    "ReplyTimes",
    "Scope",
    "SeekerLedger",
    "SeekerRow",
    "SilenceOutcomes",
    "StalledEmployer",
    "Tally",
    "UnreadableLog",
    "WhatIfReport",
    "annual_cells",
    "annual_csv",
    "annual_report",
    "dossier_page",
    "ending",
    "headline",
    "introduction_lines",
    "ledger_headers",
    "metrics_report",
    "number",
    "percent",
    "report_page",
    "scope_text",
    "seeker_cells",
    "seeker_ledger",
    "seekers_csv",
    "state_name",
    "what_if",
    "word",
]
