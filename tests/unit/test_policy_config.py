"""PolicyConfig: docs/design.md §4's defaults, and R6's month that cannot be shortened."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline import ConfigError
from policies import STANDARD, PolicyConfig, standard_policies


def test_defaults_are_the_designed_ones() -> None:
    config = PolicyConfig()
    assert (config.silence_days, config.silence_days_high_risk) == (3, 2)
    assert config.stall_every_days == 7
    assert (config.outreach_window_days, config.outreach_email_every_days) == (30, 3)
    assert config.thank_you_after_days == 1
    assert (config.check_in_days, config.check_in_days_high_risk) == (5, 3)
    assert config.critique_risk_days == 7
    assert (config.language, config.timezone) == ("ja", "Asia/Tokyo")
    assert config.rules_revision == 3  # outreach counted in days it ran; messages signed
    assert (config.agency_name, config.agency_email, config.advisors) == (None, None, {})


def test_settings_recorded_without_a_rules_revision_rebuild_the_0_1_0_rules() -> None:
    for policy in standard_policies():
        recorded = {k: v for k, v in policy.settings().items() if k != "rules_revision"}
        rebuilt = type(policy).from_settings(recorded)
        assert rebuilt.settings()["rules_revision"] == 1, policy.name
        assert type(policy).from_settings(policy.settings()).settings() == policy.settings()


def test_an_outreach_window_under_thirty_days_is_refused_quoting_r6() -> None:
    with pytest.raises(ConfigError) as refused:
        PolicyConfig(outreach_window_days=29)
    assert "R6" in str(refused.value)
    assert "最低でも1ヶ月は連絡を取り続ける" in str(refused.value)


def test_a_longer_window_is_allowed() -> None:
    assert PolicyConfig(outreach_window_days=45).outreach_window_days == 45


@pytest.mark.parametrize(
    ("field", "value"),
    [("timezone", "Mars/Olympus"), ("language", "fr"), ("send_hour", 24), ("surprise", 1)],
)
def test_bad_configuration_is_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as refused:
        PolicyConfig.model_validate({field: value})
    assert refused.value.errors()[0]["loc"] == (field,)


def test_high_risk_thresholds_cannot_be_longer_than_the_normal_ones() -> None:
    with pytest.raises(ConfigError):
        PolicyConfig(silence_days=2, silence_days_high_risk=3)


def test_standard_policies_are_every_policy_of_the_design_once() -> None:
    names = [p.name for p in standard_policies()]
    assert len(names) == len(set(names)) == len(STANDARD) == 12
    assert {
        "silence_detection",
        "pause_employer_progression",
        "stall_employers",
        "persistent_outreach",
        "close_unreachable",
        "resume_on_reply",
        "thank_you",
        "check_in",
        "risk_signals",
        "wrap_up",
        "respect_opt_out",
        "delivery_follow_up",
    } == set(names)


def test_the_advisor_directory_is_read_from_the_configuration() -> None:
    config = PolicyConfig.model_validate(
        {
            "agency_name": "株式会社サンプルキャリア",
            "agency_email": "info@sample-career.jp",
            "advisors": {"sato": {"name": "佐藤 花子", "email": "sato@sample-career.jp"}},
        }
    )
    assert config.advisors["sato"].name == "佐藤 花子"
    assert config.advisors["sato"].phone is None
    rebuilt = PolicyConfig.model_validate(config.model_dump(mode="json"))
    assert rebuilt == config  # what the configuration log records rebuilds the same


@pytest.mark.parametrize(
    ("document", "location"),
    [
        ({"advisors": {"sato": {"name": "佐藤", "email": "not-an-address"}}}, "email"),
        ({"advisors": {"sato": {"name": "佐藤", "phone": "call me"}}}, "phone"),
        ({"advisors": {"sato": {"name": ""}}}, "name"),
        ({"advisors": {"sato": {"name": "佐藤", "fax": "1"}}}, "fax"),
        ({"advisors": {"sato san": {"name": "佐藤"}}}, "sato san"),
        ({"agency_name": ""}, "agency_name"),
        ({"agency_email": "info"}, "agency_email"),
    ],
)
def test_a_bad_directory_entry_is_refused_naming_it(
    document: dict[str, object], location: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        PolicyConfig.model_validate(document)
    assert location in [str(part) for part in refused.value.errors()[0]["loc"]]
