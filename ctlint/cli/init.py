"""``ctlint init``: a starter ``.ctlint.yaml``, the pre-commit hook and an example manifest."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from typing import TYPE_CHECKING, Any

import click

from ctlint.cli.init_guard import conflicts, need_terminal
from ctlint.cli.init_prompts import ask_profile
from ctlint.cli.options import get_settings
from ctlint.scaffold import AGENCY_TYPES, EXEMPTIONS, ORG_TYPES, PROCUREMENT_BASIS_VALUES

if TYPE_CHECKING:
    from ctlint.config import Settings

CONFIG = ".ctlint.yaml"


@dataclasses.dataclass(slots=True)
class _Plan:
    """What init will write, decided before anything is written."""

    lines: list[str] = dataclasses.field(default_factory=list)
    writes: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def _validated(text: str) -> None:
    """Read the configuration text the way ctlint will (so init never writes one it rejects)."""
    from ctlint.config import read_config  # lazy: start-up (a command loads only what it uses)

    with tempfile.TemporaryDirectory(prefix="ctlint-init-") as folder:
        path = os.path.join(folder, CONFIG)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        read_config(path)


def _settings_for(root: str, text: str | None) -> Settings:
    """Settings under the configuration about to be written (or the existing one)."""
    from ctlint.config import load_settings  # lazy: start-up (a command loads only what it uses)

    if text is None:
        return get_settings(cwd=root)
    with tempfile.TemporaryDirectory(prefix="ctlint-init-") as folder:
        path = os.path.join(folder, CONFIG)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        settings = load_settings(config=path)
    return dataclasses.replace(settings, root=root, config_path=os.path.join(root, CONFIG))


def _has_toml_config(root: str) -> bool:
    from ctlint.config import has_tool_table  # lazy: start-up (a command loads only what it uses)

    path = os.path.join(root, "pyproject.toml")
    return os.path.isfile(path) and has_tool_table(path)


@click.command("init")
@click.option("--type", "org_type", type=click.Choice(ORG_TYPES), help="Organization type.")
@click.option("--name", metavar="TEXT", help="Organization name.")
@click.option(
    "--consumers",
    type=click.IntRange(min=0),
    metavar="N",
    help="Connecticut residents whose personal data was processed last year (private_business).",
)
@click.option(
    "--sells-data/--no-sells-data",
    "sells_data",
    default=None,
    help="Whether the organization sells personal data (private_business).",
)
@click.option(
    "--exemption",
    "exemptions",
    multiple=True,
    metavar="X",
    help=f"A CTDPA entity exemption, repeatable ({', '.join(EXEMPTIONS)}).",
)
@click.option(
    "--state-contractor/--no-state-contractor",
    "state_contractor",
    default=None,
    help="Operates a personal data system for a Connecticut agency (private_business, nonprofit).",
)
@click.option(
    "--agency-division",
    metavar="TEXT",
    help=f"Agency and division that requests the data ({', '.join(AGENCY_TYPES)}).",
)
@click.option(
    "--ct-employees/--no-ct-employees",
    "ct_employees",
    default=None,
    help="Whether the organization has employees in Connecticut.",
)
@click.option(
    "--procurement-basis",
    type=click.Choice(PROCUREMENT_BASIS_VALUES),
    help="ct_state_agency: the basis on which the agency buys the example's tool "
    "(agreement.procurement_basis, CT-PSA-005); asked when not given, a placeholder with "
    "--no-input.",
)
@click.option(
    "--schema",
    "schema_path",
    metavar="PATH",
    help="Also write the manifest JSON Schema to PATH (e.g. schemas/vendor-manifest.schema.json) "
    "and point the example manifest at it with a yaml-language-server modeline, so that editors "
    "check manifests offline.",
)
@click.option(
    "--vscode",
    is_flag=True,
    help="With --schema: add its yaml.schemas entry (for the configured manifests) to "
    ".vscode/settings.json, merged into an existing file.",
)
@click.option("--no-input", is_flag=True, help="Ask nothing; take the profile from the options.")
@click.option(
    "--force", is_flag=True, help="Replace an existing .ctlint.yaml and example manifest."
)
def command(
    org_type: str | None,
    name: str | None,
    consumers: int | None,
    sells_data: bool | None,
    exemptions: tuple[str, ...],
    state_contractor: bool | None,
    agency_division: str | None,
    ct_employees: bool | None,
    procurement_basis: str | None,
    schema_path: str | None,
    vscode: bool,
    no_input: bool,
    force: bool,
) -> int:
    """Write a starter .ctlint.yaml, the pre-commit hook and an example manifest.

    The organization profile is asked interactively, or taken from the options with
    --no-input (then --type is required). A state agency is also asked on what basis it buys
    the example's tool (--procurement-basis; with --no-input a placeholder unless given). The ctlint hook is added to an existing
    .pre-commit-config.yaml without touching the rest of it. Existing files are kept unless
    --force is given (the pre-commit configuration is only ever extended).

    For editors, --schema PATH also writes the manifest JSON Schema (an older copy of it is
    updated, any other file there is an error) and --vscode adds it to .vscode/settings.json
    (merged into strict JSON; a file with comments is an error and is left as it is).
    """
    from ctlint import scaffold  # lazy: start-up (a command loads only what it uses)
    from ctlint.cli.new import (
        VENDORS,
        ask_procurement_basis,
        asks_for_basis,
        build_skeleton,
    )  # lazy: start-up (a command loads only what it uses)
    from ctlint.engine.discover import (
        configured,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)
    from ctlint.scaffold import (  # lazy: start-up (a command loads only what it uses)
        configuration,
        precommit,
    )
    from ctlint.util import writing  # lazy: start-up (a command loads only what it uses)

    root = os.getcwd()
    plan = _Plan()
    if vscode and schema_path is None:
        raise UsageError(
            "--vscode needs --schema PATH: the schema file .vscode/settings.json points VS Code "
            "at (e.g. --schema schemas/vendor-manifest.schema.json)"
        )
    schema_rel = None if schema_path is None else _inside_root(root, schema_path)

    # 1. .ctlint.yaml
    config_path = os.path.join(root, CONFIG)
    config_text: str | None = None
    given: dict[str, Any] = {
        key: value
        for key, value in (
            ("type", org_type),
            ("name", name),
            ("ct_consumers_per_year", consumers),
            ("sells_personal_data", sells_data),
            ("exemptions", list(scaffold.split_list(exemptions, EXEMPTIONS, "--exemption"))),
            ("state_contractor", state_contractor),
            ("agency_division", agency_division),
            ("ct_employees", ct_employees),
        )
        if value is not None and value != []
    }
    if _has_toml_config(root):
        found = conflicts(os.path.join(root, "pyproject.toml"), given)
        if found:
            raise UsageError(*found)
        plan.lines.append(
            "kept pyproject.toml [tool.ctlint]: ctlint is configured there, so no .ctlint.yaml "
            "was written (both in one folder is a configuration error)"
        )
    elif os.path.lexists(config_path) and not force:
        found = conflicts(config_path, given) if given else []
        if found:
            raise UsageError(*found)
        plan.lines.append(f"kept {CONFIG} (use --force to replace)")
    else:
        profile = ask_profile(given, interactive=not no_input)
        if procurement_basis is not None and profile["type"] != "ct_state_agency":
            raise UsageError(
                f"--procurement-basis applies to ct_state_agency, not to --type {profile['type']}"
            )
        config_text = configuration.config_text(profile)
        _validated(config_text)
        plan.writes.append((CONFIG, config_text))
        replaced = " (replaced the existing file)" if os.path.lexists(config_path) else ""
        plan.lines.append(f"wrote {CONFIG}{replaced}")

    # 2. .pre-commit-config.yaml: extended, never replaced
    hook_path = os.path.join(root, scaffold.PRECOMMIT_NAME)
    current = precommit.read_precommit_config(hook_path)
    change = precommit.add_precommit_hook(current)
    if change.status == "present":
        plan.lines.append(f"kept {scaffold.PRECOMMIT_NAME}: it already has a ctlint hook")
    elif change.text is not None:
        plan.writes.append((scaffold.PRECOMMIT_NAME, change.text))
        plan.lines.append(
            f"wrote {scaffold.PRECOMMIT_NAME} with the ctlint hook"
            if change.status == "created"
            else f"added the ctlint hook to {scaffold.PRECOMMIT_NAME}"
        )

    # 3. vendors/ with one example manifest, from the same skeleton as `ctlint new`
    example = f"{VENDORS}/{scaffold.EXAMPLE_ID}.yaml"
    example_path = os.path.join(root, VENDORS, f"{scaffold.EXAMPLE_ID}.yaml")
    settings = _settings_for(root, config_text)
    manifests = [t.rel for t in configured(settings, strict=False) if t.rel != example]
    if os.path.lexists(example_path) and not force:
        plan.lines.append(f"kept {example} (use --force to replace)")
    elif manifests and not os.path.lexists(example_path):
        example = ""
        plan.lines.append(
            f"wrote no example manifest: the repository already has {len(manifests)} "
            f"(e.g. {manifests[0]}); `ctlint new ID` scaffolds another"
        )
    else:
        kind: dict[str, Any] = {"category": "help_desk", "channels": ("email", "web_form")}
        skeleton = build_skeleton(
            settings, scaffold.EXAMPLE_ID, procurement_basis=procurement_basis, **kind
        )
        if procurement_basis is None and not no_input and asks_for_basis(skeleton):
            need_terminal("the example's procurement basis", "--procurement-basis")
            basis = ask_procurement_basis(f"the tool of the example {example}")
            skeleton = build_skeleton(
                settings, scaffold.EXAMPLE_ID, procurement_basis=basis, **kind
            )
        text = skeleton.text
        if schema_rel is not None:
            from ctlint.scaffold import editor  # lazy: start-up (only --schema needs it)

            text = editor.modeline(VENDORS, schema_rel) + "\n" + text
        plan.writes.append((example, text))
        replaced = " (replaced the existing file)" if os.path.lexists(example_path) else ""
        plan.lines.append(
            f"wrote {example}{replaced}: an example with {len(skeleton.placeholders)} fields "
            "to fill in"
        )

    # 4. editors: the schema file and VS Code's settings (only when asked)
    if schema_rel is not None:
        _plan_editor(plan, root, schema_rel, _settings_for(root, config_text), vscode=vscode)

    # every file is checked before any is written: a `vendors` link that leaves the root, a
    # folder in the way or a path under .git writes nothing at all
    paths = [os.path.join(root, *rel.split("/")) for rel, _text in plan.writes]
    for path in paths:
        writing.inspect(path, root=root)
    for path, (_rel, text) in zip(paths, plan.writes, strict=True):
        writing.write(writing.inspect(path, root=root), text)
    for line in plan.lines:
        click.echo(line)
    first = (
        f"  1. Fill in {example} (it shows every field the active rules need), or scaffold your\n"
        "     own tools with `ctlint new ID --category help_desk --channels email,chat`.\n"
        if example
        else "  1. Scaffold each further tool with `ctlint new ID --category help_desk --channels "
        "email,chat`.\n"
    )
    click.echo(
        "\nNext steps:\n"
        + first
        + "  2. Run `ctlint check` until it passes; `ctlint explain RULE` explains a finding and\n"
        "     `ctlint rules` shows which rules apply to your organization and why.\n"
        "  3. Run `pre-commit install` so that changed manifests are checked on every commit."
    )
    if schema_rel is not None and not vscode:
        from ctlint.scaffold import editor  # lazy: start-up (only --schema needs it)

        click.echo(
            f"  4. Start each manifest of {VENDORS}/ with `{editor.modeline(VENDORS, schema_rel)}`\n"
            "     (as the example does) so that editors check it offline, or add --vscode."
        )
    return 0


def _inside_root(root: str, path: str) -> str:
    """``path`` (absolute, or relative to ``root``) as a ``/``-separated path relative to
    ``root``, or :class:`UsageError` when it leads outside (the modeline and VS Code's settings
    name it relative to the repository)."""
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)
    from ctlint.util.text import visible  # lazy: start-up (a command loads only what it uses)

    full = os.path.normpath(os.path.join(root, path))
    rel = os.path.relpath(full, root)
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise UsageError(
            f"--schema: `{visible(path)}` is not a file inside this repository ({root}); "
            "name one such as schemas/vendor-manifest.schema.json"
        )
    return rel.replace(os.sep, "/")


def _plan_editor(
    plan: _Plan, root: str, schema_rel: str, settings: Settings, *, vscode: bool
) -> None:
    """Add the schema file and (``vscode``) the settings entry to the plan, or refuse."""
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)
    from ctlint.scaffold import (  # lazy: start-up (a command loads only what it uses)
        editor,
        precommit,
    )
    from ctlint.util import globs  # lazy: start-up (a command loads only what it uses)

    taken = {rel for rel, _text in plan.writes} | {CONFIG}
    if schema_rel in taken or schema_rel == editor.VSCODE_SETTINGS:
        raise UsageError(
            f"--schema: `{schema_rel}` is a file init writes itself; choose another path"
        )
    if globs.matches(schema_rel, settings.manifests) and not globs.matches(
        schema_rel, settings.exclude
    ):
        raise UsageError(
            f"--schema: the configured `manifests` globs select `{schema_rel}`, so ctlint would "
            "check the schema as a manifest; choose a path outside them (e.g. "
            f"{editor.DEFAULT_SCHEMA_PATH})"
        )
    status = editor.schema_destination(os.path.join(root, *schema_rel.split("/")), schema_rel)
    if status == "same":
        plan.lines.append(f"kept {schema_rel}: it is already this version's manifest schema")
    else:
        plan.writes.append((schema_rel, editor.schema_text()))
        done = "updated" if status == "update" else "wrote"
        plan.lines.append(f"{done} {schema_rel} (the manifest JSON Schema, for editors)")
    if not vscode:
        return
    targets = editor.yaml_globs(settings.manifests)
    if not targets:
        raise UsageError(
            "--vscode: the configured `manifests` globs name no YAML files (a JSON manifest "
            'names its schema with a top-level "$schema")'
        )
    path = os.path.join(root, *editor.VSCODE_SETTINGS.split("/"))
    current = precommit.read_precommit_config(path, editor.VSCODE_SETTINGS)
    change = editor.merge_vscode_settings(current, editor.settings_key(schema_rel), targets)
    if change.text is None:
        plan.lines.append(f"kept {editor.VSCODE_SETTINGS}: it already points at {schema_rel}")
        return
    plan.writes.append((editor.VSCODE_SETTINGS, change.text))
    what = {"created": "wrote", "added": "added the schema to", "extended": "added globs to"}
    plan.lines.append(
        f"{what[change.status]} {editor.VSCODE_SETTINGS} ({editor.SETTINGS_KEY}: {schema_rel})"
    )
