"""``ctlint new ID``: scaffold ``vendors/ID.yaml`` with every field the active rules need."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ctlint.cli.options import as_of_option, config_option, get_settings, require_config_option
from ctlint.scaffold import (
    BASIS_FIELD,
    CATEGORIES,
    CHANNELS,
    PROCUREMENT_BASES,
    PROCUREMENT_BASIS_VALUES,
    ROLES,
)

if TYPE_CHECKING:
    from ctlint.config import Settings
    from ctlint.scaffold.skeleton import Skeleton

VENDORS = "vendors"
EXTENSIONS = (".yaml", ".yml", ".json")


def build_skeleton(
    settings: Settings,
    manifest_id: str,
    *,
    category: str | None = None,
    channels: Sequence[str] | None = None,
    role: str | None = None,
    procurement_basis: str | None = None,
) -> Skeleton:
    """The skeleton of one manifest under the rules active for ``settings`` (as ``ctlint
    rules`` decides them), for its organization type, citing what ``check`` would cite."""
    from ctlint.output import catalog_views  # lazy: start-up (a command loads only what it uses)
    from ctlint.scaffold import skeleton  # lazy: start-up (a command loads only what it uses)

    view = catalog_views.build_view(settings)
    packs = [p.name for p in view.applicability.packs if p.active and p.name != "core"]
    org = settings.org_type or "an organization whose type is not declared"
    if settings.org_type:
        org = f"a {settings.org_type}"
    context = (
        f"{org} as of {settings.as_of.isoformat()} "
        f"(active packs: {', '.join(packs) or 'none'}); `ctlint rules` lists them"
    )
    return skeleton.manifest_skeleton(
        manifest_id,
        view.ruleset.policy,
        settings.as_of,
        category=category,
        channels=channels,
        role=role,
        org_type=settings.org_type,
        procurement_basis=procurement_basis,
        citations_for=settings.citations_for,
        context=context,
    )


def asks_for_basis(skeleton: Skeleton) -> bool:
    """Whether the skeleton leaves ``agreement.procurement_basis`` as a placeholder (a rule,
    CT-PSA-005, needs it)."""
    return BASIS_FIELD in skeleton.placeholders


def stdin_is_interactive() -> bool:
    """Whether a person can answer a prompt (standard input is a terminal)."""
    isatty = getattr(sys.stdin, "isatty", None)
    return bool(isatty and isatty())


def ask_procurement_basis(tool: str) -> str:
    """Ask a person for ``agreement.procurement_basis`` (``tool`` says of which manifest),
    explaining each value."""
    click.echo(
        f"On what basis does the agency buy {tool}? (agreement."
        "procurement_basis, CT-PSA-005; Conn. Gen. Stat. § 4-212 excludes the last three from "
        '"personal service contractor", and then the personal service agreement rules do not '
        "apply)"
    )
    for value, text in PROCUREMENT_BASES:
        click.echo(f"  {value}: {text}")
    return str(
        click.prompt(
            "Procurement basis", type=click.Choice(PROCUREMENT_BASIS_VALUES), show_choices=False
        )
    )


def existing_manifest(root: str, manifest_id: str) -> str | None:
    """``vendors/ID.yaml`` (or .yml/.json) when one exists, as a root-relative path."""
    for ext in EXTENSIONS:
        rel = f"{VENDORS}/{manifest_id}{ext}"
        if os.path.lexists(os.path.join(root, *rel.split("/"))):
            return rel
    return None


@click.command("new")
@click.argument("manifest_id", metavar="ID")
@click.option(
    "--category",
    type=click.Choice(CATEGORIES),
    help="Kind of tool (default: left for you to fill in).",
)
@click.option(
    "--channels",
    "channels",
    multiple=True,
    metavar="LIST",
    help=f"How the tool collects data, comma-separated or repeated ({', '.join(CHANNELS)}).",
)
@click.option(
    "--role",
    type=click.Choice(ROLES),
    help="The vendor's role (default: left for you to fill in; processor rules are included).",
)
@click.option(
    "--procurement-basis",
    type=click.Choice(PROCUREMENT_BASIS_VALUES),
    help="The basis on which a state agency buys the service (agreement.procurement_basis, "
    "CT-PSA-005): personal_service_agreement (§§ 4-212 to 4-219), contractual_services "
    "(through DAS, § 4a-50), information_technology (§ 4d-2) or other_exempt. Asked when "
    "the rules need it and standard input is a terminal; otherwise left as a placeholder.",
)
@click.option("--no-input", is_flag=True, help="Ask nothing; leave what is not given to fill in.")
@config_option
@require_config_option
@as_of_option
def command(
    manifest_id: str,
    category: str | None,
    channels: tuple[str, ...],
    role: str | None,
    procurement_basis: str | None,
    no_input: bool,
    config: str | None,
    require_config: bool,
    as_of: str | None,
) -> int:
    """Scaffold vendors/ID.yaml with every field the active rules need for this kind of tool.

    Each field comes under a comment naming the rules that need it and the law they cite.
    Fields the rules need are left empty: `ctlint check` reports each one until it is filled
    in. Fields that apply only in some cases (sensitive data, recorded calls …) are written
    commented out, with the case in their comment.

    A state agency says on what basis it buys the service (--procurement-basis, asked when
    not given): the personal service agreement rules apply only to a personal service
    contractor, so for an excluded basis their fields are left out.
    """
    from ctlint import scaffold  # lazy: start-up (a command loads only what it uses)
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)
    from ctlint.util import globs, writing  # lazy: start-up (a command loads only what it uses)

    scaffold.validate_id(manifest_id)
    chosen = scaffold.split_list(channels, CHANNELS, "--channels")
    settings = get_settings(config=config, as_of=as_of, require_config=require_config)
    found = existing_manifest(settings.root, manifest_id)
    if found is not None:
        raise UsageError(
            f"{found} already exists; edit it, or choose another id (`ctlint new` never "
            "overwrites a manifest)"
        )
    rel = f"{VENDORS}/{manifest_id}.yaml"
    path = os.path.join(settings.root, VENDORS, f"{manifest_id}.yaml")
    # a `vendors` link that leaves the root, or a folder that cannot be written, fails before
    # any question is asked
    writing.inspect(path, root=settings.root)
    skeleton = build_skeleton(
        settings,
        manifest_id,
        category=category,
        channels=chosen or None,
        role=role,
        procurement_basis=procurement_basis,
    )
    ask = not no_input and stdin_is_interactive()
    if procurement_basis is None and ask and asks_for_basis(skeleton):
        skeleton = build_skeleton(
            settings,
            manifest_id,
            category=category,
            channels=chosen or None,
            role=role,
            procurement_basis=ask_procurement_basis(f"the tool of {VENDORS}/{manifest_id}.yaml"),
        )
    writing.write(writing.inspect(path, root=settings.root), skeleton.text)
    shown = os.path.relpath(path)
    click.echo(
        f"wrote {shown}: {len(skeleton.placeholders)} fields to fill in"
        + (
            f", {len(skeleton.optional)} more commented out for special cases"
            if skeleton.optional
            else ""
        )
    )
    if not globs.matches(rel, settings.manifests) or globs.matches(rel, settings.exclude):
        click.echo(
            f"note: the configured `manifests`/`exclude` globs do not select {rel}; "
            "name it on the command line to check it",
            err=True,
        )
    if asks_for_basis(skeleton):
        click.echo(
            "note: agreement.procurement_basis is left to fill in (CT-PSA-005); with "
            "--procurement-basis `ctlint new` writes it, and for a basis that § 4-212 excludes "
            "it leaves out the personal service agreement fields",
            err=True,
        )
    click.echo(f"next: fill in the empty fields, then run `ctlint check {shown}`")
    return 0
