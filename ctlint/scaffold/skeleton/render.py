"""The text of a skeleton: the header that says how to fill it in, then every field of the
tree (:mod:`ctlint.scaffold.skeleton.tree`) under a comment naming the rules that need it and
their law, with a hint of the allowed values after the colon; conditional fields commented
out."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint.scaffold import PROCUREMENT_BASES
from ctlint.scaffold.skeleton.tree import ABSENT, CONDITIONAL, NOTHING, Need, Node

#: Fields whose comment explains each allowed value (path: the field in a few words, the
#: values with their meaning); the schema's description is too long for one comment line.
_VALUE_NOTES: Mapping[tuple[str, ...], tuple[str, Sequence[tuple[str, str]]]] = {
    ("agreement", "procurement_basis"): (
        "the legal basis on which the agency buys the service, one of the values below; the "
        "personal service agreement rules (ct-psa) apply only to personal_service_agreement",
        PROCUREMENT_BASES,
    ),
}

_VALUE_NOTE_KEYS = frozenset(path[-1] for path in _VALUE_NOTES)
#: Fields written first in their section: they decide which of the others apply.
_LEADING_KEYS = ("procurement_basis", "procurement_note")

#: The hint of a fact that must be declared (rules.md, "How triggers read").
DECLARE_HINT = 'true or false: declare it (absent never means "no"; false is a declaration)'

_REF_HINTS: Mapping[str, str] = {
    "#/$defs/date": "YYYY-MM-DD",
    "#/$defs/url": "https://…",
    "#/$defs/data_category": "a data-category key (docs/taxonomy.md), e.g. user.contact.email",
}
_LIST_HINTS: Mapping[str, str] = {
    "#/$defs/data_subject": "a list of data-subject keys (docs/taxonomy.md), e.g. [customer, prospect]",
    "#/$defs/data_use": "a list of data-use keys (docs/taxonomy.md), e.g. [essential.service.operations.support]",
}


def _resolve_params(fragment: Any, options: Mapping[str, Any]) -> Any:
    if isinstance(fragment, dict):
        if set(fragment) == {"$param"}:
            return options.get(fragment["$param"])
        return {k: _resolve_params(v, options) for k, v in fragment.items()}
    if isinstance(fragment, list):
        return [_resolve_params(v, options) for v in fragment]
    return fragment


def header_text(manifest_id: str, context: str) -> str:
    """The comment at the top of a skeleton: what it is for, and how to fill it in."""
    lines = [
        f"# Vendor manifest `{manifest_id}` (format ctlint/v1), scaffolded by `ctlint new`.",
    ]
    if context:
        lines.append(f"# Fields chosen for {context}.")
    lines += [
        "#",
        "# How to fill it in:",
        "# - A field with nothing after its colon is a placeholder: `ctlint check` reports it",
        '#   ("is empty") until you write the real value after the colon. The comment above',
        "#   each field names the rules that need it and the law they come from",
        "#   (`ctlint explain RULE` says more); the comment after it shows the allowed values.",
        "# - Lists take [a, b] or one `- item` per line. Write only what is true of the tool",
        "#   and its contract: an item a rule asks for but the contract lacks is a finding to fix,",
        "#   not a value to invent.",
        '# - A true/false field marked "declare it" is a fact other rules rest on: write true or',
        '#   false. Leaving it out is never read as "no"; `false` is a declaration.',
        "# - Commented-out fields apply only when their comment's condition holds: uncomment",
        "#   them (delete the leading `# `) and fill them in when it does; `ctlint check` tells you.",
        "# - Add more entries under data.categories (one per kind of data) as needed.",
        "",
    ]
    return "\n".join(lines) + "\n"


class Renderer:
    """Lines of the skeleton, collecting the paths of placeholders and commented-out fields."""

    def __init__(self) -> None:
        self.placeholders: list[str] = []
        self.optional: list[str] = []

    def document(self, root: Node) -> tuple[str, list[str], list[str]]:
        lines: list[str] = []
        after_section = False
        for child in self._ordered(root):
            section = bool(child.children) and not child.is_list_of_entries
            if section or after_section:
                lines.append("")
            if section and child.schema.get("description"):
                lines.append(f"# {_sentence(str(child.schema['description']))}")
            lines += self._child(child, 0, (child.key,), False)
            after_section = section
        return "\n".join(lines).rstrip("\n") + "\n", self.placeholders, self.optional

    def _ordered(self, node: Node) -> list[Node]:
        props = node.schema.get("properties")
        order = list(props) if isinstance(props, dict) else []
        children = [c for c in node.children.values() if c.state() != ABSENT]

        def rank(child: Node) -> tuple[int, int, str]:
            lead = (
                _LEADING_KEYS.index(child.key) if child.key in _LEADING_KEYS else len(_LEADING_KEYS)
            )
            return (lead, order.index(child.key) if child.key in order else len(order), child.key)

        return sorted(children, key=rank)

    def _child(
        self, node: Node, indent: int, path: tuple[str, ...], parent_commented: bool
    ) -> list[str]:
        """A field's lines, commented out when it is conditional and its parent is not."""
        disable = node.state() == CONDITIONAL and not parent_commented
        lines = self._field(node, indent, path, parent_commented or disable)
        if not disable:
            return lines
        if node.children:  # a whole section: every line, so that it uncomments as a block
            return _comment_out(lines, indent)
        return [
            line if line[indent:].startswith("#") else f"{line[:indent]}# {line[indent:]}"
            for line in lines
        ]

    def _field(self, node: Node, indent: int, path: tuple[str, ...], commented: bool) -> list[str]:
        pad = " " * indent
        lines = [pad + line for line in self._comments(node, path)]
        if node.children and not node.is_list_of_entries:
            lines.append(f"{pad}{node.key}:")
            for child in self._ordered(node):
                lines += self._child(child, indent + 2, (*path, child.key), commented)
            return lines
        if node.is_list_of_entries:
            lines.append(f"{pad}{node.key}:{_inline(self._hint(node))}")
            for index, entry in enumerate(node.entries or [node.children["*"]]):
                body: list[str] = []
                for child in self._ordered(entry):
                    body += self._child(
                        child, indent + 4, (*path, str(index), child.key), commented
                    )
                lines += _dash(body, indent + 2)
            return lines
        dotted = _dotted(path)
        if node.value is not NOTHING:
            lines.append(f"{pad}{node.key}: {node.value}")
            return lines
        hint = self._hint(node)
        if len(hint) > 80:
            lines += [f"{pad}#   {part}" for part in textwrap.wrap(hint, 92 - indent)]
            hint = ""
        lines.append(f"{pad}{node.key}:{_inline(hint)}")
        (self.optional if commented else self.placeholders).append(dotted)
        return lines

    def _comments(self, node: Node, path: tuple[str, ...] = ()) -> list[str]:
        """The comment above a field: why it is there (rules with their law, or the schema),
        then, for lists the rules look into, the items each rule looks for."""
        if node.children and not node.is_list_of_entries:
            return []
        values = _VALUE_NOTES.get(path)
        description = _sentence(str(node.schema.get("description", "")))
        if values is not None:
            description = values[0]
        if any(n.declares and n.cond.value is not False for n in node.needs):
            # "absent means false" is not so for a fact that must be declared
            description = re.sub(r"\s*\(absent means (?:false|true)\)", "", description)
        needs = sorted(
            (n for n in node.needs if n.required or n.cond.value is True),
            key=lambda n: (n.cond.value is not True, bool(n.cond.texts), n.rule),
        )
        if not needs and (not node.required or node.value is not NOTHING) and values is None:
            return []
        contains = [n for n in needs if n.assertion.contains is not None]
        whys = ["required"] if node.required and node.value is NOTHING else []
        whys += [n.why for n in needs if n.assertion.contains is None]
        whys = list(dict.fromkeys(whys))
        if whys:
            lines = [f"# {'; '.join(whys)}: {description}".rstrip(": ")]
        elif contains:
            lines = [f"# {description}; the rules look for these items:"]
        else:
            lines = [f"# {description}"]
        grouped: dict[str, list[str]] = {}
        for need in contains:
            bucket = grouped.setdefault(need.why, [])
            bucket += [i for i, _text in need.assertion.contains or () if i not in bucket]
        for why, items in grouped.items():
            lines.append(f"#   {why}: needs {', '.join(items)}")
        for value, text in values[1] if values is not None else ():
            lines.append(f"#   {value}: {text}")
        return lines

    def _hint(self, node: Node) -> str:
        schema = node.schema
        live = [n for n in node.needs if n.live or (not n.required and n.cond.value is True)]
        if not any(n.live for n in node.needs):  # a commented-out field: what its rules want
            live = [n for n in node.needs if n.cond.value is not False]
        if node.is_list_of_entries:
            return "one entry per kind of data; copy the entry for each"
        if node.key in _VALUE_NOTE_KEYS:
            return "one of the values above"
        kind = schema.get("type")
        ref = str(schema.get("$ref", ""))
        if kind == "array":
            items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
            assert isinstance(items, dict)
            item_ref = str(items.get("$ref", ""))
            if item_ref in _LIST_HINTS:
                return _LIST_HINTS[item_ref]
            if any(n.assertion.contains is not None for n in node.needs):
                allowed = items.get("enum") or []
                return "a list of what is true; allowed: " + " | ".join(map(str, allowed))
            if items.get("enum"):
                return "a list of: " + " | ".join(map(str, items["enum"]))
            return "a list"
        if ref in _REF_HINTS:
            words = [_REF_HINTS[ref]]
            for need in live:
                words += _date_limits(need)
            return ", ".join(dict.fromkeys(words))
        if "enum" in schema:
            values = [v for v in schema["enum"] if all(_passes(n, v) for n in live)]
            return " | ".join(map(str, values or schema["enum"]))
        if kind == "boolean":
            values = [v for v in (True, False) if all(_passes(n, v) for n in live)]
            if values == [True]:
                return "true or false (the rule needs true)"
            if any(n.declares for n in live):
                return DECLARE_HINT
            return "true or false"
        if kind in ("integer", "number"):
            words = ["a whole number" if kind == "integer" else "a number"]
            floor = schema.get("minimum")
            if isinstance(floor, (int, float)) and floor > 0:
                words.append(f"at least {floor}")
            for need in live:
                words += _limits(need)
            return ", ".join(dict.fromkeys(words))
        description = str(schema.get("description", ""))
        if "path relative" in description or "path," in description:
            return "a repository path or https:// URL" + (
                ", or text" if "text" in description else ""
            )
        return "text"


