"""``ctlint report``: the auditor's compliance register (HTML, Markdown, CSV, JSON, OSCAL).

Thin: settings, one run of the engine, :mod:`ctlint.output.register` builds and renders. The register
is not a gate: the command exits 0 whatever it finds (2/3 for usage and internal errors).
"""

from __future__ import annotations

import click

from ctlint.cli.options import (
    as_of_option,
    config_option,
    kept_report,
    output_option,
    require_config_option,
    write_document,
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
@output_option("register")
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
    from ctlint.output import register  # lazy: start-up (a command loads only what it uses)

    report = kept_report(
        "report",
        paths,
        config=config,
        require_config=require_config,
        as_of=as_of,
        output=output,
        waivers=not no_waivers,
    )
    write_document(register.render(register.build(report), fmt), output, report)
    return 0
