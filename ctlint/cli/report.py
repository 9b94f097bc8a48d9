"""``ctlint report``: the auditor's compliance register (HTML, Markdown, CSV, JSON, OSCAL).

Thin: settings, one run of the engine, :mod:`ctlint.output.register` builds and renders. The register
is not a gate: the command exits 0 whatever it finds (2/3 for usage and internal errors).
"""

from __future__ import annotations

import sys

import click

from ctlint.cli.options import (
    as_of_option,
    config_option,
    grouped_settings,
    one_configuration,
    require_config_option,
)
from ctlint.output.formats import REPORT_FORMATS


@click.command(
    "report",
    short_help="The auditor's compliance register (HTML, Markdown, CSV, JSON, OSCAL).",
)
@click.argument("paths", nargs=-1, type=click.Path())
@config_option
@require_config_option
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS.names),
    default=REPORT_FORMATS.default,
    show_default=True,
    help="Output format.",
)
@click.option("--output", metavar="PATH", help="Write the register to this file (default: stdout).")
@click.option("--no-waivers", is_flag=True, help="Audit mode: ignore every waiver.")
def command(
    paths: tuple[str, ...],
    config: str | None,
    require_config: bool,
    as_of: str | None,
    fmt: str,
    output: str | None,
    no_waivers: bool,
) -> int:
    """Write the compliance register: every vendor, what it collects, which obligations apply,
    which are met, which are waived and why, as of one date.

    PATHS default to the configured manifests under the repository root. The same inputs and
    as-of date give byte-identical output.
    """
    from ctlint.engine import pipeline as api  # lazy: start-up (a command loads only what it uses)
    from ctlint.output import register  # lazy: start-up (a command loads only what it uses)
    from ctlint.output.inputs import (
        refuse_to_overwrite_inputs,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.util import writing  # lazy: start-up (a command loads only what it uses)

    if output is not None:
        writing.inspect(output)  # a folder, FIFO or impossible path fails before the run
    settings, named = one_configuration(
        grouped_settings(
            paths,
            config=config,
            require_config=require_config,
            as_of=as_of,
            waivers=not no_waivers,
            one="report",
        ),
        "report",
    )
    report = api.run(settings, named, keep=True)
    text = register.render(register.build(report), fmt)
    if output is not None:
        (destination,) = refuse_to_overwrite_inputs([output], report)
        writing.write(destination, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if not report.files:
        click.echo("ctlint: no manifest found (see `manifests` in the configuration)", err=True)
    return 0
