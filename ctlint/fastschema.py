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
        "type", "const", "enum", "properties", "required", "not", "anyOf", "allOf", "oneOf",
        "contains", "minContains", "maxContains", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "minItems", "maxItems", "minLength", "maxLength", "items", "pattern",
        "if", "then", "else", "additionalProperties", "minProperties", "maxProperties",
        "uniqueItems", "description", "title", "$comment", "examples", "default",
    }
)


def json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON Schema defines it (``true`` is not ``1``, ``1.0`` is ``1``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
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
    return validator.is_valid  # type: ignore[no-any-return]


def _compile(schema: Any) -> Predicate:  # noqa: C901 - one branch per keyword
    if schema is True or schema == {}:
        return lambda _v: True
    if schema is False:
        return lambda _v: False
    assert isinstance(schema, Mapping)
    checks: list[Predicate] = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        tests = [_TYPE_TESTS[t] for t in types]
        checks.append(lambda v, tests=tests: any(t(v) for t in tests))
    if "const" in schema:
        const = schema["const"]
        checks.append(lambda v, c=const: json_equal(v, c))
    if "enum" in schema:
        options = list(schema["enum"])
        checks.append(lambda v, o=options: any(json_equal(v, x) for x in o))
    if "required" in schema:
        names = list(schema["required"])
        checks.append(lambda v, n=names: not isinstance(v, dict) or all(k in v for k in n))
    if "properties" in schema:
        props = {k: _compile(s) for k, s in schema["properties"].items()}

        def _props(v: Any, props: dict[str, Predicate] = props) -> bool:
            return not isinstance(v, dict) or all(p(v[k]) for k, p in props.items() if k in v)

        checks.append(_props)
    if "additionalProperties" in schema:
        extra = _compile(schema["additionalProperties"])
        known = set(schema.get("properties", {}))
        checks.append(
            lambda v, e=extra, k=known: not isinstance(v, dict)
            or all(e(val) for key, val in v.items() if key not in k)
        )
    if "minProperties" in schema:
        checks.append(lambda v, n=schema["minProperties"]: not isinstance(v, dict) or len(v) >= n)
    if "maxProperties" in schema:
        checks.append(lambda v, n=schema["maxProperties"]: not isinstance(v, dict) or len(v) <= n)
    if "not" in schema:
        inner = _compile(schema["not"])
        checks.append(lambda v, i=inner: not i(v))
    if "anyOf" in schema:
        subs = [_compile(s) for s in schema["anyOf"]]
        checks.append(lambda v, s=subs: any(p(v) for p in s))
    if "allOf" in schema:
        subs = [_compile(s) for s in schema["allOf"]]
        checks.append(lambda v, s=subs: all(p(v) for p in s))
    if "oneOf" in schema:
        subs = [_compile(s) for s in schema["oneOf"]]
        checks.append(lambda v, s=subs: sum(1 for p in s if p(v)) == 1)
    if "if" in schema:
        cond = _compile(schema["if"])
        then = _compile(schema.get("then", True))
        other = _compile(schema.get("else", True))
        checks.append(lambda v, c=cond, t=then, o=other: t(v) if c(v) else o(v))
    if "contains" in schema:
        inner = _compile(schema["contains"])
        low = schema.get("minContains", 1)
        high = schema.get("maxContains")

        def _contains(v: Any, i: Predicate = inner, low: int = low, high: int | None = high) -> bool:
            if not isinstance(v, list):
                return True
            count = sum(1 for x in v if i(x))
            return count >= low and (high is None or count <= high)

        checks.append(_contains)
    if "items" in schema:
        inner = _compile(schema["items"])
        checks.append(lambda v, i=inner: not isinstance(v, list) or all(i(x) for x in v))
    if "uniqueItems" in schema and schema["uniqueItems"]:
        checks.append(
            lambda v: not isinstance(v, list)
            or all(not json_equal(a, b) for n, a in enumerate(v) for b in v[n + 1 :])
        )
    for key, test in (
        ("minimum", lambda v, n: v >= n),
        ("maximum", lambda v, n: v <= n),
        ("exclusiveMinimum", lambda v, n: v > n),
        ("exclusiveMaximum", lambda v, n: v < n),
    ):
        if key in schema:
            checks.append(lambda v, n=schema[key], t=test: not _is_number(v) or t(v, n))
    for key, test in (
        ("minItems", lambda v, n: len(v) >= n),
        ("maxItems", lambda v, n: len(v) <= n),
    ):
        if key in schema:
            checks.append(lambda v, n=schema[key], t=test: not isinstance(v, list) or t(v, n))
    for key, test in (
        ("minLength", lambda v, n: len(v) >= n),
        ("maxLength", lambda v, n: len(v) <= n),
    ):
        if key in schema:
            checks.append(lambda v, n=schema[key], t=test: not isinstance(v, str) or t(v, n))
    if "pattern" in schema:
        regex = re.compile(schema["pattern"])
        checks.append(lambda v, r=regex: not isinstance(v, str) or r.search(v) is not None)
    if len(checks) == 1:
        return checks[0]
    return lambda v, c=tuple(checks): all(p(v) for p in c)
