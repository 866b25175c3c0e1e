"""The reports on a generated year (tests/year.py): golden files, the same bytes on every run
and on an imported copy, and a past date unchanged by what was recorded after it.

The golden files in tests/golden/ were written by this code and read by a person; rewrite
them with PIPELINE_UPDATE_GOLDEN=1 when a change of the reports is meant.
"""

from __future__ import annotations

import io
import json
import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from pipeline import FixedClock, Pipeline
from pipeline.audit import export_events, import_events
from pipeline.reports import (
    annual_csv,
    annual_report,
    metrics_report,
    report_page,
    seeker_ledger,
    seekers_csv,
)
from policies import PolicyConfig, standard_policies
from tests.year import JST, write_year

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
END_OF_FY = datetime(2027, 3, 31, 23, 59, 59, tzinfo=JST)
ENDED = ("placed", "withdrawn", "closed_unreachable")
MIDYEAR = datetime.combine(datetime(2026, 10, 15).date(), time(9), JST)


def matches_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PIPELINE_UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == path.read_bytes(), f"{name} differs from the golden file"


def reports_of(app: Pipeline) -> dict[str, str]:
    """Every report of the year, as the bytes the commands print."""
    annual = annual_report(app, 2026, zone=JST)
    ledger = seeker_ledger(app, END_OF_FY, zone=JST)
    metrics = metrics_report(app, period_from=annual.period_from, period_to=annual.period_to)
    return {
        "ledger-annual-2026.csv": annual_csv(annual),
        "ledger-seekers-2027-03-31.csv": seekers_csv(ledger),
        "report-fy2026.json": json.dumps(metrics.model_dump(mode="json"), indent=2) + "\n",
        "report-fy2026.html": report_page(metrics, "ja"),
    }


@pytest.fixture(scope="module")
def year(year_db: Path) -> Pipeline:
    app = Pipeline(str(year_db), standard_policies(PolicyConfig()), FixedClock(END_OF_FY))
    yield app
    app.close()


def test_the_yearly_report_and_the_seeker_ledger_match_the_golden_files(year: Pipeline) -> None:
    made = reports_of(year)
    for name in ("ledger-annual-2026.csv", "ledger-seekers-2027-03-31.csv", "report-fy2026.json"):
        matches_golden(name, made[name])


def test_the_yearly_counts_agree_with_the_candidates_views(year: Pipeline) -> None:
    annual = annual_report(year, 2026, zone=JST)
    start = datetime(2026, 4, 1, tzinfo=JST)
    end = datetime(2027, 4, 1, tzinfo=JST)
    views = [year.candidate(c.ref) for c in year.candidates()]
    received = [v for v in views if v.registered_at and start <= v.registered_at < end]
    assert annual.new_seekers == len(received) == 48
    placed = [v for v in views if v.stage == "placed"]
    timelines = {v.ref: year.timeline(v.ref) for v in placed}
    accepted_in_year = [
        ref
        for ref, entries in timelines.items()
        for e in entries
        if any(c.dest == "accepted" for c in e.changes) and start <= e.occurred_at < end
    ]
    assert annual.placements == len(accepted_in_year) > 0
    assert sum(c.placements for c in annual.by_occupation) == annual.placements


def test_every_report_prints_the_same_bytes_twice_and_on_an_imported_copy(
    year: Pipeline, tmp_path: Path
) -> None:
    first, again = reports_of(year), reports_of(year)
    assert first == again
    exported = io.StringIO()
    export_events(year, exported)
    copy = Pipeline(
        str(tmp_path / "copy.db"), standard_policies(PolicyConfig()), FixedClock(END_OF_FY)
    )
    try:
        import_events(copy, exported.getvalue().splitlines())
        assert reports_of(copy) == first
    finally:
        copy.close()


def test_a_ledger_as_known_on_a_past_day_is_the_ledger_a_store_of_that_day_makes(
    year: Pipeline, tmp_path: Path
) -> None:
    then, _ = write_year(str(tmp_path / "then.db"), until=MIDYEAR)
    try:
        made_then = seekers_csv(seeker_ledger(then, MIDYEAR, zone=JST))
        annual_then = annual_csv(annual_report(then, 2026, zone=JST))
    finally:
        then.close()
    known = seeker_ledger(year, MIDYEAR, known_at=MIDYEAR, zone=JST)
    assert seekers_csv(known) == made_then
    assert annual_csv(annual_report(year, 2026, known_at=MIDYEAR, zone=JST)) == annual_then


def test_what_is_recorded_later_leaves_a_past_ledger_as_it_was(
    year_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "later.db"
    path.write_bytes(year_db.read_bytes())
    clock = FixedClock(END_OF_FY + timedelta(days=60))
    app = Pipeline(str(path), standard_policies(PolicyConfig()), clock)
    try:
        before = seekers_csv(seeker_ledger(app, END_OF_FY, zone=JST))
        app.register_candidate("後日 登録", ref="LATER-1", advisor="sato")
        working = [c.ref for c in app.candidates() if c.stage not in ENDED]
        app.record_reply(working[0], channel="email")
        app.withdraw(working[-1], reason="後日の辞退")
        assert seekers_csv(seeker_ledger(app, END_OF_FY, zone=JST)) == before
        assert seekers_csv(seeker_ledger(app, clock.now(), zone=JST)) != before
    finally:
        app.close()
