"""Read one manifest (or configuration) file once: bytes -> text -> YAML nodes -> plain data.

The YAML is read with libyaml's parser when it is available and a resolver of the YAML 1.2
core schema (``yes``/``no``/``on``/``off`` stay strings, no sexagesimal numbers, ``017`` is 17,
dates stay strings). Plain data is built from the node tree by :func:`_Builder`, which reports
what manifests may not contain (duplicate keys, tags, merge keys, non-string keys) and stops
when a limit is exceeded. The node tree is kept so that source positions are computed only
for findings (:func:`locate`).
"""

from __future__ import annotations

import dataclasses
import errno
import json
import math
import os
import re
import stat
import weakref
from collections.abc import Iterator
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from ctlint.model.findings import Severity, Span

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


class _Resolver(BaseResolver):
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


class _Loader(_Parser, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)


@dataclasses.dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits (configuration ``limits``)."""

    max_file_bytes: int = 1_048_576
    max_nodes: int = 100_000
    max_depth: int = 64


#: The hard ceilings of the configuration's ``limits`` (schemas/config.schema.json gives the
#: same maximums): with every limit at its ceiling, one file still costs at most a few seconds
#: and a few hundred MB (the size bounds the text, the node count bounds the tree the YAML
#: reader builds and what aliases expand to, the depth bounds every recursion over the data).
CEILINGS = Limits(max_file_bytes=16 * 1_048_576, max_nodes=1_000_000, max_depth=256)


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """A load-time finding before it is given a file and vendor: CTL001-CTL004."""

    rule: str
    message: str
    span: Span
    pointer: str | None = None
    severity: Severity = Severity.ERROR


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


_START = Span(1, 1, 1, 1)


def _mark_span(mark: Any) -> Span:
    if mark is None:
        return _START
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)


def node_span(node: Node) -> Span:
    """The 1-based span of a node."""
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _offset_span(text: str, offset: int) -> Span:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, column, line, column + 1)


def _byte_offset_span(raw: bytes, offset: int) -> Span:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return Span(line, column, line, column + 1)


#: How many bytes ctlint reads at most of the files it reads besides manifests (whose bound is
#: ``limits.max_file_bytes``): the configuration (``.ctlint.yaml``, ``pyproject.toml``) and
#: ``.pre-commit-config.yaml`` ...
CONFIG_MAX_BYTES = 1_048_576
#: ... and the JSON files ctlint writes itself (baseline, facts cache).
DATA_MAX_BYTES = 64 * 1_048_576

_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_EXTRA = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)

#: ``(st_dev, st_ino)``: which file a path named when it was checked.
Identity = tuple[int, int]


class ReadError(Exception):
    """A file that was not read, and why (a sentence without the path). ``too_large`` tells
    a file over the size bound (CTL003 for manifests) from one that cannot be read at all."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_large = too_large


def _size_message(size: int | None, max_bytes: int, setting: str | None) -> str:
    where = f" (configuration {setting})" if setting else ""
    if size is None:
        return f"The file has more than the limit of {max_bytes:,} bytes{where}"
    return f"The file has {size:,} bytes, more than the limit of {max_bytes:,}{where}"