def _passes(need: Need, value: Any) -> bool:
    predicate = need.assertion.schema
    return predicate is None or bool(predicate(value))


def _limits(need: Need) -> list[str]:
    fragment = _resolve_params(need.raw.get("schema"), need.options)
    if not isinstance(fragment, dict):
        return []
    words = []
    for key, text in (
        ("maximum", "at most"),
        ("minimum", "at least"),
        ("exclusiveMaximum", "less than"),
        ("exclusiveMinimum", "more than"),
    ):
        if isinstance(fragment.get(key), (int, float)):
            words.append(f"{text} {fragment[key]}")
    return words


def _date_limits(need: Need) -> list[str]:
    words = []
    assertion = need.assertion
    for ref, text in ((assertion.not_before, "not before"), (assertion.not_after, "not after")):
        if ref == "as_of":
            words.append(f"{text} the as-of date")
        elif ref:
            words.append(f"{text} {ref.strip('/').replace('/', '.')}")
    if isinstance(assertion.max_age_days, int):
        words.append(f"at most {assertion.max_age_days} days ago")
    elif isinstance(assertion.max_age_days, str):
        words.append(f"at most {assertion.max_age_days.strip('/').replace('/', '.')} days ago")
    return words


def _sentence(text: str) -> str:
    return " ".join(text.split())


def _inline(hint: str) -> str:
    return f"   # {hint}" if hint else ""


def _comment_out(lines: list[str], indent: int) -> list[str]:
    return [f"{line[:indent]}# {line[indent:]}" for line in lines]


def _dash(lines: list[str], dash_col: int) -> list[str]:
    """Turn a mapping rendered at ``dash_col + 2`` into one list entry (``- `` at ``dash_col``);
    comments before its first key move to the dash's column."""
    out = []
    first = True
    for line in lines:
        body = line[dash_col + 2 :]
        if first and not body.startswith("#"):
            out.append(" " * dash_col + "- " + body)
            first = False
        elif first:
            out.append(" " * dash_col + body)
        else:
            out.append(line)
    return out


def _dotted(path: Sequence[str]) -> str:
    out = ""
    for segment in path:
        if segment.isdigit():
            out += f"[{segment}]"
        else:
            out += f".{segment}" if out else segment
    return out
