"""The hash chain check on histories built in memory: what it finds, and where."""

from __future__ import annotations

from typing import Any

from pipeline.audit.chain import check_chain, first_gap
from pipeline.audit.steps import batches
from pipeline.candidate import Candidate
from pipeline.hashing import event_digest
from pipeline.records import Meta
from tests.conftest import START

META = Meta(occurred_at=START, recorded_at=START, actor="advisor:sato")


def history(notes: list[list[str]]) -> list[Candidate.Event]:
    """A registration, then one saved batch of resume reviews per inner list."""
    candidate = Candidate.register(
        META, ref="C-UNIT", name="Unit", email=None, phone=None, advisor="sato"
    )
    events: list[Candidate.Event] = []
    for batch in [[], *notes]:
        for note in batch:
            candidate.record(Candidate.ResumeReviewed, META, note=note)
        events += [e for e in candidate.collect_events() if isinstance(e, Candidate.Event)]
    return events


def changed(event: Candidate.Event, **attrs: Any) -> Candidate.Event:
    copy: Candidate.Event = object.__new__(type(event))
    object.__setattr__(copy, "__dict__", vars(event) | attrs)
    return copy


def rehashed(events: list[Candidate.Event]) -> list[Candidate.Event]:
    """The chain recomputed over (edited) events, as a forger would."""
    result, previous = [], ""
    for event in events:
        attrs = vars(event) | {"previous_hash": previous}
        kind = type(event).__qualname__
        digest = event_digest(kind, event.originator_id, event.originator_version, attrs)
        result.append(changed(event, previous_hash=previous, event_hash=digest))
        previous = digest
    return result


def test_an_intact_history_has_no_finding() -> None:
    events = history([["a", "b"], ["c"]])
    found = check_chain(events)
    assert (found.problems, found.gap_at) == ([], None)


def test_a_changed_attribute_is_found_at_its_version() -> None:
    events = history([["a", "b"], ["c"]])
    events[2] = changed(events[2], note="edited")
    assert [v for v, _ in check_chain(events).problems] == [3]


def test_a_missing_version_is_found_where_the_hole_starts() -> None:
    events = history([["a", "b", "c"]])
    del events[1:3]
    found = check_chain(events)
    assert found.gap_at == first_gap(events) == 2
    assert found.problems == [(2, "versions 2–3 are missing: after version 1 comes version 4")]


def test_two_events_in_each_others_place_are_named() -> None:
    events = history([["a", "b"], ["c"]])
    second, third = events[1], events[2]
    events[1] = changed(third, originator_version=2)
    events[2] = changed(second, originator_version=3)
    messages = dict(check_chain(events).problems)
    assert "recorded as version 3" in messages[2]
    assert "recorded as version 2" in messages[3]


def test_a_first_event_that_links_to_something_is_found() -> None:
    events = rehashed(history([["a"]]))
    events[0] = changed(events[0], previous_hash="abc")
    assert (1, "the first event's previous_hash is not empty") in check_chain(events).problems


def test_a_batch_number_that_does_not_open_its_transaction_is_found_when_authentic() -> None:
    events = history([["a", "b"], ["c", "d"]])  # batches 1, 2-3, 4-5
    events[4] = changed(events[4], batch=2)
    assert check_chain(rehashed(events)).problems == [
        (5, "batch 2 does not name the start of its transaction (4)")
    ]


def test_batches_split_the_history_where_each_transaction_started() -> None:
    events = history([["a", "b"], ["c"]])
    assert [[e.originator_version for e in run] for run in batches(events)] == [[1], [2, 3], [4]]
