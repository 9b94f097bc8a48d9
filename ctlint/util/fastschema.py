"""Compile JSON Schema (draft 2020-12) fragments into plain Python predicates.

Policy triggers are small fragments evaluated once per manifest and rule, so they are
compiled once per process into closures. The keywords policies use are compiled here; a
fragment with any other keyword is handed to ``jsonschema`` (same answer, slower). Tests run
both paths on every built-in fragment and compare.

Two rules hold on both paths: nothing is ever retrieved (every jsonschema validator built here
has a registry whose ``retrieve`` refuses every URI, so a ``$ref`` to ``http:``, ``https:`` or
``file:`` is an error, never a request), and with ``safe_regex=True`` (every schema that does
not ship with ctlint) ``pattern`` and ``patternProperties`` run on RE2, a linear-time engine,
so no pattern can backtrack catastrophically.

It stays one module (about 700 lines) on purpose: the compiler, its jsonschema fallback and the
pattern engines share one set of keyword rules, and :mod:`ctlint.util.fasterrors` words the
errors on the same compiled predicates; split, each half would import the other's internals.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ctlint.util.resources import files as package_files

Predicate = Callable[[Any], bool]
#: A compiled ``pattern``: whether it matches somewhere in a text (``re.search``).
Search = Callable[[str], bool]


class PatternError(ValueError):
    """A ``pattern`` that the engine refuses (a syntax error, or a feature RE2 lacks)."""


#: Keywords without an assertion (jsonschema has no validator for them either).
ANNOTATIONS = frozenset(
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
        "propertyNames",
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

        return json.loads(package_files("ctlint.schemas").joinpath(self.name).read_text("utf-8"))

    @functools.cached_property
    def is_valid(self) -> Predicate:
        """The compiled predicate."""
        return compile_schema(self.data, formats=self.formats)

    @functools.cached_property
    def validator(self) -> Any:
        """jsonschema's validator (with the same format checks; nothing is ever retrieved)."""
        return make_validator(self.data, formats=self.formats)

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


def compilable(schema: Any) -> bool:
    """Whether :func:`compile_schema` compiles ``schema`` itself (every keyword, in every
    subschema, is one it knows; references are local)."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict):
        return False
    keywords = {k for k in schema if not k.startswith("x-") and k not in ANNOTATIONS}
    if not keywords <= _SUPPORTED:
        return False
    if "$ref" in schema and not str(schema["$ref"]).startswith("#/"):
        return False
    children: list[Any] = []
    for key in ("not", "contains", "items", "if", "then", "else", "propertyNames"):
        if key in schema:
            children.append(schema[key])
    for key in ("anyOf", "allOf", "oneOf"):
        children.extend(schema.get(key, ()))
    children.extend(schema.get("properties", {}).values())
    children.extend(schema.get("patternProperties", {}).values())
    children.extend(schema.get("$defs", {}).values())
    if isinstance(schema.get("additionalProperties"), (dict, bool)):
        children.append(schema["additionalProperties"])
    return all(compilable(child) for child in children)


def compile_schema(
    schema: Any, *, formats: Mapping[str, Predicate] | None = None, safe_regex: bool = False
) -> Predicate:
    """A predicate equivalent to ``jsonschema.Draft202012Validator(schema).is_valid`` (with a
    format checker of ``formats`` when given); local ``#/...`` references are followed.

    ``safe_regex``: patterns run on RE2 (linear time; :class:`PatternError` when one does not
    compile), for every schema that does not ship with ctlint."""
    if compilable(schema):
        search = safe_search if safe_regex else python_search
        return Compiler(schema, formats or {}, search).compile(schema)
    return reference_predicate(schema, formats=formats, safe_regex=safe_regex)


def reference_predicate(
    schema: Any, *, formats: Mapping[str, Predicate] | None = None, safe_regex: bool = False
) -> Predicate:
    """The slow path: jsonschema itself (also used by tests as the reference)."""
    validator = make_validator(schema, formats=formats, safe_regex=safe_regex)
    predicate: Predicate = validator.is_valid
    return predicate


# --------------------------------------------------------------------------- jsonschema


def _refuse_retrieval(uri: str) -> Any:
    """The registry's ``retrieve``: ctlint never loads another schema, local or remote."""
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


@functools.cache
def offline_registry() -> Any:
    """A ``referencing.Registry`` that refuses to retrieve anything (http, https, file, …);
    jsonschema adds its bundled metaschemas, which need no retrieval."""
    from referencing import Registry

    return Registry(retrieve=_refuse_retrieval)  # type: ignore[call-arg]


