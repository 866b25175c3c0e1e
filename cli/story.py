"""The article's story as data: what the advisor, the candidates and the employers do, when.

Told through the public API only (`Pipeline` methods; the standard policies decide the rest)
on a fixed clock, so every run writes the same store. Besides the dated steps, three routines
run every day: `tick` at 10:00, the outbox delivery at 12:00 (the embedding system marks what
it sent), and at 18:00 the advisor makes the calls on the task list, leaving a missed call.

DEMO-001 山田 太郎 goes silent after the employer asks for a second interview; the policies
pause the application, tell the employer "最終調整", set daily calls and an email every third
day; he replies on day 9, the selection resumes and ends in an offer. DEMO-002 鈴木 花子 never
replies and is closed as unreachable 30 days after her silence began.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from pipeline import Pipeline

Action = Callable[["Pipeline"], Any]
JST = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 4, 1, 10, 0, tzinfo=JST)
END = datetime(2026, 5, 6, 10, 0, tzinfo=JST)
TARO, HANAKO = "DEMO-001", "DEMO-002"
# The agency of the story, as its messages are signed (PolicyConfig's directory fields).
AGENCY = {
    "agency_name": "サンプルキャリア株式会社",
    "agency_email": "info@career.example.jp",
    "advisors": {
        "sato": {"name": "佐藤 健", "email": "sato@career.example.jp", "phone": "03-1234-5678"}
    },
}
MIRAI = {"employer": "株式会社ミライテック", "employer_contact": "人事部 田中様"}
AOBA = {"employer": "アオバ物流株式会社", "employer_contact": "総務部 佐藤様"}


def step(when: str, method: str, *args: Any, **kwargs: Any) -> tuple[str, Action]:
    """At `when` (MM-DD HH:MM, Japan time), call the `Pipeline` method `method`."""
    return when, lambda app: getattr(app, method)(*args, **kwargs)


def finish(ref: str, kind: str) -> Action:
    """The advisor marks the candidate's open tasks of `kind` done."""

    def done(app: Pipeline) -> None:
        for task in app.tasks():
            if task.ref == ref and task.kind == kind:
                app.complete_task(ref, task.id)

    return done


