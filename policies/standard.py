"""The standard policies (docs/design.md §4), in the order they run."""

from __future__ import annotations

from pipeline.policy import Policy
from policies.checkin import CheckIn
from policies.close import CloseUnreachable
from policies.config import PolicyConfig
from policies.delivery import DeliveryFollowUp
from policies.optout import RespectOptOut
from policies.outreach import PersistentOutreach
from policies.pause import PauseEmployerProgression
from policies.resume import ResumeOnReply
from policies.risk import RiskSignals
from policies.silence import SilenceDetection
from policies.stall import StallEmployers
from policies.thanks import ThankYou
from policies.wrapup import WrapUp

STANDARD = (
    RiskSignals,
    ThankYou,
    SilenceDetection,
    PauseEmployerProgression,
    StallEmployers,
    PersistentOutreach,
    ResumeOnReply,
    CheckIn,
    CloseUnreachable,
    WrapUp,
    RespectOptOut,
    DeliveryFollowUp,
)


def standard_policies(config: PolicyConfig | None = None) -> list[Policy]:
    """Every standard policy, configured by `config` (the defaults when None)."""
    chosen = config or PolicyConfig()
    return [policy_class(chosen) for policy_class in STANDARD]
