"""Section 8: delivery throughput, the relay against smtplib sending the same mail in a loop.

A store (SQLite file, built through the application's save path) holds one thank-you mail
due per candidate. The baseline composes each of those messages exactly as the relay does
and sends it with smtplib's `sendmail` on one connection, with nothing recorded. The relay
then delivers the same outbox from a copy of the store: per message a load, MAIL and RCPT,
its claim (a saved event) before DATA, and the outcome (another). The server is aiosmtpd
on 127.0.0.1, in a process of its own, taking every message. Messages per second, over the
whole run; a second relay run is profiled to say where its time goes.
"""

from __future__ import annotations

import cProfile
import importlib.util
import multiprocessing
import pstats
import shutil
import smtplib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.builder import build_store
from bench.context import Context
from bench.report import Figure, Section
from bench.scenario import START
from pipeline import FixedClock, Pipeline
from pipeline.delivery import (
    DeliverySettings,
    Mailbox,
    Relay,
    Sender,
    SmtpTransport,
    compose,
)
from policies import PolicyConfig, standard_policies

SENDER = Sender(
    agency=Mailbox(address="info@bench-career.example.jp", name="株式会社ベンチキャリア"),
    advisors={"adv1": Mailbox(address="adv1@bench-career.example.jp", name="担当 一郎")},
)
UNPACED = DeliverySettings(rate_per_minute=1_000_000)
DUE = START + timedelta(days=2)  # the thank-you mails are due the day after the meeting


def serve(ready: Any, stop: Any) -> None:
    """The bench's SMTP server, in its own process: takes every message, keeps nothing."""
    from aiosmtpd.controller import Controller

    class Taker:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 OK"

    class OnAnyPort(Controller):
        def _trigger_server(self) -> None:  # port 0: read the port the system gave
            assert self.server is not None
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    controller = OnAnyPort(Taker(), hostname="127.0.0.1", port=0)
    controller.start()
    ready.put(controller.port)
    stop.wait()
    controller.stop()


@contextmanager
def mail_server() -> Iterator[int]:
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    process = context.Process(target=serve, args=(ready, stop), daemon=True)
    process.start()
    try:
        yield ready.get(timeout=60)
    finally:
        stop.set()
        process.join(timeout=30)


def a_thank_you_due(app: Pipeline, clock: FixedClock, number: int) -> None:
    ref = f"M-{number:05d}"
    app.register_candidate(f"候補者 {number}", email=f"c{number}@example.jp", advisor="adv1",
                           ref=ref)  # fmt: skip
    app.record_first_meeting(ref, desired_roles=["営業"], desired_salary=4_500_000,
                             reasons="成長", duration_minutes=60)  # fmt: skip


def opened(path: Path) -> Pipeline:
    return Pipeline(str(path), policies=standard_policies(PolicyConfig()), clock=FixedClock(DUE))


def bare_loop(path: Path, port: int) -> tuple[float, int]:
    """smtplib alone: the same messages, composed the same way, on one connection."""
    app = opened(path)
    try:
        mails = [compose(m, SENDER, "adv1", DUE) for m in app.outbox()]
    finally:
        app.close()
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, "bench.example.jp", timeout=30) as smtp:
        for mail in mails:
            smtp.sendmail(mail.sender, [mail.recipient], mail.content)
    return time.perf_counter() - start, len(mails)


def relay_run(path: Path, port: int, profile: cProfile.Profile | None = None) -> tuple[float, int]:
    app = opened(path)
    try:
        transport = SmtpTransport(f"smtp://127.0.0.1:{port}?helo=bench.example.jp", {})
        relay = Relay(app, transport, SENDER, UNPACED, name="bench")
        start = time.perf_counter()
        if profile is not None:
            profile.enable()
        report = relay.run_once()
        if profile is not None:
            profile.disable()
        return time.perf_counter() - start, report.sent
    finally:
        app.close()


def shares(profile: cProfile.Profile) -> str:
    """The relay's time in the store (claims, outcomes, loads), SMTP and composing."""
    stats: Any = pstats.Stats(profile).stats
    total = max(v[3] for v in stats.values())

    def cumulative(match: Callable[[str, str], bool]) -> float:
        return max((v[3] for (f, _, n), v in stats.items() if match(f, n)), default=0.0)

    store = cumulative(lambda f, n: f.endswith("application.py") and n == "execute")
    store += cumulative(lambda f, n: f.endswith("application.py") and n == "get_candidate")
    smtp = cumulative(lambda f, n: f.endswith("delivery/smtp.py") and n == "send")
    claims = cumulative(lambda f, n: f.endswith("delivery/claims.py") and n == "__call__")
    built = cumulative(lambda f, n: f.endswith("delivery/mail.py") and n == "compose")
    parts = {"store (loads, claims, outcomes)": store, "SMTP, the claims aside": smtp - claims,
             "composing": built}  # fmt: skip
    return ", ".join(f"{name} {part / total:.0%}" for name, part in parts.items())


def run(ctx: Context) -> Section:
    count = 200 if ctx.quick else 1_000
    section = Section("delivery", f"8. Delivery throughput, {count:,} messages to a local server")
    if importlib.util.find_spec("aiosmtpd") is None:
        section.skipped = "aiosmtpd is not installed (pip install -e '.[test]')"
        return section
    built = ctx.path("delivery.db")
    build_store(str(built), FixedClock(START), count, a_thank_you_due, per_transaction=500)
    copies = [ctx.path(f"delivery-{n}.db") for n in (1, 2)]
    for copy in copies:
        shutil.copyfile(built, copy)
    profile = cProfile.Profile()
    with mail_server() as port:
        bare_seconds, bare_sent = bare_loop(built, port)
        relay_seconds, relay_sent = relay_run(copies[0], port)
        relay_run(copies[1], port, profile)
    bare, relay = bare_sent / bare_seconds, relay_sent / relay_seconds
    section.add(
        Figure("smtplib sendmail in a loop, same messages (baseline)", bare, "msg/s", 1.0),
        Figure("pipeline.delivery Relay, SQLite file", relay, "msg/s", relay / bare),
    )
    section.notes.append(
        f"{relay_sent:,} of {count:,} sent by the relay, {bare_sent:,} by the loop; one run each"
        f" on fresh copies of one store; per message {1000 / bare:.2f} ms for the loop and"
        f" {1000 / relay:.2f} ms for the relay. Where the relay's time goes (cProfile, a second"
        f" run): {shares(profile)}."
    )
    return section