def read_bytes(
    path: str,
    max_bytes: int,
    *,
    follow: bool = True,
    expect: Identity | None = None,
    setting: str | None = None,
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or :class:`ReadError`.

    Only a regular file is ever read. The path is stat'ed first (not following a link unless
    ``follow``), so that a FIFO, socket, folder or device (or a link to one: /dev/zero,
    /dev/watchdog) is never even opened, nor a file over the bound; without ``follow`` the
    open refuses a link (``O_NOFOLLOW``). The open is
    ``O_NONBLOCK`` (a FIFO swapped in meanwhile cannot block it), and the opened file must be
    a regular file, the one stat'ed before (device and inode) and, with ``expect``, the one
    checked earlier. The size is checked before reading, and reading stops one byte past the
    bound (a file that grows, or a size that the file system under-reports, cannot make ctlint
    read more).
    """
    try:
        found = os.stat(path) if follow else os.lstat(path)
    except (OSError, ValueError) as exc:
        raise ReadError(f"Cannot read the file: {_reason(exc)}") from None
    before: os.stat_result | None = None
    if follow or not stat.S_ISLNK(found.st_mode):  # a link: the O_NOFOLLOW open refuses it
        _check_stat(found, max_bytes, expect, setting)
        before = found
    flags = os.O_RDONLY | _O_NONBLOCK | _O_EXTRA | (0 if follow else _O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        if not follow and getattr(exc, "errno", None) == errno.ELOOP:
            raise ReadError("The file is a symbolic link; it is not followed") from None
        raise ReadError(f"Cannot read the file: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if before is None:
            _check_stat(info, max_bytes, expect, setting)
        elif not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            raise ReadError("The file was replaced while ctlint opened it; it is not read")
        # the size fstat reported, plus one byte to notice growth: a buffer of the bound
        # (1 MB by default) for every 2 KB manifest costs a full check ~10% of its time
        raw = os.read(fd, info.st_size + 1)
        if len(raw) != info.st_size:  # it grew, or a short read: read on to EOF or the bound
            parts = [raw]
            total = len(raw)
            while total <= max_bytes:
                chunk = os.read(fd, min(max_bytes + 1 - total, 1 << 20))
                if not chunk:
                    break
                parts.append(chunk)
                total += len(chunk)
            raw = b"".join(parts)
    except OSError as exc:
        raise ReadError(f"Cannot read the file: {_reason(exc)}") from None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # grew while we looked
        raise ReadError(_size_message(None, max_bytes, setting), too_large=True)
    return raw


def _check_stat(
    info: os.stat_result, max_bytes: int, expect: Identity | None, setting: str | None
) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("Not a regular file (a folder, FIFO or device)")
    if expect is not None and (info.st_dev, info.st_ino) != expect:
        raise ReadError("The file was replaced since ctlint found it; it is not read")
    if info.st_size > max_bytes:
        raise ReadError(_size_message(info.st_size, max_bytes, setting), too_large=True)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def read_file(
    path: str, limits: Limits, *, follow: bool = True, expect: Identity | None = None
) -> tuple[bytes | None, Problem | None]:
    """A manifest's bytes (:func:`read_bytes` with ``limits.max_file_bytes``), or its CTL001
    or CTL003 problem."""
    try:
        raw = read_bytes(
            path,
            limits.max_file_bytes,
            follow=follow,
            expect=expect,
            setting="limits.max_file_bytes",
        )
    except ReadError as exc:
        return None, Problem("CTL003" if exc.too_large else "CTL001", exc.message, _START)
    return raw, None


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a UTF-8 byte-order mark is accepted and dropped)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem("CTL001", "The file is UTF-16; save it as UTF-8", _START)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, Problem(
            "CTL001",
            f"The file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded); save it as UTF-8",
            _byte_offset_span(raw, exc.start),
        )


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
    """Read (:func:`read_file`), decode and parse one file."""
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
            "CTL003", "The document nests deeper than the YAML reader allows", _mark_span(mark)
        )
    context = getattr(exc, "context", None)
    text = f"{context}: {problem}" if context else str(problem)
    return Problem("CTL001", f"YAML syntax error: {text}", _mark_span(mark))


def _no_constants(name: str) -> None:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def _json_check(text: str) -> Problem | None:
    """Strict JSON syntax (numbers are not converted: the YAML reader builds the values)."""
    try:
        json.loads(text, parse_int=str, parse_float=str, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        if exc.doc in ("NaN", "Infinity", "-Infinity"):
            return Problem("CTL001", f"JSON syntax error: {exc.msg}", _START)
        return Problem(
            "CTL001",
            f"JSON syntax error: {exc.msg}",
            Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1),
        )
    except RecursionError:
        return Problem("CTL003", "The JSON nests deeper than can be read", _START)
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


def _too_many(max_nodes: int, span: Span, pointer: str | None) -> Problem:
    return Problem(
        "CTL003",
        f"The document has more than {max_nodes:,} values once aliases are "
        "expanded (configuration limits.max_nodes)",
        span,
        pointer,
    )


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
            return Document(None, None, (_too_many(limits.max_nodes, _mark_span(mark), None),))
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:
        return Document(None, None, (_yaml_error(exc, text),))
    try:
        if not loader.check_node():
            return Document(None, None, (Problem("CTL001", "The file is empty", _START),))
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
                        node_span(extra) if extra is not None else _START,
                    ),
                ),
            )
    except yaml.YAMLError as exc:
        return Document(None, None, (_yaml_error(exc, text),))
    except RecursionError:
        return Document(None, None, (Problem("CTL003", "The document nests too deeply", _START),))
    finally:
        loader.dispose()
    if node is None:  # pragma: no cover - check_node() said there was one
        return Document(None, None, (Problem("CTL001", "The file is empty", _START),))
    builder = _Builder(limits)
    try:
        data = builder.build(node)
    except _Stop as stop:
        return Document(None, node, (stop.problem,))
    except RecursionError:
        message = "The document nests deeper than ctlint can read; lower limits.max_depth"
        return Document(None, node, (Problem("CTL003", message, _START),))
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


def escape_pointer(segment: str) -> str:
    """RFC 6901 escaping of one segment."""
    return segment.replace("~", "~0").replace("/", "~1")


def split_pointer(pointer: str) -> list[str]:
    """RFC 6901 segments of a pointer."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


class _Builder:
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
            raise _Stop(_too_many(self.max_nodes, _mark_span(node.start_mark), self.pointer()))
        if depth > self.max_depth:
            raise _Stop(
                Problem(
                    "CTL003",
                    f"The document nests deeper than {self.max_depth} levels "
                    "(configuration limits.max_depth)",
                    _mark_span(node.start_mark),
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


def locate(node: Node | None, pointer: str | None, *, key: bool = False) -> Span:
    """The span of the nearest node on ``pointer`` that exists.

    A scalar value is its own span (its key's with ``key``, for findings about the key itself);
    a list or mapping is pointed at by its key; a missing field by its nearest existing
    ancestor's key; nothing on the path: line 1, column 1.
    """
    if node is None or not pointer:
        return _START
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
        return _START
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
