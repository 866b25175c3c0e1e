"""The audit tests' story, told with the standard policies, a fixed clock and `tick`.

Two candidates meet an advisor, are introduced to Acme, apply, get an interview request and
are emailed; neither answers, so both go silent on day 3. Yamada replies on day 5 in the
evening, but the advisor logs it the next morning (a back-dated event), then takes an
interview, an offer and is placed. Suzuki never answers and is closed as unreachable once
outreach has run for 30 days (day 33). The agency ticks every morning at 11:00, an hour after
the policies' moments fall due, so each decision is known an hour after it is dated. Also:
helpers to edit a stored event in the SQLite file, as someone tampering with it would.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from pipeline import FixedClock, Pipeline
from pipeline.candidate import candidate_id_for
from pipeline.hashing import event_digest
from policies import PolicyConfig, standard_policies
from tests.conftest import START

YAMADA, SUZUKI = "C-YAMADA", "C-SUZUKI"


def day(n: float, hours: float = 0) -> datetime:
    return START + timedelta(days=n, hours=hours)


class Moments:
    """When the story's turns happen (domain time)."""

    silent = day(3)  # three days after the unanswered email
    reply_occurred = day(5, 8)  # 18:00 JST on day 5
    reply_recorded = day(6, 1)  # 11:00 JST on day 6, by the advisor
    placed = day(10)
    closed = day(33)  # Suzuki: silent + 30 days
    end = day(36)


MOMENTS = Moments()


def open_story_app(store: str, clock: FixedClock) -> Pipeline:
    return Pipeline(store, policies=standard_policies(PolicyConfig()), clock=clock)


def tell_story(app: Pipeline, clock: FixedClock, last_day: int = 36) -> None:
    """The story above, on `app` whose clock is `clock` (standing at START), told up to the
    morning of `last_day`."""
    for ref, name in ((YAMADA, "山田 太郎"), (SUZUKI, "鈴木 花子")):
        app.register_candidate(
            name, email=f"{ref.lower()}@example.jp", phone="090-1234-5678", advisor="sato", ref=ref
        )
        app.record_first_meeting(
            ref,
            desired_roles=["backend"],
            desired_salary=6_000_000,
            reasons="growth",
            duration_minutes=60,
        )
        app.propose_job(
            ref, employer="Acme", job_title="Backend engineer", role="backend", salary=6_500_000
        )
        app.submit_application(ref, "A1")
        app.record_employer_move(ref, "A1", move="interview_requested")
        app.record_outbound_contact(ref, channel="email", outcome="sent")
    for n in range(2, last_day + 1):  # every morning at 11:00, then what the day brings
        tick_at(app, clock, day(n, 1))
        if n == 6:
            clock.set(MOMENTS.reply_recorded)
            app.record_reply(YAMADA, channel="phone", note="was ill", at=MOMENTS.reply_occurred)
        elif n == 7:
            app.confirm_interview(YAMADA, "A1", round=1)
        elif n == 9:
            app.record_employer_move(YAMADA, "A1", move="offer_made")
        elif n == 10:
            app.accept_offer(YAMADA, "A1")


def tick_at(app: Pipeline, clock: FixedClock, moment: datetime) -> None:
    clock.set(moment)
    app.tick()


def copied(story: Path, folder: Path) -> Path:
    """A copy of a story's store, to edit without touching the one the module shares."""
    copy = folder / "story.db"
    shutil.copy(story, copy)
    return copy


@contextmanager
def opener(path: Path, moment: datetime) -> Iterator[Callable[[], Pipeline]]:
    """Open the store as often as a test likes, each time afresh; all closed at the end."""
    apps: list[Pipeline] = []

    def open_app() -> Pipeline:
        apps.append(open_story_app(str(path), FixedClock(moment)))
        return apps[-1]

    try:
        yield open_app
    finally:
        for app in apps:
            app.close()