def make_validator(
    schema: Any, *, formats: Mapping[str, Predicate] | None = None, safe_regex: bool = False
) -> Any:
    """A ``Draft202012Validator`` for ``schema`` with the offline registry (and RE2 patterns
    with ``safe_regex``); every jsonschema validator of ctlint is made here."""
    import jsonschema

    checker = None
    if formats is not None:
        checker = jsonschema.FormatChecker(formats=())
        for name, test in formats.items():
            checker.checks(name)(test)
    cls = _safe_validator_class() if safe_regex else jsonschema.Draft202012Validator
    return cls(schema, format_checker=checker, registry=offline_registry())


def metaschema_error(schema: Any) -> Any:
    """jsonschema's best error of ``schema`` against the Draft 2020-12 metaschema (None when
    valid; no format checks: patterns are compiled separately); nothing is retrieved."""
    import jsonschema
    from jsonschema.exceptions import best_match

    meta = jsonschema.Draft202012Validator.META_SCHEMA
    validator = jsonschema.Draft202012Validator(
        meta, format_checker=None, registry=offline_registry()
    )
    return best_match(validator.iter_errors(schema))


@functools.cache
def _safe_validator_class() -> Any:
    """Draft 2020-12 with ``pattern``, ``patternProperties``, ``additionalProperties`` and
    ``unevaluatedProperties`` matching on RE2 (jsonschema's own use :func:`re.search`)."""
    import jsonschema
    from jsonschema import validators
    from jsonschema.exceptions import ValidationError

    def pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not safe_search(patrn)(instance):
            yield ValidationError(f"does not match {patrn!r}")

    def pattern_properties(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        for regex, subschema in value.items():
            search = safe_search(regex)
            for key, item in instance.items():
                if search(key):
                    yield from validator.descend(item, subschema, path=key, schema_path=regex)

    def additional(instance: Any, schema: Any) -> list[str]:
        properties = schema.get("properties", {})
        searches = [safe_search(p) for p in schema.get("patternProperties", {})]
        return [
            key
            for key in instance
            if key not in properties and not any(search(key) for search in searches)
        ]

    def additional_properties(
        validator: Any, value: Any, instance: Any, schema: Any
    ) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        extras = additional(instance, schema)
        if validator.is_type(value, "object"):
            for extra in extras:
                yield from validator.descend(instance[extra], value, path=extra)
        elif not value and extras:
            yield ValidationError("Additional properties are not allowed")

    def evaluated(validator: Any, instance: Any, schema: Any) -> set[str]:
        """The keys some applicator of ``schema`` evaluates (no $ref: never in such schemas)."""
        if not isinstance(schema, dict):
            return set()
        keys: set[str] = set()
        properties = schema.get("properties")
        if isinstance(properties, dict):
            keys |= properties.keys() & instance.keys()
        for keyword in ("additionalProperties", "unevaluatedProperties"):
            if (subschema := schema.get(keyword)) is not None:
                keys |= {
                    k for k, v in instance.items() if validator.evolve(schema=subschema).is_valid(v)
                }
        for regex in schema.get("patternProperties", {}):
            search = safe_search(regex)
            keys |= {k for k in instance if search(k)}
        for key, subschema in schema.get("dependentSchemas", {}).items():
            if key in instance:
                keys |= evaluated(validator, instance, subschema)
        for keyword in ("allOf", "oneOf", "anyOf"):
            for subschema in schema.get(keyword, ()):
                if validator.evolve(schema=subschema).is_valid(instance):
                    keys |= evaluated(validator, instance, subschema)
        if "if" in schema:
            if validator.evolve(schema=schema["if"]).is_valid(instance):
                keys |= evaluated(validator, instance, schema["if"])
                if "then" in schema:
                    keys |= evaluated(validator, instance, schema["then"])
            elif "else" in schema:
                keys |= evaluated(validator, instance, schema["else"])
        return keys

    def unevaluated_properties(
        validator: Any, value: Any, instance: Any, schema: Any
    ) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        seen = evaluated(validator, instance, schema)
        bad = [
            key
            for key in instance
            if key not in seen and not validator.evolve(schema=value).is_valid(instance[key])
        ]
        if bad:
            yield ValidationError("Unevaluated properties are not valid")

    return validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator,
        {
            "pattern": pattern,
            "patternProperties": pattern_properties,
            "additionalProperties": additional_properties,
            "unevaluatedProperties": unevaluated_properties,
        },
    )


# --------------------------------------------------------------------------- patterns


def python_search(pattern: str) -> Search:
    """Python's backtracking engine: only for the schemas that ship with ctlint."""
    regex = re.compile(pattern)
    return lambda text: regex.search(text) is not None


