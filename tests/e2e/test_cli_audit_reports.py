"""`pipeline audit dossier` and `pipeline audit what-if` on the demo store."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from cli.story import END, TARO
from tests.audit_story import edit_stored
from tests.e2e.cli_support import at_clock, make_demo, open_store, run


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = make_demo(tmp_path_factory.mktemp("demo"))
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    return copy


def pipeline(db: Path, *args: str) -> tuple[int, str, str]:
    result = run(["--db", str(db), "--lang", "en", *args], at_clock(END))
    return result.exit_code, result.stdout, result.stderr


def test_the_dossier_holds_the_whole_story_on_one_printable_page(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dossier.html"
    code, printed, _ = pipeline(demo, "audit", "dossier", TARO, "--html", str(out))
    assert code == 0 and str(out) in printed
    page = out.read_text("utf-8")
    app = open_store(demo)
    try:
        view, entries = app.candidate(TARO), app.timeline(TARO)
        queued = [e for e in app.history(TARO) if type(e).__name__ == "MessageQueued"]
    finally:
        app.close()
    assert "@page { size: A4" in page and "山田 太郎" in page
    assert page.count('<tr><td class="n">') == len(entries) == view.version  # every event
    assert page.count('class="message"') == len(queued)
    for message in queued:
        assert message.subject in page and message.body.splitlines()[-1] in page
    both = '<td class="t">2026-04-18 09:30</td><td class="t">2026-04-18 10:00</td>'
    assert both in page  # silence: due at 09:30, recorded by the 10:00 tick
    assert "R4: 求職者と連絡が取れない間は" in page  # a policy's reason
    silence = page[page.index("The state when each silence") :]
    assert "2026-04-18 09:30 (v31–v" in silence and "[paused]" in silence
    assert "Verified: all 83 events are intact" in page and view.head_hash in page


def test_the_dossier_is_the_same_bytes_twice_and_shows_a_broken_chain(
    demo: Path, tmp_path: Path
) -> None:
    one, two, bad = tmp_path / "1.html", tmp_path / "2.html", tmp_path / "bad.html"
    pipeline(demo, "audit", "dossier", TARO, "--html", str(one))
    pipeline(demo, "audit", "dossier", TARO, "--html", str(two))
    assert one.read_bytes() == two.read_bytes()
    edit_stored(demo, TARO, 13, lambda state: state.update(note="edited"))
    pipeline(demo, "audit", "dossier", TARO, "--html", str(bad))
    page = bad.read_text("utf-8")
    assert "discrepancies found by the audit" in page
    assert "v13 [chain] content does not match its event_hash" in page


def test_a_dossier_of_an_unknown_candidate_is_refused_and_writes_no_file(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "none.html"
    code, _, err = pipeline(demo, "audit", "dossier", "C-404", "--html", str(out))
    assert code == 1 and "candidate not found: C-404" in err and not out.exists()


def test_what_if_prints_what_would_differ_and_writes_nothing(demo: Path, tmp_path: Path) -> None:
    config = tmp_path / "two-days.toml"
    config.write_text("silence_days = 2\n", encoding="utf-8")
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    code, out, _ = pipeline(demo, "audit", "what-if", "--config", str(config))
    assert code == 0
    assert "2 candidates replayed, 2 would differ" in out
    assert "detected earlier for 2 candidates, later for 0" in out
    taro = next(line for line in out.splitlines() if line.startswith("DEMO-001"))
    assert "2026-04-18 09:30 → 2026-04-17 09:30" in taro
    code, as_json, _ = pipeline(demo, "audit", "what-if", "--config", str(config), "--json")
    data = json.loads(as_json)
    assert data["differing"] == 2 and data["silences"] == {"recorded": 2, "what_if": 2}
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before


def test_what_if_with_the_recorded_configuration_says_nothing_would_differ(
    demo: Path, tmp_path: Path
) -> None:
    config = tmp_path / "same.toml"
    config.write_text("silence_days = 3\n", encoding="utf-8")
    code, out, _ = pipeline(demo, "audit", "what-if", "--config", str(config))
    assert code == 0 and "Nothing would differ." in out


def test_what_if_refuses_a_bad_configuration_naming_the_field(demo: Path, tmp_path: Path) -> None:
    config = tmp_path / "short.toml"
    config.write_text("outreach_window_days = 7\n", encoding="utf-8")
    code, _, err = pipeline(demo, "audit", "what-if", "--config", str(config))
    assert code == 1 and "outreach_window_days" in err and "Traceback" not in err
