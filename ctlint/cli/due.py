"""``ctlint due``: everything that comes due, soonest first (text, JSON, CSV, iCalendar).

Thin: settings, one run of the engine, :mod:`ctlint.output.due` builds and renders. Exit codes:
0 when nothing is overdue, 1 when at least one item is overdue (so a scheduled CI job fails
like a linter), 2 for usage and configuration errors, 3 for internal errors.
"""

from __future__ import annotations

import click

from ctlint.cli.exits import EXIT_FINDINGS, EXIT_OK
from ctlint.cli.options import (
    as_of_option,
    config_option,
    kept_report,
    output_option,
    require_config_option,
    write_document,
)
from ctlint.output.formats import DUE_FORMATS

#: The default window of ``--within``, in days (:data:`ctlint.output.due.DEFAULT_WITHIN_DAYS`;
#: repeated here so that ``--help`` imports nothing; tests/cli/test_due.py keeps them equal).
DEFAULT_WITHIN = 90


@click.command(
    "due",
    short_help="What comes due, soonest first: expiries, reviews, rules coming into force.",
)
@click.argument("paths", nargs=-1, type=click.Path())
@config_option
@require_config_option
@as_of_option
@click.option(
    "--within",
    "within",
    type=click.IntRange(0, 36500),
    default=DEFAULT_WITHIN,
    show_default=True,
    metavar="DAYS",
    help="List what comes due up to this many days after the as-of date (overdue items always).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DUE_FORMATS.names),
    default=DUE_FORMATS.default,
    show_default=True,
    help="Output format (ics: an iCalendar file, one all-day event per item).",
)
@output_option("list")
def command(
    paths: tuple[str, ...],
    config: str | None,
    require_config: bool,
    as_of: str | None,
    within: int,
    fmt: str,
    output: str | None,
) -> int:
    """List everything that comes due, soonest first, the overdue items before all:
    agreements and waivers expiring, reviews due (dates a rule wants recent, such as
    records.last_accuracy_review), and rules that come into force within the window and
    would report a vendor on their start date.

    PATHS default to the configured manifests under the repository root. --as-of sets
    "today". Exit 1 when an item is overdue, else 0.
    """
    from ctlint.output import due  # lazy: start-up (a command loads only what it uses)

    report = kept_report(
        "due", paths, config=config, require_config=require_config, as_of=as_of, output=output
    )
    listing = due.build(report, within)
    write_document(due.render(listing, fmt), output, report)
    return EXIT_FINDINGS if listing.overdue else EXIT_OK
