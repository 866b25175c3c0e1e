"""pipeline.delivery: the outbox relay to a real mail server (docs/design.md §7).

>>> relay = Relay(app, SmtpTransport("smtps://mail.example.jp"), sender)  # doctest: +SKIP
>>> relay.run_once()  # doctest: +SKIP

This room imports the domain and the application; nothing in them imports it back.
"""

from pipeline.delivery.mail import Mail, compose, message_id_header
from pipeline.delivery.relay import Relay
from pipeline.delivery.report import DeliveryReport
from pipeline.delivery.settings import DeliverySettings, Mailbox, Sender
from pipeline.delivery.smtp import SmtpTransport
from pipeline.delivery.transport import DeliveryError, Outcome, Transport, Verdict

__all__ = [
    "DeliveryError",
    "DeliveryReport",
    "DeliverySettings",
    "Mail",
    "Mailbox",
    "Outcome",
    "Relay",
    "Sender",
    "SmtpTransport",
    "Transport",
    "Verdict",
    "compose",
    "message_id_header",
]
