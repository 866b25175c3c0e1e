"""Export to JSON Lines and import into an empty store: the same views, a passing verify, and
a damaged file refused with its line number before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import (
    FORMAT,
    VERSION,
    ImportRefused,
    export_events,
    import_events,
    verify,
)
from pipeline.candidate import candidate_id_for
from pipeline.hashing import canonical
from tests.audit_story import MOMENTS, SUZUKI, YAMADA, build_story_file, open_story_app


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    path = build_story_file(tmp_path_factory.mktemp("story") / "story.db")
    app = open_story_app(str(path), FixedClock(MOMENTS.end))
    yield app
    app.close()


@pytest.fixture(scope="module")
def exported(source: Pipeline) -> list[str]:
    out = io.StringIO()
    export_events(source, out)
    return out.getvalue().splitlines()


@pytest.fixture
def empty(store: str) -> Iterator[Pipeline]:
    """A new store on every kind the project supports, with the same policies and clock."""
    app = open_story_app(store, FixedClock(MOMENTS.end))
    yield app
    app.close()


def lines_of(text_lines: list[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in text_lines]


def test_import_into_an_empty_store_gives_identical_views_and_verifies(
    source: Pipeline, exported: list[str], empty: Pipeline
) -> None:
    summary = import_events(empty, exported)
    assert (summary.candidates, summary.events) == (2, 142)
    for ref in (YAMADA, SUZUKI):
        assert empty.candidate(ref) == source.candidate(ref)
        assert empty.timeline(ref) == source.timeline(ref)
        assert empty.candidate(ref, as_of=MOMENTS.reply_occurred) == source.candidate(
            ref, as_of=MOMENTS.reply_occurred
        )
    assert empty.candidates() == source.candidates()
    assert empty.outbox("all", due_by=None) == source.outbox("all", due_by=None)
    assert empty.tasks(status=None) == source.tasks(status=None)
    report = verify(empty)
    assert report.ok, [d.line() for d in report.discrepancies]
    assert (report.events, report.decisions) == (142, 113)


def test_exporting_named_candidates_takes_them_and_the_configuration_log_only(
    source: Pipeline, empty: Pipeline
) -> None:
    out = io.StringIO()
    summary = export_events(source, out, [SUZUKI])
    assert (summary.candidates, summary.events) == (1, 104)
    import_events(empty, out.getvalue().splitlines())
    assert [c.ref for c in empty.candidates()] == [SUZUKI]
    assert verify(empty).ok


def test_the_file_is_a_header_the_events_and_an_end_line(exported: list[str]) -> None:
    lines = lines_of(exported)
    assert (lines[0]["format"], lines[0]["version"]) == (FORMAT, VERSION)
    assert lines[-1] | {"line_hash": None} == {
        "end": True,
        "candidates": 2,
        "events": 144,
        "line_hash": None,
    }
    streams = [line["stream"] for line in lines[1:-1]]
    assert streams[:2] == ["configuration", "configuration"]
    assert set(streams[2:]) == {"candidate"}
    first = lines[3]  # candidates by id: Suzuki's comes first
    assert (first["id"], first["version"]) == (str(candidate_id_for(SUZUKI)), 1)
    assert first["topic"] == "pipeline.candidate:Candidate.Registered"


def test_each_line_can_be_checked_with_nothing_but_json_and_sha256(exported: list[str]) -> None:
    """The documented algorithms (docs/audit.md), written out here independently."""
    previous_line = ""
    chain: dict[str, str] = {}
    for text in exported:
        line = json.loads(text)
        body = {k: v for k, v in line.items() if k != "line_hash"}
        compact = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        expected = hashlib.sha256(f"{previous_line}\n{compact}".encode()).hexdigest()
        assert line["line_hash"] == expected
        previous_line = line["line_hash"]
        if line.get("stream") != "candidate":
            continue
        attrs = dict(line["attrs"])  # times are ISO 8601 text, as the hash covers them
        kind = line["topic"].split(":")[1]
        document = {
            "kind": kind,
            "candidate": line["id"],
            "version": line["version"],
            "attrs": {
                k: v for k, v in attrs.items() if k not in ("event_hash", "originator_topic")
            },
        }
        text_form = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(text_form.encode()).hexdigest() == attrs["event_hash"]
        assert attrs["previous_hash"] == chain.get(line["id"], "")
        chain[line["id"]] = attrs["event_hash"]
        assert text_form == canonical(kind, UUID(line["id"]), line["version"], attrs)


def refused(app: Pipeline, text_lines: list[str]) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        import_events(app, text_lines)
    assert app.candidates() == []
    assert app.recorder.select_events(candidate_id_for(YAMADA)) == []
    return caught.value.problems


def test_a_changed_line_is_refused_with_its_number(exported: list[str], empty: Pipeline) -> None:
    damaged = list(exported)
    damaged[9] = damaged[9].replace('"actor":"advisor:sato"', '"actor":"advisor:tanaka"')
    assert damaged[9] != exported[9]
    [problem] = refused(empty, damaged)
    assert problem.startswith("line 10: candidate C-SUZUKI version 7")
    assert "changed" in problem


def test_a_missing_line_is_refused_with_the_number_where_it_is_missed(
    exported: list[str], empty: Pipeline
) -> None:
    [problem] = refused(empty, exported[:9] + exported[10:])
    assert problem.startswith("line 10: candidate C-SUZUKI version 8 follows version 6")


def test_two_reordered_lines_are_refused(exported: list[str], empty: Pipeline) -> None:
    problems = refused(empty, [*exported[:9], exported[10], exported[9], *exported[11:]])
    assert problems[0].startswith("line 10: candidate C-SUZUKI version 8 follows version 6")
    assert problems[1].startswith("line 11: candidate C-SUZUKI version 7 follows version 8")


def test_a_missing_last_event_of_a_candidate_is_refused(
    exported: list[str], empty: Pipeline
) -> None:
    last_of_suzuki = 2 + 104  # header, two configuration lines, then Suzuki's 104 events
    assert json.loads(exported[last_of_suzuki])["version"] == 104
    problems = refused(empty, exported[:last_of_suzuki] + exported[last_of_suzuki + 1 :])
    assert problems[0].startswith(f"line {last_of_suzuki + 1}: does not follow line")


def test_a_cut_short_file_is_refused(exported: list[str], empty: Pipeline) -> None:
    [problem] = refused(empty, exported[:-1])
    assert problem == f"line {len(exported)}: the end line is missing: the file was cut short"


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ('{"format": "something-else", "version": 1}', "line 1: not a candidate-pipeline"),
        ("not json at all", "line 1: not JSON"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(
    exported: list[str], empty: Pipeline, first: str, expected: str
) -> None:
    problems = refused(empty, [first, *exported[1:]])
    assert problems[0].startswith(expected)


def test_a_later_format_version_is_refused(exported: list[str], empty: Pipeline) -> None:
    header = json.loads(exported[0]) | {"version": VERSION + 1}
    problems = refused(empty, [json.dumps(header), *exported[1:]])
    assert problems[0] == f"line 1: format version {VERSION + 1} cannot be read (this reads 1)"


def test_an_empty_file_is_refused(empty: Pipeline) -> None:
    assert refused(empty, []) == ["line 1: the file is empty: not an export"]


def test_a_store_that_already_holds_candidates_is_refused(
    source: Pipeline, exported: list[str]
) -> None:
    with pytest.raises(ImportRefused, match="already holds candidates"):
        import_events(source, exported)
    assert verify(source).events == 142


def test_a_damaged_file_leaves_even_a_file_store_untouched(
    exported: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "target.db"
    app = open_story_app(str(path), FixedClock(MOMENTS.end))
    before = app.recorder.max_notification_id()
    refused(app, exported[:-1])
    assert app.recorder.max_notification_id() == before
    app.close()


def test_blank_lines_after_the_end_line_are_accepted_but_not_lines_with_content(
    exported: list[str], empty: Pipeline
) -> None:
    problems = refused(empty, [*exported, '{"stream": "candidate"}'])
    assert problems[0] == f"line {len(exported) + 1}: comes after the end line"
    assert import_events(empty, [*exported, "", "  "]).candidates == 2


def test_export_reports_its_progress_after_each_candidate(source: Pipeline) -> None:
    seen: list[tuple[int, int]] = []
    export_events(source, io.StringIO(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
