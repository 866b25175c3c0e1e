"""Entry point of the `pipeline` console script."""

from __future__ import annotations

import click

VERSION = "0.1.0"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="pipeline")
def cli() -> None:
    """Inspect and drive a candidate pipeline (candidate-pipeline)."""


def main() -> None:
    cli()
