"""The standard policies from the source article (R1–R9) and their configuration."""

from policies.config import PolicyConfig
from policies.standard import STANDARD, standard_policies

__all__ = ["STANDARD", "PolicyConfig", "standard_policies"]
