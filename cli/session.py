"""The object on the click context (`ctx.obj`): the global options and, made on first use,
the `Pipeline` application.

Only commands that need the store open it, so `pipeline --help`, `pipeline graph` and usage
errors never import the core's dependencies. Tests put their own `Session` on the context
(`CliRunner().invoke(cli, args, obj=Session(clock=FixedClock(...)))`) to fix the time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pipeline import Clock, Pipeline

DEFAULT_DB = "pipeline.db"
DEFAULT_TZ = "Asia/Tokyo"


class Session:
    """Plain class, not a dataclass: importing `dataclasses` would slow down `--help`."""

    def __init__(
        self,
        db: str = DEFAULT_DB,
        lang: str = "en",
        tz: str = DEFAULT_TZ,
        config_file: str | None = None,
        clock: Clock | None = None,
        *,
        actor: str | None = None,
    ) -> None:
        self.db, self.lang, self.tz, self.config_file = db, lang, tz, config_file
        self.clock = clock
        self.actor = actor_of(actor)
        self.read_only = False  # a command that writes nothing sets this before using `app`
        self._app: Pipeline | None = None

    def configure(
        self, db: str, lang: str, tz: str, config_file: str | None, actor: str | None = None
    ) -> None:
        self.db, self.lang, self.tz, self.config_file = db, lang, tz, config_file
        self.actor = actor_of(actor) or self.actor

    @property
    def zone(self) -> ZoneInfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.tz)

    @property
    def app(self) -> Pipeline:
        """The application on the store, which must exist (for commands that only read)."""
        return self._open(create=False)

    @property
    def writer(self) -> Pipeline:
        """The application on the store, made if there is none yet (for commands that write)."""
        return self._open(create=True)

    def _open(self, create: bool) -> Pipeline:
        if self._app is None:
            self._app = open_pipeline(
                self.db,
                self.config_file,
                self.clock,
                self.lang,
                create=create,
                read_only=self.read_only,
            )
        return self._app

    def now(self) -> datetime:
        """The session's current time (its clock, or the wall clock)."""
        from pipeline import SystemClock

        return (self.clock or SystemClock()).now()

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


def open_pipeline(
    db: str,
    config_file: str | None,
    clock: Clock | None,
    language: str,
    *,
    create: bool = True,
    read_only: bool = False,
) -> Pipeline:
    """The application on `db` with the standard policies configured by `config_file`."""
    from cli.config import load_policy_config
    from pipeline import Pipeline
    from policies import standard_policies

    policies = standard_policies(load_policy_config(config_file))
    return Pipeline(
        db, policies=policies, clock=clock, language=language, create=create, read_only=read_only
    )


def actor_of(value: str | None) -> str | None:
    """Who is typing, as events record it: `tanaka` is `advisor:tanaka`; `advisor:tanaka`,
    `candidate`, `employer` and `system` as they are (the core checks the form)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    return text if ":" in text or text in ("candidate", "employer", "system") else f"advisor:{text}"


pass_session = click.make_pass_decorator(Session)
