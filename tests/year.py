"""A generated year of an agency, told through the public API on a fixed clock and a seed.

Fiscal year 2026 (2026-04-01 – 2027-03-31): four candidates a month for three advisors, plus
two registered in March 2026 (the fiscal year before) and the story runs on to the end of
April 2027, so the yearly report has boundaries to respect. Each candidate follows one of a
few paths (placed smoothly, silent and back on some day of outreach, lost and closed as
unreachable, withdrawn, rejected), with replies sometimes logged the next morning (back-dated:
`as_of` and `known_at` differ). `tick` runs every day at 10:00 and the outbox is delivered at
12:00, as the demo does. Same seed, same store, event for event.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pipeline import FixedClock, Pipeline, PipelineError
from policies import PolicyConfig, standard_policies

JST = ZoneInfo("Asia/Tokyo")
SEED = 18
FIRST_DAY, LAST_DAY = date(2026, 3, 9), date(2027, 4, 30)
ADVISORS = ("sato", "tanaka", "kimura")
ROLES = ("営業", "経理", "バックエンドエンジニア", "人事", "一般事務")
EMPLOYERS = (
    "株式会社ミライテック",
    "アオバ物流株式会社",
    "サンプル商事株式会社",
    "北斗精機株式会社",
)
PATHS = (("placed", 4), ("recovered", 4), ("lost", 2), ("withdrawn", 1), ("rejected", 2))
Action = Callable[[Pipeline], Any]


@dataclass
class Script:
    """One candidate's steps: (moment, method, args, kwargs)."""

    ref: str
    start: datetime
    steps: list[tuple[datetime, str, tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)

    def at(self, day: float, method: str, *args: Any, **kwargs: Any) -> None:
        self.steps.append((self.start + timedelta(days=day), method, args, kwargs))


def registration_days(rng: random.Random) -> list[date]:
    days = [date(2026, 3, 9), date(2026, 3, 23)]
    for month in range(12):
        year, number = 2026 + (month + 3) // 12, (month + 3) % 12 + 1
        days += sorted(date(year, number, rng.randint(1, 26)) for _ in range(4))
    return days


def script(number: int, day: date, rng: random.Random) -> Script:
    ref = f"Y-{number:03d}"
    start = datetime.combine(day, time(10, 30), JST)
    story = Script(ref, start)
    role = rng.choice(ROLES)
    story.at(
        0,
        "register_candidate",
        f"候補者 {number:03d}",
        ref=ref,
        advisor=ADVISORS[number % 3],
        email=f"y{number:03d}@example.jp",
        phone="090-0000-0000",
    )
    roles = [] if rng.random() < 0.15 else [role]
    story.at(
        1,
        "record_first_meeting",
        ref,
        desired_roles=roles,
        desired_salary=5_000_000,
        duration_minutes=rng.choice((30, 60, 60)),
    )
    job_role = None if rng.random() < 0.1 else (role if rng.random() < 0.8 else rng.choice(ROLES))
    story.at(
        3,
        "propose_job",
        ref,
        employer=rng.choice(EMPLOYERS),
        job_title=f"{role}職",
        role=job_role,
        salary=5_200_000,
    )
    story.at(3.1, "record_outbound_contact", ref, channel="phone", outcome="reached")
    path = rng.choices([p for p, _ in PATHS], weights=[w for _, w in PATHS])[0]
    PATH_STEPS[path](story, rng)
    return story


def placed(story: Script, rng: random.Random) -> None:
    ref = story.ref
    story.at(4, "submit_application", ref, "A1")
    story.at(6, "record_employer_move", ref, "A1", move="screening_passed")
    story.at(6.1, "record_outbound_contact", ref, channel="email", note="書類選考通過のご連絡")
    story.at(6.1 + rng.randint(1, 40) / 24, "record_reply", ref, channel="email")
    story.at(9, "record_employer_move", ref, "A1", move="interview_requested")
    story.at(9.1, "record_outbound_contact", ref, channel="phone", outcome="reached")
    story.at(9.2, "confirm_interview", ref, "A1", round=1)
    story.at(12, "record_employer_move", ref, "A1", move="offer_made")
    story.at(12.1, "record_outbound_contact", ref, channel="phone", outcome="reached")
    story.at(13, "accept_offer", ref, "A1")


def recovered(story: Script, rng: random.Random) -> None:
    ref, late = story.ref, rng.randint(4, 24)
    story.at(4, "submit_application", ref, "A1")
    story.at(6, "record_employer_move", ref, "A1", move="interview_requested")
    story.at(6.1, "record_outbound_contact", ref, channel="email", note="面接日程のご相談")
    if rng.random() < 0.5:  # logged by the advisor the next morning, dated when it came
        story.at(
            6.4 + late + 0.6,
            "record_reply",
            ref,
            channel="phone",
            at=story.start + timedelta(days=6.4 + late),
        )
    else:
        story.at(6.4 + late, "record_reply", ref, channel="phone")
    story.at(7.5 + late, "record_outbound_contact", ref, channel="phone", outcome="reached")
    story.at(7.6 + late, "confirm_interview", ref, "A1", round=1)
    if rng.random() < 0.5:
        story.at(10 + late, "record_employer_move", ref, "A1", move="offer_made")
        story.at(10.1 + late, "record_outbound_contact", ref, channel="phone", outcome="reached")
        story.at(11 + late, "accept_offer", ref, "A1")
    else:
        story.at(10 + late, "record_employer_move", ref, "A1", move="rejected")


def lost(story: Script, rng: random.Random) -> None:
    story.at(4, "submit_application", story.ref, "A1")
    story.at(5, "record_employer_move", story.ref, "A1", move="screening_passed")
    story.at(5.1, "record_outbound_contact", story.ref, channel="email", note="面接のご案内")


def withdrawn(story: Script, rng: random.Random) -> None:
    story.at(5, "withdraw", story.ref, reason="他社で決まったため")


def rejected(story: Script, rng: random.Random) -> None:
    story.at(4, "submit_application", story.ref, "A1")
    story.at(4.1, "record_outbound_contact", story.ref, channel="phone", outcome="reached")
    story.at(8, "record_employer_move", story.ref, "A1", move="rejected")


PATH_STEPS: dict[str, Callable[[Script, random.Random], None]] = {
    "placed": placed,
    "recovered": recovered,
    "lost": lost,
    "withdrawn": withdrawn,
    "rejected": rejected,
}


def deliver(app: Pipeline) -> None:
    now = app.clock.now()
    for message in app.outbox("queued"):
        if message.due_at <= now:
            app.mark_message(message.ref, message.id, status="sent")


def schedule(seed: int = SEED) -> list[tuple[datetime, Action]]:
    rng = random.Random(seed)
    steps: list[tuple[datetime, Action]] = []
    for number, day in enumerate(registration_days(rng), 1):
        for moment, method, args, kwargs in script(number, day, rng).steps:
            steps.append((moment, _call(method, args, kwargs)))
    for offset in range((LAST_DAY - FIRST_DAY).days + 1):
        day = FIRST_DAY + timedelta(days=offset)
        steps.append((datetime.combine(day, time(10), JST), lambda app: app.tick()))
        steps.append((datetime.combine(day, time(12), JST), deliver))
    return sorted(steps, key=lambda s: s[0])


def _call(method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Action:
    return lambda app: getattr(app, method)(*args, **kwargs)


def write_year(store: str, seed: int = SEED, until: datetime | None = None) -> tuple[Pipeline, int]:
    """The year in `store` (up to `until`, if given); the application (its clock at the end)
    and how many of the advisors' steps the pipeline refused."""
    clock = FixedClock(datetime.combine(FIRST_DAY, time(9), JST))
    app = Pipeline(store, standard_policies(PolicyConfig()), clock, language="ja")
    refused = 0
    for moment, action in schedule(seed):
        if until is not None and moment > until:
            break
        clock.set(moment)
        try:
            action(app)
        except PipelineError:
            refused += 1
    return app, refused
