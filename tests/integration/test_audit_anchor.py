"""Anchors, checkpoints and the audit key: what an intact chain cannot show by itself.

Deleting a candidate's last events (and fixing its read-model row to match), deleting a
candidate, or changing an event and re-hashing everything after it leaves a chain that checks
out. An anchor kept elsewhere, or a checkpoint signed with a key held outside the store, still
holds the heads the store had, and verify names what no longer matches.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import AnchorRefused, VerifyReport, anchor_store, verify
from pipeline.audit.anchor import canonical
from pipeline.audit.auditlog import AUDIT_LOG_ID
from pipeline.configlog import CONFIG_LOG_ID
from tests.audit_story import (
    MOMENTS,
    SUZUKI,
    YAMADA,
    build_story_file,
    candidate_uuid,
    copied,
    delete_stored,
    forge,
    opener,
    stored_state,
)

KEY = b"a key the agency keeps elsewhere"


@pytest.fixture(scope="module")
def story_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story_file(tmp_path_factory.mktemp("story") / "story.db")


@pytest.fixture
def path(story_file: Path, tmp_path: Path) -> Path:
    return copied(story_file, tmp_path)


@pytest.fixture
def opened(path: Path) -> Iterator[Callable[[], Pipeline]]:
    with opener(path, MOMENTS.end) as open_app:
        yield open_app


def sql(path: Path, statement: str, *params: Any) -> list[Any]:
    with sqlite3.connect(path) as db:
        return db.execute(statement, params).fetchall()


def anchors(report: VerifyReport) -> list[tuple[str | None, int | None, str]]:
    return [
        (d.candidate, d.version, d.message) for d in report.discrepancies if d.check == "anchor"
    ]


def delete_last_events(path: Path, ref: str, count: int) -> int:
    """Delete a candidate's last events and make its read-model row agree: the head check
    alone no longer sees it. Returns the version the log now ends at."""
    [(version,)] = sql(path, "SELECT version FROM pipeline_candidates WHERE ref=?", ref)
    for number in range(version - count + 1, version + 1):
        delete_stored(path, ref, number)
    kept = version - count
    head = stored_state(path, ref, kept)["event_hash"]
    sql(path, "UPDATE pipeline_candidates SET version=?, head_hash=? WHERE ref=?", kept, head, ref)
    sql(path, "DELETE FROM stored_snapshots WHERE originator_id=?", candidate_uuid(ref).hex)
    return int(version)


def test_an_anchor_of_the_store_verifies_against_it(opened: Callable[[], Pipeline]) -> None:
    app = opened()
    document = anchor_store(app).document()
    assert (document["candidates"], document["events"]) == (2, 142)
    assert (
        document["root"]
        == hashlib.sha256(
            canonical(
                {k: document[k] for k in ("candidates", "events", "configuration", "heads")}
            ).encode()
        ).hexdigest()
    )
    assert verify(app, anchor=document).ok


def test_deleted_last_events_are_found_by_the_anchor(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    document = anchor_store(opened()).document()
    version = delete_last_events(path, YAMADA, 3)
    assert not anchors(verify(opened()))  # the read model agrees with the shortened log
    [(ref, at, message)] = anchors(verify(opened(), anchor=document))
    assert (ref, at) == (YAMADA, version)
    assert f"the log ends at version {version - 3}" in message


def test_a_deleted_candidate_is_found_by_the_anchor(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    document = anchor_store(opened()).document()
    suzuki = candidate_uuid(SUZUKI)
    sql(path, "DELETE FROM stored_events WHERE originator_id=?", suzuki.hex)
    sql(path, "DELETE FROM stored_snapshots WHERE originator_id=?", suzuki.hex)
    for table in ("pipeline_messages", "pipeline_tasks"):
        sql(path, f"DELETE FROM {table} WHERE candidate_id=?", str(suzuki))
    sql(path, "DELETE FROM pipeline_candidates WHERE id=?", str(suzuki))
    assert verify(opened()).ok  # nothing left in the store says she was there
    report = verify(opened(), anchor=document)
    assert [(d.candidate_id, d.version) for d in report.discrepancies] == [(suzuki, 104)]
    assert "the candidate was deleted" in report.discrepancies[0].message


def test_a_changed_anchor_is_refused(opened: Callable[[], Pipeline]) -> None:
    document = anchor_store(opened()).document()
    document["heads"][0][1] -= 1
    with pytest.raises(AnchorRefused, match="do not hash to its root"):
        verify(opened(), anchor=document)


def test_a_signed_anchor_needs_its_key(opened: Callable[[], Pipeline]) -> None:
    document = anchor_store(opened()).document(KEY)
    assert verify(opened(), anchor=document, key=KEY).ok
    with pytest.raises(AnchorRefused, match="HMAC does not match"):
        verify(opened(), anchor=document, key=b"another key, just as long")


def rewrite_meeting(path: Path, ref: str) -> None:
    """Change what the first meeting heard and re-hash the chain after it; fix the read
    model's head to match. Nothing a policy decided depends on it, and no snapshot holds it."""
    forge(path, ref, 2, lambda event: {"reasons": "a reason the candidate never gave"})
    [(version,)] = sql(path, "SELECT version FROM pipeline_candidates WHERE ref=?", ref)
    head = stored_state(path, ref, version)["event_hash"]
    sql(path, "UPDATE pipeline_candidates SET head_hash=? WHERE ref=?", head, ref)


