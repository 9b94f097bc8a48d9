"""Options and helpers that the command modules share."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ctlint.config import Settings
    from ctlint.engine.report import Report
    from ctlint.errors import ConfigError

F = TypeVar("F", bound=Callable[..., Any])

config_option = click.option(
    "--config",
    "config",
    metavar="PATH",
    help="Configuration file (default: nearest .ctlint.yaml or pyproject.toml).",
)
as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="Evaluate the law as of this date (YYYY-MM-DD)."
)


def get_settings(*, require_config: bool = False, found: bool = False, **options: Any) -> Settings:
    """The settings of a run: the configuration found (or named) with the command's options
    over it (:func:`ctlint.config.load_settings`); with ``require_config``, a configuration
    error when none is found (:func:`no_configuration`). A configuration named with
    ``--config`` (not ``found`` by discovery) covers every folder below its root, nested
    configurations included (``Settings.hierarchical``)."""
    from ctlint.config import load_settings  # lazy: start-up (a command loads only what it uses)

    settings = load_settings(**options)
    if require_config and settings.config_path is None:
        raise no_configuration("the current folder")
    if options.get("config") is not None and not found:
        import dataclasses  # lazy: start-up (a command loads only what it uses)

        return dataclasses.replace(settings, hierarchical=False)
    return settings


require_config_option = click.option(
    "--require-config",
    is_flag=True,
    help="Exit 2 when no configuration covers a path (instead of applying the defaults).",
)


def no_configuration(shown: str) -> ConfigError:
    """The configuration error of ``--require-config`` when no configuration covers
    ``shown`` (the paths, or the current folder)."""
    from ctlint.errors import ConfigError  # lazy: start-up (a command loads only what it uses)

    return ConfigError(
        f"no configuration found for {shown} (--require-config): no .ctlint.yaml or "
        "pyproject.toml [tool.ctlint] at or above it up to the git root; run "
        "`ctlint init` there or pass --config"
    )


def grouped_settings(
    paths: tuple[str, ...],
    *,
    config: str | None,
    require_config: bool,
    one: str | None = None,
    **options: Any,
) -> list[tuple[Settings, tuple[str, ...]]]:
    """The settings of each group of ``paths`` (:func:`ctlint.config.discovery.group_paths`):
    the nearest configuration of each path, or ``--config`` for all of them; also each
    configuration of a folder below a group that the group reaches
    (:func:`ctlint.config.discovery.nested_groups`), unless the command describes ``one``
    configuration (``report``, ``baseline``, ``due``: it names the command), which leaves
    such a folder out with one line on stderr. A group that no configuration covers is a
    configuration error with ``--require-config``; otherwise one line on stderr says which
    defaults apply."""
    from ctlint.config import discovery  # lazy: start-up (a command loads only what it uses)
    from ctlint.util.globs import is_inside  # lazy: start-up (a command loads only what it uses)
    from ctlint.util.text import visible  # lazy: start-up (a command loads only what it uses)

    if config is not None:
        settings = get_settings(config=config, **options)
        root = settings.root
        for path in paths:
            if not is_inside(os.path.realpath(path), root):
                click.echo(
                    visible(
                        f"ctlint: {path} is outside {os.path.relpath(root)}, the root of "
                        f"--config {config}: it is checked under that configuration (its "
                        "organization, packs and documents) all the same"
                    ),
                    err=True,
                )
        return [(settings, paths)]
    out: dict[str | None, tuple[Settings, tuple[str, ...]]] = {}
    pending = discovery.group_paths(paths)
    while pending:
        group = pending.pop(0)
        if group.config in out:  # a nested folder named too: one group, the paths of both
            settings, named = out[group.config]
            out[group.config] = (settings, tuple(dict.fromkeys((*named, *group.paths))))
            if one is None:
                pending.extend(discovery.nested_groups(settings, group.paths))
            continue
        settings = get_settings(config=group.config, discover=False, found=True, **options)
        below = discovery.nested_groups(settings, group.paths)
        if one is None:
            pending.extend(below)
        if group.config is None:
            if below and one is None and group.paths and not _own_files(settings, group.paths):
                continue  # a folder whose every manifest has a configuration below it
            shown = ", ".join(group.paths) or "the current folder"
            if require_config:
                raise no_configuration(shown)
            click.echo(visible(discovery.default_note(group.paths)), err=True)
        out[group.config] = (settings, group.paths)
        for inner in below if one is not None else ():
            folder = os.path.relpath(os.path.dirname(inner.config or ""))
            click.echo(
                visible(
                    f"ctlint: {folder} has a configuration of its own "
                    f"({os.path.relpath(inner.config or '')}), so its manifests are left out; "
                    f"run `ctlint {one}` there"
                ),
                err=True,
            )
    order = sorted(out, key=lambda c: (c is None, os.fsencode(c or "")))
    return [out[c] for c in order]


def _own_files(settings: Settings, paths: tuple[str, ...]) -> bool:
    """Whether named ``paths`` hold a manifest that no nested configuration takes."""
    from ctlint.engine.discover import expand  # lazy: only for paths that no configuration covers

    return bool(expand(settings, paths))


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


def output_option(what: str) -> Callable[[F], F]:
    """``--output PATH`` of a command that writes one document (``report``, ``due``)."""
    return click.option(
        "--output", metavar="PATH", help=f"Write the {what} to this file (default: stdout)."
    )


def kept_report(
    command: str,
    paths: tuple[str, ...],
    *,
    config: str | None,
    require_config: bool,
    as_of: str | None,
    output: str | None,
    waivers: bool = True,
) -> Report:
    """The run of a command that describes one configuration and shows the loaded documents
    (``report``, ``due``): ``--output`` checked before anything is read (a folder, a FIFO or
    an impossible path fails first), then one run that keeps the documents."""
    from ctlint.engine import pipeline  # lazy: start-up (a command loads only what it uses)
    from ctlint.util import writing  # lazy: start-up (a command loads only what it uses)

    if output is not None:
        writing.inspect(output)
    settings, named = one_configuration(
        grouped_settings(
            paths,
            config=config,
            require_config=require_config,
            as_of=as_of,
            waivers=waivers,
            one=command,
        ),
        command,
    )
    return pipeline.run(settings, named, keep=True)


def write_document(text: str, output: str | None, report: Report) -> None:
    """The command's document to ``--output`` (never over one of the run's inputs) or to
    stdout; a run that found no manifest says so on stderr."""
    if output is not None:
        from ctlint.output.inputs import (
            refuse_to_overwrite_inputs,  # lazy: start-up (a command loads only what it uses)
        )
        from ctlint.util import writing  # lazy: start-up (a command loads only what it uses)

        (destination,) = refuse_to_overwrite_inputs([output], report)
        writing.write(destination, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if not report.files:
        click.echo("ctlint: no manifest found (see `manifests` in the configuration)", err=True)