@functools.lru_cache(maxsize=4096)
def safe_search(pattern: str) -> Search:
    """RE2, a linear-time engine, for every pattern that does not ship with ctlint: no
    backreferences or lookaround (RE2 has none), so nothing can backtrack. A pattern RE2
    refuses, or any pattern when google-re2 is not installed, is a :class:`PatternError`."""
    try:
        import re2  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise PatternError(
            "patterns of organization and installed policies need the google-re2 package "
            "(pip install google-re2)"
        ) from exc
    options = re2.Options()
    options.log_errors = False  # the error is reported once, as a policy error
    try:
        regex = re2.compile(pattern, options=options)
    except re2.error as exc:
        raise PatternError(_re2_reason(exc)) from None
    except (TypeError, ValueError) as exc:
        raise PatternError(str(exc)) from None

    def search(text: str) -> bool:
        try:
            return regex.search(text) is not None
        except UnicodeEncodeError:  # a lone surrogate: matched as `?`
            return regex.search(text.encode("utf-8", "replace").decode("utf-8")) is not None

    return search


def _re2_reason(exc: Exception) -> str:
    reason = exc.args[0] if exc.args else exc
    text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    if any(f"invalid perl operator: (?{c}" in text for c in "=!<"):
        text += " (lookaround is not supported: patterns run on RE2, which never backtracks)"
    elif re.search(r"invalid escape sequence: \\[1-9]", text):
        text += " (backreferences are not supported: patterns run on RE2, which never backtracks)"
    return text


def iter_patterns(schema: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every ``pattern`` and ``patternProperties`` key of a (metaschema-valid) schema, with
    its path inside the schema; data under ``const``, ``enum``, ``default`` and ``examples``
    is not searched."""
    if not isinstance(schema, dict):
        return
    if isinstance(schema.get("pattern"), str):
        yield (*path, "pattern"), schema["pattern"]
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            for name, child in value.items():
                if key == "patternProperties":
                    yield (*path, key, name), name
                yield from iter_patterns(child, (*path, key, name))
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            for index, child in enumerate(value):
                yield from iter_patterns(child, (*path, key, str(index)))
        elif key in _SCHEMA_VALUES:
            yield from iter_patterns(value, (*path, key))


_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_VALUES = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "items",
        "contains",
        "additionalProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
        "propertyNames",
        "contentSchema",
    }
)


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


def _canonical(value: Any) -> Any:
    """A hashable form equal exactly when :func:`json_equal` holds (``true`` is not ``1``,
    ``1.0`` is ``1``), so ``uniqueItems`` costs O(n), not O(n²) comparisons."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, list):
        return ("l", tuple(_canonical(x) for x in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _canonical(x)) for k, x in value.items()))
    return (type(value).__name__, value)


