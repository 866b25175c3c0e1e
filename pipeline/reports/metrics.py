"""The agency's metrics, computed from candidates' stories (story.py), never from read models.

What belongs to a period: a silence by the moment it began, a wait for a reply by the moment
the contact was made, a closure by its date, the funnel's cohort by registration. A candidate
is active in a period when registered before it ends and not finished before it starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from statistics import mean, median
from zoneinfo import ZoneInfo

from pipeline.reports.models import (
    Breakdown,
    FunnelStep,
    MetricsReport,
    RecoveryPoint,
    ReplyBucket,
    ReplyTimes,
    Scope,
    SilenceOutcomes,
    StalledEmployer,
)
from pipeline.reports.period import Window, month_of, month_window
from pipeline.reports.story import Silence, Story, Wait
from pipeline.states import WORKING_STAGES, Stage

FUNNEL = tuple(stage.value for stage in (*WORKING_STAGES, Stage.PLACED))  # the journey
WINDOW_DAYS = 30  # the outreach window R6 asks for: the recovery curve runs at least this far
HOUR = timedelta(hours=1)
REPLY_BUCKETS = ((1, "<1h"), (6, "1-6h"), (24, "6-24h"), (72, "1-3d"), (168, "3-7d"))


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def hours(values: Sequence[float], how: Callable[[Sequence[float]], float]) -> float | None:
    return round(how(values), 1) if values else None


def p90(values: Sequence[float]) -> float:
    """The nearest-rank 90th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-9 * len(ordered) // 10) - 1)]


def metrics(stories: Sequence[Story], window: Window, scope: Scope) -> MetricsReport:
    chosen = [s for s in stories if scope.advisor is None or s.advisor == scope.advisor]
    active = [s for s in chosen if is_active(s, window)]
    silences = silences_in(chosen, window)
    return MetricsReport(
        scope=scope,
        candidates=len(active),
        went_silent=len({id(s) for s, _ in silences}),
        silence_rate=ratio(len({id(s) for s, _ in silences}), len(active)),
        outcomes=outcomes([silence for _, silence in silences]),
        closed_unreachable=sum(window.holds(at) for s in chosen for at in s.closed_at),
        recovery_curve=recovery_curve([silence for _, silence in silences]),
        reply_times=reply_times(w for s in chosen for w in s.waits if window.holds(w.asked_at)),
        funnel=funnel([s for s in chosen if window.holds(s.registered_at)]),
        stalled_employers=stalled_employers(silences),
        by_advisor=by_advisor(chosen, window),
        by_month=by_month(chosen, window, ZoneInfo(scope.timezone)),
    )


def is_active(story: Story, window: Window) -> bool:
    registered = story.registered_at
    started = registered is not None and (window.end is None or registered < window.end)
    ended = story.ended_at
    return started and (ended is None or window.start is None or ended >= window.start)


def silences_in(stories: Iterable[Story], window: Window) -> list[tuple[Story, Silence]]:
    return [(s, x) for s in stories for x in s.silences if window.holds(x.started_at)]


def outcomes(silences: Sequence[Silence]) -> SilenceOutcomes:
    ended = [s.ended_by for s in silences]
    days = [float(s.day) for s in silences if s.ended_by == "reply" and s.day is not None]
    return SilenceOutcomes(
        silences=len(silences),
        recovered=ended.count("reply"),
        unreachable=ended.count("unreachable"),
        withdrawn=ended.count("withdrawn"),
        still_silent=ended.count(None),
        recovery_rate=ratio(ended.count("reply"), len(silences)),
        median_recovery_day=hours(days, median),
    )


def recovery_curve(silences: Sequence[Silence]) -> list[RecoveryPoint]:
    """For each day of outreach, the share of silences that had ended in a reply by then."""
    days = [s.day for s in silences if s.ended_by == "reply" and s.day is not None]
    last = max([WINDOW_DAYS, *days])
    points = []
    for day in range(last + 1):
        recovered = sum(1 for d in days if d <= day)
        rate = ratio(recovered, len(silences)) or 0.0
        points.append(RecoveryPoint(day=day, recovered=recovered, rate=rate))
    return points


