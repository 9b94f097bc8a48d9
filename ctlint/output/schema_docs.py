"""docs/manifest.md and docs/configuration.md, generated from the schemas (every field, its
type, whether it is required, its allowed values and its description) and, for the
configuration, the law tables of ``ctlint/law/`` (packs per organization type, thresholds),
which :mod:`ctlint.output.docs` passes in.

``python -m ctlint.output.docs docs/`` writes them with the other generated pages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

#: Long enums (the taxonomy keys) are not listed in a cell: the page names where they are.
_ENUM_MAX = 20


def _cell(text: str) -> str:
    """Trusted text in a table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node`` with a local ``$ref`` merged under its own keys."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return node
    target = schema.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
    return {**_resolve(schema, target), **{k: v for k, v in node.items() if k != "$ref"}}


def _type(schema: Mapping[str, Any], node: Mapping[str, Any]) -> str:
    """A short type: ``text``, ``date``, ``list of …``, ``one of `a`, `b```."""
    node = _resolve(schema, node)
    if "const" in node:
        return f"`{node['const']}`"
    if "anyOf" in node:
        return " or ".join(_type(schema, option) for option in node["anyOf"])
    if "enum" in node:
        values = [str(v) for v in node["enum"]]
        if node.get("x-ctlint-taxonomy") or len(values) > _ENUM_MAX:
            name = str(node.get("x-ctlint-taxonomy", "value")).replace("_", "-")
            return f"{name} key ([taxonomy](taxonomy.md))"
        return "one of " + ", ".join(f"`{v}`" for v in values)
    kind = node.get("type")
    fmt = node.get("format")
    if fmt == "date":
        return "date (YYYY-MM-DD)"
    if fmt == "https-url":
        return "https:// URL"
    if fmt == "email":
        return "e-mail address"
    if kind == "array":
        items = node.get("items")
        inner = _type(schema, items) if isinstance(items, dict) else "values"
        return f"list of {inner}" if items and items.get("type") != "object" else "list of entries"
    words = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "`true` or `false`",
        "object": "mapping",
        "null": "empty",
    }
    if isinstance(kind, list):
        return " or ".join(words.get(str(k), str(k)) for k in kind)
    return words.get(str(kind), "any value")


def _limits(node: Mapping[str, Any]) -> str:
    parts = []
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("minItems", "at least")):
        if key in node:
            suffix = " item(s)" if key == "minItems" else ""
            parts.append(f"{word} {node[key]}{suffix}")
    if node.get("uniqueItems"):
        parts.append("no repeats")
    if "pattern" in node and node.get("type") == "string" and node["pattern"] != "\\S":
        parts.append(f"pattern `{node['pattern']}`")
    return ", ".join(parts)


def fields(
    schema: Mapping[str, Any], node: Mapping[str, Any], prefix: str = ""
) -> Iterator[tuple[str, str, bool, str]]:
    """(field, type, required, description) for every field below ``node``, depth first."""
    node = _resolve(schema, node)
    required = set(node.get("required", ()))
    for name, child in node.get("properties", {}).items():
        child = _resolve(schema, child)
        path = f"{prefix}{name}"
        kind = _type(schema, child)
        limits = _limits(child)
        if limits:
            kind += f" ({limits})"
        yield path, kind, name in required, str(child.get("description", ""))
        if child.get("type") == "object" and "properties" in child:
            yield from fields(schema, child, path + ".")
        items = child.get("items")
        if child.get("type") == "array" and isinstance(items, dict):
            items = _resolve(schema, items)
            if items.get("type") == "object" and "properties" in items:
                yield from fields(schema, items, path + "[].")


def _table(schema: Mapping[str, Any]) -> list[str]:
    lines = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for path, kind, required, description in fields(schema, schema):
        lines.append(
            f"| `{path}` | {_cell(kind)} | {'yes' if required else ''} | {_cell(description)} |"
        )
    return [*lines, ""]


