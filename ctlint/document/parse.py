"""Read one manifest (or configuration) file once: bytes -> text -> YAML nodes -> plain data.

The YAML is read with libyaml's parser when it is available and the resolver of the YAML 1.2
core schema (:mod:`ctlint.document.build`). Before the node tree is built, cheap pre-scans
refuse what would cost too much to build (nesting deeper than ``limits.max_depth``, more
nodes than ``limits.max_nodes``), and a ``.json`` file must be strict JSON. Plain data is
then built from the node tree by :class:`~ctlint.document.build.Builder`. The node tree is
kept so that source positions are computed only for findings
(:func:`ctlint.document.positions.locate`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import yaml
import yaml.reader
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import Node

from ctlint.document.build import Builder, Resolver, Stop, too_many
from ctlint.document.positions import START, mark_span, node_span
from ctlint.document.read import Identity, Limits, Problem, decode, read_file
from ctlint.model.findings import Span

try:  # pragma: no branch - depends on how PyYAML was built
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Loader(_Parser, Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Resolver.__init__(self)


@dataclasses.dataclass(frozen=True, slots=True)
class Document:
    """A loaded file: its data (None when it could not be read) and what went wrong."""

    data: dict[str, Any] | None
    node: Node | None
    problems: tuple[Problem, ...]

    @property
    def fatal(self) -> bool:
        """CTL001-CTL004 stop every other check of the file."""
        return self.data is None or bool(self.problems)


def _offset_span(text: str, offset: int) -> Span:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, column, line, column + 1)


def load_bytes(raw: bytes, *, is_json: bool, limits: Limits) -> Document:
    """Decode and parse one file's bytes."""
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        return Document(None, None, (problem,))
    return load_text(text, is_json=is_json, limits=limits)


def load_path(
    path: str, *, limits: Limits, follow: bool = True, expect: Identity | None = None
) -> Document:
    """Read (:func:`~ctlint.document.read.read_file`), decode and parse one file."""
    raw, problem = read_file(path, limits, follow=follow, expect=expect)
    if raw is None:
        assert problem is not None
        return Document(None, None, (problem,))
    return load_bytes(raw, is_json=path.lower().endswith(".json"), limits=limits)


