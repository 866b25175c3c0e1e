"""The handlers of delivery: a relay's claim and outcome, and the candidate's opt-out.

A relay claims a message (`queued` → `sending`) right before the mail server takes its data,
saved with the candidate's optimistic concurrency: of two relays, the second finds the claim
(or loses the save and then finds it) and is refused, so it never sends. Every later change of
the attempt names its number, the claim's token: an answer for an attempt that is no longer
the message's latest is refused, so a late relay cannot overwrite what another one recorded.
"""

from __future__ import annotations

from datetime import datetime

from pipeline import commands as cmd
from pipeline import rules
from pipeline.candidate import Candidate
from pipeline.errors import DeliveryRefused, InvalidTransition
from pipeline.records import MessageRecord, Meta
from pipeline.states import MessageStatus as M
from pipeline.tables import decide

OPTED_OUT_OF_EMAIL = "the candidate asked not to be contacted by email"
QUEUED, SENDING, UNCERTAIN = (s.value for s in (M.QUEUED, M.SENDING, M.UNCERTAIN))


def claim_message(c: Candidate, meta: Meta, command: cmd.ClaimMessage) -> int | None:
    """A relay claims a message due by now, right before the mail server takes its data:
    queued → sending, as attempt N (returned: its outcome names it). Refused when the message
    is not queued (another relay has it, a reply cancelled it) or not due yet; a message to a
    candidate who opted out of email is cancelled instead (returns None)."""
    message = rules.message(c, command.message_id)
    decide("message", message["status"], SENDING)
    require_due(c, message, meta.occurred_at)
    if message["recipient"] == "candidate" and c.opted_out_of("email"):
        rules.change_message(c, meta, message["id"], "cancelled", OPTED_OUT_OF_EMAIL)
        return None
    attempt = message["attempts"] + 1
    rules.change_delivery(c, meta, message["id"], SENDING, attempt=attempt)
    return attempt


def record_delivery(c: Candidate, meta: Meta, command: cmd.RecordDelivery) -> None:
    """Record what a relay's attempt came to: sent; failed, and queued again for `retry_at`
    (without it, failed for good); or uncertain (lost after the data went out: never resent
    on its own). The attempt must be the message's latest claim; a failure before the claim
    (no attempt) applies only to a message still queued and due. The delivery follow-up
    policy gives the advisor a task for a failure for good and for an uncertain outcome."""
    message = rules.message(c, command.message_id)
    attempt = attempt_of(c, message, command, meta.occurred_at)
    if command.retry_at is not None and command.retry_at < meta.occurred_at:
        raise DeliveryRefused(c.ref, message["id"], "retry_at is before the failure")
    error = command.error
    rules.change_delivery(c, meta, message["id"], command.outcome, attempt=attempt, error=error)
    if command.retry_at is not None:
        rules.change_delivery(c, meta, message["id"], QUEUED, attempt=attempt, error=error,
                              due_at=command.retry_at)  # fmt: skip


def record_opt_out(c: Candidate, meta: Meta, command: cmd.RecordOptOut) -> None:
    """Record that the candidate asked not to be contacted on a channel. The opt-out policy
    cancels what was waiting to go out on it and asks the advisor how to keep in touch;
    outreach, check-ins and thank-you mail respect it from then on."""
    if c.opted_out_of(command.channel):
        raise InvalidTransition(f"contact by {command.channel}", "opted out", "opt out", [])
    c.record(Candidate.OptedOut, meta, channel=command.channel, note=command.note)


def attempt_of(
    c: Candidate, message: MessageRecord, command: cmd.RecordDelivery, now: datetime
) -> int:
    """The attempt an outcome belongs to, checked against the message as it is now."""
    if command.attempt is None:
        if message["status"] != QUEUED:
            why = f"it is {message['status']} now, so an attempt that never claimed it is moot"
            raise DeliveryRefused(c.ref, message["id"], why)
        require_due(c, message, now)
        return message["attempts"] + 1
    latest = (SENDING, UNCERTAIN)
    if message["status"] not in latest or message["attempts"] != command.attempt:
        why = (
            f"attempt {command.attempt} is settled: the message is {message['status']} "
            f"after attempt {message['attempts']}"
        )
        raise DeliveryRefused(c.ref, message["id"], why)
    return command.attempt


def require_due(c: Candidate, message: MessageRecord, now: datetime) -> None:
    if message["due_at"] > now:
        why = f"not due until {message['due_at'].isoformat()}"
        raise DeliveryRefused(c.ref, message["id"], why)
