"""Times and dates on the command line: ISO 8601, read in the `--tz` zone when naive.

`2026-04-13T15:30+09:00` is that moment; `2026-04-13T15:30` is 15:30 in `--tz`; a bare date
`2026-04-13` is 00:00 in `--tz`. A date option also takes `today` (in `--tz`, by the clock).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Literal

import click

from cli.session import DEFAULT_TZ, Session

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

EXAMPLES = "e.g. 2026-04-13, 2026-04-13T15:30 or 2026-04-13T15:30+09:00"


def session_zone(ctx: click.Context | None) -> ZoneInfo:
    from zoneinfo import ZoneInfo

    session = ctx.find_object(Session) if ctx else None
    return session.zone if session else ZoneInfo(DEFAULT_TZ)


YEARS = range(1900, 3000)  # the core's bounds (pipeline.commands): outside, a typo


def parse_moment(value: str, zone: ZoneInfo) -> datetime:
    """An aware datetime from ISO 8601 text; naive text is read in `zone`. ValueError for a
    time outside YEARS (in UTC too: year 1 in Tokyo is year 0 in UTC, which does not exist)."""
    parsed = datetime.fromisoformat(value.strip())
    moment = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range") from None
    if moment.year not in YEARS or in_utc.year not in YEARS:
        raise ValueError("out of range")
    return moment


def to_moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """Option callback: the option's text as an aware datetime (naive text is in `--tz`)."""
    if value is None:
        return None
    try:
        return parse_moment(value, session_zone(ctx))
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time between {YEARS.start} and {YEARS.stop - 1}"
            f" ({EXAMPLES})"
        ) from None


def to_due_by(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> datetime | Literal["now"] | None:
    """Option callback: a time as `to_moment` reads it; `now` (the default) or `any` (None)."""
    if value is None or value.strip().lower() == "now":
        return "now"
    if value.strip().lower() == "any":
        return None
    return to_moment(ctx, param, value)


def to_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Option callback: a date, or `today` in `--tz` by the session's clock."""
    if value is None:
        return None
    text = value.strip()
    if text.lower() == "today":
        session = ctx.find_object(Session) or Session()
        return session.now().astimezone(session_zone(ctx)).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD or 'today')") from None


def validate_zone(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """`--tz`: an IANA zone name such as Asia/Tokyo or UTC."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
    except (ValueError, KeyError):
        raise click.BadParameter(f"unknown time zone {value!r} (e.g. Asia/Tokyo, UTC)") from None
    return value