def _yaml_error(exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        offset = exc.position
        if _Parser.__module__ == "yaml._yaml":  # libyaml counts UTF-8 bytes, not characters
            offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
        return Problem(
            "CTL001",
            f"The file contains the character U+{exc.character:04X}, which YAML does not allow",
            _offset_span(text, offset),
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if "maximum nesting depth" in str(problem):  # libyaml's own limit (PyYAML 6.0.4 and later)
        return Problem(
            "CTL003", "The document nests deeper than the YAML reader allows", mark_span(mark)
        )
    context = getattr(exc, "context", None)
    text = f"{context}: {problem}" if context else str(problem)
    return Problem("CTL001", f"YAML syntax error: {text}", mark_span(mark))


def _no_constants(name: str) -> None:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def _json_check(text: str) -> Problem | None:
    """Strict JSON syntax (numbers are not converted: the YAML reader builds the values)."""
    try:
        json.loads(text, parse_int=str, parse_float=str, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        if exc.doc in ("NaN", "Infinity", "-Infinity"):
            return Problem("CTL001", f"JSON syntax error: {exc.msg}", START)
        return Problem(
            "CTL001",
            f"JSON syntax error: {exc.msg}",
            Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1),
        )
    except RecursionError:
        return Problem("CTL003", "The JSON nests deeper than can be read", START)
    return None


# Characters JSON allows raw inside strings but YAML's reader refuses or reads as line breaks
# (NEL, LS, PS): written as JSON escapes
# (same value) before the YAML reader builds the data of a .json manifest.
_JSON_ONLY = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _escape_json_only(text: str) -> str:
    return _JSON_ONLY.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_FLOW_DEPTH = re.compile(r"[\[\]{}]")


def _flow_depth_exceeds(text: str, max_depth: int) -> int | None:
    """A cheap pre-scan: the offset where bracket nesting passes ``max_depth`` (may over-count
    brackets inside strings, which only makes it stricter for pathological files)."""
    if text.count("[") + text.count("{") <= max_depth:
        return None
    depth = 0
    for match in _FLOW_DEPTH.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > max_depth:
            return match.start()
    return None


def _count_exceeds(text: str, max_nodes: int) -> Any:
    """Where the first document's YAML events pass ``max_nodes`` nodes, counted as the builder
    counts them (mapping keys are not counted; an alias counts once here and is expanded by
    the builder), or None. A pass over the parser's events before the node tree is built,
    because the tree of a 16 MB file would cost seconds and gigabytes before the builder
    could stop it."""
    loader = _Loader(text)
    # per open collection: 0 a sequence, 1 a mapping whose next node is a key, 2 its value
    stack: list[int] = []
    count = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind in _NODE_STARTS:
                top = stack[-1] if stack else 0
                if top == 1:
                    stack[-1] = 2
                else:
                    if top == 2:
                        stack[-1] = 1
                    count += 1
                    if count > max_nodes:
                        return getattr(event, "start_mark", None)
                if kind is SequenceStartEvent:
                    stack.append(0)
                elif kind is MappingStartEvent:
                    stack.append(1)
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                stack.pop()
            elif kind is DocumentEndEvent:
                break
    except (yaml.YAMLError, RecursionError, IndexError):
        return None  # the real pass reports it
    finally:
        loader.dispose()
    return None


_NODE_STARTS = frozenset({ScalarEvent, SequenceStartEvent, MappingStartEvent, AliasEvent})


def load_text(text: str, *, is_json: bool, limits: Limits) -> Document:
    """Parse YAML (or JSON) text into plain data plus the node tree."""
    if is_json:
        problem = _json_check(text)
        if problem is not None:
            return Document(None, None, (problem,))
        text = _escape_json_only(text)
    deep = _flow_depth_exceeds(text, limits.max_depth)
    if deep is not None:
        return Document(
            None,
            None,
            (
                Problem(
                    "CTL003",
                    f"The document nests deeper than {limits.max_depth} levels "
                    "(configuration limits.max_depth)",
                    _offset_span(text, deep),
                ),
            ),
        )
    if len(text) > limits.max_nodes:  # only then can the text hold more nodes than allowed
        mark = _count_exceeds(text, limits.max_nodes)
        if mark is not None:
            return Document(None, None, (too_many(limits.max_nodes, mark_span(mark), None),))
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:
        return Document(None, None, (_yaml_error(exc, text),))
    try:
        if not loader.check_node():
            return Document(None, None, (Problem("CTL001", "The file is empty", START),))
        node = loader.get_node()
        if loader.check_node():
            extra = loader.get_node()
            return Document(
                None,
                node,
                (
                    Problem(
                        "CTL004",
                        "The file holds several YAML documents; a manifest is one document",
                        node_span(extra) if extra is not None else START,
                    ),
                ),
            )
    except yaml.YAMLError as exc:
        return Document(None, None, (_yaml_error(exc, text),))
    except RecursionError:
        return Document(None, None, (Problem("CTL003", "The document nests too deeply", START),))
    finally:
        loader.dispose()
    if node is None:  # pragma: no cover - check_node() said there was one
        return Document(None, None, (Problem("CTL001", "The file is empty", START),))
    builder = Builder(limits)
    try:
        data = builder.build(node)
    except Stop as stop:
        return Document(None, node, (stop.problem,))
    except RecursionError:
        message = "The document nests deeper than ctlint can read; lower limits.max_depth"
        return Document(None, node, (Problem("CTL003", message, START),))
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_kind(data)}"
        return Document(
            None,
            node,
            (
                Problem(
                    "CTL001", f"The top level is {kind}, not a mapping of fields", node_span(node)
                ),
            ),
        )
    return Document(data, node, tuple(builder.problems))


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "text value"
