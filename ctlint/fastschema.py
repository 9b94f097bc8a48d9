"""Compile JSON Schema (draft 2020-12) fragments into plain Python predicates.

Policy triggers are small fragments evaluated once per manifest and rule, so they are
compiled once per process into closures. The keywords policies use are compiled here; a
fragment with any other keyword is handed to ``jsonschema`` (same answer, slower). Tests run
both paths on every built-in fragment and compare.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Predicate = Callable[[Any], bool]

_SUPPORTED = frozenset(
    {
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
    "integer": lambda v: _is_number(v) and float(v).is_integer(),
}


def _uses_only_supported(schema: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not set(schema) <= _SUPPORTED:
        return False
    children: list[Any] = []
    for key in ("not", "contains", "items", "if", "then", "else"):
        if key in schema:
            children.append(schema[key])
    for key in ("anyOf", "allOf", "oneOf"):
        children.extend(schema.get(key, ()))
    children.extend(schema.get("properties", {}).values())
    if isinstance(schema.get("additionalProperties"), (dict, bool)):
        children.append(schema["additionalProperties"])
    return all(_uses_only_supported(child) for child in children)


def compile_schema(schema: Any) -> Predicate:
    """A predicate equivalent to ``jsonschema.Draft202012Validator(schema).is_valid``."""
    if _uses_only_supported(schema):
        return _compile(schema)
    return reference_predicate(schema)


def reference_predicate(schema: Any) -> Predicate:
    """The slow path: jsonschema itself (also used by tests as the reference)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    predicate: Predicate = validator.is_valid
    return predicate


def _bound(
    kind: Callable[[Any], bool], measure: Callable[[Any], float], limit: float, op: str
) -> Predicate:
    compare: Callable[[float, float], bool] = {
        ">=": float.__ge__,
        "<=": float.__le__,
        ">": float.__gt__,
        "<": float.__lt__,
    }[op]

    def check(v: Any) -> bool:
        return not kind(v) or compare(float(measure(v)), float(limit))

    return check


_BOUNDS: dict[str, tuple[Callable[[Any], bool], Callable[[Any], float], str]] = {
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


def _all(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 1:
        return predicates[0]
    frozen = tuple(predicates)

    def check(v: Any) -> bool:
        return all(p(v) for p in frozen)

    return check


def _compile(schema: Any) -> Predicate:
    if schema is True or schema == {}:
        return lambda _v: True
    if schema is False:
        return lambda _v: False
    assert isinstance(schema, Mapping)
    checks: list[Predicate] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        type_tests = [_TYPE_TESTS[name] for name in names]
        checks.append(lambda v: any(test(v) for test in type_tests))
    if "const" in schema:
        const = schema["const"]
        checks.append(lambda v: json_equal(v, const))
    if "enum" in schema:
        options = list(schema["enum"])
        checks.append(lambda v: any(json_equal(v, o) for o in options))
    if "required" in schema:
        required = list(schema["required"])
        checks.append(lambda v: not isinstance(v, dict) or all(k in v for k in required))
    if "properties" in schema:
        props = {k: _compile(s) for k, s in schema["properties"].items()}
        checks.append(
            lambda v: not isinstance(v, dict) or all(p(v[k]) for k, p in props.items() if k in v)
        )
    if "additionalProperties" in schema:
        extra = _compile(schema["additionalProperties"])
        known = set(schema.get("properties", {}))
        checks.append(
            lambda v: (
                not isinstance(v, dict)
                or all(extra(val) for key, val in v.items() if key not in known)
            )
        )
    if "not" in schema:
        negated = _compile(schema["not"])
        checks.append(lambda v: not negated(v))
    if "anyOf" in schema:
        any_of = [_compile(s) for s in schema["anyOf"]]
        checks.append(lambda v: any(p(v) for p in any_of))
    if "allOf" in schema:
        checks.append(_all([_compile(s) for s in schema["allOf"]]))
    if "oneOf" in schema:
        one_of = [_compile(s) for s in schema["oneOf"]]
        checks.append(lambda v: sum(1 for p in one_of if p(v)) == 1)
    if "if" in schema:
        cond = _compile(schema["if"])
        then = _compile(schema.get("then", True))
        other = _compile(schema.get("else", True))
        checks.append(lambda v: then(v) if cond(v) else other(v))
    if "contains" in schema:
        member = _compile(schema["contains"])
        low: int = schema.get("minContains", 1)
        high: int | None = schema.get("maxContains")

        def contains(v: Any) -> bool:
            if not isinstance(v, list):
                return True
            count = sum(1 for x in v if member(x))
            return count >= low and (high is None or count <= high)

        checks.append(contains)
    if "items" in schema:
        each = _compile(schema["items"])
        checks.append(lambda v: not isinstance(v, list) or all(each(x) for x in v))
    if schema.get("uniqueItems"):
        checks.append(
            lambda v: (
                not isinstance(v, list)
                or all(not json_equal(a, b) for n, a in enumerate(v) for b in v[n + 1 :])
            )
        )
    for key, (kind, measure, op) in _BOUNDS.items():
        if key in schema:
            checks.append(_bound(kind, measure, schema[key], op))
    if "pattern" in schema:
        regex = re.compile(schema["pattern"])
        checks.append(lambda v: not isinstance(v, str) or regex.search(v) is not None)
    return _all(checks) if checks else (lambda _v: True)
