"""Every template in every language renders, is polite, and employers' never disclose silence."""

from __future__ import annotations

import pytest

from policies import templates
from tests.disclosure import disclosing_words_in

EMPLOYER_MESSAGES = ("stall", "stall_follow_up", "withdrawal")
PARAMS = {
    "candidate_name": "山田 太郎",
    "signature": "キャリアアドバイザー sato",
    "sender": "キャリアアドバイザー sato",
    "employer": "ACME",
    "addressee": "鈴木 様",
    "job_title": "エンジニア",
    "encouragement": "…",
    "pending": "…",
    "offers": "ACME様「エンジニア」",
}


@pytest.mark.parametrize("language", templates.LANGUAGES)
def test_both_languages_have_the_same_templates(language: str) -> None:
    reference = templates.catalogue("ja")
    catalogue = templates.catalogue(language)
    for section in ("messages", "tasks", "reasons", "gaps", "texts"):
        assert set(catalogue[section]) == set(reference[section]), section


@pytest.mark.parametrize("language", templates.LANGUAGES)
@pytest.mark.parametrize("key", sorted(templates.catalogue("ja")["messages"]))
def test_every_message_template_renders(language: str, key: str) -> None:
    subject, body = templates.message(language, key, **PARAMS)
    assert subject and body.strip()
    assert "{" not in subject + body


@pytest.mark.parametrize("language", templates.LANGUAGES)
@pytest.mark.parametrize("key", EMPLOYER_MESSAGES)
def test_employer_templates_never_disclose_the_silence(language: str, key: str) -> None:
    entry = templates.catalogue(language)["messages"][key]
    assert disclosing_words_in(entry["subject"] + entry["body"]) == []


def test_the_stall_message_gives_the_articles_plausible_reason() -> None:
    assert "最終調整を行っている段階" in templates.catalogue("ja")["messages"]["stall"]["body"]
    assert "final arrangements" in templates.catalogue("en")["messages"]["stall"]["body"]


def test_the_candidate_messages_use_the_articles_own_sentences() -> None:
    messages = templates.catalogue("ja")["messages"]
    assert "先日は面談のお時間を頂き、ありがとうございました。" in messages["thank_you"]["body"]
    assert "その後、何か不安なことはありませんでしょうか" in messages["check_in"]["body"]
    assert "お気軽にお問い合わせください" in messages["check_in"]["body"]
    offer = messages["check_in_offer"]["body"]  # 内定後のフォロー: questions, the decision date
    assert "その後、何か不安なことはありませんでしょうか" in offer and "ご判断" in offer


@pytest.mark.parametrize("language", templates.LANGUAGES)
def test_encouragements_vary_by_seed_and_repeat_for_the_same_seed(language: str) -> None:
    lines = {templates.encouragement(language, seed, candidate_name="A") for seed in range(3)}
    assert len(lines) == 3
    assert templates.encouragement(language, 4, candidate_name="A") == templates.encouragement(
        language, 1, candidate_name="A"
    )
