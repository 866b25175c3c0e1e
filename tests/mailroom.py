"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), and the faults it can play.

Each fault is chosen by the recipient's local part, so one server plays every case at once:

| recipient starts with | the server |
|---|---|
| `t451` | answers 451 to RCPT the first time, then takes it |
| `t421` | answers 421 to RCPT and closes the connection the first time, then takes it |
| `lagrcpt` | keeps RCPT waiting past the client's timeout the first time, then takes it |
| `p550` | answers 550 to RCPT, always |
| `t452data` | answers 452 after the data the first time (does not keep it), then takes it |
| `p554data` | answers 554 after the data, always (does not keep it) |
| `drop` | keeps the data, then closes the connection without an answer |
| `slow` | keeps the data, then answers only after the client's timeout |

`Mailroom.received` counts what the server kept by Message-ID: a message kept twice is a
duplicate delivery. The server runs in its own thread and stops with the fixture.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

SLOW_SECONDS = 1.5  # longer than the tests' client timeout (timeout=0.5)


class Mailroom:
    """The handler: plays the faults and keeps what it took."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()  # Message-ID -> times kept
        self.messages: list[Message] = []
        self.tries: Counter[str] = Counter()  # (fault, recipient) seen
        self.envelopes: list[tuple[str, list[str]]] = []

    def kept(self, content: bytes) -> Message:
        message = message_from_bytes(content, policy=default)
        with self.lock:
            self.received[str(message["Message-ID"])] += 1
            self.messages.append(message)
        return message

    def first(self, stage: str, address: str) -> bool:
        """Whether this is the first time `address` reaches `stage` (a fault plays once)."""
        with self.lock:
            self.tries[f"{stage}:{address}"] += 1
            return self.tries[f"{stage}:{address}"] == 1

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:  # fmt: skip
        local = address.partition("@")[0]
        if local.startswith("p550"):
            return "550 5.1.1 No such user here"
        if local.startswith("t451") and self.first("rcpt", address):
            return "451 4.3.0 Try again later"
        if local.startswith("t421") and self.first("rcpt", address):
            asyncio.get_running_loop().call_soon(server.transport.close)  # once it is said
            return "421 4.3.2 Closing the connection"
        if local.startswith("lagrcpt") and self.first("rcpt", address):
            await asyncio.sleep(SLOW_SECONDS)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        address = envelope.rcpt_tos[0]
        local = address.partition("@")[0]
        with self.lock:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        if local.startswith("p554data"):
            return "554 5.7.1 Message refused"
        if local.startswith("t452data") and self.first("data", address):
            return "452 4.3.1 Insufficient system storage"
        message_id = str(self.kept(envelope.original_content)["Message-ID"])
        if local.startswith("drop"):
            server.transport.abort()
            return "250 OK (never heard)"
        if local.startswith("slow"):
            await asyncio.sleep(SLOW_SECONDS)
        return f"250 2.0.0 Ok: queued as {message_id}"


class LocalController(Controller):
    """aiosmtpd's controller on a port the system picks (port 0), read back once bound."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_server(mailroom: Mailroom | None = None, **smtp: Any) -> Iterator[tuple[Mailroom, int]]:
    """A server on 127.0.0.1: (its mailroom, its port); stopped when the block ends."""
    room = mailroom or Mailroom()
    controller = LocalController(room, hostname="127.0.0.1", port=0, **smtp)
    controller.start()
    try:
        yield room, controller.port
    finally:
        controller.stop()
