"""`pipeline report` and `pipeline ledger` on the demo store: what they print, the same bytes
every run, the JSON the library returns, and bad input refused with nothing written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cli.story import END
from pipeline.reports import annual_report, metrics_report, seeker_ledger
from tests.e2e.cli_support import at_clock, make_demo, open_store, run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = make_demo(tmp_path_factory.mktemp("demo"))
    return path


def pipeline(db: Path, *args: str, lang: str | None = "en") -> tuple[int, str, str]:
    language = ["--lang", lang] if lang else []
    result = run(["--db", str(db), *language, *args], at_clock(END))
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_prints_how_each_silence_ended_and_the_recovery_curve(demo: Path) -> None:
    code, out, _ = pipeline(demo, "report")
    assert code == 0
    assert "went silent: 2 (100.0%)" in out
    assert "recovered (replied): 1 (50.0%), median day 9" in out
    assert "closed as unreachable: 1" in out
    stalled = [line for line in out.splitlines() if line.startswith("DEMO-00")]
    assert "株式会社ミライテック" in stalled[1] and stalled[1].endswith("reply on day 9")
    assert stalled[0].endswith("unreachable")
    curve = [line.split() for line in out.splitlines() if line[:3] in ("8  ", "10 ")]
    assert curve == [["8", "0", "0.0%"], ["10", "1", "50.0%"]] or curve[-1][-1] == "50.0%"


def test_report_json_is_the_librarys_report_and_the_same_bytes_every_run(demo: Path) -> None:
    first = pipeline(demo, "report", "--from", "2026-04-01", "--to", "2026-04-30", "--json")
    again = pipeline(demo, "report", "--from", "2026-04-01", "--to", "2026-04-30", "--json")
    assert first == again and first[0] == 0
    app = open_store(demo)
    try:
        from datetime import date

        expected = metrics_report(app, period_from=date(2026, 4, 1), period_to=date(2026, 4, 30))
    finally:
        app.close()
    assert json.loads(first[1]) == expected.model_dump(mode="json")
    assert json.loads(first[1])["closed_unreachable"] == 0  # DEMO-002 was closed in May


def test_report_as_of_a_day_of_his_silence_shows_it_still_open(demo: Path) -> None:
    code, out, _ = pipeline(demo, "report", "--as-of", "2026-04-20T12:00", "--json")
    data = json.loads(out)
    assert code == 0 and data["outcomes"]["still_silent"] == 2
    assert data["scope"]["as_of"] == "2026-04-20T03:00:00Z"


def test_report_html_is_written_and_the_same_bytes_twice(demo: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    assert pipeline(demo, "report", "--html", str(one))[0] == 0
    assert pipeline(demo, "report", "--html", str(two))[0] == 0
    assert one.read_bytes() == two.read_bytes()
    page = one.read_text("utf-8")
    assert page.count("<svg") == 3
    fetched = ("src=", "<link", "url(http", "@import", "<script", "<iframe")
    assert not [thing for thing in fetched if thing in page]  # nothing to fetch at view time


def test_the_seeker_ledger_lists_each_seeker_with_introductions_and_outcome(demo: Path) -> None:
    result = run(["--db", str(demo), "ledger", "seekers", "--as-of", "2026-05-06", "--csv"])
    assert result.exit_code == 0
    out = result.stdout_bytes.decode("utf-8")
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("受付年月日,番号,氏名,希望職種")  # Japanese unless --lang en
    assert lines[2] == (
        "2026-04-01,DEMO-002,鈴木 花子,経理,2026-04-02 アオバ物流株式会社（辞退）,"
        "連絡不通で終了,2026-05-06,2028-05-06"
    )
    assert out.startswith("\ufeff") and "\r\n" in out


def test_a_ledger_as_of_a_day_includes_that_day(demo: Path) -> None:
    _, out, _ = pipeline(demo, "ledger", "seekers", "--as-of", "2026-04-01", "--json")
    assert [s["ref"] for s in json.loads(out)["seekers"]] == ["DEMO-001", "DEMO-002"]
    _, before, _ = pipeline(demo, "ledger", "seekers", "--as-of", "2026-03-31", "--json")
    assert json.loads(before)["seekers"] == []


def test_ledger_in_english_only_when_asked(demo: Path) -> None:
    typed = run(["--db", str(demo), "--lang", "en", "ledger", "annual", "--year", "2026"])
    from_locale = run(["--db", str(demo), "ledger", "annual", "--year", "2026"])
    assert "new seekers" in typed.stdout
    assert "新規求職申込件数" in from_locale.stdout


def test_the_annual_report_counts_the_fiscal_year(demo: Path) -> None:
    code, out, _ = pipeline(demo, "ledger", "annual", "--year", "2026", "--json")
    data = json.loads(out)
    assert code == 0 and (data["new_seekers"], data["introductions"], data["placements"]) == (
        2,
        2,
        0,
    )
    assert data["period_from"] == "2026-04-01" and data["period_to"] == "2027-03-31"
    _, earlier, _ = pipeline(demo, "ledger", "annual", "--year", "2025", "--json")
    assert json.loads(earlier)["new_seekers"] == 0
    app = open_store(demo)
    try:
        assert data == annual_report(app, 2026).model_dump(mode="json")
        assert seeker_ledger(app, END).seekers[0].ref == "DEMO-001"
    finally:
        app.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--from", "2026-05-01", "--to", "2026-04-01"], "'--to'"),
        (["report", "--from", "someday"], "'--from'"),
        (["ledger", "seekers"], "--as-of"),
        (["ledger", "annual", "--year", "1999"], "--year"),
        (["ledger", "seekers", "--as-of", "2026-04-01T00:00", "--known-at", "nope"], "known-at"),
    ],
)
def test_bad_input_is_refused_with_the_option_named_and_nothing_written(
    demo: Path, args: list[str], message: str
) -> None:
    before = digest(demo)
    code, _, err = pipeline(demo, *args)
    assert code == 2 and message in err and "Traceback" not in err
    assert digest(demo) == before
