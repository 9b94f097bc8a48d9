"""jsonschema's errors of an instance, worked out on the predicates of :mod:`fastschema`.

ctlint words a manifest's schema errors itself (CTL1xx, ``engine/schema.py``) from five fields
of each error: the failing keyword, the path to the value, the value, the keyword's value and
the schema object holding the keyword. jsonschema gives them, but importing it (about 100 ms)
and walking a manifest with it (about 2 ms) cost more than all the rest of ctlint's work on a
manifest: a repository where every manifest carried one unknown enum value (as after a spec
upgrade) took over 4x the C-loader floor of bench/run.py, about 2.5x the same manifests valid.

:class:`Explainer` gives the same errors, in the same order (the order of the keywords in the
schema, of the instance's keys and items), without jsonschema:

- it walks the schema as jsonschema does, but does not enter a subschema whose compiled
  predicate holds: a valid manifest costs what the predicate does, one with an error a little
  more (the subschemas on the way to the error);
- it words the keywords of :data:`EXPLAINED` (the assertions the CTL1xx mapping names, and the
  applicators that lead to them);
- a subschema with any other keyword (``anyOf``, ``not``, ``contains``, ``minProperties``…) or a
  ``false`` schema is handed to jsonschema, with its value and path: its error is jsonschema's;
- a schema that :func:`fastschema.compile_schema` cannot compile itself is handed to jsonschema
  whole.

Tests compare the errors with jsonschema's on the bundled manifest schema (every error class,
and valid manifests mutated at random) and on schemas that need the hand-over. A module of its
own: :mod:`fastschema` answers yes or no and is long already; this one only words the no.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ctlint.util.fastschema import (
    ANNOTATIONS,
    Compiler,
    Predicate,
    always_valid,
    compilable,
    make_validator,
    python_search,
    safe_search,
)

#: A path into an instance: keys and list indices.
Path = tuple[str | int, ...]

#: Assertions worded here: each fails on its own, one error for the value it is written for.
ASSERTIONS = frozenset(
    {
        "type",
        "enum",
        "const",
        "format",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
    }
)
#: Every keyword worded here; ``then`` and ``else`` are read by ``if``.
EXPLAINED = ASSERTIONS | {
    "required",
    "properties",
    "patternProperties",
    "additionalProperties",
    "items",
    "$ref",
    "allOf",
    "if",
    "then",
    "else",
}


@dataclasses.dataclass(frozen=True, slots=True)
class SchemaError:
    """One failed keyword: the fields of jsonschema's ``ValidationError`` ctlint reads."""

    keyword: str | None  # jsonschema's ``validator``; None for a ``false`` schema
    path: Path  # ``absolute_path``
    instance: Any  # the value that fails
    value: Any  # the keyword's value (``validator_value``)
    schema: Any  # the schema object holding the keyword
    #: jsonschema's wording, for an error it worked out (the keywords ctlint does not word).
    message: str | None = None


#: One step of a subschema's plan: appends the errors of one keyword for a value at a path.
Step = Callable[[Any, Path, list[SchemaError]], None]


def _explainable(schema: Mapping[str, Any]) -> bool:
    return schema.get("items") is not False and all(
        key in EXPLAINED or key in ANNOTATIONS or key.startswith("x-") for key in schema
    )


def _into(path: Path, part: str | int, schema: Any) -> Path:
    """The path of a value a keyword descends into. jsonschema leaves the last part out of the
    error of a ``false`` schema (its ``descend`` yields that error before adding the part)."""
    return path if schema is False else (*path, part)


