"""The realistic command mix the throughput sections replay, and the clock they run on.

One candidate's life in an agency, as advisors record it: registration, a first meeting
(every third one too short, so R1 raises a risk), two job introductions (every other second
one below the desired salary, so R2 raises a risk), an email awaiting a reply and the reply,
an application the employer likes (screening, interview, confirmation, offer), interview
preparation (R3), a phone call that reaches the candidate, and the thank-you marked sent.
Commands are issued round by round across all candidates, as a busy day interleaves them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import uuid5

from pipeline import FixedClock, Pipeline
from pipeline.candidate import candidate_id_for

JST = timezone(timedelta(hours=9))
START = datetime(2026, 4, 1, 9, 0, tzinfo=JST)

Step = Callable[[Pipeline, int], Any]


def ref_for(index: int) -> str:
    return f"B{index:07d}"


def register(app: Pipeline, i: int) -> Any:
    return app.register_candidate(
        f"候補者 {i}",
        email=f"candidate{i}@example.jp",
        phone=f"090-{i % 10000:04d}-{(i * 7) % 10000:04d}",
        advisor=f"adv{i % 7}",
        ref=ref_for(i),
    )


def first_meeting(app: Pipeline, i: int) -> Any:
    app.record_first_meeting(
        ref_for(i),
        desired_roles=["backend engineer", "data engineer"],
        desired_salary=6_000_000,
        reasons="今の職場では裁量が小さく、設計から関わりたい",
        duration_minutes=30 if i % 3 == 0 else 60,
    )


def introduce(employer: str, salary: Callable[[int], int]) -> Step:
    def step(app: Pipeline, i: int) -> Any:
        return app.propose_job(
            ref_for(i),
            employer=employer,
            job_title="バックエンドエンジニア",
            role="backend engineer",
            salary=salary(i),
            employer_contact="採用ご担当 山田様 <yamada@example.co.jp>",
        )

    return step


def thank_you_sent(app: Pipeline, i: int) -> Any:
    """Mark the thank-you sent; its id derives from its step, as `Candidate.message_id_for`."""
    message_id = str(uuid5(candidate_id_for(ref_for(i)), "thank-you:first-meeting"))
    app.mark_message(ref_for(i), message_id, status="sent")


MIX: tuple[Step, ...] = (
    register,
    first_meeting,
    introduce("株式会社サンプル", lambda i: 6_500_000),
    introduce("合同会社テスト", lambda i: 5_000_000 if i % 2 else 6_200_000),
    lambda app, i: app.record_outbound_contact(ref_for(i), channel="email", outcome="sent"),
    lambda app, i: app.record_reply(ref_for(i), channel="email", note="ご連絡ありがとうございます"),
    lambda app, i: app.submit_application(ref_for(i), "A1"),
    lambda app, i: app.record_employer_move(ref_for(i), "A1", move="screening_passed"),
    lambda app, i: app.record_employer_move(ref_for(i), "A1", move="interview_requested"),
    lambda app, i: app.confirm_interview(ref_for(i), "A1"),
    lambda app, i: app.record_interview_prep(ref_for(i), note="逆質問を準備しましょう"),
    lambda app, i: app.record_outbound_contact(ref_for(i), channel="phone", outcome="reached"),
    thank_you_sent,
    lambda app, i: app.record_employer_move(ref_for(i), "A1", move="offer_made"),
)


def commands(candidates: int, first: int = 0) -> Iterator[tuple[Step, int]]:
    """Every step of the mix for candidates `first`, `first + 1`…, round by round."""
    for step in MIX:
        for i in range(first, first + candidates):
            yield step, i


def run_mix(app: Pipeline, clock: FixedClock, candidates: int, first: int = 0) -> int:
    """Issue the whole mix through `app`, the clock moving a minute per command; commands run."""
    count = 0
    for step, i in commands(candidates, first):
        clock.advance(minutes=1)
        step(app, i)
        count += 1
    return count
