"""``ctlint taxonomy [PREFIX] [--sensitive] [--format text|json]``: the taxonomy keys under a
prefix, with their descriptions and legal markers (:mod:`ctlint.output.taxonomy_views`)."""

from __future__ import annotations

import click

from ctlint.cli.exits import EXIT_OK
from ctlint.cli.options import as_of_option, config_option, get_settings


@click.command("taxonomy")
@click.argument("prefix", required=False)
@click.option(
    "--sensitive",
    is_flag=True,
    help="Only the data categories that are sensitive data at the as-of date.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@config_option
@as_of_option
def command(
    prefix: str | None, sensitive: bool, fmt: str, config: str | None, as_of: str | None
) -> int:
    """List taxonomy keys with their descriptions and legal markers.

    PREFIX limits the list to one key and the keys below it (e.g. user.contact); markers say
    which legal classes a data category is in (sensitive, high_risk, breach_pi...) and from or
    until when."""
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)
    from ctlint.output import (
        taxonomy_views as views,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.util.text import visible  # lazy: start-up (a command loads only what it uses)

    day = get_settings(config=config, as_of=as_of).as_of if sensitive else None
    try:
        found = views.rows(prefix, sensitive_at=day)
    except views.UnknownPrefix as exc:
        hint = f"; did you mean `{exc.suggestion}`?" if exc.suggestion else ""
        raise UsageError(
            f"unknown taxonomy key `{visible(exc.prefix)}`{hint} (`ctlint taxonomy` lists them)"
        ) from None
    click.echo(views.as_json(found) if fmt == "json" else views.text(found), nl=False)
    return EXIT_OK
