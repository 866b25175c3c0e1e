"""The relay's claim of one message, made when its transport reaches the point of no return,
and the claims whose relay stopped before saying what became of them.

The claim is `Pipeline.claim_message`, a recorded event saved with the candidate's optimistic
concurrency: if another relay claimed the message, or a reply cancelled it, since this relay
read the outbox, the save is refused (or its retry finds the new state), the claim returns
False and the transport abandons the mail. A store that cannot be reached is not a refusal:
its error goes up and stops the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from pipeline.app.application import Pipeline
from pipeline.app.views import OutboxMessage
from pipeline.delivery.report import DeliveryReport
from pipeline.errors import (
    ConcurrencyConflict,
    DeliveryRefused,
    InvalidTransition,
    MessageNotFound,
)
from pipeline.states import MessageStatus

SENDING = MessageStatus.SENDING.value

# What refuses a claim or an outcome because the message has moved on: nothing to do here.
OVERTAKEN = (ConcurrencyConflict, DeliveryRefused, InvalidTransition, MessageNotFound)


class Claim:
    def __init__(self, app: Pipeline, message: OutboxMessage, actor: str) -> None:
        self.app, self.message, self.actor = app, message, actor
        self.attempt: int | None = None

    def __call__(self) -> bool:
        try:
            self.attempt = self.app.claim_message(
                self.message.candidate_id, self.message.id, actor=self.actor
            )
        except OVERTAKEN:
            return False
        return self.attempt is not None


@contextmanager
def settled_elsewhere(report: DeliveryReport) -> Iterator[None]:
    """An outcome another relay, or a person, has already overtaken is skipped, not an error."""
    try:
        yield
    except OVERTAKEN:
        report.skipped += 1


def expire_claims(
    app: Pipeline, lease_seconds: int, actor: str, now: datetime, report: DeliveryReport
) -> None:
    """Claims with no outcome after the lease: their relay stopped, maybe after the data went
    out, so each becomes uncertain (with a task for the advisor) and is never sent again."""
    lease = timedelta(seconds=lease_seconds)
    for message in app.outbox(SENDING, due_by=None):
        record = app.get_candidate(message.candidate_id).messages[message.id]
        claimed = record["claimed_at"]
        if record["status"] != SENDING or claimed is None or claimed + lease > now:
            continue
        error = (
            f"no outcome was recorded within {lease_seconds} s of the claim at "
            f"{claimed.isoformat()}: its relay stopped, maybe after sending it"
        )
        with settled_elsewhere(report):
            app.record_delivery(
                message.candidate_id,
                message.id,
                outcome="uncertain",
                attempt=record["attempts"],
                error=error,
                actor=actor,
            )
            report.expired += 1
