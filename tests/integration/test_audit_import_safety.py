"""An import is all or nothing, and nothing in a file gets past the commands' own rules.

The files here are exports of the audit story edited the way a careful forger would: the
value changed and every hash after it recomputed (`rehashed`), so that only the rules (or the
audit key) can refuse them. Each refusal names the line, and the store is left as it was:
no event, no read-model row, and a store that still opens and imports a good file.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import ImportRefused, export_events, import_events, verify
from pipeline.audit.jsonl import canonical_json, chained
from pipeline.candidate import candidate_id_for
from pipeline.hashing import event_digest
from tests.audit_story import MOMENTS, SUZUKI, YAMADA, build_story_file, open_story_app

KEY = b"a key the agency keeps elsewhere"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = build_story_file(tmp_path_factory.mktemp("story") / "story.db")
    app = open_story_app(str(path), FixedClock(MOMENTS.end))
    try:
        out = io.StringIO()
        export_events(app, out)
    finally:
        app.close()
    return out.getvalue().splitlines()


@pytest.fixture
def target(store: str) -> Iterator[Pipeline]:
    app = open_story_app(store, FixedClock(MOMENTS.end))
    yield app
    app.close()


def rehashed(lines: list[str], number: int, change: Callable[[dict[str, Any]], None]) -> list[str]:
    """The file with line `number` (1-based) changed by `change(line)` and every hash after it
    recomputed: event hashes and links in the candidate's chain, and the chain of lines."""
    documents = [json.loads(text) for text in lines]
    change(documents[number - 1])
    heads: dict[str, str] = {}
    previous = ""
    for document in documents:
        if document.get("stream") == "candidate":
            attrs, key = document["attrs"], document["id"]
            attrs["previous_hash"] = heads.get(key, "")
            kind = document["topic"].split(":")[1]
            attrs["event_hash"] = event_digest(kind, UUID(key), document["version"], attrs)
            heads[key] = attrs["event_hash"]
        body = {k: v for k, v in document.items() if k != "line_hash"}
        document["line_hash"] = previous = chained(previous, body)
    return [canonical_json(document) for document in documents]


def line_of(lines: list[str], ref: str, topic: str) -> int:
    """The (1-based) number of the first line of `ref`'s events of kind `topic`."""
    key = str(candidate_id_for(ref))
    for number, text in enumerate(lines, 1):
        document = json.loads(text)
        if document.get("id") == key and document.get("topic", "").endswith("." + topic):
            return number
    raise AssertionError(f"no {topic} of {ref}")


def refused(app: Pipeline, lines: list[str], **options: Any) -> list[str]:
    before = app.recorder.max_notification_id()
    with pytest.raises(ImportRefused) as caught:
        import_events(app, lines, **options)
    assert app.recorder.max_notification_id() == before
    assert app.candidates() == [] and app.outbox("all", due_by=None) == []
    assert app.tasks(status=None) == []
    return caught.value.problems


