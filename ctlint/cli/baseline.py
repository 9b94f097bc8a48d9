"""``ctlint baseline``: record today's findings; ``--update`` drops the fixed ones."""

from __future__ import annotations

import dataclasses
import os

import click

from ctlint.cli.options import (
    as_of_option,
    config_option,
    grouped_settings,
    one_configuration,
    require_config_option,
)


@click.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path())
@config_option
@require_config_option
@as_of_option
@click.option(
    "--output",
    metavar="PATH",
    help="The baseline file (default: `baseline` in the configuration, else .ctlint-baseline.json).",
)
@click.option(
    "--update", is_flag=True, help="Drop entries whose findings are fixed; never add new ones."
)
@click.option("--force", is_flag=True, help="Record anew over an existing baseline.")
def command(
    paths: tuple[str, ...],
    config: str | None,
    require_config: bool,
    as_of: str | None,
    output: str | None,
    update: bool,
    force: bool,
) -> int:
    """Record today's findings (file + vendor + rule + pointer + item) so that only new ones fail."""
    from ctlint.engine import baseline  # lazy: start-up (a command loads only what it uses)
    from ctlint.engine import pipeline as api  # lazy: start-up (a command loads only what it uses)
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)
    from ctlint.output.inputs import (
        refuse_to_overwrite_inputs,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.util import writing  # lazy: start-up (a command loads only what it uses)

    settings, named = one_configuration(
        grouped_settings(
            paths, config=config, require_config=require_config, as_of=as_of, one="baseline"
        ),
        "baseline",
    )
    if output is not None:
        writing.inspect(output)  # a folder, FIFO, .git or impossible path fails before the run
        path = os.path.abspath(output)
    else:
        path = settings.baseline or baseline.resolve(settings.root, None)
        writing.inspect(path)
    # the baseline being written is no input of this run; every other file it reads is
    report = api.run(dataclasses.replace(settings, baseline=None), named)
    (destination,) = refuse_to_overwrite_inputs([path], report)
    current = baseline.entries_from(report.findings)
    shown = os.path.relpath(path)
    if update:
        old = baseline.load(path)
        kept = baseline.still_known(report.findings, old)
        writing.write(destination, baseline.dumps(kept))
        rewritten = " (rewritten in the current format)" if baseline.is_legacy(old) else ""
        click.echo(
            f"updated {shown}{rewritten}: dropped {len(old) - len(kept)} fixed finding(s); "
            f"{len(kept)} remain"
        )
        return 0
    if destination.kind == writing.FILE and not force:
        raise UsageError(
            f"{shown} exists; use --update to drop fixed findings (and rewrite an old-format "
            "baseline), or --force to record today's findings anew"
        )
    writing.write(destination, baseline.dumps(current))
    click.echo(f"recorded {len(current)} finding(s) in {shown}")
    return 0