def _unique(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    if all(type(x) is str for x in v):
        return len(set(v)) == len(v)
    try:
        return len({_canonical(x) for x in v}) == len(v)
    except TypeError:  # pragma: no cover - JSON data is always hashable this way
        return all(not json_equal(a, b) for n, a in enumerate(v) for b in v[n + 1 :])


def always_valid(schema: Any) -> bool:
    """``true``, ``{}``, or only annotations: a subschema no value fails."""
    return schema is True or (
        isinstance(schema, Mapping)
        and all(key in ANNOTATIONS or key.startswith("x-") for key in schema)
    )


_OBJECT_KEYWORDS = frozenset(
    {"required", "properties", "patternProperties", "additionalProperties", "propertyNames"}
)


def _object(schema: Mapping[str, Any], ctx: Compiler, typed: bool) -> Predicate:
    """``required``, ``properties``, ``patternProperties`` and ``additionalProperties`` in one
    pass over the instance's keys (``typed``: and ``type: object``, a value that is not a
    mapping fails). A pattern whose subschema no value fails (the manifest's
    ``^x-: {}``) only spares keys from ``additionalProperties``: it is tried on those keys
    only, not on every key."""
    required = tuple(schema.get("required", ()))
    props = {k: ctx.compile(s) for k, s in schema.get("properties", {}).items()}
    patterns: list[tuple[Search, Predicate]] = []
    spares: list[Search] = []
    for pattern, subschema in schema.get("patternProperties", {}).items():
        if always_valid(subschema):
            spares.append(ctx.search(pattern))
        else:
            patterns.append((ctx.search(pattern), ctx.compile(subschema)))
    names = ctx.compile(schema["propertyNames"]) if "propertyNames" in schema else None
    extra_schema = schema.get("additionalProperties", True)
    extra = None if always_valid(extra_schema) else ctx.compile(extra_schema)

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return not typed
        for name in required:
            if name not in v:
                return False
        for key, value in v.items():
            if names is not None and not names(key):
                return False
            test = props.get(key)
            if test is not None and not test(value):
                return False
            matched = False
            for search, pattern_test in patterns:
                if search(key):
                    matched = True
                    if not pattern_test(value):
                        return False
            if (
                extra is not None
                and test is None
                and not matched
                and not any(search(key) for search in spares)
                and not extra(value)
            ):
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
        for predicate in frozen:  # noqa: SIM110 - a loop: a generator costs more than the checks
            if not predicate(v):
                return False
        return True

    return check


class Compiler:
    """Compiles the subschemas of one root schema (``compile``); references are followed
    once each."""

    def __init__(
        self, root: Any, formats: Mapping[str, Predicate], search: Callable[[str], Search]
    ) -> None:
        self.root = root
        self.formats = formats
        self.search = search
        self.refs: dict[str, Predicate] = {}
        self.compiled: dict[int, tuple[Any, Predicate]] = {}

    def node(self, target: str) -> Any:
        """The subschema a local reference (``#/...``) names."""
        node = self.root
        for part in target[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def ref(self, target: str) -> Predicate:
        if target not in self.refs:
            node = self.node(target)
            slot: list[Predicate] = []
            self.refs[target] = lambda v: slot[0](v)  # recursion-safe forward reference
            slot.append(self.compile(node))
            self.refs[target] = slot[0]
        return self.refs[target]

    def compile(self, schema: Any) -> Predicate:
        """The predicate of a subschema, compiled once: a subschema of the root is compiled
        with it, and whoever asks for its predicate later (fasterrors) gets the same one.
        The schema is kept with its predicate, so that its id() is never another's."""
        if not isinstance(schema, dict):
            return _compile(schema, self)
        known = self.compiled.get(id(schema))
        if known is None:
            known = self.compiled[id(schema)] = (schema, _compile(schema, self))
        return known[1]


def _compile(schema: Any, ctx: Compiler) -> Predicate:
    if schema is True or schema == {}:
        return lambda _v: True
    if schema is False:
        return lambda _v: False
    assert isinstance(schema, Mapping)
    checks: list[Predicate] = []
    string_enum = "enum" in schema and all(isinstance(o, str) for o in schema["enum"])
    mapping = schema.get("type") == "object" and not _OBJECT_KEYWORDS.isdisjoint(schema)
    if "type" in schema and not (string_enum and schema["type"] == "string") and not mapping:
        # (an enum of strings checks `type: string`; the object check `type: object`)
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
    if not _OBJECT_KEYWORDS.isdisjoint(schema):
        checks.append(_object(schema, ctx, typed=mapping))
    if "not" in schema:
        negated = ctx.compile(schema["not"])
        checks.append(lambda v: not negated(v))
    if "anyOf" in schema:
        any_of = [ctx.compile(s) for s in schema["anyOf"]]
        checks.append(lambda v: any(p(v) for p in any_of))
    if "allOf" in schema:
        checks.append(_all([ctx.compile(s) for s in schema["allOf"]]))
    if "oneOf" in schema:
        one_of = [ctx.compile(s) for s in schema["oneOf"]]
        checks.append(lambda v: sum(1 for p in one_of if p(v)) == 1)
    if "if" in schema:
        cond = ctx.compile(schema["if"])
        then = ctx.compile(schema.get("then", True))
        other = ctx.compile(schema.get("else", True))
        checks.append(lambda v: then(v) if cond(v) else other(v))
    if "contains" in schema:
        member = ctx.compile(schema["contains"])
        low: int = schema.get("minContains", 1)
        high: int | None = schema.get("maxContains")

        def contains(v: Any) -> bool:
            if not isinstance(v, list):
                return True
            count = sum(1 for x in v if member(x))
            return count >= low and (high is None or count <= high)

        checks.append(contains)
    if "items" in schema:
        each = ctx.compile(schema["items"])

        def items(v: Any) -> bool:
            if isinstance(v, list):
                for x in v:
                    if not each(x):
                        return False
            return True

        checks.append(items)
    if schema.get("uniqueItems"):
        checks.append(_unique)
    for key, (kind, measure, op) in _BOUNDS.items():
        if key in schema:
            checks.append(_bound(kind, measure, schema[key], op))
    if "pattern" in schema:
        search = ctx.search(schema["pattern"])
        checks.append(lambda v: not isinstance(v, str) or search(v))
    return _all(checks) if checks else (lambda _v: True)
