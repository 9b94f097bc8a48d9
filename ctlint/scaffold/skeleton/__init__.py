"""A vendor manifest with every field the active rules need for one kind of tool
(:func:`manifest_skeleton`, what ``ctlint new`` and ``ctlint init`` write).

Placeholders. A field the rules need is written with an empty value (``field:`` and nothing
after the colon). YAML reads that as null, and null is valid for no manifest field, so each
placeholder is one CTL102 finding at its own line, which names the rules that need the value
(their own "missing" findings are left out), until a person writes the value. A text placeholder such as ``TODO`` would pass the schema for
free-text fields, and leaving fields out would point findings at the parent key; an empty
value fails everywhere and is filled in by typing after the colon. Fields that only some
tools of the kind need (sensitive data, recorded calls, an AI companion …) are written
commented out, with the condition in their comment: uncomment them when it holds, and
``ctlint check`` says so when it does.

What decides which rules apply is what is known before anything is filled in: the kind of tool
(category, channels, role), the organization type (the organization facts, ``org_agency`` …;
a rule whose ``applies`` fails for it is left out) and, for a state agency, the procurement
basis (``personal_service_basis``: an excluded basis leaves the ct-psa fields out; a basis not
given is a placeholder, and the fields that wait for it are commented out). A true/false fact
that a rule asks only to be declared (CTDPA-032, CT-EMP-002, CT-AI-004 …) is a placeholder
whose hint says so: absent is never read as "no", ``false`` is a declaration.

The pieces: :mod:`~ctlint.scaffold.skeleton.conditions` (does a rule apply to this kind of
tool), :mod:`~ctlint.scaffold.skeleton.tree` (the fields the rules need) and
:mod:`~ctlint.scaffold.skeleton.render` (the text).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ctlint.errors import UsageError
from ctlint.model.findings import Citation, citations_in_force
from ctlint.policy.model import Rule
from ctlint.scaffold import PROCUREMENT_BASIS_VALUES, yaml_flow
from ctlint.scaffold.skeleton.conditions import Kind
from ctlint.scaffold.skeleton.render import Renderer, header_text
from ctlint.scaffold.skeleton.tree import build_tree, node_at


@dataclasses.dataclass(frozen=True, slots=True)
class Skeleton:
    """A manifest skeleton: its text, the placeholders to fill in and the fields left
    commented out (dotted paths, ``data.categories[0].necessity``)."""

    text: str
    placeholders: tuple[str, ...]
    optional: tuple[str, ...]


CitationsFor = Callable[[Rule], Sequence[Citation]]


def _citation(rule: Rule, as_of: dt.date, citations_for: CitationsFor | None) -> str | None:
    """The first citation in force (``Citation.short``: with its status unless verified), as
    ``ctlint check`` prints it; the first written one when none is in force."""
    current = (
        citations_for(rule)
        if citations_for is not None
        else citations_in_force(rule.citations, as_of)
    )
    if current:
        return current[0].short
    return rule.citations[0].short if rule.citations else None


_BASIS = ("agreement", "procurement_basis")


def manifest_skeleton(
    manifest_id: str,
    rules: Iterable[Rule],
    as_of: dt.date,
    *,
    category: str | None = None,
    channels: Sequence[str] | None = None,
    role: str | None = None,
    org_type: str | None = None,
    procurement_basis: str | None = None,
    citations_for: CitationsFor | None = None,
    context: str = "",
    schema: Mapping[str, Any] | None = None,
) -> Skeleton:
    """The text of ``vendors/ID.yaml`` for one kind of tool under the given active rules.

    ``org_type`` is the configuration's ``organization.type`` (None: undeclared): the
    organization facts follow from it. ``procurement_basis`` is written as
    ``agreement.procurement_basis`` and decides the rules that apply only to a personal
    service agreement; when it is not given and a rule asks for it (CT-PSA-005), it is a
    placeholder and those rules' fields are offered commented out. ``citations_for`` gives a
    rule's citations in force (``Settings.citations_for``; default: its own in force at
    ``as_of``).
    """
    if schema is None:
        from ctlint.engine.schema import (
            manifest_schema,  # lazy: start-up (jsonschema only for the skeleton's descriptions)
        )

        schema = manifest_schema()
    if procurement_basis is not None and procurement_basis not in PROCUREMENT_BASIS_VALUES:
        raise UsageError(
            f"unknown procurement basis `{procurement_basis}` (choose from "
            f"{', '.join(PROCUREMENT_BASIS_VALUES)})"
        )
    defs = schema.get("$defs", {})
    active = [r for r in sorted(rules, key=lambda r: r.id) if not r.retired]
    labels = {r.id: _citation(r, as_of, citations_for) for r in active}
    kind = Kind(
        category,
        tuple(channels) if channels else None,
        role,
        org_type,
        procurement_basis,
        basis_open=procurement_basis is None,
    )
    root = build_tree(active, kind, labels, schema, defs)
    if procurement_basis is None and not node_at(root, _BASIS).live:
        # nothing asks for the basis, so it stays missing: missing counts as a personal
        # service agreement for the rules that rest on it (rules.md, ct-psa)
        kind = dataclasses.replace(kind, basis_open=False)
        root = build_tree(active, kind, labels, schema, defs)
    root.child("manifest", defs).value = "ctlint/v1"
    root.child("id", defs).value = manifest_id
    if category:
        root.child("category", defs).value = category
    if channels:
        root.child("channels", defs).value = yaml_flow(list(channels))
    if role:
        root.child("vendor", defs).child("role", defs).value = role
    if procurement_basis is not None:
        agreement = root.child("agreement", defs)
        agreement.child("procurement_basis", defs).value = procurement_basis
        if procurement_basis == "other_exempt":  # the schema requires the note then (CTL101)
            agreement.child("procurement_note", defs).required = True
    body, placeholders, optional = Renderer().document(root)
    header = header_text(manifest_id, context)
    return Skeleton(header + body, tuple(placeholders), tuple(optional))
