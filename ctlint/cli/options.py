"""Options and helpers that the command modules share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ctlint.config import Settings

config_option = click.option(
    "--config",
    "config",
    metavar="PATH",
    help="Configuration file (default: nearest .ctlint.yaml or pyproject.toml).",
)
as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="Evaluate the law as of this date (YYYY-MM-DD)."
)


def get_settings(**options: Any) -> Settings:
    """The settings of a run: the configuration found (or named) with the command's options
    over it (:func:`ctlint.config.load_settings`)."""
    from ctlint.config import load_settings  # lazy: start-up (a command loads only what it uses)

    return load_settings(**options)
