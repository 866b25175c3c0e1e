"""`pipeline audit what-if` and `pipeline audit dossier`: the audit's two reports.

Registered on the audit group (cli/audit.py); the reports themselves (`pipeline.reports`)
are imported when a command runs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.layout import Column, Grid
from cli.output import console, dump, emit, emit_json, local
from cli.params import to_moment
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from rich.console import RenderableType

    from pipeline.reports import CandidateDifference, WhatIfReport

WORDS = {
    "en": {
        "title": "What if: configuration {config} ({file}), {span}",
        "whole": "over the whole history",
        "since": "from {time} on",
        "replayed": "{candidates} candidates replayed, {differing} would differ",
        "row_silences": "silences",
        "earlier": "  detected earlier for {earlier} candidates, later for {later}",
        "row_closed": "closed as unreachable",
        "row_messages": "messages queued",
        "row_tasks": "tasks",
        "row_refused": "inputs the tables refuse in that world",
        "recorded": "recorded",
        "what_if": "what if",
        "silence": "silence detected",
        "closed": "closed",
        "messages": "messages",
        "tasks": "tasks",
        "refused": "  {ref} {time} {kind} refused: {why}",
        "nothing": "Nothing would differ.",
    },
    "ja": {
        "title": "もしも: 設定 {config}（{file}）、{span}",
        "whole": "記録の全期間",
        "since": "{time} 以降",
        "replayed": "求職者 {candidates}名を再実行、{differing}名で結果が変わります",
        "row_silences": "音信不通",
        "earlier": "  検知が早まる求職者 {earlier}名、遅れる求職者 {later}名",
        "row_closed": "連絡不通で終了",
        "row_messages": "送信待ちに追加されたメッセージ",
        "row_tasks": "タスク",
        "row_refused": "その設定では遷移表が受け付けない操作",
        "recorded": "記録",
        "what_if": "もしも",
        "silence": "音信不通の検知",
        "closed": "終了",
        "messages": "メッセージ",
        "tasks": "タスク",
        "refused": "  {ref} {time} {kind} は受け付けられません: {why}",
        "nothing": "変わる結果はありません。",
    },
}


def say(lang: str, key: str, **params: object) -> str:
    return WORDS.get(lang, WORDS["en"])[key].format(**params)


@click.command("what-if")
@click.option(
    "--config",
    "config_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The other policy configuration: a TOML or JSON file of PolicyConfig fields.",
)
@click.option(
    "--since",
    callback=to_moment,
    metavar="TIME",
    help="Keep the history before this time as recorded; the other policies decide after.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_session
def what_if(session: Session, config_file: str, since: datetime | None, as_json: bool) -> None:
    """Re-run the policies with another configuration over the stored histories.

    Every candidate's inputs (what advisors, candidates, employers and the relay did) are
    replayed in memory with the policies of --config, at the moments the store's ticks ran;
    nothing is written. Prints the totals and, for each candidate that would differ, when
    silence would be detected, whether it would be closed as unreachable, how many messages
    and tasks there would be, and any input the tables would refuse in that world.
    """
    from cli.config import load_policy_config
    from cli.progress import progress_bar
    from pipeline.reports import what_if as run_what_if
    from policies import standard_policies

    policies = standard_policies(load_policy_config(config_file))
    session.read_only = True  # replays in memory: not even the configuration is recorded
    with progress_bar("replaying candidates") as progress:
        result = run_what_if(session.app, policies, since=since, progress=progress)
    if as_json:
        emit_json(dump(result))
        return
    emit(console(), *what_if_parts(result, Path(config_file).name, session.lang, session.zone))


def what_if_parts(
    result: WhatIfReport, file: str, lang: str, zone: ZoneInfo
) -> list[RenderableType]:
    span = (
        say(lang, "since", time=local(result.since, zone)) if result.since else say(lang, "whole")
    )
    parts: list[RenderableType] = [
        say(lang, "title", config=result.config_id[:12], file=file, span=span),
        say(lang, "replayed", candidates=result.candidates, differing=result.differing),
        "",
        totals_table(result, lang),
        say(lang, "earlier", earlier=result.detected_earlier, later=result.detected_later),
        "",
    ]
    if not result.differences:
        return [*parts, say(lang, "nothing")]
    parts.append(differences_table(result.differences, lang, zone))
    for row in result.differences:
        parts += [
            say(lang, "refused", ref=row.ref, time=local(r.occurred_at, zone), kind=r.kind,
                why=r.why)
            for r in row.refused
        ]  # fmt: skip
    return parts


def grid(lang: str, *keys: str, text_column: int | None = None) -> Grid:
    """The first column names the row, the others are figures (but `text_column`, which folds)."""
    return Grid(
        [
            Column(
                say(lang, key) if key else "",
                folds=index == text_column,
                justify="right" if index and index != text_column else "left",
            )
            for index, key in enumerate(keys)
        ]
    )


def totals_table(result: WhatIfReport, lang: str) -> Grid:
    table = grid(lang, "", "recorded", "what_if")
    for key, tally in (
        ("row_silences", result.silences),
        ("row_closed", result.closed_unreachable),
        ("row_messages", result.messages),
        ("row_tasks", result.tasks),
    ):
        table.add_row(say(lang, key), str(tally.recorded), str(tally.what_if))
    table.add_row(say(lang, "row_refused"), "", str(result.refused))
    return table


def differences_table(rows: list[CandidateDifference], lang: str, zone: ZoneInfo) -> Grid:
    table = grid(lang, "", "silence", "closed", "messages", "tasks", text_column=1)
    for row in rows:
        pairs = zip(row.silences_recorded, row.silences_what_if, strict=False)
        moved = next(((a, b) for a, b in pairs if a != b), None)
        silence = (
            f"{local(moved[0], zone)} → {local(moved[1], zone)}"
            if moved
            else (f"{len(row.silences_recorded)} → {len(row.silences_what_if)}")
        )
        closed = f"{day(row.closed_recorded, zone)} → {day(row.closed_what_if, zone)}"
        messages = f"{sum(row.messages_recorded.values())} → {sum(row.messages_what_if.values())}"
        table.add_row(
            row.ref, silence, closed, messages, f"{row.tasks_recorded} → {row.tasks_what_if}"
        )
    return table


def day(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%m-%d") if moment else "—"


@click.command()
@click.argument("candidate")
@click.option(
    "--html",
    "html_file",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the dossier to this file (one self-contained, printable A4 page).",
)
@pass_session
def dossier(session: Session, candidate: str, html_file: Path) -> None:
    """One candidate's whole story on one printable page.

    The header, the whole timeline with both times (happened and recorded), who did each
    thing and, for a policy's decision, its reason; every message as written to the outbox
    and what became of it; the state at each silence; and the audit's check of the
    candidate's hash chain, with its head hash. CANDIDATE is a ref or a UUID.
    """
    from pipeline.reports import dossier_page

    page = dossier_page(session.app, candidate, session.lang, session.tz)
    html_file.write_text(page, encoding="utf-8")
    click.echo(f"{candidate}: {html_file}")
