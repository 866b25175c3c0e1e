"""Comparing recorded decisions with reproduced ones, and the recorded configurations."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

import pytest

from pipeline.audit.configs import ConfigurationBook, ConfigurationProblem, build_policy
from pipeline.audit.reproduce import compare, is_tick, own_events, tick_moment
from pipeline.candidate import Candidate
from pipeline.configlog import ConfigurationLog, configuration_document, configuration_id
from pipeline.records import Meta
from policies import PolicyConfig, standard_policies
from tests.conftest import START

COMMAND = Meta(occurred_at=START, recorded_at=START, actor="advisor:sato")


def decided(policy: str, caused_by: int | None, at: Any = START) -> Meta:
    return Meta(at, START, f"policy:{policy}", policy, "because", caused_by, "c0ffee")


def batch() -> list[Candidate.Event]:
    """A command's own event, then two decisions about it."""
    candidate = Candidate.register(
        COMMAND, ref="C-DEC", name="D", email=None, phone=None, advisor=None
    )
    candidate.collect_events()
    candidate.record(Candidate.ResumeReviewed, COMMAND, note=None)
    for signal in ("critique", "other"):
        candidate.record(
            Candidate.RiskRaised,
            decided("risk", 2),
            signal=signal,
            application_id=None,
            expires_at=None,
        )
    return [e for e in candidate.collect_events() if isinstance(e, Candidate.Event)]


def changed(event: Candidate.Event, **attrs: Any) -> Candidate.Event:
    copy: Candidate.Event = object.__new__(type(event))
    object.__setattr__(copy, "__dict__", vars(event) | attrs)
    return copy


def test_identical_decisions_compare_equal() -> None:
    decisions = batch()[1:]
    assert compare(decisions, list(decisions)) == ([], True)


def test_a_decision_with_other_content_says_what_differs() -> None:
    decisions = batch()[1:]
    problems, identical = compare(decisions, [decisions[0], changed(decisions[1], signal="x")])
    assert not identical
    assert problems == [
        (4, "RiskRaised by policy risk is not reproduced: signal recorded 'other', reproduced 'x'")
    ]


def test_only_the_recorded_time_and_hashes_differing_is_no_finding() -> None:
    decisions = batch()[1:]
    later = changed(decisions[1], timestamp=START + timedelta(seconds=1), event_hash="other")
    problems, identical = compare(decisions, [decisions[0], later])
    assert (problems, identical) == ([], False)


def test_a_recorded_decision_nothing_reproduces_and_a_missing_one_are_both_named() -> None:
    decisions = batch()[1:]
    extra, _ = compare(decisions, decisions[:1])
    assert extra == [
        (
            4,
            "RiskRaised by policy risk is not reproduced: re-running the policies "
            "with configuration c0ffee decides nothing more here",
        )
    ]
    missing, _ = compare(decisions[:1], decisions)
    assert missing[0][0] == 4
    assert missing[0][1].startswith("missing decision: RiskRaised by policy risk (signal=other)")


def test_a_command_batch_starts_with_its_own_events_and_a_tick_with_a_time_decision() -> None:
    events = batch()
    assert own_events(events) == events[:1]
    assert not is_tick(events)
    late = START + timedelta(days=2)
    tick = [changed(events[1], caused_by=None, occurred_at=late), events[2]]
    assert is_tick(tick)
    assert tick_moment(tick) == late


def logged(*entries: tuple[dict[str, Any], Any]) -> list[Any]:
    """The configuration log's events, recording each document at its time."""
    log = ConfigurationLog.start(START - timedelta(days=1))
    for document, at in entries:
        log.record(document, at)
    return list(log.collect_events())


def test_the_configuration_in_force_is_the_latest_recorded_and_all_tied_with_it() -> None:
    one = configuration_document(standard_policies(PolicyConfig()))
    two = configuration_document(standard_policies(PolicyConfig(silence_days=4)))
    three = configuration_document([])
    later = START + timedelta(hours=1)
    book = ConfigurationBook(logged((one, START), (two, later), (three, later)))
    ids = [configuration_id(d) for d in (one, two, three)]
    assert book.in_force(START - timedelta(days=1)) == [ids[0]]
    assert book.in_force(START + timedelta(minutes=5)) == [ids[0]]
    assert book.in_force(later) == [ids[2], ids[1]]
    assert [p.name for p in book.policies(ids[1]) or ()][:2] == ["risk_signals", "thank_you"]
    assert book.problems == []


def test_a_document_changed_after_it_was_recorded_is_reported_and_not_used() -> None:
    document = configuration_document(standard_policies(PolicyConfig()))
    started, event = logged((document, START))
    object.__setattr__(event, "__dict__", vars(event) | {"document": {"policies": []}})
    book = ConfigurationBook([started, event])
    assert book.policies(event.config_id) is None
    assert [d.version for d in book.problems] == [2, 2]  # its hash in the chain, and its id
    assert all("changed after it was recorded" in d.message for d in book.problems)


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"name": "x", "type": "nowhere.at.all:Policy", "settings": {}}, "is not loaded"),
        ({"name": "x", "type": "policies.nowhere:Policy", "settings": {}}, "cannot be found"),
        ({"name": "x", "type": "json:JSONDecoder", "settings": {}}, "no from_settings"),
        ({"name": "x", "type": "pipeline.clock:FixedClock", "settings": {}}, "no from_settings"),
        (
            {
                "name": "silence_detection",
                "type": "policies.silence:SilenceDetection",
                "settings": {"outreach_window_days": 5},
            },
            "refuses its recorded settings",
        ),
        (
            {"name": "renamed", "type": "policies.silence:SilenceDetection", "settings": {}},
            "did not rebuild policy 'renamed'",
        ),
    ],
)
def test_a_policy_that_cannot_be_rebuilt_says_why(entry: dict[str, Any], says: str) -> None:
    with pytest.raises(ConfigurationProblem, match=says):
        build_policy(entry)


def test_a_stored_document_never_makes_the_audit_import_a_module() -> None:
    assert "antigravity" not in sys.modules
    with pytest.raises(ConfigurationProblem, match="is not loaded"):
        build_policy({"name": "x", "type": "antigravity:Fly", "settings": {}})
    assert "antigravity" not in sys.modules
