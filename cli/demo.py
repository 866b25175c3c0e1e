"""`pipeline demo`: the article's story in a fresh demo store, then its timeline.

The demo writes only to a file it may replace: a new one, or one that holds demo candidates
alone (refs `DEMO-…`). Anything else is refused before a single byte is written; the file is
inspected read-only with sqlite3, so even an unrelated database is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from cli.labels import text
from cli.output import console, emit, local
from cli.session import DEFAULT_DB, Session

if TYPE_CHECKING:
    from pipeline import Pipeline

DEMO_DB = "pipeline-demo.db"
DEMO_PREFIX = "DEMO-"


@click.command()
@click.option(
    "--db",
    "path",
    type=click.Path(dir_okay=False),
    help=f"The demo store (an SQLite file). [default: {DEMO_DB}, or the global --db if given]",
)
@click.pass_context
def demo(ctx: click.Context, path: str | None) -> None:
    """Write the article's story to a demo store and show its timeline.

    The first candidate's timeline: silence, paused selection, "最終調整" to the employer,
    daily calls, a reply on day 9, resumption and an offer. A second candidate never replies
    and is closed as unreachable.
    """
    session = ctx.find_object(Session) or Session()
    named = path or _global_db(ctx) or DEMO_DB
    if "://" in named:  # before Path(), which would fold "//" and take it for a folder
        raise click.BadParameter("the demo writes an SQLite file, not a URL", param_hint="--db")
    target = Path(named)
    make_room(target)
    app = write_story(str(target), session.lang)
    try:
        print_result(app, target, session)
    finally:
        app.close()


def _global_db(ctx: click.Context) -> str | None:
    """The global `--db`, only when typed on this command line (never from PIPELINE_DB)."""
    parent = ctx.parent
    if parent is None or parent.get_parameter_source("db") != ParameterSource.COMMANDLINE:
        return None
    return str(parent.params["db"])


def make_room(target: Path) -> None:
    """Remove `target` if it is an earlier demo store; refuse if it holds anything else."""
    if not target.exists():
        return
    if target.stat().st_size > 0:
        refuse_unless_demo(target, stored_refs(target))
    for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)


def stored_refs(target: Path) -> list[str]:
    """The candidate refs in an SQLite file, read-only; refused if it is not a store."""
    uri = f"{target.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=1)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if tables and "pipeline_candidates" not in tables:
                raise click.ClickException(
                    f"{target} holds other data; the demo will not replace it"
                )
            if not tables:
                return []
            return [row[0] for row in db.execute("SELECT ref FROM pipeline_candidates")]
    except sqlite3.Error as error:
        raise click.ClickException(f"{target} cannot be replaced by the demo: {error}") from None


def refuse_unless_demo(target: Path, refs: list[str]) -> None:
    others = sorted(ref for ref in refs if not ref.upper().startswith(DEMO_PREFIX))
    if others:
        raise click.ClickException(
            f"{target} holds {len(others)} candidates that are not from the demo "
            f"(such as {others[0]}); the demo only replaces its own store. "
            "Choose another file with --db."
        )


def write_story(store: str, lang: str) -> Pipeline:
    """Tell the story on a fixed clock; return the application, its clock at the end."""
    from cli.story import AGENCY, START, schedule
    from pipeline import FixedClock, Pipeline
    from policies import PolicyConfig, standard_policies

    clock = FixedClock(START)
    config = PolicyConfig.model_validate(AGENCY)
    app = Pipeline(store, standard_policies(config), clock, language=lang)
    for moment, action in schedule():
        clock.set(moment)
        action(app)
    return app


def print_result(app: Pipeline, target: Path, session: Session) -> None:
    from cli.render_candidate import header, timeline_table
    from cli.story import END, START, TARO

    candidates = app.candidates()
    events = sum(c.version for c in candidates)
    span = f"{local(START, session.zone)} → {local(END, session.zone)} ({session.tz})"
    lang, zone = session.lang, session.zone
    intro = text(
        lang, "demo_wrote", target=target, candidates=len(candidates), events=events, span=span
    )
    story = [
        *header(app.candidate(TARO), lang, zone),
        timeline_table(app.timeline(TARO), lang, zone),
    ]
    after = [text(lang, "next_try"), *(f"  {line}" for line in next_commands(target, lang))]
    emit(console(), intro, "", *story, "", *after)


def next_commands(target: Path, lang: str) -> list[str]:
    """What to try next, commands under a comment; `--db` only when it is needed."""
    default = Path(os.environ.get("PIPELINE_DB", DEFAULT_DB))
    db = "" if default.resolve() == target.resolve() else f" --db {target}"
    lines = []
    for english, japanese, commands in NEXT:
        lines.append(f"# {japanese if lang == 'ja' else english}")
        lines += [f"pipeline{'' if c == 'graph' else db} {c}" for c in commands]
    return lines


NEXT = [
    (
        "him while he was silent (outreach day 3 of 30)",
        "音信不通だった頃（連絡継続 3日目）",
        ["timeline DEMO-001 --as-of 2026-04-20T12:00"],
    ),
    (
        "the candidate who never replied, closed after 30 days",
        "返信がないまま30日で対応終了した求職者",
        ["timeline DEMO-002"],
    ),
    (
        "his state now, with the head of its hash chain",
        "現在の状態とハッシュチェーンの先頭",
        ["show DEMO-001"],
    ),
    (
        "everyone, then the outbox and the advisor's tasks",
        "一覧、送信ボックス、担当のタスク",
        ["list", "outbox --status all", "tasks --status all"],
    ),
    (
        "the timeline as JSON (the documented schema)",
        "タイムラインを JSON で（文書化されたスキーマ）",
        ["timeline DEMO-001 --json"],
    ),
    (
        "the audit: hash chains, legal transitions, every policy decision made again",
        "監査: ハッシュチェーン、遷移の正しさ、すべてのポリシー判断の再現",
        ["audit verify"],
    ),
    (
        "the transition tables as a Mermaid diagram",
        "遷移表を Mermaid の状態図で",
        ["graph"],
    ),
]
