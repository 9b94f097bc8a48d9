"""The fields a skeleton holds, as a tree: each :class:`Node` is a manifest field with the
:class:`Need` of every rule that asks for it, plus the fields the manifest schema requires
of what is written (:func:`build_tree`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ctlint.policy.model import Assertion, Rule
from ctlint.scaffold.skeleton.conditions import Cond, Kind

#: What a node is in the skeleton: written (a placeholder or a value), commented out, or left out.
ACTIVE, CONDITIONAL, ABSENT = 2, 1, 0
#: The value of a node that has none of its own (a placeholder or a commented-out field).
NOTHING: Any = object()


@dataclasses.dataclass(frozen=True, slots=True)
class Need:
    """One rule's reason for a field."""

    rule: str
    label: str | None
    cond: Cond
    required: bool
    assertion: Assertion
    raw: Mapping[str, Any]
    options: Mapping[str, Any]

    @property
    def live(self) -> bool:
        return self.required and self.cond.value is True and not self.cond.after

    @property
    def declares(self) -> bool:
        """The rule asks only that the field be declared (present with a valid value), so
        that rules resting on it can run: absent is not "no", and ``false`` is an answer."""
        a = self.assertion
        checks = (a.schema, a.contains, a.where, a.not_before, a.not_after, a.max_age_days)
        return self.required and all(check is None for check in checks)

    @property
    def why(self) -> str:
        head = f"{self.rule} ({self.label})" if self.label else self.rule
        return f"{head}, when {' and '.join(self.cond.texts)}" if self.cond.texts else head


@dataclasses.dataclass(slots=True)
class Node:
    """One field of the skeleton: its schema, its children and the rules that need it."""

    key: str
    schema: Mapping[str, Any]
    children: dict[str, Node] = dataclasses.field(default_factory=dict)
    needs: list[Need] = dataclasses.field(default_factory=list)
    required: bool = False
    value: Any = NOTHING
    #: Pre-filled entries of a list of entries (each shaped like the ``*`` child); none: the
    #: ``*`` child is written once, as the entry to copy.
    entries: list[Node] = dataclasses.field(default_factory=list)

    def state(self) -> int:
        if self.required or self.value is not NOTHING or any(n.live for n in self.needs):
            return ACTIVE
        best = (
            CONDITIONAL if any(n.required and n.cond.value is None for n in self.needs) else ABSENT
        )
        for child in self.children.values():
            best = max(best, child.state())
        return best

    def child(self, key: str, defs: Mapping[str, Any]) -> Node:
        if key not in self.children:
            self.children[key] = Node(key, _sub_schema(self.schema, key, defs))
        return self.children[key]

    @property
    def is_list_of_entries(self) -> bool:
        return "*" in self.children

    @property
    def live(self) -> bool:
        """Written as a placeholder because a rule needs it whatever the data says."""
        return any(n.live for n in self.needs)


def _sub_schema(schema: Mapping[str, Any], key: str, defs: Mapping[str, Any]) -> Mapping[str, Any]:
    if key == "*":
        items = schema.get("items")
        return _deref(items, defs) if isinstance(items, dict) else {}
    props = schema.get("properties")
    sub = props.get(key) if isinstance(props, dict) else None
    return _deref(sub, defs) if isinstance(sub, dict) else {}


def _deref(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = defs.get(ref.rsplit("/", 1)[1], {})
        return {**target, **dict(schema.items())}
    return schema


def _rule_needs(rule: Rule, kind: Kind, label: str | None) -> list[tuple[tuple[str, ...], Need]]:
    raw_asserts = list(rule.raw.get("assert", ()) or ())
    base = kind.facts(rule.applies.facts if rule.applies is not None else None)
    base = base & kind.facts(rule.facts) & kind.when(rule.raw.get("when"), rule.when, rule.id)
    if base.value is False:
        return []
    out = []
    for index, assertion in enumerate(rule.asserts):
        raw = raw_asserts[index] if index < len(raw_asserts) else {}
        cond = (
            base & kind.facts(assertion.facts) & kind.when(raw.get("when"), assertion.when, rule.id)
        )
        if cond.value is False:
            continue
        need = Need(rule.id, label, cond, assertion.required, assertion, raw, rule.options)
        out.append((assertion.pointer, need))
    return out


def build_tree(
    rules: Sequence[Rule],
    kind: Kind,
    labels: Mapping[str, str | None],
    schema: Mapping[str, Any],
    defs: Mapping[str, Any],
) -> Node:
    """The fields the rules need for this kind of tool, with the schema's required ones."""
    root = Node("", schema, required=True)
    for rule in rules:
        for pointer, need in _rule_needs(rule, kind, labels[rule.id]):
            node = root
            # a pointer that ends in `*` checks the items of a plain list: the list is the field
            for segment in pointer[:-1] if pointer[-1:] == ("*",) else pointer:
                node = node.child(segment, defs)
            node.needs.append(need)
    _add_required(root, defs)
    _resolve_presence(root)
    _add_required(root, defs)
    return root


def node_at(root: Node, path: Sequence[str]) -> Node:
    """The node at ``path``, or an empty one when the rules do not reach it."""
    node = root
    for key in path:
        if key not in node.children:
            return Node(key, {})
        node = node.children[key]
    return node


def _walk(node: Node, path: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], Node]]:
    yield path, node
    for key, child in node.children.items():
        yield from _walk(child, (*path, key))


def _resolve_presence(root: Node) -> None:
    """Needs that wait for fields (``after``) become live once those fields are placeholders;
    the rest become conditional."""
    changed = True
    while changed:
        changed = False
        live = {path for path, node in _walk(root) if node.state() == ACTIVE}
        for _path, node in _walk(root):
            for index, need in enumerate(node.needs):
                if need.cond.value is True and need.cond.after and need.cond.after <= live:
                    cond = dataclasses.replace(need.cond, after=frozenset())
                    node.needs[index] = dataclasses.replace(need, cond=cond)
                    changed = True
    for _path, node in _walk(root):
        for index, need in enumerate(node.needs):
            if need.cond.after:
                node.needs[index] = dataclasses.replace(need, cond=Cond(None, need.cond.texts))


def _add_required(node: Node, defs: Mapping[str, Any]) -> None:
    """Schema-required fields of every node that will be written live."""
    if node.state() != ACTIVE:
        return
    schema = node.schema
    if schema.get("type") == "array":
        items = _sub_schema(schema, "*", defs)
        if items.get("type") == "object" and items.get("required"):
            child = node.child("*", defs)
            child.required = True
    for key in schema.get("required", ()) if schema.get("type") == "object" else ():
        node.child(key, defs).required = True
    for child in node.children.values():
        _add_required(child, defs)
