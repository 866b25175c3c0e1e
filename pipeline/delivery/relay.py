"""The outbox relay: deliver what is due, never twice, and lose none.

Each run takes the messages queued and due by now (`Pipeline.outbox()`), and for each one has
the transport send it, claiming it at the transport's point of no return (`claim_message`: a
recorded event, saved with the candidate's optimistic concurrency). Of two relays, in two
processes or on two machines, only one claim of a message is saved; the other is refused and
its transport abandons the mail. The outcome is then recorded against the claim's attempt
(`record_delivery`): sent; failed and queued again with backoff, up to the limit of attempts;
failed for good; or uncertain, which is never sent again on its own. A claim whose relay
stopped before recording anything is found after the lease and made uncertain.

Runs respect the send hours (and business days), and a rate: at most so many messages a
minute, paced across runs.
"""

from __future__ import annotations

import os
import re
import socket
import time
import zlib
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.app.application import Pipeline
from pipeline.app.views import OutboxMessage
from pipeline.delivery.claims import Claim, expire_claims, settled_elsewhere
from pipeline.delivery.mail import Unaddressable, compose
from pipeline.delivery.report import DeliveryReport
from pipeline.delivery.settings import DeliverySettings, Sender
from pipeline.delivery.transport import Outcome, Transport, Verdict
from pipeline.states import DeliveryOutcome

Progress = Callable[[DeliveryReport], None]
RECORDED: dict[Verdict, DeliveryOutcome] = {
    Verdict.SENT: "sent",
    Verdict.UNCERTAIN: "uncertain",
    Verdict.TEMPORARY: "failed",
    Verdict.PERMANENT: "failed",
}


def default_name() -> str:
    """This host and process, as a relay's actor names it (`relay:<host>.<pid>`)."""
    host = re.sub(r"[^A-Za-z0-9_.\-]", "-", socket.gethostname())[:50] or "host"
    return f"{host}.{os.getpid()}"


class Pace:
    """At most `per_minute` sends a minute: each waits for its turn (the first does not)."""

    def __init__(self, per_minute: int, sleep: Callable[[float], None],
                 monotonic: Callable[[], float]) -> None:  # fmt: skip
        self.interval = 60.0 / per_minute
        self.sleep, self.monotonic = sleep, monotonic
        self.turn: float | None = None

    def wait(self) -> None:
        now = self.monotonic()
        if self.turn is not None and now < self.turn:
            self.sleep(self.turn - now)
            now = self.turn
        self.turn = now + self.interval


class Relay:
    def __init__(
        self,
        app: Pipeline,
        transport: Transport,
        sender: Sender,
        settings: DeliverySettings | None = None,
        *,
        name: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app, self.transport, self.sender = app, transport, sender
        self.settings = settings or DeliverySettings()
        self.actor = f"relay:{name or default_name()}"
        self.pace = Pace(self.settings.rate_per_minute, sleep, monotonic)

    def run_once(
        self, limit: int | None = None, *, dry_run: bool = False, progress: Progress | None = None
    ) -> DeliveryReport:
        """Deliver (at most `limit` of) the messages due by now. `dry_run`: compose them and
        report what would go out, claiming and sending nothing."""
        now = self.app.clock.now()
        report = DeliveryReport(started_at=now, dry_run=dry_run)
        if not self.settings.may_send(now):
            report.waiting_until = self.settings.next_window(now)
            return report
        if not dry_run:
            expire_claims(self.app, self.settings.lease_seconds, self.actor, now, report)
        due = self.in_turn(self.app.outbox())[:limit]
        report.due = len(due)
        try:
            for message in due:
                if not self.settings.may_send(self.app.clock.now()):
                    report.stopped = "the send hours ended"
                    break
                outcome = self.deliver(message, report)
                if progress is not None:
                    progress(report)
                if not outcome.reachable:
                    report.stopped, report.unreachable = outcome.answer, True
                    break
        finally:
            self.transport.close()
        return report

    def in_turn(self, due: Sequence[OutboxMessage]) -> list[OutboxMessage]:
        """The messages in due order, starting at a point of the list that is this relay's
        own, so that two relays on one outbox mostly take different messages."""
        start = zlib.crc32(self.actor.encode()) % len(due) if due else 0
        return [*due[start:], *due[:start]]

    def deliver(self, message: OutboxMessage, report: DeliveryReport) -> Outcome:
        candidate = self.app.get_candidate(message.candidate_id)
        tried = candidate.messages[message.id]["attempts"]
        moment = self.app.clock.now().astimezone(ZoneInfo(self.settings.timezone))
        try:
            mail = compose(message, self.sender, candidate.advisor, moment)
        except Unaddressable as error:
            return self.unaddressable(message, tried + 1, str(error), report)
        if report.dry_run:
            report.would_send.append(f"{message.ref} {message.id} → {mail.recipient}: "
                                     f"{message.subject}")  # fmt: skip
            return Outcome(Verdict.ABANDONED)
        self.pace.wait()
        claim = Claim(self.app, message, self.actor)
        outcome = self.transport.send(mail, claim)
        self.record(message, claim.attempt or tried + 1, outcome, report)
        return outcome

    def unaddressable(
        self, message: OutboxMessage, number: int, why: str, report: DeliveryReport
    ) -> Outcome:
        """A message no mail server can take fails for good (its advisor gets a task)."""
        outcome = Outcome(Verdict.PERMANENT, why)
        if report.dry_run:
            report.would_send.append(f"{message.ref} {message.id} cannot be sent: {why}")
        else:
            self.record(message, number, outcome, report)
        return outcome

    def record(
        self, message: OutboxMessage, number: int, outcome: Outcome, report: DeliveryReport
    ) -> None:
        """Record the attempt's outcome against its claim (or, never claimed, against the
        message still queued); an outcome another relay or a person has overtaken is moot."""
        if outcome.verdict == Verdict.ABANDONED:
            report.count(outcome.verdict)
            return
        now = self.app.clock.now()
        retry_at = (
            self.settings.retry_at(number, now) if outcome.verdict == Verdict.TEMPORARY else None
        )
        error = self.error_text(outcome, number, retry_at)
        kind = {Verdict.SENT: "sent", Verdict.UNCERTAIN: "uncertain"}.get(outcome.verdict, "failed")
        with settled_elsewhere(report):
            self.app.record_delivery(
                message.candidate_id, message.id, outcome=kind,  # type: ignore[arg-type]
                attempt=number if outcome.committed else None, error=error,
                retry_at=retry_at, actor=self.actor,
            )  # fmt: skip
            report.count(outcome.verdict, retrying=retry_at is not None)

    def error_text(self, outcome: Outcome, number: int, retry_at: datetime | None) -> str | None:
        if outcome.verdict == Verdict.SENT or outcome.answer is None:
            return None
        if outcome.verdict == Verdict.TEMPORARY and retry_at is None:
            return f"{outcome.answer} (attempt {number} of {self.settings.max_attempts})"
        return outcome.answer