def attrs_of(update: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["attrs"].update(update)


@pytest.mark.parametrize(
    ("topic", "update", "says"),
    [
        ("Registered", {"name": "山" * 10_000_000}, "String should have at most 200 characters"),
        ("Registered", {"name": "山田\x00太郎"}, "control character"),
        ("ReplyReceived", {"note": None, "reason": "a\x00b"}, "reason holds a NUL character"),
        ("JobProposed", {"salary": -5}, "salary -5: Input should be greater than or equal to 0"),
        ("Registered", {"email": "not an address"}, "email 'not an address': String should match"),
        (
            "FirstMeetingHeld",
            {"duration_minutes": 0},
            "duration_minutes 0: Input should be greater",
        ),
        ("ReplyReceived", {"channel": "pigeon"}, "channel 'pigeon': Input should be"),
    ],
)
def test_a_value_no_command_would_accept_is_refused_with_its_line(
    exported: list[str], target: Pipeline, topic: str, update: dict[str, Any], says: str
) -> None:
    number = line_of(exported, YAMADA, topic)
    [problem] = refused(target, rehashed(exported, number, attrs_of(update)))
    assert problem.startswith(f"line {number}: candidate ")
    assert says in problem


def test_a_candidate_whose_id_is_not_its_refs_is_refused(
    exported: list[str], target: Pipeline
) -> None:
    """Two candidates with the same ref: the second's id cannot be the one its ref gives."""
    number = line_of(exported, SUZUKI, "Registered")
    [problem, *_] = refused(target, rehashed(exported, number, attrs_of({"ref": YAMADA})))
    assert problem.startswith(f"line {number}: candidate ")
    assert "is not the one its ref 'C-YAMADA' gives" in problem


def test_a_topic_that_is_not_one_of_the_projects_events_is_never_imported(
    exported: list[str], target: Pipeline
) -> None:
    number = line_of(exported, YAMADA, "ReplyReceived")

    def elsewhere(document: dict[str, Any]) -> None:
        document["topic"] = "antigravity:Fly"

    assert "antigravity" not in sys.modules
    [problem, *_] = refused(target, rehashed(exported, number, elsewhere))
    assert problem == (
        f"line {number}: unknown event topic 'antigravity:Fly': not one of the project's events"
    )
    assert "antigravity" not in sys.modules


def test_events_of_a_candidate_that_are_not_together_are_refused(
    exported: list[str], target: Pipeline
) -> None:
    suzuki = str(candidate_id_for(SUZUKI))
    last = max(n for n, text in enumerate(exported) if json.loads(text).get("id") == suzuki)
    moved = [*exported[:last], *exported[last + 1 : -1], exported[last], exported[-1]]
    problems = refused(target, rehashed(moved, 1, lambda document: None))
    assert any("this candidate's events are not together" in p for p in problems)


def test_a_signed_export_imports_with_its_key_and_a_rehashed_one_does_not(
    exported: list[str], store: str, tmp_path: Path
) -> None:
    source = open_story_app(str(build_story_file(tmp_path / "source.db")), FixedClock(MOMENTS.end))
    out = io.StringIO()
    export_events(source, out, key=KEY)
    source.close()
    signed = out.getvalue().splitlines()
    assert json.loads(signed[-1])["hmac"]
    number = line_of(signed, YAMADA, "ReplyReceived")
    forged = rehashed(signed, number, attrs_of({"note": "a note nobody wrote"}))
    for lines, says in ((forged, "signed with another key, or changed"), (exported, "not signed")):
        app = open_story_app(store, FixedClock(MOMENTS.end))
        try:
            [problem] = refused(app, lines, key=KEY)
        finally:
            app.close()
        assert problem.startswith(f"line {len(lines)}: the export is {says}")
    app = open_story_app(store, FixedClock(MOMENTS.end))
    try:
        assert import_events(app, forged).events == 142  # without the key, only its chain
        assert (
            import_events(
                open_story_app(":memory:", FixedClock(MOMENTS.end)), signed, key=KEY
            ).events
            == 142
        )
    finally:
        app.close()


class Crash(Exception):
    pass


def test_a_crash_in_the_middle_of_an_import_leaves_nothing_and_a_store_that_imports(
    exported: list[str], target: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.audit import importer

    written: list[int] = []
    original = importer.ImportWriter.candidate_read

    def crash_on_the_second(self: Any) -> None:
        original(self)
        written.append(1)
        if len(written) == 2:
            raise Crash("the power went out")

    monkeypatch.setattr(importer.ImportWriter, "candidate_read", crash_on_the_second)
    with pytest.raises(Crash):
        import_events(target, exported)
    assert (
        target.candidates() == [] and target.recorder.select_events(candidate_id_for(YAMADA)) == []
    )
    assert target.read_model.row_candidate_ids() == set()
    monkeypatch.undo()
    assert import_events(target, exported).candidates == 2
    assert verify(target).ok
    assert {c.ref for c in target.candidates()} == {YAMADA, SUZUKI}
