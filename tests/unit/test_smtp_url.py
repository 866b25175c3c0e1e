"""Which server the relay talks to, from its URL, and the login from the environment: a
password never goes in the URL, and nothing the relay prints or shows contains it."""

from __future__ import annotations

import pytest

from pipeline.delivery import DeliveryError, SmtpTransport
from pipeline.delivery.smtp_url import parse, redacted

SECRET = "s3cr3t-never-shown"


def test_smtp_upgrades_with_starttls_and_smtps_is_tls_from_the_start() -> None:
    plain = parse("smtp://mail.example.jp", {})
    assert (plain.port, plain.starttls, plain.implicit_tls, plain.timeout) == (
        25,
        "auto",
        False,
        30,
    )
    tls = parse("smtps://mail.example.jp?timeout=5&cafile=/etc/ca.pem&helo=relay.example.jp", {})
    assert (tls.port, tls.implicit_tls, tls.timeout, tls.cafile, tls.helo) == (
        465, True, 5.0, "/etc/ca.pem", "relay.example.jp",
    )  # fmt: skip
    assert parse("smtp://mail.example.jp:587?starttls=always", {}).starttls == "always"


def test_the_login_comes_from_the_environment_and_is_never_shown() -> None:
    environ = {"PIPELINE_SMTP_USER": "relay@example.jp", "PIPELINE_SMTP_PASSWORD": SECRET}
    transport = SmtpTransport("smtps://mail.example.jp", environ)
    assert (transport.target.user, transport.target.password) == ("relay@example.jp", SECRET)
    assert SECRET not in repr(transport) + str(transport.target) + repr(transport.target)


@pytest.mark.parametrize(
    ("url", "environ", "said"),
    [
        ("http://mail.example.jp", {}, "is not an smtp:// or smtps:// URL"),
        (
            f"smtp://relay:{SECRET}@mail.example.jp",
            {},
            "put the password in PIPELINE_SMTP_PASSWORD",
        ),
        ("smtp://relay@mail.example.jp", {}, "a login as 'relay' needs PIPELINE_SMTP_PASSWORD"),
        (
            "smtp://mail.example.jp?starttls=maybe",
            {},
            "starttls='maybe' is not auto, always or never",
        ),
        ("smtp://mail.example.jp?timeout=-1", {}, "timeout='-1' is not a number of seconds"),
        ("smtp://mail.example.jp?tls=yes", {}, "unknown option 'tls'"),
    ],
)
def test_a_bad_url_is_refused_naming_what_is_wrong(url: str, environ: dict[str, str],
                                                   said: str) -> None:  # fmt: skip
    with pytest.raises(DeliveryError, match="--smtp: ") as refused:
        parse(url, environ)
    assert said in str(refused.value) and SECRET not in str(refused.value)


def test_a_url_shown_back_has_its_password_masked() -> None:
    assert redacted(f"smtp://relay:{SECRET}@mail.example.jp:587") == (
        "smtp://relay:***@mail.example.jp:587"
    )
    assert redacted("smtp://mail.example.jp") == "smtp://mail.example.jp"
