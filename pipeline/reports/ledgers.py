"""The statutory ledgers, projected from the candidates' stories (story.py).

求職管理簿 (the seeker ledger): every seeker received by the date, with the desired
occupation, each introduction (the day the application went to the employer, and to whom)
and its result, the outcome, and how long the record is kept (two years after completion).
職業紹介事業報告書 (the yearly report): for the fiscal year 4/1–3/31, the new seekers, the
introductions and the placements, by occupation where it is known. A job merely proposed to
the candidate is not an introduction: the law counts the seeker introduced to the employer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from pipeline.reports.models import Introduction, OccupationCounts, SeekerRow
from pipeline.reports.period import Window, day_of
from pipeline.reports.story import Job, Story

RESULTS = {"accepted": "placed", "rejected": "rejected", "declined": "declined"}
KEEP_YEARS = 2


def occupation(story: Story) -> str | None:
    return story.desired_roles[0] if story.desired_roles else None


def result(job: Job) -> str:
    if job.state in RESULTS:
        return RESULTS[job.state]
    return "withdrawn" if job.state == "withdrawn" else "in_selection"


def introductions(story: Story, zone: ZoneInfo) -> list[Introduction]:
    made = [job for job in story.jobs.values() if job.submitted_at is not None]
    return [
        Introduction(
            application_id=job.id,
            on=job.submitted_at.astimezone(zone).date(),  # type: ignore[union-attr]
            employer=job.employer,
            job_title=job.job_title,
            occupation=job.role,
            result=result(job),
        )
        for job in sorted(made, key=lambda j: (j.submitted_at, j.id))
    ]


def keep_until(completed: date | None) -> date | None:
    if completed is None:
        return None
    try:
        return completed.replace(year=completed.year + KEEP_YEARS)
    except ValueError:  # February 29
        return completed.replace(year=completed.year + KEEP_YEARS, day=28)


def seeker_row(story: Story, zone: ZoneInfo) -> SeekerRow:
    ended = story.stage if story.stage in ("placed", "withdrawn", "closed_unreachable") else None
    placed = [j for j in story.jobs.values() if j.state == "accepted"]
    completed = day_of(story.ended_at, zone) if ended else None
    return SeekerRow(
        ref=story.ref,
        received_on=day_of(story.registered_at, zone),
        name=story.name,
        desired_occupation=occupation(story),
        introductions=introductions(story, zone),
        outcome=ended or "active",
        placed_with=placed[0].employer if ended == "placed" and placed else None,
        completed_on=completed,
        keep_until=keep_until(completed),
    )


def seeker_rows(stories: Sequence[Story], zone: ZoneInfo) -> list[SeekerRow]:
    rows = [seeker_row(s, zone) for s in stories]
    return sorted(rows, key=lambda r: (r.received_on, r.ref))


def occupation_counts(stories: Sequence[Story], year: Window) -> list[OccupationCounts]:
    seekers: Counter[str | None] = Counter()
    introduced: Counter[str | None] = Counter()
    placed: Counter[str | None] = Counter()
    for story in stories:
        if year.holds(story.registered_at):
            seekers[occupation(story)] += 1
        for job in story.jobs.values():
            if year.holds(job.submitted_at):
                introduced[job.role] += 1
            if job.state == "accepted" and year.holds(job.finished_at):
                placed[job.role] += 1
    known = sorted({*seekers, *introduced, *placed} - {None}, key=str)
    kinds = [*known, None] if None in {*seekers, *introduced, *placed} else known
    return [
        OccupationCounts(
            occupation=kind,
            new_seekers=seekers[kind],
            introductions=introduced[kind],
            placements=placed[kind],
        )
        for kind in kinds
    ]
