"""Options and helpers that the command modules share."""

from __future__ import annotations

import os
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


require_config_option = click.option(
    "--require-config",
    is_flag=True,
    help="Exit 2 when no configuration covers a path (instead of applying the defaults).",
)


def grouped_settings(
    paths: tuple[str, ...], *, config: str | None, require_config: bool, **options: Any
) -> list[tuple[Settings, tuple[str, ...]]]:
    """The settings of each group of ``paths`` (:func:`ctlint.config.discovery.group_paths`):
    the nearest configuration of each path, or ``--config`` for all of them. A group that no
    configuration covers is a configuration error with ``--require-config``; otherwise one
    line on stderr says which defaults apply."""
    from ctlint.config import discovery  # lazy: start-up (a command loads only what it uses)
    from ctlint.errors import ConfigError  # lazy: start-up (a command loads only what it uses)
    from ctlint.util.text import visible  # lazy: start-up (a command loads only what it uses)

    if config is not None:
        return [(get_settings(config=config, **options), paths)]
    out = []
    for group in discovery.group_paths(paths):
        if group.config is None:
            shown = ", ".join(group.paths) or "the current folder"
            if require_config:
                raise ConfigError(
                    f"no configuration found for {shown} (--require-config): no .ctlint.yaml or "
                    "pyproject.toml [tool.ctlint] at or above it up to the git root; run "
                    "`ctlint init` there or pass --config"
                )
            click.echo(visible(discovery.default_note(group.paths)), err=True)
        settings = get_settings(config=group.config, discover=False, **options)
        out.append((settings, group.paths))
    return out


def one_configuration(
    groups: list[tuple[Settings, tuple[str, ...]]], command: str
) -> tuple[Settings, tuple[str, ...]]:
    """The single group of a command that describes one organization (``report``,
    ``baseline``); paths under several configurations are a usage error."""
    if len(groups) == 1:
        return groups[0]
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)

    names = ", ".join(
        os.path.relpath(s.config_path) if s.config_path else "(none)" for s, _ in groups
    )
    raise UsageError(
        f"the paths fall under {len(groups)} configurations ({names}); `ctlint {command}` "
        "describes one organization, so run it once per configuration"
    )
