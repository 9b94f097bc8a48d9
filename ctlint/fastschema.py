"""Compile JSON Schema (draft 2020-12) fragments into plain Python predicates.

Policy triggers are small fragments evaluated once per manifest and rule, so they are
compiled once per process into closures. The keywords policies use are compiled here; a
fragment with any other keyword is handed to ``jsonschema`` (same answer, slower). Tests run
both paths on every built-in fragment and compare.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

Predicate = Callable[[Any], bool]

_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "$comment",
        "examples",
        "default",
        "$schema",
        "$id",
        "$defs",
        "deprecated",
    }
)
_SUPPORTED = frozenset(
    {
        "$ref",
        "patternProperties",
        "format",
        "type",
        "const",
        "enum",
        "properties",
        "required",
        "not",
        "anyOf",
        "allOf",
        "oneOf",
        "contains",
        "minContains",
        "maxContains",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "items",
        "pattern",
        "if",
        "then",
        "else",
        "additionalProperties",
        "minProperties",
        "maxProperties",
        "uniqueItems",
        "description",
        "title",
        "$comment",
        "examples",
        "default",
    }
)


class BundledSchema:
    """A JSON Schema shipped in ``ctlint.schemas``: compiled once for the yes/no answer that
    every run needs; jsonschema is imported only to word the errors of an invalid instance."""

    def __init__(self, name: str, formats: Mapping[str, Predicate] | None = None) -> None:
        self.name = name
        self.formats = formats

    @functools.cached_property
    def data(self) -> Any:
        """The parsed schema document."""
        from ctlint.resources import files as package_files

        return json.loads(package_files("ctlint.schemas").joinpath(self.name).read_text("utf-8"))

    @functools.cached_property
    def is_valid(self) -> Predicate:
        """The compiled predicate."""
        return compile_schema(self.data, formats=self.formats)

    @functools.cached_property
    def validator(self) -> Any:
        """jsonschema's validator (with the same format checks)."""
        import jsonschema

        checker = None
        if self.formats is not None:
            checker = jsonschema.FormatChecker(formats=())
            for name, test in self.formats.items():
                checker.checks(name)(test)
        return jsonschema.Draft202012Validator(self.data, format_checker=checker)

    def errors(self, instance: Any) -> list[Any]:
        """jsonschema's errors, by path then keyword; none when the fast check passes."""
        if self.is_valid(instance):
            return []
        found = self.validator.iter_errors(instance)
        return sorted(found, key=lambda e: ([str(p) for p in e.absolute_path], str(e.validator)))


