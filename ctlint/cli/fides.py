"""``ctlint import fides`` and ``ctlint export fides`` (spec fides.md §6): the groups ``import``
and ``export``, each with its ``fides`` subcommand. The work is in :mod:`ctlint.fides`."""

from __future__ import annotations

import json
import os
import re
import sys

import click

from ctlint.cli.options import as_of_option, config_option, get_settings
from ctlint.util.text import visible

VENDORS = "vendors"
#: The findings that block an export (E4): the document's and the schema's, CTL0xx/CTL1xx.
SCHEMA_RULE = re.compile(r"CTL[01][0-9][0-9]\Z")


@click.group("import")
def import_group() -> None:
    """Import vendor manifests from other tools."""


@click.group("export")
def export_group() -> None:
    """Export manifests to other tools."""


@import_group.command("fides")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--system", "systems", multiple=True, metavar="KEY", help="Import this System.")
@click.option("--all", "everything", is_flag=True, help="Import every System, vendor or not.")
@click.option("--taxonomy", "taxonomies", multiple=True, metavar="FILE", help="Custom keys.")
@click.option("--datasets", multiple=True, metavar="PATH", help="Datasets to resolve.")
@click.option("--compass-declarations", "compass", multiple=True, metavar="FILE")
@click.option("--out", metavar="DIR", help="Folder to write into (default: ROOT/vendors).")
@click.option("--force", is_flag=True, help="Replace manifests that exist.")
@click.option("--dry-run", is_flag=True, help="Print the manifests; write nothing.")
@click.option("--keep-system-categories", is_flag=True, help="Keep system.* categories.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@config_option
@as_of_option
def import_fides(
    paths: tuple[str, ...],
    systems: tuple[str, ...],
    everything: bool,
    taxonomies: tuple[str, ...],
    datasets: tuple[str, ...],
    compass: tuple[str, ...],
    out: str | None,
    force: bool,
    dry_run: bool,
    keep_system_categories: bool,
    fmt: str,
    config: str | None,
    as_of: str | None,
) -> int:
    """Write vendors/<id>.yaml skeletons pre-filled from Fides Systems (manifests, System JSON
    or API/Compass pages); report every rename, unknown key and placeholder left.

    By default only Systems with a third-party signal are imported (system_type "third
    party", responsibility Processor, or a vendor_id). Nothing is invented: fields Fides does
    not state stay placeholders for `ctlint check` to report; unmapped Fides data is kept
    under x-fides.
    """
    from ctlint.engine.schema import manifest_schema  # lazy: start-up
    from ctlint.errors import UsageError  # lazy: start-up
    from ctlint.fides.importer import manifest_path, run_import  # lazy: start-up
    from ctlint.fides.render import Scaffold  # lazy: start-up
    from ctlint.output import catalog_views  # lazy: start-up
    from ctlint.util import writing  # lazy: start-up

    settings = get_settings(config=config, as_of=as_of)
    folder = out if out is not None else os.path.join(settings.root, VENDORS)
    view = catalog_views.build_view(settings)
    packs = [p.name for p in view.applicability.packs if p.active and p.name != "core"]
    context = (
        f"{settings.org_type or 'an organization whose type is not declared'} as of "
        f"{settings.as_of.isoformat()} (active packs: {', '.join(packs) or 'none'})"
    )
    scaffold = Scaffold(
        view.ruleset.policy,
        settings.as_of,
        settings.org_type,
        manifest_schema(),
        settings.citations_for,
        context,
    )
    outcome = run_import(
        paths,
        scaffold,
        systems=systems,
        everything=everything,
        extra_paths=(*taxonomies, *datasets, *compass),
        keep_system_categories=keep_system_categories,
    )
    planned = []
    for manifest in outcome.manifests:
        path = manifest_path(folder, manifest)
        if not dry_run:
            if os.path.lexists(path) and not force:
                raise UsageError(f"{path} already exists; use --force to replace it")
            planned.append((writing.inspect(path, root=None if out else settings.root), manifest))
    for destination, manifest in planned:
        writing.write(destination, manifest.text)
    if fmt == "json":  # the JSON document alone on stdout (a dry run's files are in it)
        doc = outcome.as_json(folder, dry_run=dry_run)
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    if dry_run:
        for manifest in outcome.manifests:
            click.echo(visible(f"--- {manifest_path(folder, manifest)}"))
            sys.stdout.write(manifest.text)
    for manifest in outcome.manifests:
        imp = manifest.imported
        verb = "would write" if dry_run else "wrote"
        click.echo(
            visible(
                f"{verb} {manifest_path(folder, manifest)}: {len(imp.renames)} renames, "
                f"{len(imp.unknown)} unknown keys, {len(imp.placeholders)} placeholders"
            )
        )
        for step in imp.renames:
            click.echo(visible(f"  rename {step.old} -> {step.new} ({step.source})"))
        for step in imp.custom:
            click.echo(visible(f"  custom {step.old} -> {step.new}"))
        for step in imp.unknown:
            click.echo(visible(f"  unknown {step.kind} {step.old}: {step.source}"))
        for warning in imp.warnings:
            click.echo(visible(f"  warning: {warning}"))
        if imp.placeholders:
            click.echo(visible(f"  to fill in: {', '.join(imp.placeholders)}"))
    for label, why in outcome.skipped:
        click.echo(visible(f"skipped {label}: {why}"))
    for name, keys in outcome.inventory.items():
        click.echo(visible(f"dataset {name}: {', '.join(keys) or 'no categories'}"))
        for hint in outcome.hints.get(name, []):
            click.echo(visible(f"  review {hint} (free text or location without a precise key)"))
    t = outcome.totals()
    click.echo(
        f"{t['systems']} systems imported, {t['skipped']} skipped: {t['renames']} renames, "
        f"{t['unknown']} unknown keys, {t['placeholders']} placeholders, {t['warnings']} warnings"
    )
    return 0


@export_group.command("fides")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out", metavar="FILE", default="-", help="Output file (default: stdout).")
@click.option("--flatten-extensions", is_flag=True, help="Rewrite ctlint keys to fideslang ones.")
@click.option(
    "--subprocessor-systems",
    is_flag=True,
    help="Add a stub System per subprocessor, with egress/ingress flows.",
)
@click.option("--organization-key", metavar="KEY", help="organization_fides_key of every System.")
@click.option("--include-retired", is_flag=True, help="Export retired manifests too.")
@config_option
@as_of_option
def export_fides(
    paths: tuple[str, ...],
    out: str,
    flatten_extensions: bool,
    subprocessor_systems: bool,
    organization_key: str | None,
    include_retired: bool,
    config: str | None,
    as_of: str | None,
) -> int:
    """Write one Fides manifest (system, data_category) for the manifests: deterministic YAML
    that fideslang 3.1.4 parses. Manifests with schema errors are not exported: their findings
    are printed and the exit code is 1; policy findings do not block the export."""
    from ctlint.engine import pipeline as api  # lazy: start-up (a command loads only what it uses)
    from ctlint.fides.export import Source, export  # lazy: start-up
    from ctlint.output.inputs import refuse_to_overwrite_inputs  # lazy: start-up
    from ctlint.util import writing  # lazy: start-up

    if out != "-":
        writing.inspect(out)
    settings = get_settings(config=config, as_of=as_of)
    report = api.run(settings, paths, keep=True)
    blocked = []
    sources = []
    for result in report.results:
        loaded = result.loaded
        if loaded is None or loaded.clean is None or loaded.schema_problems:
            blocked.append(result.rel)
            continue
        if result.retired and not include_retired:
            continue
        digest = loaded.digest.sha256 if loaded.digest else None
        sources.append(Source(result.rel, loaded.clean, digest))
    if blocked:
        for finding in report.findings:
            if finding.file in blocked and SCHEMA_RULE.match(finding.rule):
                where = f"{finding.span.line}:{finding.span.column}" if finding.span else "1:1"
                click.echo(
                    visible(
                        f"{finding.file}:{where}: {finding.rule} "
                        f"{finding.severity.name.lower()}: {finding.message}"
                    ),
                    err=True,
                )
        click.echo(f"ctlint: not exported: {len(blocked)} manifests with schema errors", err=True)
        return 1
    text, warnings = export(
        sources,
        flatten=flatten_extensions,
        organization=organization_key,
        subprocessor_systems=subprocessor_systems,
        as_of=settings.as_of,
    )
    for warning in warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        (destination,) = refuse_to_overwrite_inputs([out], report)
        writing.write(destination, text)
        click.echo(f"wrote {out}: {len(sources)} systems", err=True)
    return 0
