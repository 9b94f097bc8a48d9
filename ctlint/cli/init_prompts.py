"""``ctlint init``'s questions: the organization profile, from the options given and, on a
terminal, prompts for the rest (only the facts that matter for the organization type)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ctlint.cli.init_guard import OPTIONS, need_terminal
from ctlint.scaffold import EXEMPTIONS, ORG_TYPES

_OPTION = OPTIONS


def _exemptions(text: str) -> list[str]:
    from ctlint import scaffold  # lazy: start-up (a command loads only what it uses)

    words = [w.strip() for w in text.replace(" ", ",").split(",") if w.strip()]
    if words in (["none"], ["-"]):
        return []
    return list(scaffold.split_list(words, EXEMPTIONS, "exemptions"))


def _ask_exemptions() -> list[str]:
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)

    while True:
        answer = click.prompt(
            f"CTDPA entity exemptions, comma-separated ({', '.join(EXEMPTIONS)}), or none",
            default="none",
        )
        try:
            return _exemptions(str(answer))
        except UsageError as exc:
            click.echo(f"Error: {exc}", err=True)


def ask_profile(given: dict[str, Any], interactive: bool) -> dict[str, Any]:
    """The organization mapping: the options given, and answers to prompts for the rest."""
    from ctlint import scaffold  # lazy: start-up (a command loads only what it uses)
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)

    org_type = given.get("type")
    if interactive:
        need_terminal("the organization profile", "--type is required")
    if org_type is None:
        if not interactive:
            raise UsageError(
                f"--no-input needs --type (one of {', '.join(ORG_TYPES)}): it decides which "
                "Connecticut laws apply"
            )
        click.echo(
            "Organization types: private_business (a company), nonprofit, ct_state_agency "
            "(a Connecticut state agency), ct_municipal_agency (a town or city agency)."
        )
        org_type = click.prompt("Organization type", type=click.Choice(ORG_TYPES))
    relevant = scaffold.FACTS_BY_TYPE[org_type]
    for key in given:
        if key not in ("type", "name", *relevant):
            kinds = [t for t in ORG_TYPES if key in scaffold.FACTS_BY_TYPE[t]]
            raise UsageError(
                f"{_OPTION[key]} applies to {' and '.join(kinds)}, not to --type {org_type}"
            )
    org: dict[str, Any] = {}
    name = given.get("name")
    if name is None and interactive:
        name = click.prompt("Organization name (optional)", default="", show_default=False)
    if name:
        org["name"] = str(name).strip()
    org["type"] = org_type
    prompts: dict[str, Callable[[], Any]] = {
        "ct_consumers_per_year": lambda: click.prompt(
            "Connecticut residents whose personal data you processed last year (payment-only "
            "excluded)",
            type=click.IntRange(min=0),
        ),
        "sells_personal_data": lambda: click.confirm("Do you sell personal data?", default=False),
        "exemptions": _ask_exemptions,
        "state_contractor": lambda: click.confirm(
            "Do you operate a personal data system for a Connecticut agency under contract?",
            default=False,
        ),
        "agency_division": lambda: click.prompt(
            "Agency and division that requests the data (e.g. Department of Labor, "
            "Unemployment Insurance Division; optional)",
            default="",
            show_default=False,
        ),
        "ct_employees": lambda: click.confirm(
            "Do you have employees in Connecticut?", default=True
        ),
    }
    for key in relevant:
        if key in given:
            value = given[key]
        elif interactive:
            value = prompts[key]()
        else:
            continue
        if key == "agency_division":
            value = str(value).strip()
            if not value:
                continue
        org[key] = value
    return org