def render_manifest(schema: Mapping[str, Any]) -> str:
    """The manifest reference: reading rules, every field, waivers."""
    out = [
        "# Vendor manifest (`ctlint/v1`)",
        "",
        "Generated from `schemas/vendor-manifest.schema.json` by `python -m ctlint.output.docs docs/`;",
        "do not edit by hand. `ctlint schema` prints the same schema for editors.",
        "",
        _cell(str(schema.get("description", ""))),
        "",
        "## Reading rules",
        "",
        "- Files are YAML (`.yaml`, `.yml`) or JSON (`.json`); the top level is one mapping.",
        "- YAML 1.2: booleans are only `true` and `false` (`yes`, `no`, `on`, `off` are text).",
        "- Dates are `YYYY-MM-DD`; an impossible date is a finding (CTL107).",
        "- URLs are `https://` URLs (CTL105).",
        "- Paths (`agreement.document`, `breach.plan`, …) are `https://` URLs or POSIX paths",
        "  relative to the repository root, and stay inside it (CTL203).",
        "- Keys that start with `x-` are yours, accepted anywhere; any other unknown key is a",
        "  finding (CTL104), with a suggestion when a close field exists.",
        '- "Required" is the schema\'s; the policy rules ([rules](rules.md)) decide when an',
        "  optional field must be present for your organization.",
        "",
        "## Fields",
        "",
        *_table(schema),
        "## Waivers",
        "",
        "A waiver (`waivers[]`) accepts one rule's findings in this manifest: `rule` is the rule",
        "id (`ctlint rules` lists them), `reason` says why and may not be empty, `expires` is the",
        "last day it applies, and `pointer` (a JSON Pointer) limits it to findings at or below",
        "that place. A waiver of an unknown rule, of a rule that cannot be waived (CTL001 to",
        "CTL004) or one that has expired is reported (CTL303, CTL301); one that matches no",
        "finding is reported too (CTL302). `ctlint check --no-waivers` shows every finding.",
        "",
        "```yaml",
        "waivers:",
        "  - rule: CTDPA-022",
        "    reason: The vendor's DPA is under renegotiation; legal review LR-2026-14.",
        "    expires: 2027-03-31",
        "```",
        "",
        "## See also",
        "",
        "- [The data taxonomy](taxonomy.md): the keys of `data.categories`, `data.uses` and",
        "  `data.subjects` (also `ctlint taxonomy`).",
        "- [The rules](rules.md) and [the configuration](configuration.md).",
    ]
    return "\n".join(out).rstrip() + "\n"


def render_configuration(schema: Mapping[str, Any], law_tables: list[str]) -> str:
    """The configuration reference: where it lives, every key, then ``law_tables`` (the packs,
    thresholds and exemptions that ``organization`` decides)."""
    out = [
        "# Configuration",
        "",
        "Generated from `schemas/config.schema.json` and `ctlint/law/` by",
        "`python -m ctlint.output.docs docs/`; do not edit by hand.",
        "",
        _cell(str(schema.get("description", ""))),
        "",
        "## Where it lives",
        "",
        "- `.ctlint.yaml` at the root of the repository that holds the manifests, or a",
        "  `[tool.ctlint]` table in its `pyproject.toml` (the same keys); both in one folder",
        "  is an error. `--config PATH` names one explicitly; `ctlint init` writes a starter.",
        "- Each path checked is covered by the nearest configuration at or above it, looking",
        "  no higher than the folder that holds `.git`: `ctlint check shop` from a parent",
        "  folder applies `shop/.ctlint.yaml`, as a run inside `shop/` does. Paths under",
        "  different configurations are checked under each one, in one report.",
        "- A folder below the root with a configuration of its own (a monorepo's",
        "  `teams/a/.ctlint.yaml`) belongs to that configuration, as in ruff: the parent's",
        "  `manifests` globs and folder searches leave its files out, also from the",
        "  repository-wide facts (duplicate ids, CTDPA scope) and the documents referenced,",
        "  which are per configuration. `ctlint check` checks it with its own configuration:",
        "  its own `manifests` when the parent's globs reach into it, the whole folder when a",
        "  folder above it is named. `report`, `baseline` and `due` describe one configuration:",
        "  they leave such a folder out and say so. A monorepo's root needs no configuration",
        "  of its own: `ctlint check .` there checks each configured folder. With `--config`,",
        "  the file named covers everything below its root, nested configurations included.",
        "- No configuration found: the current folder is the root and every default applies",
        "  (`check`, `report`, `baseline` and `due` say so in one line on stderr);",
        "  `--require-config`, on every command that reads the configuration, makes it exit 2.",
        "- The **root** is the folder holding the configuration file. Globs (`manifests`,",
        "  `exclude`) and paths (`baseline`, `policy_paths`, `cache_dir`) are relative to it.",
        "- A command-line option overrides the file, which overrides the built-in default.",
        "- An unknown key, a wrong type or a bad value is one line on stderr naming the file",
        "  (relative to the current folder), the line, the key and, for a misspelt key or",
        "  value, the closest known one; every such problem of the file is listed in one run,",
        "  and the exit code is 2.",
        "- An empty `.ctlint.yaml` (or one of comments only) is an error too: declare",
        "  `organization.type`, or run `ctlint init`. Without any configuration file the",
        "  defaults apply (organization type undeclared, with a CTL010 note).",
        "",
        "## In editors",
        "",
        "`ctlint schema --config` prints the JSON Schema of these keys, and",
        "`ctlint schema --config --output schemas/ctlint-config.schema.json` writes it into the",
        "repository (replacing only an older copy of it). Point the YAML language server at the",
        "local copy, which needs no network, in the first line of `.ctlint.yaml`:",
        "",
        "```yaml",
        "# yaml-language-server: $schema=schemas/ctlint-config.schema.json",
        "```",
        "",
        "or in VS Code's `settings.json`:",
        '`{"yaml.schemas": {"./schemas/ctlint-config.schema.json": [".ctlint.yaml"]}}`.',
        "",
        "## Keys",
        "",
        *_table(schema),
        *law_tables,
    ]
    return "\n".join(out).rstrip() + "\n"