def reply_times(waits: Iterable[Wait]) -> ReplyTimes:
    chosen = list(waits)
    taken = [(w.replied_at - w.asked_at) / HOUR for w in chosen if w.replied_at is not None]
    return ReplyTimes(
        waits=len(chosen),
        replied=len(taken),
        unanswered=len(chosen) - len(taken),
        median_hours=hours(taken, median),
        p90_hours=hours(taken, p90),
        mean_hours=hours(taken, mean),
        distribution=distribution(taken),
    )


def distribution(taken: Sequence[float]) -> list[ReplyBucket]:
    counts = dict.fromkeys([label for _, label in REPLY_BUCKETS] + [">7d"], 0)
    for value in taken:
        label = next((name for limit, name in REPLY_BUCKETS if value < limit), ">7d")
        counts[label] += 1
    return [ReplyBucket(label=label, replies=n) for label, n in counts.items()]


def funnel(cohort: Sequence[Story]) -> list[FunnelStep]:
    """How far each candidate of the cohort got: a stage counts everyone who reached it or
    any later one (a candidate may go from introductions straight into selection)."""
    furthest = [max(FUNNEL.index(s) for s in story.reached if s in FUNNEL) for story in cohort]
    steps: list[FunnelStep] = []
    for index, stage in enumerate(FUNNEL):
        reached = sum(1 for f in furthest if f >= index)
        before = steps[-1].reached if steps else None
        steps.append(
            FunnelStep(
                stage=stage,
                reached=reached,
                conversion=None if before is None else ratio(reached, before),
            )
        )
    return steps


def stalled_employers(silences: Sequence[tuple[Story, Silence]]) -> list[StalledEmployer]:
    rows = []
    for story, silence in silences:
        for application_id, count in sorted(silence.stalled.items()):
            job = story.jobs.get(application_id)
            rows.append(
                StalledEmployer(
                    ref=story.ref,
                    advisor=story.advisor,
                    application_id=application_id,
                    employer=job.employer if job else "?",
                    stall_messages=count,
                    silence_started_at=silence.started_at,
                    ended_by=silence.ended_by or "open",
                    ended_on_day=silence.day,
                )
            )
    return sorted(rows, key=lambda r: (r.silence_started_at, r.ref, r.application_id))


def breakdown(key: str, candidates: int, stories: Sequence[Story], window: Window) -> Breakdown:
    silences = silences_in(stories, window)
    ended = [x.ended_by for _, x in silences]
    replies = reply_times(w for s in stories for w in s.waits if window.holds(w.asked_at))
    return Breakdown(
        key=key,
        candidates=candidates,
        went_silent=len({id(s) for s, _ in silences}),
        silences=len(silences),
        recovered=ended.count("reply"),
        closed_unreachable=sum(window.holds(at) for s in stories for at in s.closed_at),
        recovery_rate=ratio(ended.count("reply"), len(silences)),
        median_reply_hours=replies.median_hours,
    )


def by_advisor(stories: Sequence[Story], window: Window) -> list[Breakdown]:
    names = sorted({s.advisor or "—" for s in stories})
    rows = []
    for name in names:
        theirs = [s for s in stories if (s.advisor or "—") == name]
        rows.append(breakdown(name, sum(is_active(s, window) for s in theirs), theirs, window))
    return rows


def by_month(stories: Sequence[Story], window: Window, zone: ZoneInfo) -> list[Breakdown]:
    """One row per month in which something of the period happened."""
    moments = [
        at
        for s in stories
        for at in (s.registered_at, *(x.started_at for x in s.silences), *s.closed_at)
        if at is not None and window.holds(at)
    ]
    rows = []
    for month in sorted({month_of(at, zone) for at in moments}):
        within = month_window(month, zone).within(window)
        new = sum(within.holds(s.registered_at) for s in stories)
        rows.append(breakdown(month, new, stories, within))
    return rows
