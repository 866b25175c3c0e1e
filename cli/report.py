"""`pipeline report`: silence, recovery, replies, closures and the funnel, from the event log."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path

import click

from cli.output import console, dump, emit, emit_json
from cli.params import to_day, to_moment
from cli.session import Session, pass_session

AS_OF = click.option(
    "--as-of",
    callback=to_moment,
    metavar="TIME",
    help="Only what had happened by this time (the world as now known to have been).",
)
KNOWN_AT = click.option(
    "--known-at",
    callback=to_moment,
    metavar="TIME",
    help="Only what had been recorded by this time (what the system knew then).",
)


@click.command()
@click.option("--from", "period_from", callback=to_day, metavar="DATE", help="First day.")
@click.option("--to", "period_to", callback=to_day, metavar="DATE", help="Last day (included).")
@click.option("--advisor", help="Only this advisor's candidates.")
@AS_OF
@KNOWN_AT
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write a self-contained HTML page with charts to this file.",
)
@pass_session
def report(
    session: Session,
    *,
    period_from: date | None,
    period_to: date | None,
    advisor: str | None,
    as_of: datetime | None,
    known_at: datetime | None,
    as_json: bool,
    html_file: Path | None,
) -> None:
    """Silence and recovery metrics, per advisor and per month.

    How many candidates went silent, how each silence ended (a reply, and on which day of
    outreach; closed as unreachable; withdrawn), the recovery curve by day of outreach, time
    to reply, the stage funnel of the candidates registered in the period, and the employers
    stalled meanwhile. Computed from the stored events (never from the read models), so
    --as-of and --known-at make a past report again exactly, and the same log prints the same
    bytes. Dates are days in --tz; --to is included.
    """
    from pipeline.reports import metrics_report

    with _named_options():
        result = metrics_report(
            session.app,
            period_from=period_from,
            period_to=period_to,
            advisor=advisor,
            as_of=as_of,
            known_at=known_at,
            zone=session.zone,
        )
    if html_file is not None:
        from pipeline.reports import report_page, word

        html_file.write_text(report_page(result, session.lang), encoding="utf-8")
        click.echo(word(session.lang, "html_written", path=html_file), err=True)
    if as_json:
        emit_json(dump(result))
        return
    from cli.render_report import report_parts

    emit(console(), *report_parts(result, session.lang, session.zone))


def _named_options() -> AbstractContextManager[None]:
    from cli.errors import options_checked

    return options_checked(
        {"period_to": "--to", "period_from": "--from", "as_of": "--as-of", "known_at": "--known-at"}
    )
