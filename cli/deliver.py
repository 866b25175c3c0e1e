"""`pipeline deliver`: the outbox relay to a mail server, once or every few seconds.

The sender comes from the policy configuration (From: `agency_email` and `agency_name`;
Reply-To: the advisor's `email` in `advisors`), the rules from its `[delivery]` table, the
login from PIPELINE_SMTP_USER and PIPELINE_SMTP_PASSWORD (never from the command line).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import click

from cli.labels import text
from cli.output import local
from cli.progress import progress_bar
from cli.session import Session, pass_session

if TYPE_CHECKING:
    from pipeline.delivery import DeliveryReport, Relay, Sender
    from policies import PolicyConfig


@click.command()
@click.option(
    "--smtp",
    "url",
    envvar="PIPELINE_SMTP",
    required=True,
    metavar="URL",
    help="smtp://host[:port] (STARTTLS when offered; ?starttls=always|never) or "
    "smtps://host[:port]; also ?timeout=SECONDS&cafile=PATH. [env: PIPELINE_SMTP]",
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N messages a run.")
@click.option(
    "--rate",
    type=click.IntRange(min=1),
    metavar="R",
    help="At most R messages a minute. [default: [delivery] rate_per_minute, 60]",
)
@click.option("--dry-run", is_flag=True, help="Show what would go out; claim and send nothing.")
@click.option("--once", is_flag=True, help="One run, then stop. [the default]")
@click.option(
    "--every",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="Run again every SECONDS until interrupted (Ctrl-C).",
)
@pass_session
def deliver(
    session: Session,
    *,
    url: str,
    limit: int | None,
    rate: int | None,
    dry_run: bool,
    once: bool,
    every: float | None,
) -> None:
    """Send the messages due by now through a mail server, each one once.

    Each message is claimed right before the server takes its data, so two relays (in two
    processes or on two machines) never send the same one, and a message the candidate's
    reply cancelled is never sent. A refused connection, a timeout or a 4xx is retried later,
    up to the configured attempts; a 5xx fails for good; a connection lost after the data
    went out leaves the message 'uncertain', never sent again on its own. Those give the
    advisor a task; settle them with `pipeline message mark`. The sender and the [delivery]
    rules (send hours, business days, rate, retries) come from --config.
    """
    if once and every is not None:
        raise click.UsageError("--once and --every exclude each other")
    session.read_only = dry_run
    relay = make_relay(session, url, rate)
    while True:
        with progress_bar("delivering") as advance:
            report = relay.run_once(
                limit, dry_run=dry_run, progress=lambda r: advance(r.done, r.due)
            )
        for line in report_lines(report, session):
            click.echo(line)
        if every is None:
            if report.unreachable:
                raise SystemExit(1)  # the server could not be reached: said on the line above
            return
        pause(every)


def make_relay(session: Session, url: str, rate: int | None) -> Relay:
    from cli.config import load_delivery_settings, load_policy_config
    from pipeline.delivery import Relay, SmtpTransport

    policy = load_policy_config(session.config_file)
    settings = load_delivery_settings(session.config_file, policy)
    if rate is not None:
        settings = settings.model_copy(update={"rate_per_minute": rate})
    transport = SmtpTransport(url)
    return Relay(session.app, transport, sender_of(policy, session.config_file), settings)


def sender_of(policy: PolicyConfig, config_file: str | None) -> Sender:
    """From the agency, Reply-To the advisor: the directory of the policy configuration."""
    from pipeline import ConfigError
    from pipeline.delivery import Mailbox, Sender

    if policy.agency_email is None:
        where = config_file or "a --config file"
        raise ConfigError(f"deliver needs the agency's address (From): set agency_email in {where}")
    advisors = {key: Mailbox(address=entry.email, name=entry.name)
                for key, entry in policy.advisors.items() if entry.email}  # fmt: skip
    agency = Mailbox(address=policy.agency_email, name=policy.agency_name)
    return Sender(agency=agency, advisors=advisors)


def report_lines(report: DeliveryReport, session: Session) -> list[str]:
    lang, when = session.lang, local(report.started_at, session.zone)
    if report.waiting_until is not None:
        opens = local(report.waiting_until, session.zone)
        return [text(lang, "deliver_waiting", time=when, opens=opens)]
    lines = [f"  {line}" for line in report.would_send]
    summary = text(
        lang,
        "deliver_summary",
        time=when,
        due=report.due,
        sent=report.sent,
        retrying=report.retrying,
        failed=report.failed,
        uncertain=report.uncertain,
        skipped=report.skipped,
    )
    if report.expired:
        summary += text(lang, "deliver_expired", n=report.expired)
    if report.dry_run:
        summary += text(lang, "dry_run_deliver")
    lines.append(summary)
    if report.stopped is not None:
        lines.append(text(lang, "deliver_stopped", why=report.stopped))
    return lines


def pause(seconds: float) -> None:
    """Wait for the next run; Ctrl-C ends `--every` quietly, between runs."""
    try:
        time.sleep(seconds)
    except KeyboardInterrupt:
        raise SystemExit(0) from None
