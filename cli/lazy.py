"""A click group whose subcommands are imported only when they are run.

Following click's "lazily loading subcommands" recipe, each subcommand is named by
`"module:attribute"`. The group's `--help` lists them from a one-line summary kept beside the
import path, so listing the commands imports none of them: `pipeline --help` stays as light as
click itself, whatever a subcommand module imports at the top (such as `cli.audit`).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping

import click


class LazyGroup(click.Group):
    def __init__(
        self, *args: object, lazy_subcommands: Mapping[str, tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_subcommands = dict(lazy_subcommands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [name for name in self.lazy_subcommands if self.is_installed(name)]
        return lazy + sorted(super().list_commands(ctx))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_subcommands and self.is_installed(cmd_name):
            return self.load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def is_installed(self, name: str) -> bool:
        """Whether the module exists, found without importing it (an optional part may not)."""
        module = self.lazy_subcommands[name][0].partition(":")[0]
        return importlib.util.find_spec(module) is not None

    def load(self, name: str) -> click.Command:
        module_name, _, attribute = self.lazy_subcommands[name][0].partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module_name}:{attribute} is not a click command")
        return command

    def summary(self, name: str) -> str:
        return self.lazy_subcommands[name][1]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        rows = [(name, self._summary_or_help(ctx, name)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _summary_or_help(self, ctx: click.Context, name: str) -> str:
        if name in self.lazy_subcommands:
            return self.summary(name)
        command = super().get_command(ctx, name)
        return command.get_short_help_str(200) if command else ""
