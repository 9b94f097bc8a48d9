"""The catalog commands: ``ctlint rules``, ``explain``, ``schema`` and ``policy test``.

``rules --format`` names come from :data:`ctlint.output.formats.RULES_FORMATS`.
"""

from __future__ import annotations

import click

from ctlint.cli.exits import EXIT_FINDINGS, EXIT_OK
from ctlint.cli.options import as_of_option, config_option, get_settings, require_config_option
from ctlint.output.formats import RULES_FORMATS
from ctlint.util.text import visible


@click.command("rules")
@click.option("--pack", metavar="PACK", help="Only this pack.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RULES_FORMATS.names),
    default=RULES_FORMATS.default,
    show_default=True,
)
@config_option
@require_config_option
@as_of_option
def rules(
    pack: str | None, fmt: str, config: str | None, require_config: bool, as_of: str | None
) -> int:
    """List rules: id, pack, severity, title, and whether each is active (and why)."""
    from ctlint.output import (
        catalog_views,  # lazy: start-up (a command loads only what it uses)
        rules_views,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.output.rendering import (
        RenderOptions,  # lazy: start-up (a command loads only what it uses)
    )

    settings = get_settings(config=config, as_of=as_of, require_config=require_config)
    view = catalog_views.build_view(settings)
    if pack is not None and pack not in view.catalog.packs:
        from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)

        raise UsageError(
            f"--pack: unknown pack `{pack}` (available: {', '.join(sorted(view.catalog.packs))})"
        )
    listing = rules_views.RuleListing(view, pack)
    click.echo(RULES_FORMATS.get(fmt).render(listing, RenderOptions()), nl=False)
    return EXIT_OK


@click.command("explain")
@click.argument("rule")
@config_option
@require_config_option
@as_of_option
def explain(rule: str, config: str | None, require_config: bool, as_of: str | None) -> int:
    """Explain one rule: why it exists, what to write, the law it comes from."""
    from ctlint.output import (
        catalog_views,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.output import (
        explain as explained,  # lazy: start-up (a command loads only what it uses)
    )

    settings = get_settings(config=config, as_of=as_of, require_config=require_config)
    view = catalog_views.build_view(settings)
    click.echo(explained.render_explain(view, view.catalog.rule(rule)), nl=False)
    return EXIT_OK


@click.command("schema")
@click.option(
    "--output",
    metavar="PATH",
    help="Write the schema to this file (replacing only an older copy of it) instead of "
    "printing it.",
)
@click.option(
    "--config",
    "config",
    is_flag=True,
    help="The JSON Schema of .ctlint.yaml instead of the manifest's (for editors).",
)
def schema(output: str | None, config: bool) -> int:
    """Print the manifest JSON Schema (for editors and other validators).

    With --config, the JSON Schema of .ctlint.yaml instead."""
    from ctlint.scaffold import editor  # lazy: start-up (a command loads only what it uses)

    text = editor.schema_text(config=config)
    if output is None:
        click.echo(text, nl=False)
        return EXIT_OK
    from ctlint.util import writing  # lazy: start-up (a command loads only what it uses)

    destination = writing.inspect(output)  # a folder, FIFO or impossible path: nothing written
    if (
        destination.kind == writing.FILE
        and editor.schema_destination(output, output, config=config) == "same"
    ):
        return EXIT_OK  # already this schema: not even its times change
    writing.write(destination, text)
    return EXIT_OK


@click.group("policy")
def policy() -> None:
    """Work with policy files."""


@policy.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@config_option
@require_config_option
def policy_test(paths: tuple[str, ...], config: str | None, require_config: bool) -> int:
    """Run the pass/fail examples of policy files (default: every built-in and configured pack)."""
    from ctlint.engine import (
        examples as runner,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.policy.catalog import (
        build_catalog,  # lazy: start-up (a command loads only what it uses)
    )

    if paths:
        results = runner.run_paths(paths)
    else:
        settings = get_settings(config=config, require_config=require_config)
        catalog = build_catalog(
            root=settings.root, policy_paths=settings.policy_paths, installed=False
        )
        results = runner.run_rules(
            r for r in catalog.rules.values() if not r.builtin and not r.retired
        )
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(
            visible(
                f"{result.path}: {result.rule} {result.kind} example `{result.name}`: "
                f"{result.detail}"
            )
        )
    rules_seen = len({r.rule for r in results})
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed ({rules_seen} rules)")
    return EXIT_FINDINGS if failed else EXIT_OK
