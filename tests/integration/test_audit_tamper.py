"""`verify` on a store someone edited behind the application's back, in the SQLite file itself.

Each test copies the story's store, changes it the way a person with the file could (an
attribute, a time, a deleted row, two rows swapped, a policy decision, a whole re-hashed
chain), and checks that verify names the candidate and the version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import CandidateNotFound, Pipeline
from pipeline.audit import Discrepancy, VerifyReport, verify
from tests.audit_story import (
    MOMENTS,
    SUZUKI,
    YAMADA,
    build_story_file,
    copied,
    delete_stored,
    edit_stored,
    forge,
    opener,
    swap_stored,
    versions_where,
)

Opener = Callable[[], Pipeline]


@pytest.fixture(scope="module")
def story_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story_file(tmp_path_factory.mktemp("story") / "story.db")


@pytest.fixture
def path(story_file: Path, tmp_path: Path) -> Path:
    return copied(story_file, tmp_path)


@pytest.fixture
def check(path: Path) -> Iterator[Callable[..., VerifyReport]]:
    """Verify the (edited) copy with a freshly opened application."""
    with opener(path, MOMENTS.end) as open_app:
        yield lambda **options: verify(open_app(), **options)


def where(report: VerifyReport, check: str) -> set[tuple[str | None, int | None]]:
    return {(d.candidate, d.version) for d in report.discrepancies if d.check == check}


def found(report: VerifyReport, ref: str, version: int, check: str) -> Discrepancy:
    matches = [
        d
        for d in report.discrepancies
        if (d.candidate, d.version, d.check) == (ref, version, check)
    ]
    assert matches, [d.line() for d in report.discrepancies]
    return matches[0]


def test_the_untouched_story_verifies_with_every_decision_reproduced(
    check: Callable[..., VerifyReport],
) -> None:
    report = check()
    assert report.ok, [d.line() for d in report.discrepancies]
    assert (report.candidates, report.events) == (2, 142)
    assert report.decisions == 113
    assert report.transitions > 20
    assert report.configurations == 1


def test_an_edited_attribute_is_reported_at_its_candidate_and_version(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    edit_stored(path, SUZUKI, 2, lambda state: state.update(reasons="changed later"))
    report = check()
    assert where(report, "chain") == {(SUZUKI, 2)}
    assert "changed after recording" in found(report, SUZUKI, 2, "chain").message
    assert not [d for d in report.discrepancies if d.candidate == YAMADA]


@pytest.mark.parametrize("field", ["occurred_at", "timestamp"])
def test_an_edited_time_is_reported_at_its_candidate_and_version(
    path: Path, check: Callable[..., VerifyReport], field: str
) -> None:
    def earlier(state: dict[str, Any]) -> None:
        state[field]["_data_"] = "2026-03-31T23:00:00+00:00"

    edit_stored(path, YAMADA, 11, earlier)
    report = check()
    assert where(report, "chain") == {(YAMADA, 11)}


def test_a_deleted_row_is_reported_as_the_missing_version(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    delete_stored(path, SUZUKI, 20)
    report = check()
    assert where(report, "chain") == {(SUZUKI, 20)}
    assert "version 20 is missing" in found(report, SUZUKI, 20, "chain").message
    assert "not checked" in found(report, SUZUKI, 20, "replay").message


def test_two_swapped_rows_are_reported_at_both_versions(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    swap_stored(path, YAMADA, 7, 8)
    report = check()
    assert {(YAMADA, 7), (YAMADA, 8)} <= where(report, "chain")
    assert "out of order" in found(report, YAMADA, 7, "chain").message


def test_a_deleted_last_event_is_reported_from_the_head_the_read_model_saved(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    delete_stored(path, SUZUKI, 104)
    report = check()
    assert "the last events are missing" in found(report, SUZUKI, 104, "head").message
    assert "missing decision" in found(report, SUZUKI, 104, "decision").message


def test_an_edited_policy_decision_is_reported_as_not_reproduced(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    (stall,) = versions_where(path, YAMADA, "MessageQueued", policy="stall_employers")
    edit_stored(path, YAMADA, stall, lambda state: state.update(subject="候補者と連絡が取れません"))
    report = check()
    assert (YAMADA, stall) in where(report, "chain")
    message = found(report, YAMADA, stall, "decision").message
    assert "not reproduced" in message
    assert "subject recorded '候補者と連絡が取れません'" in message


def test_a_forged_decision_with_a_rehashed_chain_is_still_not_reproduced(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    (thanks,) = versions_where(path, SUZUKI, "MessageQueued", policy="thank_you")
    forge(path, SUZUKI, thanks, lambda event: {"reason": "a reason nobody gave"})
    report = check()
    assert where(report, "chain") == set()
    message = found(report, SUZUKI, thanks, "decision").message
    assert "reason recorded 'a reason nobody gave'" in message
    assert "rewritten" in found(report, SUZUKI, 104, "head").message


def test_a_forged_transition_outside_the_tables_is_reported(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    (selection,) = versions_where(path, YAMADA, "StageChanged", dest="in_selection")
    forge(path, YAMADA, selection, lambda event: {"dest": "placed"})
    report = check()
    message = found(report, YAMADA, selection, "transition").message
    assert "introducing --enter_selection--> placed is not in the stage table" in message


def test_a_decision_citing_an_unknown_configuration_is_unverified(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    (thanks,) = versions_where(path, YAMADA, "MessageQueued", policy="thank_you")
    forge(path, YAMADA, thanks, lambda event: {"config": "0000000000000000"})
    report = check()
    assert report.unverified == 1
    assert any(
        d.check == "configuration" and "0000000000000000" in d.message for d in report.discrepancies
    )


def test_only_the_candidates_named_are_verified(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    delete_stored(path, SUZUKI, 20)
    report = check(refs=[YAMADA])
    assert report.ok
    assert (report.candidates, report.events) == (1, 38)
    with pytest.raises(CandidateNotFound):
        check(refs=["C-NOBODY"])


def test_progress_is_reported_after_each_candidate(check: Callable[..., VerifyReport]) -> None:
    seen: list[tuple[int, int]] = []
    check(progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]


def test_jobs_spread_a_whole_store_verify_over_processes_and_find_the_same(
    path: Path, check: Callable[..., VerifyReport]
) -> None:
    delete_stored(path, SUZUKI, 20)
    edit_stored(path, YAMADA, 2, lambda state: state.update(reasons="changed later"))
    alone, spread = check(), check(jobs=2)
    assert spread.model_dump() == alone.model_dump()
    assert {d.candidate for d in spread.discrepancies} == {SUZUKI, YAMADA}