def json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON Schema defines it (``true`` is not ``1``, ``1.0`` is ``1``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPE_TESTS: dict[str, Predicate] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


def _uses_only_supported(schema: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict):
        return False
    keywords = {k for k in schema if not k.startswith("x-") and k not in _ANNOTATIONS}
    if not keywords <= _SUPPORTED:
        return False
    if "$ref" in schema and not str(schema["$ref"]).startswith("#/"):
        return False
    children: list[Any] = []
    for key in ("not", "contains", "items", "if", "then", "else"):
        if key in schema:
            children.append(schema[key])
    for key in ("anyOf", "allOf", "oneOf"):
        children.extend(schema.get(key, ()))
    children.extend(schema.get("properties", {}).values())
    children.extend(schema.get("patternProperties", {}).values())
    children.extend(schema.get("$defs", {}).values())
    if isinstance(schema.get("additionalProperties"), (dict, bool)):
        children.append(schema["additionalProperties"])
    return all(_uses_only_supported(child) for child in children)


def compile_schema(schema: Any, *, formats: Mapping[str, Predicate] | None = None) -> Predicate:
    """A predicate equivalent to ``jsonschema.Draft202012Validator(schema).is_valid`` (with a
    format checker of ``formats`` when given); local ``#/...`` references are followed."""
    if _uses_only_supported(schema):
        return _Compiler(schema, formats or {}).compile(schema)
    return reference_predicate(schema, formats=formats)


def reference_predicate(
    schema: Any, *, formats: Mapping[str, Predicate] | None = None
) -> Predicate:
    """The slow path: jsonschema itself (also used by tests as the reference)."""
    import jsonschema

    checker = None
    if formats is not None:
        checker = jsonschema.FormatChecker(formats=())
        for name, test in formats.items():
            checker.checks(name)(test)
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    predicate: Predicate = validator.is_valid
    return predicate


def _bound(
    kind: Callable[[Any], bool], measure: Callable[[Any], Any], limit: Any, op: str
) -> Predicate:
    """Numbers are compared exactly (ints stay ints: no float overflow or rounding)."""
    import operator

    compare: Callable[[Any, Any], bool] = {
        ">=": operator.ge,
        "<=": operator.le,
        ">": operator.gt,
        "<": operator.lt,
    }[op]

    def check(v: Any) -> bool:
        return not kind(v) or compare(measure(v), limit)

    return check


_BOUNDS: dict[str, tuple[Callable[[Any], bool], Callable[[Any], Any], str]] = {
    "minimum": (_is_number, lambda v: v, ">="),
    "maximum": (_is_number, lambda v: v, "<="),
    "exclusiveMinimum": (_is_number, lambda v: v, ">"),
    "exclusiveMaximum": (_is_number, lambda v: v, "<"),
    "minItems": (lambda v: isinstance(v, list), len, ">="),
    "maxItems": (lambda v: isinstance(v, list), len, "<="),
    "minLength": (lambda v: isinstance(v, str), len, ">="),
    "maxLength": (lambda v: isinstance(v, str), len, "<="),
    "minProperties": (lambda v: isinstance(v, dict), len, ">="),
    "maxProperties": (lambda v: isinstance(v, dict), len, "<="),
}


def _unique(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    if all(type(x) is str for x in v):
        return len(set(v)) == len(v)
    return all(not json_equal(a, b) for n, a in enumerate(v) for b in v[n + 1 :])


def _object(schema: Mapping[str, Any], ctx: _Compiler) -> Predicate:
    """``required``, ``properties``, ``patternProperties`` and ``additionalProperties`` in one
    pass over the instance's keys."""
    required = tuple(schema.get("required", ()))
    props = {k: _compile(s, ctx) for k, s in schema.get("properties", {}).items()}
    patterns = tuple(
        (re.compile(p), _compile(s, ctx)) for p, s in schema.get("patternProperties", {}).items()
    )
    extra = (
        _compile(schema["additionalProperties"], ctx) if "additionalProperties" in schema else None
    )

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for name in required:
            if name not in v:
                return False
        for key, value in v.items():
            test = props.get(key)
            if test is not None and not test(value):
                return False
            matched = False
            for regex, pattern_test in patterns:
                if regex.search(key):
                    matched = True
                    if not pattern_test(value):
                        return False
            if extra is not None and test is None and not matched and not extra(value):
                return False
        return True

    return check


def _all(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda v: first(v) and second(v)
    frozen = tuple(predicates)

    def check(v: Any) -> bool:
        return all(p(v) for p in frozen)

    return check


class _Compiler:
    def __init__(self, root: Any, formats: Mapping[str, Predicate]) -> None:
        self.root = root
        self.formats = formats
        self.refs: dict[str, Predicate] = {}

    def ref(self, target: str) -> Predicate:
        if target not in self.refs:
            node = self.root
            for part in target[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            slot: list[Predicate] = []
            self.refs[target] = lambda v: slot[0](v)  # recursion-safe forward reference
            slot.append(self.compile(node))
            self.refs[target] = slot[0]
        return self.refs[target]

    def compile(self, schema: Any) -> Predicate:
        return _compile(schema, self)


def _compile(schema: Any, ctx: _Compiler) -> Predicate:
    if schema is True or schema == {}:
        return lambda _v: True
    if schema is False:
        return lambda _v: False
    assert isinstance(schema, Mapping)
    checks: list[Predicate] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        type_tests = [_TYPE_TESTS[name] for name in names]
        if len(type_tests) == 1:
            checks.append(type_tests[0])
        else:
            checks.append(lambda v: any(test(v) for test in type_tests))
    if "const" in schema:
        const = schema["const"]
        checks.append(lambda v: json_equal(v, const))
    if "$ref" in schema:
        checks.append(ctx.ref(schema["$ref"]))
    if "enum" in schema:
        options = list(schema["enum"])
        if all(isinstance(o, str) for o in options):
            strings = frozenset(options)
            checks.append(lambda v: isinstance(v, str) and v in strings)
        else:
            checks.append(lambda v: any(json_equal(v, o) for o in options))
    if "format" in schema and schema["format"] in ctx.formats:
        checks.append(ctx.formats[schema["format"]])
    if {"required", "properties", "patternProperties", "additionalProperties"} & set(schema):
        checks.append(_object(schema, ctx))
    if "not" in schema:
        negated = _compile(schema["not"], ctx)
        checks.append(lambda v: not negated(v))
    if "anyOf" in schema:
        any_of = [_compile(s, ctx) for s in schema["anyOf"]]
        checks.append(lambda v: any(p(v) for p in any_of))
    if "allOf" in schema:
        checks.append(_all([_compile(s, ctx) for s in schema["allOf"]]))
    if "oneOf" in schema:
        one_of = [_compile(s, ctx) for s in schema["oneOf"]]
        checks.append(lambda v: sum(1 for p in one_of if p(v)) == 1)
    if "if" in schema:
        cond = _compile(schema["if"], ctx)
        then = _compile(schema.get("then", True), ctx)
        other = _compile(schema.get("else", True), ctx)
        checks.append(lambda v: then(v) if cond(v) else other(v))
    if "contains" in schema:
        member = _compile(schema["contains"], ctx)
        low: int = schema.get("minContains", 1)
        high: int | None = schema.get("maxContains")

        def contains(v: Any) -> bool:
            if not isinstance(v, list):
                return True
            count = sum(1 for x in v if member(x))
            return count >= low and (high is None or count <= high)

        checks.append(contains)
    if "items" in schema:
        each = _compile(schema["items"], ctx)
        checks.append(lambda v: not isinstance(v, list) or all(each(x) for x in v))
    if schema.get("uniqueItems"):
        checks.append(_unique)
    for key, (kind, measure, op) in _BOUNDS.items():
        if key in schema:
            checks.append(_bound(kind, measure, schema[key], op))
    if "pattern" in schema:
        regex = re.compile(schema["pattern"])
        checks.append(lambda v: not isinstance(v, str) or regex.search(v) is not None)
    return _all(checks) if checks else (lambda _v: True)
