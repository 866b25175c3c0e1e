"""The audit (docs/design.md §9): verify a store, and export or import its histories.

`verify(app)` replays every candidate once and checks its hash chain, every transition against
the tables, and every policy decision by re-running the policy with the recorded
configuration. `export_events` / `import_events` write and read the versioned JSON Lines format
documented in docs/audit.md (`FORMAT`, `VERSION`).
"""

from pipeline.audit.anchor import AnchorRefused
from pipeline.audit.anchoring import anchor_store
from pipeline.audit.checklines import ImportRefused
from pipeline.audit.export import ExportError, ExportSummary, export_events
from pipeline.audit.importer import ImportSummary, import_events
from pipeline.audit.jsonl import FORMAT, VERSION
from pipeline.audit.keys import audit_key
from pipeline.audit.report import Discrepancy, VerifyReport
from pipeline.audit.verifying import verify

__all__ = [
    "FORMAT",
    "VERSION",
    "AnchorRefused",
    "Discrepancy",
    "ExportError",
    "ExportSummary",
    "ImportRefused",
    "ImportSummary",
    "VerifyReport",
    "anchor_store",
    "audit_key",
    "export_events",
    "import_events",
    "verify",
]
