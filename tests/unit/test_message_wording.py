"""Messages an agency would send (revision 3 of the rules): an honorific is never doubled,
whatever form the name or the employer's contact was typed in, and every message is signed with
the agency and the advisor's entry in the directory. Revision 2's wording is kept as it was, so
the decisions it recorded re-run identically."""

from __future__ import annotations

import re

import pytest

from pipeline.candidate import Candidate
from pipeline.records import Meta
from policies import PolicyConfig, templates
from policies.stall import StallEmployers
from tests.conftest import START

DIRECTORY = {
    "agency_name": "株式会社サンプルキャリア",
    "agency_email": "info@sample-career.jp",
    "advisors": {
        "sato": {"name": "佐藤 花子", "email": "sato@sample-career.jp", "phone": "03-1234-5678"}
    },
}
NAMES = ["山田 太郎", "山田 太郎様", "山田 太郎 様", "山田 太郎さま", "Taro Yamada"]
CONTACTS = [
    None,
    "人事部 鈴木",
    "人事部 鈴木様",
    "人事部 鈴木 様",
    "人事部 御中",
    "鈴木殿",
    "Ms Suzuki",
]
EMPLOYERS = ["ACME株式会社", "ACME株式会社様"]
DOUBLED = re.compile(r"(様|さま|殿|御中|さん)\s*(様|殿|御中)")


def candidate(name: str, advisor: str | None = "sato") -> Candidate:
    meta = Meta(START, START, "advisor:sato")
    return Candidate.register(
        meta, ref="C-WORDS", name=name, email="t@example.jp", phone=None, advisor=advisor
    )


def policy(language: str, **settings: object) -> StallEmployers:
    return StallEmployers(PolicyConfig.model_validate({"language": language, **settings}))


def every_text(policy: StallEmployers, person: Candidate, contact: str | None, employer: str) -> (
    list[str]
):  # fmt: skip
    """Every message, task title and encouragement, filled in for this recipient."""
    language = policy.language
    name = policy.named(person.name)
    params = {
        "employer": policy.named(employer),
        "addressee": policy.addressee(contact),
        "job_title": "エンジニア",
        "encouragement": templates.encouragement(language, 0, candidate_name=name),
        "pending": "",
        "offers": templates.text(
            language, "texts", "offer", employer=policy.named(employer), job_title="エンジニア"
        ),
    }
    texts = []
    for key in templates.catalogue(language)["messages"]:
        texts.extend(policy.message(key, person, **params))
    task_params = {
        "phone": "090",
        "day": 1,
        "window": 30,
        "employers": employer,
        "gaps": "…",
        "employer": employer,
        "job_title": "…",
        "mismatch": "…",
        "recipient": policy.text("candidate_recipient", candidate_name=name),
        "subject": "件名",
        "error": "550 5.1.1",
        "channel": policy.text("channel_email"),
    }
    for key in templates.catalogue(language)["tasks"]:
        texts.append(policy.task_title(key, candidate_name=name, **task_params))
    return texts


@pytest.mark.parametrize("language", templates.LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("contact", CONTACTS)
@pytest.mark.parametrize("employer", EMPLOYERS)
def test_no_template_doubles_an_honorific_for_any_recipient_form(
    language: str, name: str, contact: str | None, employer: str
) -> None:
    chosen = policy(language, **DIRECTORY)
    for text in every_text(chosen, candidate(name), contact, employer):
        assert not DOUBLED.search(text), text


def test_revision_2_wording_is_kept_as_recorded_with_its_doubled_honorific() -> None:
    old = policy("ja", rules_revision=2, **DIRECTORY)
    addressee = old.addressee("総務部 佐藤様")
    _, body = old.message(
        "stall", candidate("山田 太郎"), employer="ACME", addressee=addressee, job_title="経理"
    )
    assert body.startswith("ACME\n総務部 佐藤様 様\n")  # what 0.1.0 and revision 2 wrote
    assert "キャリアアドバイザー satoです。" in body
    assert body.rstrip().endswith("キャリアアドバイザー sato")


def test_employer_mail_in_japanese_is_signed_by_the_agency_and_the_advisor() -> None:
    chosen = policy("ja", **DIRECTORY)
    addressee = chosen.addressee("総務部 佐藤様")
    _, body = chosen.message(
        "stall", candidate("山田 太郎"), employer="ACME", addressee=addressee, job_title="経理"
    )
    assert body.startswith("ACME\n総務部 佐藤様\n")
    assert "いつも大変お世話になっております。株式会社サンプルキャリアの佐藤 花子です。" in body
    assert body.rstrip().endswith(
        "株式会社サンプルキャリア\nキャリアアドバイザー 佐藤 花子\n"
        "TEL: 03-1234-5678\nEmail: sato@sample-career.jp"
    )
    assert "sato です" not in body and "satoです" not in body


def test_english_employer_mail_is_signed_by_the_agency() -> None:
    chosen = policy("en", **DIRECTORY)
    _, body = chosen.message(
        "withdrawal", candidate("Taro Yamada"), employer="ACME", addressee=chosen.addressee(None),
        job_title="Accountant",
    )  # fmt: skip
    assert body.startswith("ACME\nDear Hiring team,\n")
    assert "This is 佐藤 花子 of 株式会社サンプルキャリア." in body
    assert body.rstrip().endswith(
        "佐藤 花子\nCareer advisor, 株式会社サンプルキャリア\nTel: 03-1234-5678\n"
        "Email: sato@sample-career.jp"
    )


@pytest.mark.parametrize(
    ("language", "advisor", "signed"),
    [
        ("ja", "tanaka", "キャリアアドバイザー tanaka"),
        ("ja", None, "キャリアアドバイザー"),
        ("en", "tanaka", "tanaka\nCareer advisor"),
    ],
)
def test_without_a_directory_entry_the_signature_leaves_out_what_is_not_known(
    language: str, advisor: str | None, signed: str
) -> None:
    chosen = policy(language)  # no agency, no directory
    signature = chosen.signature(candidate("山田 太郎", advisor))
    assert signature == signed
    assert "TEL" not in signature and "Email" not in signature and ":" not in signature


@pytest.mark.parametrize(
    ("language", "settings", "advisor", "sender"),
    [
        ("ja", DIRECTORY, "sato", "株式会社サンプルキャリアの佐藤 花子"),
        ("ja", DIRECTORY, None, "株式会社サンプルキャリアの担当キャリアアドバイザー"),
        ("ja", {}, "tanaka", "キャリアアドバイザーのtanaka"),
        ("ja", {}, None, "担当キャリアアドバイザー"),
        ("en", DIRECTORY, "sato", "佐藤 花子 of 株式会社サンプルキャリア"),
        ("en", {}, None, "your career advisor"),
    ],
)
def test_the_writer_introduces_themselves_with_what_is_known(
    language: str, settings: dict[str, object], advisor: str | None, sender: str
) -> None:
    assert policy(language, **settings).sender(candidate("山田 太郎", advisor)) == sender