def test_a_rehashed_history_verifies_without_an_anchor_but_not_against_a_signed_checkpoint(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    recorded = verify(opened(), checkpoint=True, key=KEY)
    assert recorded.ok and recorded.checkpoint is not None
    rewrite_meeting(path, YAMADA)
    [(ref, version, message)] = anchors(verify(opened(), key=KEY))
    assert (ref, version) == (YAMADA, 38)
    assert "the history up to it was rewritten" in message
    [(_, _, wrong_key)] = anchors(verify(opened(), key=b"another key, just as long"))
    assert "HMAC does not match the audit key" in wrong_key


def test_a_checkpoint_rewritten_without_the_key_is_not_used(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    verify(opened(), checkpoint=True, key=KEY)
    rewrite_meeting(path, YAMADA)
    [(version, blob)] = sql(
        path,
        "SELECT originator_version, state FROM stored_events WHERE originator_id=?",
        AUDIT_LOG_ID.hex,
    )
    stored = json.loads(blob)
    document = stored["checkpoint"]
    yamada = next(h for h in document["heads"] if h[0] == str(candidate_uuid(YAMADA)))
    yamada[2] = stored_state(path, YAMADA, 38)["event_hash"]
    body = {k: document[k] for k in ("candidates", "events", "configuration", "heads")}
    document["root"] = hashlib.sha256(canonical(body).encode()).hexdigest()
    sql(
        path,
        "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=?",
        json.dumps(stored).encode(),
        AUDIT_LOG_ID.hex,
        version,
    )
    [(ref, _, message)] = anchors(verify(opened(), key=KEY))
    assert ref is None
    assert "HMAC does not match the audit key" in message


def test_since_the_checkpoint_only_what_was_added_is_checked(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    assert verify(opened(), checkpoint=True).checkpoint is not None
    app = opened()
    app.reopen(SUZUKI)
    app.record_reply(SUZUKI, channel="phone")
    report = verify(opened(), since_checkpoint=True, checkpoint=True)
    assert report.ok, [d.line() for d in report.discrepancies]
    assert (report.candidates, report.events) == (1, len(app.history(SUZUKI)) - 104)
    assert report.since is not None and report.since.startswith("since checkpoint 1 of ")
    assert report.since.endswith(" candidates): 1 changed")
    assert report.checkpoint is not None and report.checkpoint.startswith("checkpoint 2 ")
    again = verify(opened(), since_checkpoint=True)
    assert (again.candidates, again.events) == (0, 0)


def test_since_the_checkpoint_deleted_events_and_rewritten_heads_are_found(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    verify(opened(), checkpoint=True)
    version = delete_last_events(path, YAMADA, 2)
    opened().reopen(SUZUKI)
    rewrite_meeting(path, SUZUKI)
    report = verify(opened(), since_checkpoint=True)
    found = {(ref, at) for ref, at, _ in anchors(report)}
    assert found == {(YAMADA, version), (SUZUKI, 104)}


def config_entries(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows = sql(
        path,
        "SELECT originator_version, state FROM stored_events WHERE originator_id=?"
        " ORDER BY originator_version",
        CONFIG_LOG_ID.hex,
    )
    return [(int(v), json.loads(blob)) for v, blob in rows]


def put_config_entry(path: Path, version: int, state: dict[str, Any]) -> None:
    sql(
        path,
        "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=?",
        json.dumps(state).encode(),
        CONFIG_LOG_ID.hex,
        version,
    )


def test_an_edited_configuration_entry_is_reported_at_its_version(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    version, state = config_entries(path)[-1]
    state["timestamp"]["_data_"] = "2026-03-01T00:00:00+00:00"
    put_config_entry(path, version, state)
    report = verify(opened())
    assert [(d.check, d.version) for d in report.discrepancies] == [("configuration", version)]
    assert "changed after it was recorded" in report.discrepancies[0].message


def without_hashes(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k not in ("event_hash", "previous_hash")}


def test_a_configuration_entry_whose_hashes_were_removed_is_reported(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    verify(opened(), checkpoint=True)
    quiet = Pipeline(str(path), policies=[], clock=FixedClock(MOMENTS.end))
    quiet.register_candidate("Quiet", ref="C-QUIET")  # its first save records a 2nd entry
    (first, state), (second, later) = config_entries(path)[-2:]
    put_config_entry(path, first, without_hashes(state))
    [unlinked] = [d for d in verify(quiet).discrepancies if d.check == "configuration"]
    assert unlinked.version == second  # the link after it no longer holds
    assert f"previous_hash does not match version {first}" in unlinked.message
    put_config_entry(path, second, without_hashes(later))
    # Now the log looks written before the chain existed: only a head kept from before (the
    # checkpoint here, or an anchor) shows the change, and the report says so.
    report = verify(quiet)
    quiet.close()
    assert any("only an anchor kept elsewhere covers them" in note for note in report.notes)
    assert [(d.check, d.version) for d in report.discrepancies] == [("anchor", first)]


def test_the_last_configuration_entry_deleted_is_found_by_the_anchor(
    path: Path, opened: Callable[[], Pipeline]
) -> None:
    document = anchor_store(opened()).document()
    version, _ = config_entries(path)[-1]
    sql(
        path,
        "DELETE FROM stored_events WHERE originator_id=? AND originator_version=?",
        CONFIG_LOG_ID.hex,
        version,
    )
    found = [d for d in verify(opened(), anchor=document).discrepancies if d.check == "anchor"]
    assert [(d.candidate, d.version) for d in found] == [(None, version)]
