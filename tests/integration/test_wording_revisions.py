"""The wording of messages is part of what the policies decide, so it follows the rules
revision of the configuration in force: a history written with revision 2's wording (doubled
honorifics, signed with the login id) verifies after the wording changed, and a store that
moves to revision 3 writes the new wording from then on, both verified."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pipeline import FixedClock, Pipeline
from pipeline.audit import verify
from policies import PolicyConfig, standard_policies
from tests.conftest import START

DIRECTORY = {
    "agency_name": "株式会社サンプルキャリア",
    "advisors": {"sato": {"name": "佐藤 花子", "phone": "03-1234-5678"}},
}


def silent_with_a_keen_employer(app: Pipeline, clock: FixedClock, ref: str) -> str:
    """A candidate whose employer wants to hire goes silent; the stall message's body."""
    app.register_candidate("山田 太郎", email=f"{ref}@example.jp", advisor="sato", ref=ref)
    app.record_first_meeting(
        ref, desired_roles=["経理"], desired_salary=4_000_000, reasons="r", duration_minutes=60
    )
    a1 = app.propose_job(ref, employer="アオバ物流株式会社", job_title="経理", role="経理",
                         salary=4_200_000, employer_contact="総務部 佐藤様")  # fmt: skip
    app.submit_application(ref, a1)
    app.record_employer_move(ref, a1, move="interview_requested")
    app.record_outbound_contact(ref, channel="email")
    clock.advance(timedelta(days=3))
    app.tick()
    [stall] = [m for m in app.outbox(due_by=None) if m.ref == ref and m.kind == "stall"]
    return stall.body


def test_a_revision_2_history_verifies_and_revision_3_writes_the_new_wording(
    tmp_path: Path,
) -> None:
    path, clock = str(tmp_path / "s.db"), FixedClock(START)
    old = Pipeline(path, standard_policies(PolicyConfig(rules_revision=2)), clock=clock)
    old_body = silent_with_a_keen_employer(old, clock, "C-OLD")
    old.close()
    assert "総務部 佐藤様 様" in old_body and "キャリアアドバイザー satoです" in old_body

    clock.advance(timedelta(hours=1))
    new = Pipeline(path, standard_policies(PolicyConfig.model_validate(DIRECTORY)), clock=clock)
    new_body = silent_with_a_keen_employer(new, clock, "C-NEW")
    assert "様 様" not in new_body and "総務部 佐藤様\n" in new_body
    assert "株式会社サンプルキャリアの佐藤 花子です" in new_body
    assert new_body.rstrip().endswith("TEL: 03-1234-5678")

    report = verify(new)
    new.close()
    assert report.ok, [d.line() for d in report.discrepancies]
    assert report.configurations == 2
    assert report.decisions > 10
