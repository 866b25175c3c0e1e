"""The latest step of each cadence, kept on the candidate by its events (`latest_steps`).

The policies find their next step from it instead of scanning every task and message; it must
say exactly what that scan said, and a snapshot taken before the candidate kept it must get
it back from its tasks and messages.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from pipeline import rules
from pipeline.app.runner import PolicyRunner
from pipeline.candidate import Candidate, cadence_step
from policies import PolicyConfig, standard_policies
from tests.unit.test_outreach_days import SILENT_AT, meta, silent_candidate


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (
            "outreach-call:2026-04-04T01:00:00+00:00:2026-04-05",
            ("outreach-call:2026-04-04T01:00:00+00:00", "2026-04-05"),
        ),
        ("stall:2026-04-04T01:00:00+00:00:A1:12", ("stall:2026-04-04T01:00:00+00:00:A1", "12")),
        ("stall:S:A1:0", ("stall:S:A1", "0")),
        ("check-in:2026-04-09T01:00:00+00:00", None),  # a moment, not a step of a cadence
        ("thank-you:first-meeting", None),
        ("stall:S:A1:07", None),
    ],
)
def test_a_cadence_step_ends_in_a_day_or_a_count(
    step: str, expected: tuple[str, str] | None
) -> None:
    assert cadence_step(step) == expected


def scanned(candidate: Candidate, prefix: str) -> str | None:
    """The latest step of a cadence as the policies used to find it: by scanning."""
    steps = [item["step"] for item in [*candidate.tasks.values(), *candidate.messages.values()]]
    keys = [step[len(prefix) + 1 :] for step in steps if step.startswith(prefix + ":")]
    return max(keys, key=lambda key: (len(key), key), default=None)


def outreach_for(days: int) -> Candidate:
    """A silent candidate with an employer who wants to hire, ticked every day for `days`."""
    candidate = silent_candidate()
    at = meta(SILENT_AT - timedelta(days=1))
    candidate.record(
        Candidate.JobProposed,
        at,
        application_id="A1",
        employer="Acme",
        job_title="Dev",
        role=None,
        salary=None,
        employer_contact=None,
    )
    rules.change_application(candidate, at, "A1", "submit")
    candidate.record(Candidate.HiringIntentMarked, at, application_id="A1")
    runner = PolicyRunner(standard_policies(PolicyConfig()), "c0ffee", lambda: SILENT_AT)
    for day in range(days):
        runner.run_due(candidate, SILENT_AT + timedelta(days=day, hours=1))
    return candidate


def test_the_latest_steps_are_what_scanning_every_task_and_message_finds() -> None:
    candidate = outreach_for(24)
    assert {cadence.split(":")[0] for cadence in candidate.latest_steps} == {
        "outreach-call",
        "outreach-email",
        "stall",
    }
    for cadence, key in candidate.latest_steps.items():
        assert scanned(candidate, cadence) == key, cadence
    series = SILENT_AT.isoformat()
    assert (
        candidate.latest_steps[f"outreach-call:{series}"]
        == (SILENT_AT + timedelta(days=23)).date().isoformat()
    )


def test_a_version_3_snapshot_gets_the_latest_steps_back_from_its_tasks_and_messages() -> None:
    candidate = outreach_for(10)
    state = {k: v for k, v in vars(candidate).items() if k != "latest_steps"}
    Candidate.upcast_v3_v4(state)
    assert state["latest_steps"] == candidate.latest_steps
