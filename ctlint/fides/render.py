"""The text of an imported manifest: the skeleton ``ctlint new`` writes for the active rules
(:mod:`ctlint.scaffold.skeleton`), with the fields Fides supplied filled in, one
``data.categories`` entry per imported category, and the ``x-fides`` block at the end. Fields
without a source stay placeholders, so ``ctlint check`` reports them (I2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint.document.parse import load_text
from ctlint.document.read import CEILINGS
from ctlint.fides.dumping import dump
from ctlint.fides.mapping import Imported
from ctlint.policy.model import Rule
from ctlint.scaffold import yaml_flow, yaml_scalar
from ctlint.scaffold.skeleton import CitationsFor, Skeleton, _citation
from ctlint.scaffold.skeleton.conditions import Kind
from ctlint.scaffold.skeleton.render import Renderer
from ctlint.scaffold.skeleton.tree import NOTHING, Node, build_tree, node_at
from ctlint.util.text import visible


def _value(value: Any) -> str:
    if isinstance(value, list):
        return yaml_flow([str(v) for v in value])
    return yaml_scalar(value)


def _clone(node: Node) -> Node:
    return Node(
        node.key,
        node.schema,
        {k: _clone(c) for k, c in node.children.items()},
        list(node.needs),
        node.required,
        NOTHING,
    )


def _header(imported: Imported, context: str) -> str:
    source = visible(imported.x_fides.get("source", imported.source))
    lines = [
        f"# Vendor manifest `{imported.id}` (format ctlint/v1), imported by `ctlint import fides`",
        f"# from {source}.",
    ]
    if context:
        lines.append(f"# Fields chosen for {context}.")
    lines += [
        "#",
        "# Fields Fides states are filled in; everything else Fides holds is kept under x-fides at",
        "# the end. A field with nothing after its colon is a placeholder: `ctlint check` reports",
        "# it until you write the real value (nothing was invented). The comment above each",
        "# field names the rules that need it (`ctlint explain RULE` says more).",
        "",
    ]
    return "\n".join(lines) + "\n"


def _x_fides(data: Mapping[str, Any]) -> str:
    """The ``x-fides`` block; as JSON (which YAML 1.2 reads exactly) when the YAML emitter's
    YAML 1.1 spelling would read back differently."""
    text = dump({"x-fides": dict(data)})
    back = load_text(text, is_json=False, limits=CEILINGS)
    if back.fatal or back.data != {"x-fides": data}:
        text = "x-fides: " + json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return text


@dataclasses.dataclass(frozen=True, slots=True)
class Scaffold:
    """What the skeletons are written for, as ``ctlint new`` takes it: the rules (the active
    ones are used), the as-of date, the organization type, the manifest schema, the citation
    labels and the line naming the context."""

    rules: Sequence[Rule]
    as_of: dt.date
    org_type: str | None
    schema: Mapping[str, Any]
    citations_for: CitationsFor | None = None
    context: str = ""


def imported_skeleton(imported: Imported, scaffold: Scaffold) -> Skeleton:
    """The manifest text of one imported System under the active rules."""
    schema, context = scaffold.schema, scaffold.context
    defs = schema.get("$defs", {})
    active = [r for r in sorted(scaffold.rules, key=lambda r: r.id) if not r.retired]
    labels = {r.id: _citation(r, scaffold.as_of, scaffold.citations_for) for r in active}
    role = imported.values.get("vendor.role")
    kind = Kind(None, None, role, scaffold.org_type, None, basis_open=True)
    root = build_tree(active, kind, labels, schema, defs)
    if not node_at(root, ("agreement", "procurement_basis")).live:
        root = build_tree(active, dataclasses.replace(kind, basis_open=False), labels, schema, defs)
    root.child("manifest", defs).value = "ctlint/v1"
    root.child("id", defs).value = yaml_scalar(imported.id)
    for dotted, value in imported.values.items():
        node = root
        for part in dotted.split("."):
            node = node.child(part, defs)
        node.value = _value(value)
    if imported.categories:
        listing = root.child("data", defs).child("categories", defs)
        template = listing.child("*", defs)
        for item in imported.categories:
            entry = _clone(template)
            for key, value in item.items():
                entry.child(key, defs).value = _value(value)
            listing.entries.append(entry)
    body, placeholders, _optional = Renderer().document(root)
    imported.placeholders = list(placeholders)
    text = _header(imported, context) + body + "\n" + _x_fides(imported.x_fides)
    return Skeleton(text, tuple(placeholders), tuple(_optional))
