"""Bad input raises a clear error that names the field, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline import (
    ApplicationNotFound,
    CandidateNotFound,
    DuplicateCandidate,
    Pipeline,
    StoreError,
)


def stored_events(app: Pipeline) -> int:
    return app.recorder.max_notification_id() or 0


@pytest.fixture
def known(app: Pipeline) -> Pipeline:
    app.register_candidate("Sato Ken", email="ken@example.jp", ref="C-KNOWN1")
    app.record_first_meeting("C-KNOWN1", desired_roles=["sales"])
    app.propose_job("C-KNOWN1", employer="Acme", job_title="Sales lead")
    return app


BAD_COMMANDS: dict[str, tuple[Callable[[Pipeline], object], str]] = {
    "empty name": (lambda a: a.register_candidate("   "), "name"),
    "unknown channel": (lambda a: a.record_reply("C-KNOWN1", channel="pigeon"), "channel"),
    "negative salary": (
        lambda a: a.propose_job("C-KNOWN1", employer="Acme", job_title="x", salary=-1),
        "salary",
    ),
    "negative desired salary": (
        lambda a: a.record_first_meeting("C-KNOWN1", desired_salary=-5),
        "desired_salary",
    ),
    "naive at": (
        lambda a: a.record_reply("C-KNOWN1", channel="email", at=datetime(2026, 4, 1, 9)),
        "at",
    ),
    "bad email": (lambda a: a.register_candidate("Mori", email="not-an-email"), "email"),
    "unknown field": (
        lambda a: a.execute(
            {"type": "record_reply", "candidate": "C-KNOWN1", "channel": "email", "mood": "happy"}
        ),
        "mood",
    ),
    "bad application id": (lambda a: a.submit_application("C-KNOWN1", "X1"), "application"),
    "unknown employer move": (
        lambda a: a.record_employer_move("C-KNOWN1", "A1", move="ghosted"),
        "move",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_COMMANDS))
def test_invalid_input_names_the_field_and_writes_nothing(known: Pipeline, case: str) -> None:
    command, field = BAD_COMMANDS[case]
    before = stored_events(known)
    with pytest.raises(ValidationError) as refused:
        command(known)
    assert field in {str(part) for error in refused.value.errors() for part in error["loc"]}
    assert stored_events(known) == before


def test_a_misspelt_keyword_is_refused_by_the_method_itself(known: Pipeline) -> None:
    before = stored_events(known)
    with pytest.raises(TypeError, match="chanel"):
        known.record_reply("C-KNOWN1", chanel="email")  # type: ignore[call-arg]
    assert stored_events(known) == before


def test_unknown_candidate_is_refused_and_nothing_is_written(known: Pipeline) -> None:
    before = stored_events(known)
    with pytest.raises(CandidateNotFound) as missing:
        known.record_reply("C-NOBODY", channel="email")
    assert "C-NOBODY" in str(missing.value)
    assert stored_events(known) == before


def test_unknown_application_is_refused_and_nothing_is_written(known: Pipeline) -> None:
    before = stored_events(known)
    with pytest.raises(ApplicationNotFound):
        known.submit_application("C-KNOWN1", "A9")
    assert stored_events(known) == before


def test_second_registration_of_a_ref_is_a_duplicate(known: Pipeline) -> None:
    before = stored_events(known)
    with pytest.raises(DuplicateCandidate):
        known.register_candidate("Someone Else", ref="c-known1")
    assert stored_events(known) == before
    assert known.candidate("C-KNOWN1").name == "Sato Ken"


def test_time_in_the_future_is_refused(known: Pipeline) -> None:
    later = known.clock.now().replace(year=2027)
    with pytest.raises(ValidationError) as refused:
        known.record_reply("C-KNOWN1", channel="email", at=later)
    assert refused.value.errors()[0]["loc"] == ("at",)


def test_time_before_registration_is_refused(known: Pipeline) -> None:
    earlier = known.clock.now().replace(year=2025)
    with pytest.raises(ValidationError):
        known.record_reply("C-KNOWN1", channel="email", at=earlier)


def test_commands_as_data_are_validated_the_same_way(known: Pipeline) -> None:
    before = stored_events(known)
    with pytest.raises(ValidationError) as refused:
        known.execute({"type": "record_reply", "candidate": "C-KNOWN1", "channel": "fax"})
    assert refused.value.errors()[0]["loc"][-1] == "channel"
    assert stored_events(known) == before
    known.execute({"type": "record_reply", "candidate": "C-KNOWN1", "channel": "line"})
    assert stored_events(known) == before + 1


def test_a_file_that_is_not_a_store_is_refused_with_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    with pytest.raises(StoreError) as refused:
        Pipeline(str(path))
    assert "not a database" in str(refused.value)
    assert path.read_text() == "shopping list\n" * 100


def test_a_folder_that_does_not_exist_is_refused_with_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        Pipeline(str(tmp_path / "missing" / "pipeline.db"))
    assert "does not exist" in str(refused.value)


def test_a_store_that_fails_to_open_is_released_at_once(tmp_path: Path) -> None:
    opened: list[Pipeline] = []
    original = Pipeline._release

    def remember(app: Pipeline) -> None:
        opened.append(app)
        original(app)

    def fail(app: Pipeline) -> int:
        raise StoreError("the read models cannot be caught up")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pipeline, "_release", remember)
        patch.setattr(Pipeline, "catch_up", fail)  # after the pool was opened
        with pytest.raises(StoreError):
            Pipeline(str(tmp_path / "pipeline.db"))
    assert len(opened) == 1
    assert opened[0].factory.datastore.pool.closed  # type: ignore[attr-defined]
