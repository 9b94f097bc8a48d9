"""Where a value is: RFC 6901 JSON Pointers into plain data, and source spans of YAML nodes.

The loader (:mod:`ctlint.document.parse`) keeps the node tree of a file, so that positions
are computed only for findings: :func:`locate` walks a pointer down the tree to the nearest
node that exists.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ctlint.model.findings import Span

#: Line 1, column 1: where a problem of the whole file is reported.
START = Span(1, 1, 1, 1)


def mark_span(mark: Any) -> Span:
    """The one-character span at a YAML mark (line 1, column 1 when there is none)."""
    if mark is None:
        return START
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)


def node_span(node: Node) -> Span:
    """The 1-based span of a node."""
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def escape_pointer(segment: str) -> str:
    """RFC 6901 escaping of one segment."""
    return segment.replace("~", "~0").replace("/", "~1")


def split_pointer(pointer: str) -> list[str]:
    """RFC 6901 segments of a pointer."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def locate(node: Node | None, pointer: str | None, *, key: bool = False) -> Span:
    """The span of the nearest node on ``pointer`` that exists.

    A scalar value is its own span (its key's with ``key``, for findings about the key itself);
    a list or mapping is pointed at by its key; a missing field by its nearest existing
    ancestor's key; nothing on the path: line 1, column 1.
    """
    if node is None or not pointer:
        return START
    current: Node = node
    key_node: Node | None = None
    found = True
    for segment in split_pointer(pointer):
        child: tuple[Node | None, Node] | None = None
        if isinstance(current, MappingNode):
            child = _child(current, segment)
        elif isinstance(current, SequenceNode) and segment.isdigit():
            index = int(segment)
            if index < len(current.value):
                child = (None, current.value[index])
        if child is None:
            found = False
            break
        key_node, current = child
    if found and key and key_node is not None:
        return node_span(key_node)
    if found and isinstance(current, ScalarNode) and current.start_mark != current.end_mark:
        return node_span(current)
    if key_node is not None:
        return node_span(key_node)
    if current is node:
        return START
    return _first_line_span(current)


#: Mappings with more entries than this get a key index on their first lookup; smaller ones
#: are scanned (cheaper than building a dictionary for the few findings a file usually has).
_INDEX_FROM = 16
_INDEXES: weakref.WeakKeyDictionary[MappingNode, dict[str, tuple[Node, Node]]] = (
    weakref.WeakKeyDictionary()
)


def _child(mapping: MappingNode, segment: str) -> tuple[Node, Node] | None:
    """The (key, value) nodes of ``segment`` in a mapping (the last occurrence wins, as in the
    data). A big mapping is indexed once, so n findings in one file cost O(n), not O(n^2)."""
    entries = mapping.value
    if len(entries) <= _INDEX_FROM:
        found = None
        for k, v in entries:
            if type(k) is ScalarNode and k.value == segment:
                found = (k, v)
        return found
    index = _INDEXES.get(mapping)
    if index is None:
        index = {k.value: (k, v) for k, v in entries if type(k) is ScalarNode}
        _INDEXES[mapping] = index
    return index.get(segment)


def _first_line_span(node: Node) -> Span:
    if isinstance(node, MappingNode) and node.value:
        return node_span(node.value[0][0])
    start = node.start_mark
    return Span(start.line + 1, start.column + 1, start.line + 1, start.column + 2)


def iter_pointers(data: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) in ``data``, depth first (used by tests and waivers)."""
    yield pointer, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_pointers(value, f"{pointer}/{escape_pointer(key)}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_pointers(value, f"{pointer}/{index}")