def build_story_file(path: Path, last_day: int = 36) -> Path:
    clock = FixedClock(START)
    app = open_story_app(str(path), clock)
    try:
        tell_story(app, clock, last_day)
    finally:
        app.close()
    return path


# -- tampering with the SQLite file -------------------------------------------------------------

State = dict[str, Any]


def hex_id(ref: str) -> str:
    return candidate_id_for(ref).hex


def edit_stored(path: Path, ref: str, version: int, change: Callable[[State], None]) -> None:
    """Edit one stored event's JSON in place, as someone with the file could."""
    with sqlite3.connect(path) as db:
        where = "WHERE originator_id=? AND originator_version=?"
        row = db.execute(f"SELECT state FROM stored_events {where}", (hex_id(ref), version))
        state = json.loads(row.fetchone()[0])
        change(state)
        db.execute(
            f"UPDATE stored_events SET state=? {where}",
            (json.dumps(state, ensure_ascii=False).encode(), hex_id(ref), version),
        )


def stored_state(path: Path, ref: str, version: int) -> State:
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT state FROM stored_events WHERE originator_id=? AND originator_version=?",
            (hex_id(ref), version),
        ).fetchone()
    return dict(json.loads(row[0]))


def delete_stored(path: Path, ref: str, version: int) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "DELETE FROM stored_events WHERE originator_id=? AND originator_version=?",
            (hex_id(ref), version),
        )


def swap_stored(path: Path, ref: str, first: int, second: int) -> None:
    """Swap two rows' payloads (topic and state): the same events, in another order."""
    where = "WHERE originator_id=? AND originator_version=?"
    with sqlite3.connect(path) as db:
        a = db.execute(f"SELECT topic, state FROM stored_events {where}", (hex_id(ref), first))
        b = db.execute(f"SELECT topic, state FROM stored_events {where}", (hex_id(ref), second))
        rows = a.fetchone(), b.fetchone()
        update = f"UPDATE stored_events SET topic=?, state=? {where}"
        db.execute(update, (*rows[1], hex_id(ref), first))
        db.execute(update, (*rows[0], hex_id(ref), second))


def versions_where(path: Path, ref: str, topic_suffix: str, **attrs: Any) -> list[int]:
    """The versions of a candidate's stored events of one kind whose attributes match."""
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT originator_version, state FROM stored_events WHERE originator_id=?"
            " AND topic LIKE ? ORDER BY originator_version",
            (hex_id(ref), f"%.{topic_suffix}"),
        ).fetchall()
    return [
        version
        for version, blob in rows
        if all(json.loads(blob).get(key) == value for key, value in attrs.items())
    ]


def forge(path: Path, ref: str, version: int, change: Callable[[Any], dict[str, Any]]) -> None:
    """Change one event and re-hash the chain from there on, as a careful forger would.

    `change` gets the decoded event and returns the attributes to replace. Events are decoded
    and encoded with the application's own mapper, so only what `change` says differs.
    """
    app = Pipeline(str(path), clock=FixedClock(START))
    try:
        candidate_id = candidate_id_for(ref)
        events: list[Any] = list(app.events.get(candidate_id))
        previous = events[version - 2].event_hash if version > 1 else ""
        rows = []
        for event in events[version - 1 :]:
            attrs = dict(vars(event))
            if event.originator_version == version:
                attrs |= change(event)
            attrs["previous_hash"] = previous
            attrs["event_hash"] = event_digest(
                type(event).__qualname__, candidate_id, event.originator_version, attrs
            )
            previous = attrs["event_hash"]
            forged = object.__new__(type(event))
            object.__setattr__(forged, "__dict__", attrs)
            rows.append((app.mapper.to_stored_event(forged).state, event.originator_version))
    finally:
        app.close()
    with sqlite3.connect(path) as db:
        for state, number in rows:
            db.execute(
                "UPDATE stored_events SET state=? WHERE originator_id=? AND originator_version=?",
                (state, candidate_id.hex, number),
            )


def candidate_uuid(ref: str) -> UUID:
    return candidate_id_for(ref)
