"""Decisions are re-run with the configuration they cite, rebuilt from the configuration log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from pipeline import BasePolicy, Candidate, FixedClock, On, Pipeline
from pipeline.audit import verify
from pipeline.policy import CreateTask, Decision
from policies import PolicyConfig, standard_policies
from tests.audit_story import forge, versions_where
from tests.conftest import START


class WelcomeCall(BasePolicy):
    """A task to call every new candidate. It cannot be rebuilt from its settings: it takes
    a title, does not record it, and keeps `BasePolicy.from_settings` (which calls `cls()`)."""

    name = "welcome_call"
    attached_to = (On("Registered"),)

    def __init__(self, title: str) -> None:
        self.title = title

    def on_event(self, candidate: Candidate, event: Candidate.Event) -> Sequence[Decision]:
        return [
            CreateTask(
                step="welcome",
                kind="follow_up",
                title=f"{self.title} {candidate.name}",
                due_on=event.occurred_at.date().isoformat(),
                advisor=candidate.advisor,
                reason="every new candidate gets a call",
            )
        ]


class RebuildableWelcomeCall(WelcomeCall):
    name = "rebuildable_welcome_call"

    def __init__(self) -> None:
        super().__init__("Welcome")


def register_two(app: Pipeline) -> None:
    for ref in ("C-ONE", "C-TWO"):
        app.register_candidate(f"name {ref}", email=f"{ref}@example.jp", ref=ref)
        app.record_first_meeting(
            ref,
            desired_roles=["sales"],
            desired_salary=5_000_000,
            reasons="move",
            duration_minutes=60,
        )


def test_a_policy_its_settings_cannot_rebuild_is_reported_and_its_decisions_unverified(
    tmp_path: Path,
) -> None:
    app = Pipeline(str(tmp_path / "s.db"), policies=[WelcomeCall("Hello")], clock=FixedClock(START))
    register_two(app)
    report = verify(app)
    app.close()
    problems = [d for d in report.discrepancies if d.check == "configuration"]
    assert len(problems) == 1
    assert "welcome_call" in problems[0].message
    assert "refuses its recorded settings" in problems[0].message
    assert report.unverified == 2


def test_any_policy_with_from_settings_is_rebuilt_and_reproduced(tmp_path: Path) -> None:
    policies = [RebuildableWelcomeCall(), *standard_policies(PolicyConfig())]
    app = Pipeline(str(tmp_path / "s.db"), policies=policies, clock=FixedClock(START))
    register_two(app)
    report = verify(app)
    app.close()
    assert report.ok, [d.line() for d in report.discrepancies]
    assert report.decisions >= 4
    assert report.unverified == 0


def test_decisions_are_reproduced_with_the_configuration_in_force_when_they_were_made(
    tmp_path: Path,
) -> None:
    path, clock = tmp_path / "s.db", FixedClock(START)
    first = Pipeline(str(path), standard_policies(PolicyConfig()), clock=clock)
    first.register_candidate("before", email="a@example.jp", ref="C-BEFORE")
    first.record_first_meeting(
        "C-BEFORE", desired_roles=["x"], desired_salary=1, reasons="r", duration_minutes=60
    )
    first.close()
    clock.advance(timedelta(hours=1))
    second = Pipeline(
        str(path), standard_policies(PolicyConfig(thank_you_after_days=3)), clock=clock
    )
    second.register_candidate("after", email="b@example.jp", ref="C-AFTER")
    second.record_first_meeting(
        "C-AFTER", desired_roles=["x"], desired_salary=1, reasons="r", duration_minutes=60
    )
    report = verify(second)
    assert report.ok, [d.line() for d in report.discrepancies]
    assert report.configurations == 2
    before = second.timeline("C-BEFORE")[3]
    after = second.timeline("C-AFTER")[3]
    assert before.config != after.config
    second.close()

    (thanks,) = versions_where(path, "C-AFTER", "MessageQueued", policy="thank_you")
    forge(path, "C-AFTER", thanks, lambda event: {"config": before.config})
    reopened = Pipeline(str(path), standard_policies(PolicyConfig()), clock=clock)
    forged = verify(reopened)
    reopened.close()
    [message] = [d.message for d in forged.discrepancies if d.check == "decision"]
    assert "due_at recorded" in message


def test_a_store_written_with_and_without_policies_verifies(tmp_path: Path) -> None:
    path, clock = tmp_path / "s.db", FixedClock(START)
    bare = Pipeline(str(path), clock=clock)
    bare.register_candidate("no policies", email="c@example.jp", ref="C-BARE")
    bare.record_first_meeting(
        "C-BARE", desired_roles=["x"], desired_salary=1, reasons="r", duration_minutes=10
    )
    bare.close()
    clock.advance(timedelta(minutes=5))
    standard = Pipeline(str(path), standard_policies(PolicyConfig()), clock=clock)
    standard.register_candidate("with policies", email="d@example.jp", ref="C-STD")
    standard.record_first_meeting(
        "C-STD", desired_roles=["x"], desired_salary=1, reasons="r", duration_minutes=10
    )
    report = verify(standard)
    standard.close()
    assert report.ok, [d.line() for d in report.discrepancies]
    assert report.decisions > 0
