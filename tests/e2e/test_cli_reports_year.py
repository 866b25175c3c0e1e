"""Each report command on the generated year (tests/year.py), through the command line: the
same bytes as the golden files and as the library, and a dossier of a candidate who went
silent twice."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_support import at_clock, run
from tests.integration.test_reports_year import END_OF_FY, GOLDEN


def pipeline(db: Path, *args: str) -> tuple[int, bytes]:
    result = run(["--db", str(db), "--lang", "ja", *args], at_clock(END_OF_FY))
    return result.exit_code, result.stdout_bytes


def test_the_ledger_commands_print_the_golden_files(year_db: Path) -> None:
    code, annual = pipeline(year_db, "ledger", "annual", "--year", "2026", "--csv")
    assert code == 0 and annual == (GOLDEN / "ledger-annual-2026.csv").read_bytes()
    code, seekers = pipeline(year_db, "ledger", "seekers", "--as-of", "2027-03-31", "--csv")
    assert code == 0 and seekers == (GOLDEN / "ledger-seekers-2027-03-31.csv").read_bytes()


def test_the_report_command_prints_the_golden_json(year_db: Path) -> None:
    code, out = pipeline(year_db, "report", "--from", "2026-04-01", "--to", "2027-03-31", "--json")
    golden = json.loads((GOLDEN / "report-fy2026.json").read_text("utf-8"))
    assert code == 0 and json.loads(out) == golden
    code, table = pipeline(year_db, "report", "--advisor", "sato")
    assert code == 0 and "担当: sato" in table.decode("utf-8")


def test_what_if_with_the_years_own_configuration_changes_nothing(
    year_db: Path, tmp_path: Path
) -> None:
    same = tmp_path / "same.toml"
    same.write_text("silence_days = 3\n", encoding="utf-8")
    code, out = pipeline(year_db, "audit", "what-if", "--config", str(same))
    assert code == 0 and "変わる結果はありません。" in out.decode("utf-8")
    assert "求職者 50名を再実行" in out.decode("utf-8")


def test_the_dossier_of_a_candidate_silent_twice_shows_both_silences(
    year_db: Path, tmp_path: Path
) -> None:
    page_file = tmp_path / "Y-003.html"
    code, _ = pipeline(year_db, "audit", "dossier", "Y-003", "--html", str(page_file))
    page = page_file.read_text("utf-8")
    silences = page[page.index("音信不通を検知した時点の状態") :]
    assert code == 0 and silences.count("<h3>") == 2
    assert "検証済み" in page and "連絡不通で終了" in page