CONTACT, REPLY = "record_outbound_contact", "record_reply"
# fmt: off
STORY: list[tuple[str, Action]] = [
    step("04-01 10:00", "register_candidate", "山田 太郎", ref=TARO, advisor="sato",
         email="taro.yamada@example.com", phone="090-1234-5678"),
    step("04-01 11:00", "register_candidate", "鈴木 花子", ref=HANAKO, advisor="sato",
         email="hanako.suzuki@example.com", phone="080-8765-4321"),
    # 鈴木 花子: a short first meeting (R1), one job, quick interest from the employer
    step("04-01 13:00", "record_first_meeting", HANAKO, desired_roles=["経理"],
         desired_salary=4_000_000, duration_minutes=40),
    step("04-02 15:00", "propose_job", HANAKO, **AOBA, job_title="経理スタッフ", role="経理",
         salary=4_200_000),
    step("04-02 15:30", CONTACT, HANAKO, channel="phone", outcome="reached",
         note="求人のご説明と、面談で伺えなかった転職理由のヒアリング"),
    ("04-02 15:35", finish(HANAKO, "follow_up")),
    step("04-02 16:00", "submit_application", HANAKO, "A1"),
    step("04-02 17:00", "record_employer_move", HANAKO, "A1", move="screening_passed"),
    step("04-03 09:00", CONTACT, HANAKO, channel="email", note="書類選考通過と面接日程のご相談"),
    # 山田 太郎: a full first meeting, two introductions (one outside his wishes: R2)
    step("04-02 14:00", "record_first_meeting", TARO, desired_roles=["バックエンドエンジニア"],
         desired_salary=6_000_000, reasons="裁量を持ってサービス開発に関わりたい",
         duration_minutes=60),
    step("04-06 11:00", "propose_job", TARO, **MIRAI, job_title="バックエンドエンジニア",
         role="バックエンドエンジニア", salary=6_500_000),
    step("04-06 11:05", "propose_job", TARO, employer="サンプル商事株式会社",
         employer_contact="採用担当 高橋様", job_title="法人営業", role="法人営業",
         salary=4_500_000),
    step("04-06 11:30", CONTACT, TARO, channel="phone", outcome="reached",
         note="2件の求人と、A2をご紹介した理由をご説明"),
    ("04-06 11:35", finish(TARO, "follow_up")),
    step("04-07 19:00", REPLY, TARO, channel="email",
         note="A1に応募したい。A2は希望と違うので見送りたい"),
    step("04-08 09:30", "withdraw_application", TARO, "A2", reason="ご本人の希望と異なるため"),
    # resume review (R3), the application, a first interview
    step("04-08 15:00", "record_resume_feedback", TARO, note="職務経歴書: 実績を数字で示す"),
    step("04-08 15:30", CONTACT, TARO, channel="phone", outcome="reached",
         note="添削の意図と良かった点をお伝え"),
    ("04-08 15:35", finish(TARO, "follow_up")),
    step("04-09 11:00", "submit_application", TARO, "A1"),
    step("04-10 13:00", "record_employer_move", TARO, "A1", move="interview_requested"),
    step("04-10 14:00", CONTACT, TARO, channel="phone", outcome="reached",
         note="一次面接の日程調整"),
    step("04-10 14:10", "confirm_interview", TARO, "A1", round=1),
    # the employer wants a second interview; the advisor writes; no reply: silence
    step("04-14 17:00", "record_employer_move", TARO, "A1", move="interview_requested"),
    step("04-15 09:30", CONTACT, TARO, channel="email", note="二次面接の日程候補をご案内"),
    # day 9 of the outreach: he replies; the advisor calls back; the selection goes on
    step("04-27 11:00", REPLY, TARO, channel="phone",
         note="家族の入院で連絡できなかった。選考は続けたい"),
    step("04-27 16:00", CONTACT, TARO, channel="phone", outcome="reached",
         note="折り返し、二次面接の日程を確定"),
    ("04-27 16:05", finish(TARO, "call_back")),
    step("04-27 16:10", "confirm_interview", TARO, "A1", round=2),
    step("05-01 15:00", "record_employer_move", TARO, "A1", move="offer_made"),
    step("05-01 17:00", CONTACT, TARO, channel="phone", outcome="reached", note="内定のご連絡"),
]
# fmt: on


def tick(app: Pipeline) -> None:
    app.tick()


def deliver(app: Pipeline) -> None:
    """The embedding system's outbox run: everything due by now goes out and is marked sent."""
    for message in app.outbox():
        app.mark_message(message.ref, message.id, status="sent")


def make_calls(app: Pipeline) -> None:
    """The advisor works today's call list: one call each, leaving a missed call (R6)."""
    today = app.clock.now().astimezone(JST).date()
    refs = sorted({t.ref for t in app.tasks(due_on=today) if t.kind == "call"})
    for ref in refs:
        app.record_outbound_contact(ref, channel="phone", outcome="no_answer", note="着信を残す")


ROUTINE: list[tuple[time, Action]] = [(time(10), tick), (time(12), deliver), (time(18), make_calls)]


def at(when: str) -> datetime:
    """`MM-DD HH:MM` in 2026, Japan time."""
    return datetime.strptime(f"2026-{when}", "%Y-%m-%d %H:%M").replace(tzinfo=JST)


def days() -> list[date]:
    first = START.date()
    return [first + timedelta(days=n) for n in range((END.date() - first).days + 1)]


def schedule() -> list[tuple[datetime, Action]]:
    """Every step in time order; the story ends at END with the tick that closes DEMO-002."""
    steps = [(at(when), action) for when, action in STORY]
    steps += [(datetime.combine(d, t, JST), action) for d in days() for t, action in ROUTINE]
    return sorted((s for s in steps if START <= s[0] <= END), key=lambda s: s[0])
