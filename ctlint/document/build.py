"""From YAML nodes to plain data under the YAML 1.2 core schema.

:class:`Resolver` decides what a plain scalar is (``yes``/``no``/``on``/``off`` stay strings,
no sexagesimal numbers, ``017`` is 17, dates stay strings); :class:`Builder` turns the node
tree into dicts, lists and scalars, reports what manifests may not contain (duplicate keys,
tags, merge keys, non-string keys: CTL002, CTL004) and stops when a limit is exceeded
(CTL003).
"""

from __future__ import annotations

import math
import re
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from ctlint.document.positions import escape_pointer, mark_span, node_span
from ctlint.document.read import Limits, Problem
from ctlint.model.findings import Span

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL})


_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NUMBER_START = frozenset("-+.0123456789")


class Resolver(BaseResolver):
    """YAML 1.2 core schema resolution of plain scalars (everything else is a string)."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return NULL
                if value in _BOOLS:
                    return BOOL
                if value[0] in _NUMBER_START:
                    if _INT.match(value):
                        return INT
                    if _FLOAT.match(value):
                        return FLOAT
            return STR
        return SEQ if kind is SequenceNode else MAP


class Stop(Exception):
    """The first limit a document exceeds: building stops with its problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def too_many(max_nodes: int, span: Span, pointer: str | None) -> Problem:
    """The CTL003 problem of a document with more than ``max_nodes`` values."""
    return Problem(
        "CTL003",
        f"The document has more than {max_nodes:,} values once aliases are "
        "expanded (configuration limits.max_nodes)",
        span,
        pointer,
    )


class Builder:
    """Builds plain data from a node tree, counting nodes (with aliases expanded) and depth.

    The path to the current node is kept as a stack of segments and turned into a JSON
    Pointer only when a problem is reported.
    """

    def __init__(self, limits: Limits) -> None:
        self.max_nodes = limits.max_nodes
        self.max_depth = limits.max_depth
        self.count = 0
        self.path: list[str] = []
        self.problems: list[Problem] = []

    def pointer(self) -> str | None:
        return "".join(f"/{escape_pointer(s)}" for s in self.path) or None

    def build(self, node: Node, depth: int = 1) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise Stop(too_many(self.max_nodes, mark_span(node.start_mark), self.pointer()))
        if depth > self.max_depth:
            raise Stop(
                Problem(
                    "CTL003",
                    f"The document nests deeper than {self.max_depth} levels "
                    "(configuration limits.max_depth)",
                    mark_span(node.start_mark),
                    self.pointer(),
                )
            )
        cls = type(node)
        if cls is ScalarNode:
            return self._scalar(node)  # type: ignore[arg-type]
        path = self.path
        if cls is SequenceNode:
            if node.tag != SEQ:
                self._tag(node)
            items = []
            for index, item in enumerate(node.value):
                path.append(str(index))
                items.append(self.build(item, depth + 1))
                path.pop()
            return items
        if node.tag != MAP:
            self._tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (
                type(key_node) is ScalarNode
                and key_node.tag == STR
                and (key_node.value != "<<" or key_node.style)
            ):
                key = key_node.value
            else:
                self._bad_key(key_node)
                continue
            path.append(key)
            if key in result:
                self.problems.append(
                    Problem(
                        "CTL002",
                        f"The key `{key}` appears twice in this mapping; the reader would silently "
                        "keep only the last one",
                        node_span(key_node),
                        self.pointer(),
                    )
                )
            result[key] = self.build(value_node, depth + 1)
            path.pop()
        return result

    def _bad_key(self, node: Node) -> None:
        if isinstance(node, ScalarNode) and node.tag == STR:
            self.problems.append(
                Problem(
                    "CTL004",
                    "Merge keys (`<<`) are not allowed in manifests; write the fields out",
                    node_span(node),
                    self.pointer(),
                )
            )
            return
        shown = node.value if isinstance(node, ScalarNode) else "a list or mapping"
        self.problems.append(
            Problem(
                "CTL004",
                f"Keys must be text; `{shown}` is not (quote it)",
                node_span(node),
                self.pointer(),
            )
        )

    def _tag(self, node: Node) -> None:
        self.problems.append(
            Problem(
                "CTL004",
                f"YAML tags are not allowed in manifests (found `{node.tag}`)",
                node_span(node),
                self.pointer(),
            )
        )

    def _scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == STR:
            return value
        if tag == NULL:
            return None
        if tag == BOOL:
            return value.lower() == "true"
        if tag == INT:
            try:
                if value.startswith("0o"):
                    return int(value[2:], 8)
                if value.startswith("0x"):
                    return int(value[2:], 16)
                return _decimal(value)
            except ValueError:
                return value
        if tag == FLOAT:
            try:
                number = float(value)
            except ValueError:
                return value
            if math.isnan(number) or math.isinf(number):
                return value  # no NaN or infinity in manifests: the text goes to the schema
            return number
        self._tag(node)
        return value


def _decimal(text: str) -> int:
    """A decimal integer of any length (int() refuses more than 4,300 digits at once)."""
    if len(text) <= 4000:
        return int(text, 10)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    result = 0
    for start in range(0, len(digits), 4000):
        chunk = digits[start : start + 4000]
        result = result * 10 ** len(chunk) + int(chunk)
    return sign * result
