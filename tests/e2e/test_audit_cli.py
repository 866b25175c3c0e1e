"""`pipeline audit verify|anchor|export|import`, and the point-in-time options of show and
timeline."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from cli.story import END, HANAKO, TARO
from tests.audit_story import (
    MOMENTS,
    SUZUKI,
    YAMADA,
    build_story_file,
    day,
    delete_stored,
    edit_stored,
)
from tests.e2e.cli_support import at_clock, make_demo, run


@pytest.fixture(scope="module")
def story_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story_file(tmp_path_factory.mktemp("story") / "story.db")


@pytest.fixture
def story(story_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "story.db"
    shutil.copy(story_file, copy)
    return copy


def audit(db: Path, *args: str, **env: str | None) -> tuple[int, str, str]:
    result = run(["--db", str(db), "audit", *args], at_clock(MOMENTS.end), **env)
    return result.exit_code, result.stdout, result.stderr


def as_json(db: Path, *args: str) -> object:
    result = run(["--db", str(db), *args, "--json"], at_clock(MOMENTS.end))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_verify_prints_the_summary_and_exits_0_on_an_intact_store(story: Path) -> None:
    code, out, _ = audit(story, "verify")
    assert code == 0
    assert out.strip().endswith(
        "2 candidates, 142 events, 72 transitions and 113 policy decisions checked against "
        "1 recorded configurations: OK"
    )


def test_verify_prints_each_discrepancy_and_exits_1(story: Path) -> None:
    edit_stored(story, SUZUKI, 2, lambda state: state.update(reasons="edited"))
    code, out, _ = audit(story, "verify")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("C-SUZUKI v2 [chain] content does not match its event_hash")
    # The snapshot taken at version 104 still holds the meeting as it was recorded.
    assert lines[1].startswith("C-SUZUKI v104 [snapshot] the snapshot differs from the replay")
    assert lines[-1].endswith(": 2 discrepancies")


def test_verify_as_json_lists_the_discrepancies_with_candidate_and_version(story: Path) -> None:
    edit_stored(story, YAMADA, 11, lambda state: state.update(actor="advisor:someone"))
    code, out, _ = audit(story, "verify", "--json")
    report = json.loads(out)
    assert code == 1
    assert [(d["candidate"], d["version"], d["check"]) for d in report["discrepancies"]] == [
        (YAMADA, 11, "chain")
    ]
    assert report["events"] == 142


def test_verify_named_candidates_only(story: Path) -> None:
    code, out, _ = audit(story, "verify", YAMADA)
    assert (code, "1 candidates, 38 events" in out) == (0, True)
    code, _, err = audit(story, "verify", "C-NOBODY")
    assert code == 1
    assert "candidate not found: C-NOBODY" in err


def test_an_anchor_kept_in_a_file_finds_the_last_events_deleted_since(
    story: Path, tmp_path: Path
) -> None:
    anchor = tmp_path / "anchor.json"
    code, out, err = audit(story, "anchor", "-o", str(anchor))
    assert (code, out) == (0, "")
    assert err.startswith("anchor of 2 candidates and 142 events, root ")
    assert err.strip().endswith("not signed (no audit key)")
    assert json.loads(anchor.read_text("utf-8"))["candidates"] == 2
    assert audit(story, "verify", "--anchor", str(anchor))[0] == 0
    delete_stored(story, YAMADA, 38)
    code, out, _ = audit(story, "verify", "--anchor", str(anchor))
    assert code == 1
    assert f"{YAMADA} v38 [anchor] the log ends at version 37, but the anchor of " in out


def test_a_signed_anchor_is_checked_with_the_key_from_the_environment(
    story: Path, tmp_path: Path
) -> None:
    key = {"PIPELINE_AUDIT_KEY": "a key the agency keeps elsewhere"}
    anchor = tmp_path / "anchor.json"
    assert "signed" in audit(story, "anchor", "-o", str(anchor), **key)[2]
    assert audit(story, "verify", "--anchor", str(anchor), **key)[0] == 0
    code, _, err = audit(
        story, "verify", "--anchor", str(anchor), PIPELINE_AUDIT_KEY="another key, just as long"
    )
    assert code == 1
    assert "HMAC does not match the audit key" in err
    code, _, err = audit(story, "anchor", PIPELINE_AUDIT_KEY="short")
    assert code == 1
    assert "fewer than 16 bytes" in err
    assert "short" not in err.replace("too short", "")


def test_checkpoint_then_verify_only_what_was_added_since(story: Path) -> None:
    code, out, _ = audit(story, "verify", "--checkpoint")
    assert code == 0
    assert out.splitlines()[-1].startswith("recorded checkpoint 1 of ")
    code, out, _ = audit(story, "verify", "--since-checkpoint", "--jobs", "2")
    assert code == 0
    assert "0 candidates, 0 events" in out
    assert "since checkpoint 1 of " in out
    assert audit(story, "verify", YAMADA, "--checkpoint")[0] == 2


def test_verify_without_a_checkpoint_to_start_from_says_so(story: Path) -> None:
    code, _, err = audit(story, "verify", "--since-checkpoint")
    assert code == 1
    assert "the store has no checkpoint yet" in err


def test_an_anchor_file_that_is_not_json_is_a_usage_error(story: Path, tmp_path: Path) -> None:
    (tmp_path / "anchor.json").write_text("not json", encoding="utf-8")
    code, _, err = audit(story, "verify", "--anchor", str(tmp_path / "anchor.json"))
    assert code == 2
    assert "is not JSON" in err


def test_export_then_import_into_a_new_store_shows_the_same_candidates(
    story: Path, tmp_path: Path
) -> None:
    code, exported, err = audit(story, "export")
    assert code == 0
    assert "exported 2 candidates, 142 events" in err
    (tmp_path / "story.jsonl").write_text(exported, encoding="utf-8")
    target = tmp_path / "imported.db"
    code, out, _ = audit(target, "import", str(tmp_path / "story.jsonl"))
    assert code == 0
    assert out.startswith("imported 2 candidates, 142 events")
    for ref in (YAMADA, SUZUKI):
        assert as_json(target, "show", ref) == as_json(story, "show", ref)
        assert as_json(target, "timeline", ref) == as_json(story, "timeline", ref)
    assert audit(target, "verify")[0] == 0


def test_export_to_a_file_with_named_candidates(story: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "suzuki.jsonl"
    code, out, _ = audit(story, "export", SUZUKI, "-o", str(out_file))
    assert (code, out) == (0, "")
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 2 + 104 + 1


def test_import_of_a_damaged_file_names_the_line_and_writes_nothing(
    story: Path, tmp_path: Path
) -> None:
    lines = audit(story, "export")[1].splitlines()
    del lines[20]
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "target.db"
    code, _, err = audit(target, "import", str(damaged))
    assert code == 1
    assert err.splitlines()[0] == "Error: nothing was imported:"
    assert err.splitlines()[1].startswith("  line 21: candidate C-SUZUKI version 19 follows")
    assert as_json(target, "list") == []


def test_import_into_a_store_with_candidates_is_refused(story: Path, tmp_path: Path) -> None:
    (tmp_path / "story.jsonl").write_text(audit(story, "export")[1], encoding="utf-8")
    code, _, err = audit(story, "import", str(tmp_path / "story.jsonl"))
    assert code == 1
    assert "the store already holds candidates" in err


def test_show_as_of_and_known_at_differ_for_the_back_dated_reply(story: Path) -> None:
    between = "2026-04-06T22:00"  # read in --tz Asia/Tokyo: after the reply, before it was logged
    as_of = as_json(story, "show", YAMADA, "--as-of", between)
    known = as_json(story, "show", YAMADA, "--known-at", between)
    assert isinstance(as_of, dict) and isinstance(known, dict)
    assert (as_of["contact"], known["contact"]) == ("responsive", "silent")
    assert datetime.fromisoformat(as_of["as_of"]) == day(5, 12)
    assert datetime.fromisoformat(known["known_at"]) == day(5, 12)


def test_timeline_at_a_version_lists_the_first_events(story: Path) -> None:
    entries = as_json(story, "timeline", YAMADA, "--version", "12")
    assert isinstance(entries, list)
    assert [e["version"] for e in entries] == list(range(1, 13))
    known = as_json(story, "timeline", YAMADA, "--known-at", "2026-04-06T22:00")
    assert isinstance(known, list)
    assert "ReplyReceived" not in [e["kind"] for e in known]


def test_the_demo_round_trips_through_export_and_import_and_verifies(tmp_path: Path) -> None:
    demo, _ = make_demo(tmp_path)
    clock = at_clock(END)
    exported = run(["--db", str(demo), "audit", "export"], clock)
    assert exported.exit_code == 0
    (tmp_path / "demo.jsonl").write_text(exported.stdout, encoding="utf-8")
    target = tmp_path / "imported.db"
    assert (
        run(["--db", str(target), "audit", "import", str(tmp_path / "demo.jsonl")], clock).exit_code
        == 0
    )
    for ref in (TARO, HANAKO):
        for command in ("show", "timeline"):
            args = [command, ref, "--json"]
            mine = run(["--db", str(target), *args], clock).stdout
            theirs = run(["--db", str(demo), *args], clock).stdout
            assert json.loads(mine) == json.loads(theirs)
    verified = run(["--db", str(target), "audit", "verify"], clock)
    assert verified.exit_code == 0, verified.output
    assert run(["--db", str(demo), "audit", "verify"], clock).exit_code == 0
