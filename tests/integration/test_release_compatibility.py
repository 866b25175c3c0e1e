"""Stored data outlives code: a store and an export written by release 0.1.0 still open, verify,
and tell the same story.

`tests/fixtures/release-0.1.0/` was written by `pipeline demo` at release 0.1.0 (commit 4c6ebdf),
with each candidate's `timeline --json` in both languages beside it. The fixture is never
changed: each test works on a copy.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import import_events, verify
from pipeline.configlog import CONFIG_LOG_ID
from policies import PolicyConfig, standard_policies

FIXTURES = Path(__file__).parent.parent / "fixtures" / "release-0.1.0"
REFS = ("DEMO-001", "DEMO-002")
AFTER_THE_STORY = FixedClock(datetime(2026, 6, 1, tzinfo=UTC))


def open_copy(tmp_path: Path, language: str = "en") -> Pipeline:
    copy = tmp_path / "demo-0.1.0.db"
    shutil.copyfile(FIXTURES / "demo.db", copy)
    policies = standard_policies(PolicyConfig())
    return Pipeline(str(copy), policies=policies, clock=AFTER_THE_STORY, language=language)


def recorded_timeline(ref: str, language: str) -> list[dict[str, object]]:
    document = json.loads((FIXTURES / f"timeline-{ref}-{language}.json").read_text("utf-8"))
    assert isinstance(document, list)
    return document


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_store_written_by_0_1_0_opens_and_every_timeline_is_identical(
    tmp_path: Path, language: str
) -> None:
    app = open_copy(tmp_path, language)
    try:
        for ref in REFS:
            now = [entry.model_dump(mode="json") for entry in app.timeline(ref)]
            assert now == recorded_timeline(ref, language), ref
    finally:
        app.close()


def test_a_store_written_by_0_1_0_verifies(tmp_path: Path) -> None:
    app = open_copy(tmp_path)
    try:
        report = verify(app)
    finally:
        app.close()
    assert report.ok, report.discrepancies
    assert report.candidates == 2
    assert report.events == 226
    # 0.1.0's configuration log has no hashes: accepted, and said (opening records nothing,
    # so nothing links it yet).
    assert report.notes == [
        "the configuration log's entry predates its hash chain (release 0.1.0) and no entry "
        "links it yet: only an anchor kept elsewhere covers it"
    ]


def test_an_export_written_by_0_1_0_imports_and_verifies(tmp_path: Path) -> None:
    policies = standard_policies(PolicyConfig())
    app = Pipeline(
        str(tmp_path / "imported.db"), policies=policies, clock=AFTER_THE_STORY, language="en"
    )
    try:
        lines = (FIXTURES / "demo-export.jsonl").read_text("utf-8").splitlines(keepends=True)
        summary = import_events(app, lines)
        report = verify(app)
        timelines = {ref: [e.model_dump(mode="json") for e in app.timeline(ref)] for ref in REFS}
    finally:
        app.close()
    assert (summary.candidates, summary.events) == (2, 226)
    assert report.ok, report.discrepancies
    assert timelines == {ref: recorded_timeline(ref, "en") for ref in REFS}


def test_a_0_1_0_configuration_log_is_linked_on_and_its_unlinked_entry_then_covered(
    tmp_path: Path,
) -> None:
    """The first save after 0.1.0 records a configuration linked to 0.1.0's unlinked entry:
    that entry is then covered by the chain, and a change to it is found."""
    app = open_copy(tmp_path)
    try:
        app.register_candidate("新しい 候補者", ref="C-NEW")  # the save records the configuration
        report = verify(app)
    finally:
        app.close()
    assert report.ok, report.discrepancies
    assert report.notes == [
        "the configuration log's first entry predates its hash chain (release 0.1.0): the "
        "first linked entry's previous_hash covers it"
    ]
    with sqlite3.connect(tmp_path / "demo-0.1.0.db") as db:
        (blob,) = db.execute(
            "SELECT state FROM stored_events WHERE originator_id=? AND originator_version=2",
            (CONFIG_LOG_ID.hex,),
        ).fetchone()
        state = json.loads(blob)
        state["timestamp"]["_data_"] = "2026-01-01T00:00:00+00:00"
        db.execute(
            "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=2",
            (json.dumps(state).encode(), CONFIG_LOG_ID.hex),
        )
    app = Pipeline(str(tmp_path / "demo-0.1.0.db"), clock=AFTER_THE_STORY)
    try:
        found = [(d.check, d.version) for d in verify(app).discrepancies]
    finally:
        app.close()
    assert ("configuration", 3) in found
