"""A verb for every command: the advisor's whole day from `pipeline`, no JSON by hand.

Each verb's options are the library fields they set, its help says what happens, and who is
typing (`--as`) is recorded on every write; items are named by a short prefix of their id.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from cli.main import cli
from cli.session import Session
from pipeline import FixedClock, Pipeline
from tests.e2e.cli_support import START, open_store, run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "pipeline.db")


def cli_at(db: str, clock: FixedClock, *args: str, **env: str | None) -> tuple[int, str, str]:
    result = run(["--db", db, *args], Session(clock=clock), **env)
    return result.exit_code, result.stdout, result.stderr


def ok(db: str, clock: FixedClock, *args: str, **env: str | None) -> str:
    code, out, err = cli_at(db, clock, *args, **env)
    assert code == 0, err
    return out


def in_selection(db: str, clock: FixedClock) -> None:
    ok(db, clock, "add", "山田 太郎", "--email", "t@example.jp", "--phone", "090-1234-5678",
       "--advisor", "sato", "--ref", "C-1")  # fmt: skip
    ok(db, clock, "meeting", "C-1", "--desired-roles", "経理", "--desired-roles", "財務",
       "--desired-salary", "4000000", "--reasons", "転勤がない職場",
       "--duration-minutes", "60")  # fmt: skip
    ok(db, clock, "propose", "C-1", "--employer", "ACME", "--job-title", "経理", "--role", "経理",
       "--salary", "4200000", "--employer-contact", "人事部 鈴木様",
       "--contact-email", "suzuki@acme.example.jp")  # fmt: skip
    ok(db, clock, "app", "submit", "C-1", "A1")


def library(db: str) -> Pipeline:
    return open_store(db)


def test_every_command_on_a_candidate_has_a_verb_whose_options_are_its_fields() -> None:
    from typing import get_args

    from cli.verbs import APP_VERBS, VERBS, models
    from pipeline import AnyCommand

    kinds = {m.model_fields["type"].default for m in get_args(get_args(AnyCommand)[0])}
    verbs = {kind for kind, _ in [*VERBS.values(), *APP_VERBS.values()]}
    # add, contact, reply, tick, message mark, task done; and the relay's (pipeline deliver)
    by_hand = {"register_candidate", "record_outbound_contact", "record_reply", "tick",
               "mark_message", "complete_task", "claim_message", "record_delivery"}  # fmt: skip
    assert kinds - verbs == by_hand
    ctx = click.Context(cli)
    for name, (kind, arguments) in VERBS.items():
        command = cli.get_command(ctx, name)
        assert command is not None
        options = {p.name for p in command.params if isinstance(p, click.Option)}
        fields = set(models()[kind].model_fields) - {"type", "actor", *arguments}
        assert options == fields, name
        assert (command.help or "").strip(), name  # the library method's own words


def test_verb_help_says_which_policies_run() -> None:
    result = run(["meeting", "--help"])
    assert "thank-you email is queued for the next day (R8)" in " ".join(result.output.split())
    assert "--desired-salary" in result.output and "yearly, in yen" in result.output
    employer = run(["app", "employer", "--help"]).output
    assert "screening_passed|interview_requested|offer_made|rejected" in employer


def test_an_advisors_moves_are_recorded_through_the_verbs(db: str) -> None:
    clock = FixedClock(START)
    in_selection(db, clock)
    out = ok(db, clock, "app", "employer", "C-1", "a1", "--move", "interview_requested")
    assert out.splitlines()[0] == "A1 ACME 「経理」 interviewing [hiring intent]"
    ok(db, clock, "app", "interview", "C-1", "A1", "--round", "1")
    ok(db, clock, "review", "C-1", "--note", "職務経歴書: 実績を数字で")
    ok(db, clock, "prep", "C-1", "--note", "想定問答")
    ok(db, clock, "app", "pause", "C-1", "A1", "--reason", "ご本人の体調")
    code, _, err = cli_at(db, clock, "app", "interview", "C-1", "A1")
    assert code == 1 and "paused" in err
    ok(db, clock, "app", "resume", "C-1", "A1")
    ok(db, clock, "app", "employer", "C-1", "A1", "--move", "offer_made")
    assert "stage: placed" in ok(db, clock, "app", "accept", "C-1", "A1")
    app = library(db)
    view = app.candidate("C-1")
    assert (view.stage, view.applications[0].state) == ("placed", "accepted")
    assert app.candidate("C-1").applications[0].contact_email == "suzuki@acme.example.jp"
    kinds = [e.kind for e in app.timeline("C-1")]
    app.close()
    assert {"ResumeReviewed", "InterviewPrepared", "ProgressionPaused"} <= set(kinds)


def test_propose_prints_the_new_applications_id_first(db: str) -> None:
    clock = FixedClock(START)
    in_selection(db, clock)
    out = ok(db, clock, "propose", "C-1", "--employer", "Beta", "--job-title", "財務")
    assert out.split()[0] == "A2"


def test_a_bad_option_value_is_a_usage_error_naming_the_option(db: str) -> None:
    clock = FixedClock(START)
    in_selection(db, clock)
    code, _, err = cli_at(db, clock, "propose", "C-1", "--employer", "B", "--job-title", "x",
                          "--contact-email", "suzuki at b")  # fmt: skip
    assert code == 2 and "'--contact-email'" in err
    code, _, err = cli_at(db, clock, "app", "employer", "C-1", "A1", "--move", "hired")
    assert code == 2 and "--move" in err
    code, _, err = cli_at(db, clock, "meeting", "C-1", "--duration-minutes", "0")
    assert code == 2 and "'--duration-minutes'" in err


def test_withdraw_reopen_and_edit(db: str) -> None:
    clock = FixedClock(START)
    in_selection(db, clock)
    assert "stage: withdrawn" in ok(db, clock, "withdraw", "C-1", "--reason", "他社で内定")
    # the withdrawal withdrew A1 too, so the candidate is back to introducing jobs
    assert "stage: introducing" in ok(db, clock, "reopen", "C-1", "--reason", "再開のご希望")
    out = ok(db, clock, "edit", "C-1", "--email", "new@example.jp", "--advisor", "tanaka",
             "--clear", "phone")  # fmt: skip
    assert out.splitlines()[0] == "email → new@example.jp, advisor → tanaka, phone → none"
    assert ok(db, clock, "edit", "C-1", "--email", "new@example.jp").startswith("nothing changed")
    timeline = ok(db, clock, "timeline", "C-1")
    assert "↳ 他社で内定" in timeline and "↳ 再開のご希望" in timeline
    app = library(db)
    view = app.candidate("C-1")
    app.close()
    assert (view.email, view.phone, view.advisor) == ("new@example.jp", None, "tanaka")


def test_as_records_who_is_typing_on_every_write(db: str) -> None:
    clock = FixedClock(START)
    ok(db, clock, "--as", "tanaka", "add", "A", "--advisor", "sato", "--ref", "C-1")
    ok(db, clock, "contact", "C-1", "--channel", "phone", "--outcome", "reached",
       PIPELINE_ACTOR="advisor:suzuki")  # fmt: skip
    ok(db, clock, "--as", "advisor:kato", "meeting", "C-1", "--duration-minutes", "60")
    ok(db, clock, "reply", "C-1", "--channel", "email")  # nobody said: the route's default
    app = library(db)
    actors = [(e.kind, e.actor) for e in app.timeline("C-1") if not e.policy]
    app.close()
    assert actors[:4] == [
        ("Registered", "advisor:tanaka"),
        ("OutboundContactRecorded", "advisor:suzuki"),
        ("FirstMeetingHeld", "advisor:kato"),
        ("StageChanged", "advisor:kato"),
    ]
    assert ("ReplyReceived", "candidate") in actors
    code, _, err = cli_at(db, clock, "--as", "the boss", "reply", "C-1", "--channel", "email")
    assert code == 2 and "'--as'" in err


def test_tasks_and_outbox_show_ids_that_message_and_task_take_back(db: str) -> None:
    clock = FixedClock(START)
    ok(db, clock, "add", "A", "--email", "a@example.jp", "--advisor", "sato", "--ref", "C-1")
    ok(db, clock, "meeting", "C-1", "--duration-minutes", "20")  # R1: a follow-up task
    tasks = ok(db, clock, "tasks")
    task_id = re.search(r"^([0-9a-f]{8})  ", tasks.splitlines()[2])
    assert task_id, tasks
    outbox = ok(db, clock, "outbox", "--due-by", "any")
    message_id = re.search(r"^([0-9a-f]{8})  ", outbox.splitlines()[2])
    assert message_id, outbox
    shown = ok(db, clock, "message", "show", message_id[1][:6])
    assert "先日は面談のお時間を頂き" in shown and "status: queued" in shown
    assert shown.rstrip().endswith("キャリアアドバイザー sato")  # the whole body, unwrapped
    out = ok(db, clock, "message", "mark", message_id[1], "--status", "failed", "--error", "550")
    assert out.strip() == f"C-1  message {message_id[1]}: queued → failed"
    out = ok(db, clock, "task", "done", task_id[1])
    assert "open → done" in out
    app = library(db)
    assert app.message(message_id[1]).error == "550"
    assert app.task(task_id[1]).status == "done"
    app.close()
    code, _, err = cli_at(db, clock, "task", "done", "12345")
    assert code == 1 and "task 12345 not found" in err


def test_message_mark_statuses_are_the_message_tables_moves_a_person_may_make() -> None:
    from pipeline import TABLES

    help_text = run(["message", "mark", "--help"]).output
    triggers = {row["trigger"] for row in TABLES["message"]}
    marks = sorted(triggers - {"sending", "uncertain"})  # the relay's own moves
    assert f"[{'|'.join(marks)}]" in help_text
