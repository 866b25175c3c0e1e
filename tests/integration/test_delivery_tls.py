"""The SMTP transport's TLS and login against a real server (aiosmtpd) with a test CA
(trustme): STARTTLS and smtps:// deliver, the password goes only over TLS and is never shown,
and a login or a certificate the relay cannot use stops it before any message is touched."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import AuthResult, LoginPassword

from pipeline import FixedClock, Pipeline
from pipeline.delivery import DeliveryError, Relay, SmtpTransport
from policies import PolicyConfig, standard_policies
from tests.integration.test_delivery_smtp import SENDER, statuses, thank_you_to
from tests.mailroom import smtp_server

USER, PASSWORD = "relay@career.example.jp", "pa55-w0rd-kept-secret"


class Logins:
    def __init__(self) -> None:
        self.seen: list[tuple[str, bool]] = []  # (user, over TLS)

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:  # fmt: skip
        assert isinstance(auth_data, LoginPassword)
        user = auth_data.login.decode()
        self.seen.append((user, server.transport.get_extra_info("sslcontext") is not None))
        good = (user, auth_data.password.decode()) == (USER, PASSWORD)
        return AuthResult(success=good, handled=False)  # handled=False: the server says 535


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    cafile = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(cafile))
    return context, cafile


@pytest.fixture
def app(clock: FixedClock) -> Iterator[Pipeline]:
    pipeline = Pipeline(":memory:", policies=standard_policies(PolicyConfig()), clock=clock)
    yield pipeline
    pipeline.close()


def login(password: str = PASSWORD) -> dict[str, str]:
    return {"PIPELINE_SMTP_USER": USER, "PIPELINE_SMTP_PASSWORD": password}


def test_starttls_then_the_login_then_the_message(
    app: Pipeline, clock: FixedClock, ca: tuple[ssl.SSLContext, Path]
) -> None:
    context, cafile = ca
    logins = Logins()
    thank_you_to(app, clock, "taro@example.jp")
    with smtp_server(tls_context=context, require_starttls=True, authenticator=logins,
                     auth_require_tls=True) as (room, port):  # fmt: skip
        transport = SmtpTransport(f"smtp://127.0.0.1:{port}?cafile={cafile}&timeout=5", login())
        report = Relay(app, transport, SENDER).run_once()
    assert report.sent == 1 and len(room.messages) == 1
    assert logins.seen == [(USER, True)]  # the password went over TLS only
    shown = (
        repr(transport) + repr(report) + repr(app.outbox("all")) + repr(app.timeline("C-MAIL000"))
    )
    assert PASSWORD not in shown


def test_smtps_is_tls_from_the_first_byte(
    app: Pipeline, clock: FixedClock, ca: tuple[ssl.SSLContext, Path]
) -> None:
    context, cafile = ca
    thank_you_to(app, clock, "taro@example.jp")
    logins = Logins()  # aiosmtpd does not know its own implicit TLS: it cannot require it
    with smtp_server(ssl_context=context, authenticator=logins, auth_require_tls=False) as (
        room,
        port,
    ):
        transport = SmtpTransport(f"smtps://127.0.0.1:{port}?cafile={cafile}&timeout=5", login())
        assert Relay(app, transport, SENDER).run_once().sent == 1
    assert len(room.messages) == 1 and logins.seen == [(USER, True)]


def test_a_refused_login_stops_the_relay_and_touches_no_message(
    app: Pipeline, clock: FixedClock, ca: tuple[ssl.SSLContext, Path]
) -> None:
    context, cafile = ca
    thank_you_to(app, clock, "taro@example.jp")
    with smtp_server(tls_context=context, authenticator=Logins(), auth_require_tls=True) as (
        room,
        port,
    ):
        transport = SmtpTransport(
            f"smtp://127.0.0.1:{port}?cafile={cafile}&timeout=5", login("wrong")
        )
        with pytest.raises(DeliveryError, match=f"refused the login as '{USER}': 535") as error:
            Relay(app, transport, SENDER).run_once()
    assert "wrong" not in str(error.value) and room.messages == []
    assert statuses(app) == {"taro@example.jp": "queued"} and app.outbox()[0].error is None


def test_the_password_is_never_sent_without_tls(app: Pipeline, clock: FixedClock) -> None:
    thank_you_to(app, clock, "taro@example.jp")
    logins = Logins()
    with smtp_server(authenticator=logins, auth_require_tls=False) as (_, port):
        transport = SmtpTransport(f"smtp://127.0.0.1:{port}?starttls=never&timeout=5", login())
        with pytest.raises(DeliveryError, match="will not send the password over a connection"):
            Relay(app, transport, SENDER).run_once()
    assert logins.seen == [] and statuses(app) == {"taro@example.jp": "queued"}


def test_a_certificate_the_relay_cannot_trust_stops_it(
    app: Pipeline, clock: FixedClock, ca: tuple[ssl.SSLContext, Path]
) -> None:
    context, _ = ca
    thank_you_to(app, clock, "taro@example.jp")
    with smtp_server(tls_context=context) as (room, port):
        transport = SmtpTransport(f"smtp://127.0.0.1:{port}?timeout=5", {})  # the system's CAs
        with pytest.raises(DeliveryError, match="its certificate cannot be trusted"):
            Relay(app, transport, SENDER).run_once()
    assert room.messages == [] and statuses(app) == {"taro@example.jp": "queued"}
