"""Every command method refuses, at type-checking time, a misspelt keyword, a value of the
wrong type and a missing required argument.

Not run, only checked: `tests/unit/test_command_typing.py` runs mypy (strict, with
`--warn-unused-ignores`) on this file. Each line below must be an error of exactly the code in
its `ignore`; a line that stopped being an error would leave its `ignore` unused, which fails.
The last section is the same calls written correctly, which must check clean.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline import Pipeline

app = Pipeline(":memory:")
C = "C-TYPED1"
WHEN = datetime(2026, 4, 1, tzinfo=UTC)

# register_candidate
app.register_candidate("Ito", emial="ito@example.jp")  # type: ignore[call-arg]
app.register_candidate("Ito", email=42)  # type: ignore[arg-type]
app.register_candidate(email="ito@example.jp")  # type: ignore[call-arg]
# record_first_meeting
app.record_first_meeting(C, desired_role=["sales"])  # type: ignore[call-arg]
app.record_first_meeting(C, desired_salary="lots")  # type: ignore[arg-type]
app.record_first_meeting()  # type: ignore[call-arg]
# propose_job
app.propose_job(C, employer="Acme", job_titel="Sales")  # type: ignore[call-arg]
app.propose_job(C, employer="Acme", job_title="Sales", salary="high")  # type: ignore[arg-type]
app.propose_job(C, employer="Acme")  # type: ignore[call-arg]
# record_resume_feedback
app.record_resume_feedback(C, notes="tighten it")  # type: ignore[call-arg]
app.record_resume_feedback(C, note=3)  # type: ignore[arg-type]
app.record_resume_feedback()  # type: ignore[call-arg]
# record_interview_prep
app.record_interview_prep(C, notes="posture")  # type: ignore[call-arg]
app.record_interview_prep(C, note=3)  # type: ignore[arg-type]
app.record_interview_prep()  # type: ignore[call-arg]
# submit_application
app.submit_application(C, "A1", att=WHEN)  # type: ignore[call-arg]
app.submit_application(C, 1)  # type: ignore[arg-type]
app.submit_application(C)  # type: ignore[call-arg]
# record_employer_move
app.record_employer_move(C, "A1", mvoe="offer_made")  # type: ignore[call-arg]
app.record_employer_move(C, "A1", move="ghosted")  # type: ignore[arg-type]
app.record_employer_move(C, "A1")  # type: ignore[call-arg]
# confirm_interview
app.confirm_interview(C, "A1", rund=2)  # type: ignore[call-arg]
app.confirm_interview(C, "A1", round="2")  # type: ignore[arg-type]
app.confirm_interview(C)  # type: ignore[call-arg]
# accept_offer
app.accept_offer(C, "A1", actr="candidate")  # type: ignore[call-arg]
app.accept_offer(C, "A1", at="tomorrow")  # type: ignore[arg-type]
app.accept_offer(C)  # type: ignore[call-arg]
# decline_offer
app.decline_offer(C, "A1", reason="no")  # type: ignore[call-arg]
app.decline_offer(C, "A1", actor=7)  # type: ignore[arg-type]
app.decline_offer(C)  # type: ignore[call-arg]
# withdraw_application
app.withdraw_application(C, "A1", reasons="filled")  # type: ignore[call-arg]
app.withdraw_application(C, "A1", reason=0)  # type: ignore[arg-type]
app.withdraw_application(C)  # type: ignore[call-arg]
# mark_hiring_intent
app.mark_hiring_intent(C, "A1", intent=True)  # type: ignore[call-arg]
app.mark_hiring_intent(C, None)  # type: ignore[arg-type]
app.mark_hiring_intent(C)  # type: ignore[call-arg]
# pause_application
app.pause_application(C, "A1", reasn="hold")  # type: ignore[call-arg]
app.pause_application(C, "A1", reason=None)  # type: ignore[arg-type]
app.pause_application(C, "A1")  # type: ignore[call-arg]
# resume_application
app.resume_application(C, "A1", reason="go")  # type: ignore[call-arg]
app.resume_application(C, ["A1"])  # type: ignore[arg-type]
app.resume_application(C)  # type: ignore[call-arg]
# record_outbound_contact
app.record_outbound_contact(C, chanel="phone")  # type: ignore[call-arg]
app.record_outbound_contact(C, channel=42)  # type: ignore[arg-type]
app.record_outbound_contact(C)  # type: ignore[call-arg]
# record_reply
app.record_reply(C, chanel="email")  # type: ignore[call-arg]
app.record_reply(C, channel="pigeon")  # type: ignore[arg-type]
app.record_reply(C)  # type: ignore[call-arg]
# withdraw
app.withdraw(C, reasons="found a job")  # type: ignore[call-arg]
app.withdraw(C, reason=1)  # type: ignore[arg-type]
app.withdraw()  # type: ignore[call-arg]
# reopen
app.reopen(C, cause="back")  # type: ignore[call-arg]
app.reopen(12)  # type: ignore[arg-type]
app.reopen()  # type: ignore[call-arg]
# update_details
app.update_details(C, email=5)  # type: ignore[arg-type]
app.update_details(C, clear=["name"])  # type: ignore[list-item]
app.update_details()  # type: ignore[call-arg]

# mark_message
app.mark_message(C, "m1", stauts="sent")  # type: ignore[call-arg]
app.mark_message(C, "m1", status="delivered")  # type: ignore[arg-type]
app.mark_message(C, "m1")  # type: ignore[call-arg]
# claim_message
app.claim_message(C, "m1", relay="r1")  # type: ignore[call-arg]
app.claim_message(C, 5)  # type: ignore[arg-type]
app.claim_message(C)  # type: ignore[call-arg]
# record_delivery
app.record_delivery(C, "m1", outcom="sent", attempt=1)  # type: ignore[call-arg]
app.record_delivery(C, "m1", outcome="bounced", attempt=1)  # type: ignore[arg-type]
app.record_delivery(C, "m1")  # type: ignore[call-arg]
# record_opt_out
app.record_opt_out(C, chanel="email")  # type: ignore[call-arg]
app.record_opt_out(C, channel="fax")  # type: ignore[arg-type]
app.record_opt_out(C)  # type: ignore[call-arg]
# complete_task
app.complete_task(C, "t1", done=True)  # type: ignore[call-arg]
app.complete_task(C, 5)  # type: ignore[arg-type]
app.complete_task(C)  # type: ignore[call-arg]

# The results are typed too.
application_number: int = app.propose_job(C, employer="A", job_title="B")  # type: ignore[assignment]

# Written correctly, every call checks clean.
candidate_id = app.register_candidate("Ito", email="ito@example.jp", ref=C, at=WHEN)
app.record_first_meeting(C, desired_roles=["sales"], desired_salary=5_000_000, reasons="growth")
application: str = app.propose_job(C, employer="Acme", job_title="Sales", salary=5_500_000)
app.record_resume_feedback(C, note="tighten it")
app.record_interview_prep(C, note="posture")
app.submit_application(C, application)
app.record_employer_move(candidate_id, application, move="interview_requested")
app.confirm_interview(C, application, round=1)
app.accept_offer(C, application, actor="candidate")
app.decline_offer(C, application)
app.withdraw_application(C, application, reason="filled")
app.mark_hiring_intent(C, application)
app.pause_application(C, application, reason="hold")
app.resume_application(C, application)
app.record_outbound_contact(C, channel="phone", outcome="no_answer")
app.record_reply(C, channel="email", note="thanks")
app.withdraw(C, reason="found a job")
app.reopen(C, reason="a new search")
changed: dict[str, str | None] = app.update_details(C, email="new@example.jp", clear=["phone"])
app.mark_message(C, "m1", status="sent")
app.claim_message(C, "m1")
app.record_delivery(C, "m1", outcome="sent", attempt=1)
app.record_opt_out(C, channel="email", note="メールは不要とのこと")
app.complete_task(C, "t1")