class Explainer:
    """The errors of instances against one schema (``formats`` and ``safe_regex`` as for
    :func:`fastschema.compile_schema`).

    Each subschema is compiled, when first needed, into its predicate and its plan: one step
    per keyword, in the schema's order, each with the predicates of the subschemas it leads
    to, so that a valid part of the instance costs one predicate call."""

    def __init__(
        self,
        schema: Any,
        *,
        formats: Mapping[str, Predicate] | None = None,
        safe_regex: bool = False,
    ) -> None:
        self.schema = schema
        self.formats = formats
        self.safe_regex = safe_regex
        self.compiled = compilable(schema)
        self._search = safe_search if safe_regex else python_search
        self._compiler = Compiler(schema, formats or {}, self._search)
        # by id(): every subschema is a part of the root schema, which outlives them
        self._plans: dict[int, tuple[Step, ...]] = {}
        self._validator: Any = None
        self._steps_first = isinstance(schema, dict) and _explainable(schema)

    def errors(self, instance: Any) -> list[SchemaError]:
        """Every error of ``instance``, in jsonschema's order (none when it is valid)."""
        if not self.compiled:
            return list(self._jsonschema(self.schema, instance, ()))
        out: list[SchemaError] = []
        # the steps of an explained root cost what its predicate does: no predicate first
        if self._steps_first or not self._predicate(self.schema)(instance):
            self._explain(self.schema, instance, (), out)
        return out

    def _explain(self, schema: Any, instance: Any, path: Path, out: list[SchemaError]) -> None:
        """The errors of ``instance`` against ``schema`` (its steps; a caller first tries the
        predicate, which is cheaper, for any subschema but the root)."""
        plan = self._plans.get(id(schema))
        if plan is None:
            plan = self._plans[id(schema)] = self._plan(schema)
        for step in plan:
            step(instance, path, out)

    def _predicate(self, schema: Any) -> Predicate:
        return self._compiler.compile(schema)  # the root's compilation already holds them

    # ----------------------------------------------------------------------- plans

    def _plan(self, schema: Any) -> tuple[Step, ...]:
        if not isinstance(schema, dict) or not _explainable(schema):

            def hand_over(instance: Any, path: Path, out: list[SchemaError]) -> None:
                out.extend(self._jsonschema(schema, instance, path))

            return (hand_over,)
        steps: list[Step] = []
        for keyword, value in schema.items():
            if keyword in ASSERTIONS:
                steps.append(self._assertion(schema, keyword, value))
            elif keyword == "$ref":
                steps.append(self._applicator([self._compiler.node(value)]))
            elif keyword == "allOf":
                steps.append(self._applicator(value))
            elif keyword == "if":
                steps.append(self._condition(schema, value))
            elif keyword == "items":
                steps.append(self._items(value))
            elif keyword == "required":
                steps.append(self._required(schema, value))
            elif keyword == "properties":
                steps.append(self._properties(value))
            elif keyword == "patternProperties":
                steps.append(self._pattern_properties(value))
            elif keyword == "additionalProperties":
                steps.extend(self._additional(schema, value))
        return tuple(steps)

    def _assertion(self, schema: dict[str, Any], keyword: str, value: Any) -> Step:
        test = self._compiler.compile({keyword: value})

        def step(instance: Any, path: Path, out: list[SchemaError]) -> None:
            if not test(instance):
                out.append(SchemaError(keyword, path, instance, value, schema))

        return step

    def _applicator(self, subschemas: list[Any]) -> Step:
        """``allOf`` (and ``$ref``, one subschema): every subschema, on the same value."""
        parts = [(self._predicate(sub), sub) for sub in subschemas]

        def step(instance: Any, path: Path, out: list[SchemaError]) -> None:
            for test, sub in parts:
                if not test(instance):
                    self._explain(sub, instance, path, out)

        return step

    def _condition(self, schema: dict[str, Any], condition: Any) -> Step:
        holds = self._predicate(condition)
        then = (self._predicate(schema["then"]), schema["then"]) if "then" in schema else None
        other = (self._predicate(schema["else"]), schema["else"]) if "else" in schema else None

        def step(instance: Any, path: Path, out: list[SchemaError]) -> None:
            branch = then if holds(instance) else other
            if branch is not None and not branch[0](instance):
                self._explain(branch[1], instance, path, out)

        return step

    def _items(self, sub: Any) -> Step:
        test = self._predicate(sub)

        def step(instance: Any, path: Path, out: list[SchemaError]) -> None:
            if isinstance(instance, list):
                for index, item in enumerate(instance):
                    if not test(item):
                        self._explain(sub, item, _into(path, index, sub), out)

        return step

    def _required(self, schema: dict[str, Any], names: list[str]) -> Step:
        def step(instance: Any, path: Path, out: list[SchemaError]) -> None:
            if isinstance(instance, dict):
                for name in names:
                    if name not in instance:  # one error per missing name, as jsonschema
                        out.append(SchemaError("required", path, instance, names, schema))

        return step

    def _properties(self, properties: dict[str, Any]) -> Step:
        parts = [(name, self._predicate(sub), sub) for name, sub in properties.items()]

        def step(instance: Any, path: Path, out: list[SchemaError]) -> None:
            if isinstance(instance, dict):
                for name, test, sub in parts:
                    if name in instance and not test(value := instance[name]):
                        self._explain(sub, value, _into(path, name, sub), out)

        return step

    def _pattern_properties(self, patterns: dict[str, Any]) -> Step:
        parts = [
            (self._search(pattern), self._predicate(sub), sub)
            for pattern, sub in patterns.items()
            if not always_valid(sub)
        ]

        def step(instance: Any, path: Path, out: list[SchemaError]) -> None:
            if isinstance(instance, dict):
                for search, test, sub in parts:
                    for key, value in instance.items():
                        if search(key) and not test(value):
                            self._explain(sub, value, _into(path, key, sub), out)

        return step

    def _additional(self, schema: dict[str, Any], extra: Any) -> list[Step]:
        known = frozenset(schema.get("properties", {}))
        searches = [self._search(p) for p in schema.get("patternProperties", {})]

        def extras(instance: dict[str, Any]) -> list[str]:
            return [k for k in instance if k not in known and not any(s(k) for s in searches)]

        if isinstance(extra, dict):
            test = self._predicate(extra)

            def each(instance: Any, path: Path, out: list[SchemaError]) -> None:
                if isinstance(instance, dict):
                    for key in set(extras(instance)):  # jsonschema's order: that of a set
                        if not test(instance[key]):
                            self._explain(extra, instance[key], _into(path, key, extra), out)

            return [each]
        if extra:  # true: nothing is additional
            return []

        def none(instance: Any, path: Path, out: list[SchemaError]) -> None:
            if isinstance(instance, dict) and extras(instance):
                out.append(SchemaError("additionalProperties", path, instance, extra, schema))

        return [none]

    # ----------------------------------------------------------------------- the hand-over

    def _jsonschema(self, schema: Any, instance: Any, path: Path) -> Iterator[SchemaError]:
        """jsonschema's errors of ``instance`` against ``schema``, a part of the root schema
        (its references resolve against the root), found at ``path``."""
        if self._validator is None:
            self._validator = make_validator(
                self.schema, formats=self.formats, safe_regex=self.safe_regex
            )
        for error in self._validator.evolve(schema=schema).iter_errors(instance):
            yield SchemaError(
                error.validator,
                (*path, *error.absolute_path),
                error.instance,
                error.validator_value,
                error.schema,
                error.message,
            )
