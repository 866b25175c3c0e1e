"""The mail as it goes out: Japanese in UTF-8 with an encoded subject, From the agency,
Reply-To the advisor, and a Message-ID that is the same on every attempt."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes
from email.policy import default

import pytest

from pipeline import OutboxMessage
from pipeline.delivery import Mailbox, Sender, compose
from pipeline.delivery.mail import Unaddressable
from tests.conftest import JST

AT = datetime(2026, 4, 2, 10, 0, tzinfo=JST)
SENDER = Sender(
    agency=Mailbox(address="info@career.example.jp", name="株式会社サンプルキャリア"),
    advisors={"sato": Mailbox(address="sato@career.example.jp", name="佐藤 花子")},
)
BODY = "山田 太郎 様\n\n先日は面談のお時間を頂き、ありがとうございました。\n"


def outbox_message(to: str = "taro@example.jp") -> OutboxMessage:
    return OutboxMessage(
        id="6136b45a-0c2d-5f9e-8a1b-3c4d5e6f7a8b",
        candidate_id="8a0e4f0e-58d1-5d43-a1a9-2c9e6c3b7f10",
        ref="C-TARO01", recipient="candidate", to=to, application_id=None, kind="thank_you",
        language="ja", subject="先日は面談のお時間を頂き、ありがとうございました", body=BODY,
        status="queued", due_at=AT, queued_at=AT, policy="thank_you", error=None,
    )  # fmt: skip


def test_japanese_goes_out_as_utf8_with_the_subject_and_names_encoded() -> None:
    mail = compose(outbox_message(), SENDER, "sato", AT)
    head = mail.content.split(b"\r\n\r\n", 1)[0].decode("ascii")  # the headers are pure ASCII
    assert "Subject: =?utf-8?b?" in head
    assert 'Content-Type: text/plain; charset="utf-8"' in head
    assert "Content-Transfer-Encoding: base64" in head
    parsed = message_from_bytes(mail.content, policy=default)
    assert parsed["Subject"] == "先日は面談のお時間を頂き、ありがとうございました"
    assert parsed.get_content().replace("\r\n", "\n") == BODY
    assert parsed["From"] == "株式会社サンプルキャリア <info@career.example.jp>"
    assert parsed["Reply-To"] == "佐藤 花子 <sato@career.example.jp>"
    assert parsed["Date"] == "Thu, 02 Apr 2026 10:00:00 +0900"
    assert (mail.sender, mail.recipient) == ("info@career.example.jp", "taro@example.jp")


def test_the_message_id_comes_from_the_message_so_every_attempt_has_the_same() -> None:
    first = compose(outbox_message(), SENDER, "sato", AT)
    again = compose(outbox_message(), SENDER, None, AT.replace(hour=11))
    ids = {message_from_bytes(m.content, policy=default)["Message-ID"] for m in (first, again)}
    assert ids == {"<6136b45a-0c2d-5f9e-8a1b-3c4d5e6f7a8b@career.example.jp>"}


def test_without_the_advisor_in_the_directory_replies_go_to_the_agency() -> None:
    parsed = message_from_bytes(compose(outbox_message(), SENDER, "suzuki", AT).content)
    assert parsed["Reply-To"] is None


def test_a_named_recipient_keeps_the_name_and_is_sent_to_the_address() -> None:
    mail = compose(outbox_message("鈴木 一郎 <suzuki@acme.example.jp>"), SENDER, "sato", AT)
    assert mail.recipient == "suzuki@acme.example.jp"
    assert message_from_bytes(mail.content, policy=default)["To"] == (
        "鈴木 一郎 <suzuki@acme.example.jp>"
    )


@pytest.mark.parametrize("to", ["人事部 田中様", "tanaka@", "two words@example.jp"])
def test_a_recipient_without_an_email_address_cannot_be_composed(to: str) -> None:
    with pytest.raises(Unaddressable, match="the recipient has no email address"):
        compose(outbox_message(to), SENDER, "sato", AT)
