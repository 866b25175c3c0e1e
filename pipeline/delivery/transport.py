"""What a relay needs of a transport, and what a transport says happened.

A transport sends one `Mail` and calls `commit()` at its point of no return (for SMTP, right
before DATA): the relay claims the message there, and a refused claim (another relay has it,
a reply cancelled it) makes the transport abandon the mail. Its `Outcome` tells the relay
what to record: the mail was taken, refused for now or for good, or lost after the data
went out, with the server's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pipeline.delivery.mail import Mail
from pipeline.errors import PipelineError


class DeliveryError(PipelineError):
    """The relay cannot work: its transport is misconfigured or the server refuses its login.
    Nothing is recorded on any message for it."""


class Verdict(StrEnum):
    SENT = "sent"  # the server took the data (250 after it)
    TEMPORARY = "temporary"  # refused for now (4xx, a refused connection, a timeout before DATA)
    PERMANENT = "permanent"  # refused for good (5xx)
    UNCERTAIN = "uncertain"  # lost after the data went out: the server may have taken it
    ABANDONED = "abandoned"  # the claim was refused at the point of no return: nothing sent


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    answer: str | None = None  # the server's answer, or what went wrong
    committed: bool = False  # whether the relay's claim was made (commit() returned True)
    reachable: bool = True  # False: the server could not be reached; the run stops


class Transport(Protocol):
    def send(self, mail: Mail, commit: Callable[[], bool]) -> Outcome:
        """Send `mail`, calling `commit()` once right before the point of no return."""
        ...

    def close(self) -> None:
        """End the connection, if one is open."""
        ...
