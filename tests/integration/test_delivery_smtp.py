"""The relay against a real SMTP server on 127.0.0.1 (aiosmtpd), with the faults it can meet:
what the server receives, and what the outbox, the timeline and the advisor's tasks say."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import verify
from pipeline.delivery import DeliverySettings, Mailbox, Relay, Sender, SmtpTransport
from policies import PolicyConfig, standard_policies
from tests.conftest import JST
from tests.mailroom import Mailroom, smtp_server

SENDER = Sender(
    agency=Mailbox(address="info@career.example.jp", name="株式会社サンプルキャリア"),
    advisors={"sato": Mailbox(address="sato@career.example.jp", name="佐藤 花子")},
)
FAST = DeliverySettings(retry_after_seconds=0, max_attempts=3)


@pytest.fixture
def server() -> Iterator[tuple[Mailroom, int]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def app(clock: FixedClock) -> Iterator[Pipeline]:
    pipeline = Pipeline(":memory:", policies=standard_policies(PolicyConfig()), clock=clock)
    yield pipeline
    pipeline.close()


def thank_you_to(app: Pipeline, clock: FixedClock, *addresses: str) -> dict[str, str]:
    """One candidate per address, each with a thank-you due now; address -> message id."""
    for number, address in enumerate(addresses):
        ref = f"C-MAIL{number:03}"
        app.register_candidate(f"山田 {number}", email=address, advisor="sato", ref=ref)
        app.record_first_meeting(ref, desired_roles=["営業"], desired_salary=5_000_000,
                                 reasons="growth", duration_minutes=60)  # fmt: skip
    clock.advance(days=1)
    return {m.to: m.id for m in app.outbox()}


def relay(app: Pipeline, port: int, settings: DeliverySettings = FAST, **query: str) -> Relay:
    options = "&".join(f"{k}={v}" for k, v in {"timeout": "0.5", **query}.items())
    transport = SmtpTransport(f"smtp://127.0.0.1:{port}?{options}", {})
    return Relay(app, transport, SENDER, settings, name="test", sleep=lambda s: None)


def statuses(app: Pipeline) -> dict[str, str]:
    return {m.to: m.status for m in app.outbox("all", due_by=None)}


def test_a_due_message_reaches_the_server_once_and_is_recorded_sent(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    ids = thank_you_to(app, clock, "taro@example.jp")
    report = relay(app, port).run_once()
    assert (report.due, report.sent) == (1, 1)
    (received,) = room.messages
    assert received["Message-ID"] == f"<{ids['taro@example.jp']}@career.example.jp>"
    assert received["Subject"] == "先日は面談のお時間を頂き、ありがとうございました"
    assert "山田 0 様" in received.get_content()
    assert room.envelopes == [("info@career.example.jp", ["taro@example.jp"])]
    assert statuses(app) == {"taro@example.jp": "sent"}
    assert relay(app, port).run_once().due == 0  # nothing left: never sent twice
    kinds = [(e.actor, e.changes[0].dest) for e in app.timeline("C-MAIL000") if e.changes]
    assert kinds[-2:] == [("relay:test", "sending"), ("relay:test", "sent")]


def test_each_fault_ends_as_the_table_says_and_only_uncertain_mail_may_have_arrived(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    addresses = ["t451@example.jp", "t421@example.jp", "lagrcpt@example.jp", "p550@example.jp",
                 "t452data@example.jp", "p554data@example.jp", "drop@example.jp",
                 "slow@example.jp"]  # fmt: skip
    ids = thank_you_to(app, clock, *addresses)
    first = relay(app, port).run_once()
    assert (first.sent, first.retrying, first.failed, first.uncertain) == (0, 4, 2, 2)
    second = relay(app, port).run_once()  # retry_after_seconds=0: the retries are due again
    assert (second.due, second.sent) == (4, 4)
    assert statuses(app) == {
        "t451@example.jp": "sent",  # 451 to RCPT, then taken
        "t421@example.jp": "sent",  # 421 and the connection closed, then taken
        "lagrcpt@example.jp": "sent",  # a timeout before DATA, then taken
        "p550@example.jp": "failed",  # 550: for good
        "t452data@example.jp": "sent",  # 452 after the data: not taken, then taken
        "p554data@example.jp": "failed",  # 554 after the data: for good
        "drop@example.jp": "uncertain",  # taken, then no answer: never sent again
        "slow@example.jp": "uncertain",  # taken, answered after the client gave up
    }
    kept = {address: room.received[f"<{ids[address]}@career.example.jp>"] for address in ids}
    assert kept == {a: 0 if statuses(app)[a] == "failed" else 1 for a in addresses}
    failed = {m.to: m.error for m in app.outbox("failed")}
    assert failed == {"p550@example.jp": "550 5.1.1 No such user here",
                      "p554data@example.jp": "554 5.7.1 Message refused"}  # fmt: skip
    titles = [t.title for t in app.tasks() if t.kind == "delivery"]
    assert len(titles) == 4 and sum("届いたか確認できない" in t for t in titles) == 2
    assert verify(app).ok


def test_a_refused_connection_is_retried_later_and_stops_the_run(
    app: Pipeline, clock: FixedClock
) -> None:
    with smtp_server() as (_, port):
        pass  # the server has stopped: its port now refuses connections
    ids = thank_you_to(app, clock, "a@example.jp", "b@example.jp")
    settings = DeliverySettings(retry_after_seconds=600)
    report = relay(app, port, settings).run_once()
    assert report.retrying == 1 and report.stopped is not None
    assert "cannot reach smtp://127.0.0.1" in report.stopped
    (retried,) = [m for m in app.outbox("queued", due_by=None) if m.error]
    assert retried.id in ids.values() and retried.due_at == clock.now() + timedelta(minutes=10)
    assert "ConnectionRefusedError" in (retried.error or "")
    assert len(app.outbox()) == 1  # the other one was not attempted: it is still due now


def test_temporary_failures_stop_at_the_limit_of_attempts_with_a_task(
    app: Pipeline, clock: FixedClock
) -> None:
    with smtp_server() as (_, port):
        pass
    thank_you_to(app, clock, "a@example.jp")
    for _ in range(3):
        relay(app, port).run_once()
    (message,) = app.outbox("failed")
    assert message.error is not None and message.error.endswith("(attempt 3 of 3)")
    (task,) = [t for t in app.tasks() if t.kind == "delivery"]
    assert "送信できなかった" in task.title
    assert relay(app, port).run_once().due == 0


def test_a_reply_before_the_claim_cancels_the_message_and_nothing_is_sent(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    thank_you_to(app, clock, "taro@example.jp")
    app.record_outbound_contact("C-MAIL000", channel="email")
    clock.advance(days=3)
    app.tick()  # silent: an outreach email is queued (and the thank-you it replaces cancelled)
    (outreach,) = app.outbox()
    the_relay = relay(app, port)
    real_send = the_relay.transport.send

    def reply_arrives_first(mail, commit):  # type: ignore[no-untyped-def]
        app.record_reply("C-MAIL000", channel="phone")  # between the read and the claim
        return real_send(mail, commit)

    the_relay.transport.send = reply_arrives_first  # type: ignore[method-assign]
    report = the_relay.run_once()
    assert (report.sent, report.skipped) == (0, 1)
    assert room.messages == [] and statuses(app)[outreach.to] == "cancelled"


def test_a_reply_after_the_claim_leaves_the_message_to_its_outcome(
    app: Pipeline, clock: FixedClock
) -> None:
    ids = thank_you_to(app, clock, "taro@example.jp")
    attempt = app.claim_message("C-MAIL000", ids["taro@example.jp"], actor="relay:other")
    app.record_reply("C-MAIL000", channel="phone")
    assert statuses(app) == {"taro@example.jp": "sending"}
    app.record_delivery("C-MAIL000", ids["taro@example.jp"], outcome="sent", attempt=attempt)
    assert statuses(app) == {"taro@example.jp": "sent"} and verify(app).ok


def test_a_relay_that_loses_the_race_for_the_claim_skips_and_never_sends(
    clock: FixedClock, server: tuple[Mailroom, int], tmp_path: Path
) -> None:
    room, port = server
    store = str(tmp_path / "pipeline.db")
    first = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
    second = Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)
    ids = thank_you_to(first, clock, "taro@example.jp")
    slow, fast = relay(first, port), relay(second, port)
    fast.actor = "relay:fast"
    first.get_candidate("C-MAIL000")  # the slow relay's process has it cached as queued
    real_send = slow.transport.send
    overtaken = []

    def fast_relay_claims_first(mail, commit):  # type: ignore[no-untyped-def]
        def late_commit() -> bool:
            overtaken.append(fast.run_once())  # the other relay claims and sends meanwhile
            return commit()

        return real_send(mail, late_commit)

    slow.transport.send = fast_relay_claims_first  # type: ignore[method-assign]
    report = slow.run_once()
    assert (report.sent, report.skipped, overtaken[0].sent) == (0, 1, 1)
    assert room.received[f"<{ids['taro@example.jp']}@career.example.jp>"] == 1
    assert statuses(first) == {"taro@example.jp": "sent"}
    first.close()
    second.close()


def test_a_claim_whose_relay_stopped_becomes_uncertain_after_the_lease_and_is_not_resent(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    ids = thank_you_to(app, clock, "taro@example.jp")
    app.claim_message("C-MAIL000", ids["taro@example.jp"], actor="relay:crashed")
    assert relay(app, port).run_once().expired == 0  # within the lease: still its relay's
    clock.advance(seconds=FAST.lease_seconds)
    report = relay(app, port).run_once()
    assert (report.expired, report.sent, room.messages) == (1, 0, [])
    (message,) = app.outbox("uncertain")
    assert "its relay stopped, maybe after sending it" in (message.error or "")
    assert any(t.kind == "delivery" for t in app.tasks())


def test_an_uncertain_message_a_person_queues_again_goes_out_with_the_same_message_id(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    ids = thank_you_to(app, clock, "drop@example.jp")
    relay(app, port).run_once()
    assert statuses(app) == {"drop@example.jp": "uncertain"}
    assert relay(app, port).run_once().due == 0  # never resent on its own
    app.mark_message("C-MAIL000", ids["drop@example.jp"], status="queued",
                     actor="advisor:sato")  # fmt: skip
    relay(app, port).run_once()  # drop@ drops every time: uncertain again, and a new task
    assert room.received[f"<{ids['drop@example.jp']}@career.example.jp>"] == 2
    assert verify(app).ok


def test_outside_the_send_hours_nothing_goes_out_until_they_open(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    thank_you_to(app, clock, "taro@example.jp")
    clock.advance(hours=11)  # 21:00 in Tokyo
    report = relay(app, port, DeliverySettings(send_until_hour=20)).run_once()
    assert (report.due, room.messages) == (0, [])
    assert report.waiting_until == datetime(2026, 4, 3, 9, 0, tzinfo=JST)


def test_a_dry_run_composes_what_is_due_and_claims_and_sends_nothing(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    thank_you_to(app, clock, "taro@example.jp")
    report = relay(app, port).run_once(dry_run=True)
    assert len(report.would_send) == 1 and "→ taro@example.jp: 先日は面談" in report.would_send[0]
    assert (report.sent, room.messages, statuses(app)) == (0, [], {"taro@example.jp": "queued"})


def test_the_rate_spaces_the_messages_out(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    _, port = server
    thank_you_to(app, clock, "a@example.jp", "b@example.jp", "c@example.jp")
    slept: list[float] = []
    transport = SmtpTransport(f"smtp://127.0.0.1:{port}?timeout=2", {})
    settings = DeliverySettings(rate_per_minute=20)
    the_relay = Relay(
        app, transport, SENDER, settings, sleep=slept.append, monotonic=lambda: sum(slept)
    )  # time passes only while it waits
    assert the_relay.run_once().sent == 3
    assert slept == [3.0, 3.0]  # three seconds apart: 20 a minute


def test_an_opt_out_of_email_cancels_what_was_due_and_the_relay_sends_nothing(
    app: Pipeline, clock: FixedClock, server: tuple[Mailroom, int]
) -> None:
    room, port = server
    thank_you_to(app, clock, "taro@example.jp")
    app.record_opt_out("C-MAIL000", channel="email", note="連絡はLINEでとのこと")
    assert relay(app, port).run_once().due == 0 and room.messages == []
    assert statuses(app) == {"taro@example.jp": "cancelled"}
    assert [t.kind for t in app.tasks()] == ["opt_out"]
