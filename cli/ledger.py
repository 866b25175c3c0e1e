"""`pipeline ledger seekers|annual`: the statutory ledgers, from the event log.

Ledgers are Japanese documents: their headers are Japanese unless `--lang en` is typed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from cli.layout import Column, Grid
from cli.output import console, dump, emit, emit_json
from cli.params import session_zone, to_moment
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from pipeline.reports import AnnualReport, SeekerLedger

FORMATS = click.option(
    "--csv", "as_csv", is_flag=True, help="CSV (UTF-8 with a BOM, CRLF), as Excel opens it."
)
JSON = click.option("--json", "as_json", is_flag=True, help="Print the ledger as JSON.")
KNOWN_AT = click.option(
    "--known-at",
    callback=to_moment,
    metavar="TIME",
    help="Only what had been recorded by this time (the ledger as it could be made then).",
)


def end_of_day(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """A bare date is the end of that day in --tz (a ledger as of 3/31 includes 3/31)."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return to_moment(ctx, param, value)
    following = datetime.combine(day + timedelta(days=1), time(0), session_zone(ctx))
    return following - timedelta(microseconds=1)


def ledger_lang(ctx: click.Context, session: Session) -> str:
    root = ctx.find_root()
    typed = root.get_parameter_source("lang") == ParameterSource.COMMANDLINE
    return session.lang if typed else "ja"


@click.group()
def ledger() -> None:
    """The statutory ledgers: 求職管理簿 and 職業紹介事業報告書.

    Projected from the stored events, so the same log gives the same bytes, on any copy of
    the store, and a ledger as of a past date is not changed by what was recorded later.
    Headers are Japanese unless --lang en is given.
    """


@ledger.command()
@click.option(
    "--as-of",
    required=True,
    callback=end_of_day,
    metavar="DATE|TIME",
    help="The ledger as of this day (a bare date: the end of that day, in --tz).",
)
@KNOWN_AT
@FORMATS
@JSON
@pass_session
@click.pass_context
def seekers(
    ctx: click.Context,
    session: Session,
    *,
    as_of: datetime,
    known_at: datetime | None,
    as_csv: bool,
    as_json: bool,
) -> None:
    """求職管理簿: every job seeker received by the date.

    One row per seeker: the day the application was received, the name, the desired
    occupation, each introduction (the day the seeker was introduced to the employer, the
    employer, and the result), the outcome, the day the case was completed and the day until
    which the record must be kept (two years after completion).
    """
    from pipeline.reports import seeker_ledger, seekers_csv

    lang = ledger_lang(ctx, session)
    result = seeker_ledger(session.app, as_of, known_at=known_at, zone=session.zone)
    if as_json:
        emit_json(dump(result))
    elif as_csv:
        click.echo(seekers_csv(result, lang), nl=False)
    else:
        emit(console(), title(lang, "seekers", as_of, session), seekers_table(result, lang))


@ledger.command()
@click.option(
    "--year",
    required=True,
    type=click.IntRange(2000, 2100),
    help="The fiscal year (年度): 2026 is 2026-04-01 to 2027-03-31.",
)
@click.option(
    "--as-of",
    callback=to_moment,
    metavar="TIME",
    help="Only what had happened by this time.",
)
@KNOWN_AT
@FORMATS
@JSON
@pass_session
@click.pass_context
def annual(
    ctx: click.Context,
    session: Session,
    *,
    year: int,
    as_of: datetime | None,
    known_at: datetime | None,
    as_csv: bool,
    as_json: bool,
) -> None:
    """職業紹介事業報告書: the fiscal year's counts, by occupation where known.

    New seekers (received in the year), introductions (seekers introduced to an employer in
    the year) and placements (offers accepted in the year), by the seeker's desired
    occupation and the job's occupation. The report is due by April 30: --known-at
    2027-04-30 makes it again as it could be made that day.
    """
    from pipeline.reports import annual_csv, annual_report

    lang = ledger_lang(ctx, session)
    result = annual_report(session.app, year, as_of=as_of, known_at=known_at, zone=session.zone)
    if as_json:
        emit_json(dump(result))
    elif as_csv:
        click.echo(annual_csv(result, lang), nl=False)
    else:
        emit(console(), annual_title(lang, result.fiscal_year), annual_table(result, lang))


def title(lang: str, kind: str, as_of: datetime, session: Session) -> str:
    day = as_of.astimezone(session.zone).date().isoformat()
    return f"求職管理簿（{day} 現在）" if lang == "ja" else f"Job seeker ledger as of {day}"


def annual_title(lang: str, year: int) -> str:
    span = f"{year}-04-01 – {year + 1}-03-31"
    if lang == "ja":
        return f"職業紹介事業報告書 {year}年度（{span}）"
    return f"Yearly placement business report, fiscal year {year} ({span})"


def grid(columns: list[tuple[str, bool]], right_from: int = 99, heading: int = 1) -> Grid:
    """Columns as (heading, folds); dates and refs never wrap."""
    return Grid(
        [
            Column(label, folds=folds, justify="right" if index >= right_from else "left")
            for index, (label, folds) in enumerate(columns)
        ],
        heading=heading,
    )


def seekers_table(result: SeekerLedger, lang: str) -> Grid:
    """The CSV's columns, folded to 80 columns: name over occupation, one introduction a
    line, the outcome over the completion and keep-until dates."""
    from pipeline.reports import introduction_lines, ledger_headers, seeker_cells

    h = ledger_headers("seekers", lang)
    table = grid(
        [(h[0], False), (h[1], False), (f"{h[2]}／{h[3]}", True), (h[4], True),
         (f"{h[5]}／{h[6]}／{h[7]}", True)],
        heading=2,
    )  # fmt: skip
    for row in result.seekers:
        cells = seeker_cells(row, lang)
        ended = "\n".join(c for c in cells[5:] if c)
        lines = "\n".join(introduction_lines(row, lang)) or "—"
        table.add_row(cells[0], cells[1], f"{cells[2]}\n{cells[3]}", lines, ended)
    return table


def annual_table(result: AnnualReport, lang: str) -> Grid:
    from pipeline.reports import annual_cells, ledger_headers

    table = grid([(h, False) for h in ledger_headers("annual", lang)], right_from=1)
    for cells in annual_cells(result, lang):
        table.add_row(*cells)
    return table
