"""Every table stays readable down to 40 columns (nothing cut, no column dropped: the rows
become records), and output into a pipe is not wrapped at all (one line a row, for cron)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from cli.story import END
from tests.e2e.cli_support import at_clock, make_demo, run, squash, widest_line

TABLES = [
    ["list"],
    ["tasks", "--status", "all"],
    ["outbox", "--status", "all"],
    ["timeline", "DEMO-001"],
    ["show", "DEMO-001"],
    ["report"],
    ["ledger", "seekers", "--as-of", "2026-05-06"],
    ["ledger", "annual", "--year", "2026"],
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store, _ = make_demo(tmp_path_factory.mktemp("layout"))
    return store


def pipeline(demo: Path, lang: str, args: list[str], **env: str | None) -> Result:
    result = run(["--db", str(demo), "--lang", lang, *args], at_clock(END), **env)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("args", TABLES, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("width", [40, 60, 80])
def test_every_table_fits_the_width_and_keeps_every_word(
    demo: Path, lang: str, args: list[str], width: int
) -> None:
    narrow = pipeline(demo, lang, args, COLUMNS=str(width)).stdout
    unwrapped = pipeline(demo, lang, args, COLUMNS=None).stdout
    assert widest_line(narrow) <= width
    for name in ("DEMO-001", "山田太郎"):
        if name in squash(unwrapped):
            assert name in squash(narrow)  # names never vanish
    assert "…" not in narrow  # nothing cut short


def test_at_40_columns_a_list_row_is_a_record_that_names_each_value(demo: Path) -> None:
    out = pipeline(demo, "en", ["list"], COLUMNS="40").stdout
    assert out.splitlines()[:3] == [
        "DEMO-001  山田 太郎",
        "  stage / contact: offered / responsive",
        "  risk: low",
    ]


def test_into_a_pipe_rows_and_the_tick_summary_are_one_line_each(
    demo: Path, tmp_path: Path
) -> None:
    listed = pipeline(demo, "en", ["list"], COLUMNS=None).stdout.splitlines()
    assert listed[2].split() == [
        "DEMO-001", "山田", "太郎", "offered", "/", "responsive", "low", "2026-05-06", "17:00",
        "sato",
    ]  # fmt: skip
    assert len(listed) == 4  # heading, rule, two candidates
    messages = pipeline(demo, "ja", ["outbox", "--status", "all"], COLUMNS=None).stdout
    assert all("ありがとうございました" in line for line in messages.splitlines()[2:4])
    store = str(tmp_path / "p.db")
    run(["--db", store, "add", "A", "--email", "a@example.jp", "--ref", "C-1"], at_clock(END))
    run(["--db", store, "contact", "C-1", "--channel", "email"], at_clock(END))
    ticked = run(["--db", store, "--lang", "ja", "tick"], at_clock(END.replace(day=9)),
                 COLUMNS=None).stdout  # fmt: skip
    summary, *changes = ticked.splitlines()
    assert summary.startswith("tick ") and summary.endswith("タスク 1件")  # not wrapped
    assert changes == ["  C-1 contact awaiting_reply → silent"]
