"""A candidate whose state grows: repeated silences, with their tasks and messages piling up.

One cycle of this candidate's life, as the agency lives it: an email that expects a reply, no
answer, silence detected after three days, the daily outreach (a call task a day, an email
every three days, the employer who wants to hire told "final arrangements" every week), then
a reply, the call-back task done, and the same again. Every task and message stays in the
candidate's state, so the state grows with the history: the shape on which a cost that scans
the state instead of following the change shows up.
"""

from __future__ import annotations

from pipeline import FixedClock, Pipeline
from policies import PolicyConfig

SILENCE_DAYS = PolicyConfig().silence_days  # the bench's policies are the standard ones
SILENT_DAYS = 6  # days of outreach in each cycle before the candidate replies


def start(app: Pipeline, ref: str) -> None:
    """Register the candidate, with an application an employer wants to hire from."""
    app.register_candidate(
        f"候補者 {ref}", email=f"{ref.lower()}@example.jp", phone="090-1111-2222",
        advisor="adv1", ref=ref,
    )  # fmt: skip
    app.record_first_meeting(
        ref, desired_roles=["data engineer"], desired_salary=7_000_000, reasons="成長",
        duration_minutes=60,
    )  # fmt: skip
    app.propose_job(ref, employer="株式会社サンプル", job_title="データエンジニア",
                    role="data engineer", salary=7_500_000)  # fmt: skip
    app.submit_application(ref, "A1")
    app.record_employer_move(ref, "A1", move="interview_requested")
    app.mark_hiring_intent(ref, "A1")


def cycle(app: Pipeline, clock: FixedClock, ref: str) -> None:
    """One silence and its end: ticked every morning, then a reply and the call-back done."""
    clock.advance(hours=1)
    app.record_outbound_contact(ref, channel="email", outcome="sent")
    for _ in range(SILENCE_DAYS + SILENT_DAYS):
        clock.advance(days=1)
        app.tick()
    clock.advance(hours=3)
    app.record_reply(ref, channel="phone", note="ご連絡が遅くなりました")
    candidate = app.get_candidate(ref)
    for task in candidate.tasks.values():
        if task["status"] == "open" and task["kind"] == "call_back":
            app.complete_task(ref, task["id"])


def grow(app: Pipeline, clock: FixedClock, ref: str, events: int) -> int:
    """Make candidate `ref` with at least `events` events; returns its version."""
    start(app, ref)
    while (version := app.get_candidate(ref).version) < events:
        cycle(app, clock, ref)
    return version
