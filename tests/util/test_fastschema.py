"""ctlint.util.fastschema: ``compile_schema`` must agree with jsonschema's Draft 2020-12 validator.

Every ``when``, ``where`` and ``schema`` fragment of every policy file under policies/ is
checked against a corpus (the base manifest, mutations of it, every value inside them, and
assorted scalars and lists); the bundled manifest schema is checked the same way; hand-written
cases cover the corners of JSON Schema equality and applicators.

ctlint.util.fasterrors (the detailed errors, worked out on those predicates) must give
jsonschema's errors, field for field and in jsonschema's order: on the manifest schema (one
case per error class, and valid manifests mutated at random by Hypothesis), on every policy
fragment and edge case above, and on schemas that need the hand-over to jsonschema.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from ctlint.document.parse import load_path
from ctlint.document.read import Limits
from ctlint.util.fasterrors import ASSERTIONS, Explainer, SchemaError
from ctlint.util.fastschema import compile_schema

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"
FRAGMENT_KEYS = ("when", "where", "schema")
LIMITS = Limits(max_file_bytes=4_194_304, max_nodes=1_000_000, max_depth=128)


def _load(path: Path) -> Any:
    doc = load_path(str(path), limits=LIMITS)
    assert doc.data is not None, (path, doc.problems)
    return doc.data


def _substitute(fragment: Any, options: dict[str, Any]) -> Any:
    if isinstance(fragment, dict):
        if set(fragment) == {"$param"}:
            return options[fragment["$param"]]
        return {k: _substitute(v, options) for k, v in fragment.items()}
    if isinstance(fragment, list):
        return [_substitute(v, options) for v in fragment]
    return fragment


def _fragments_in(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "examples":  # manifests, not fragments
                continue
            if key in FRAGMENT_KEYS:
                yield f"{path}/{key}", value
            else:
                yield from _fragments_in(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _fragments_in(value, f"{path}/{index}")


def policy_fragments() -> list[Any]:
    params = []
    for path in sorted(POLICIES.rglob("*.yaml")):
        if path.name == "base-manifest.yaml":
            continue
        data = _load(path)
        options = data.get("options", {}) if isinstance(data, dict) else {}
        for where, fragment in _fragments_in(data, ""):
            label = f"{path.relative_to(POLICIES).as_posix()}:{where}"
            params.append(pytest.param(_substitute(fragment, options), id=label))
    return params


FRAGMENTS = policy_fragments()

# --------------------------------------------------------------------------- the corpus

BASE = _load(POLICIES / "base-manifest.yaml")

PATCHES: list[dict[str, Any]] = [
    {},
    {"agreement": {"cost_usd": 50000}},
    {"agreement": {"cost_usd": 50000.0}},
    {"agreement": {"cost_usd": 50000.5}},
    {"agreement": {"cost_usd": 50001, "term_months": 12}},
    {"agreement": {"cost_usd": True}},
    {"agreement": {"cost_usd": "60000"}},
    {"agreement": {"term_months": 12}},
    {"agreement": {"term_months": 13}},
    {"agreement": {"term_months": 13.0}},
    {"agreement": {"type": "none", "clauses": []}},
    {"agreement": None},
    {"agreement": []},
    {"channels": ["voice"]},
    {"channels": ["email", "voice", "chat"]},
    {"channels": []},
    {"channels": "voice"},
    {"security": {"certifications": []}},
    {"security": {"certifications": ["soc2_type2"]}},
    {"security": {"certifications": ["iso27001"]}},
    {"security": {"certifications": ["soc2_type1", "pci_dss"]}},
    {"security": {"certifications": None}},
    {"security": {"certifications": "soc2_type2"}},
    {"security": None},
    {"security": "encrypted"},
    {"records": {"accuracy_review_days": 30}},
    {"records": {"accuracy_review_days": 30.0}},
    {"records": {"accuracy_review_days": 30.5}},
    {"records": {"accuracy_review_days": "30"}},
    {"records": {"accuracy_review_days": True}},
    {"records": {"accuracy_review_days": None}},
    {"records": {}},
    {"records": []},
    {"requests": {"vendor_supports": []}},
    {"requests": {"vendor_supports": ["access"]}},
    {"requests": {"vendor_supports": ["export", "delete"]}},
    {"requests": {"vendor_supports": ["delete"]}},
    {"requests": {"vendor_supports": "access"}},
    {"requests": None},
    {"requests": {"identity_verification": "none"}},
    {"data": {"sale": True, "minors": True}},
    {"data": {"sale": "yes"}},
    {"breach": {"vendor_notice_hours": 72}},
    {"breach": {"vendor_notice_hours": 73}},
    {"breach": {"vendor_notice_hours": 72.5}},
    {"breach": {"vendor_notice_hours": 10**15}},
    {"x-extra": {"nested": [1, {"deep": True}]}},
]


def _merge(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge(result.get(key), value)
    return result


def _values(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _values(value)


SCALARS: list[Any] = [
    None, True, False, 0, 1, -1, 1.0, 1.5, 0.5, 4, 5, 12, 13, 15, 16, 23, 24, 30, 31, 45, 46,
    60, 61, 72, 73, 50000, 50000.0, 50001, 2**31, -(10**12), "", " ", "none", "None", "voice",
    "true", "1", "personal_service_agreement", "data_processing_agreement", "msa_with_dpa",
    "terms_of_service", "soc2_type2", "access", "é", [], [None], ["none"], [True], [1, 1.0],
    ["voice", "voice"], [[]], {}, {"a": 1}, {"records": None}, {"agreement": {}},
    {"channels": None}, {"requests": {"vendor_supports": None}},
]  # fmt: skip


def _corpus() -> list[Any]:
    manifests = [_merge(BASE, patch) for patch in PATCHES]
    items: list[Any] = list(SCALARS)
    for manifest in manifests:
        items.extend(_values(manifest))
    unique: dict[str, Any] = {}
    for item in items:
        unique.setdefault(json.dumps(item, sort_keys=True) + repr(type(item)), item)
    return list(unique.values())


CORPUS = _corpus()
MANIFESTS = [_merge(BASE, patch) for patch in PATCHES]


def _disagreements(
    schema: Any, instances: list[Any], **kwargs: Any
) -> list[tuple[Any, bool, bool]]:
    fast = compile_schema(schema, **kwargs)
    checker = kwargs.get("formats")
    format_checker = None
    if checker is not None:
        format_checker = FormatChecker(formats=())
        for name, test in checker.items():
            format_checker.checks(name)(test)
    reference = Draft202012Validator(schema, format_checker=format_checker)
    # the comparison is only meaningful when the fast path compiled the schema itself
    assert not isinstance(getattr(fast, "__self__", None), Draft202012Validator), (
        "fell back to jsonschema"
    )
    out = []
    for instance in instances:
        expected = reference.is_valid(instance)
        got = fast(instance)
        if got is not expected:
            out.append((instance, expected, got))
    return out


# --------------------------------------------------------------------------- tests


def test_fragments_were_found() -> None:
    labels = [p.id for p in FRAGMENTS]
    assert len(labels) >= 30
    assert any(label.endswith("/when") for label in labels)
    assert any("/assert/" in label and label.endswith("/schema") for label in labels)


def test_corpus_is_diverse() -> None:
    kinds = {type(item).__name__ for item in CORPUS}
    assert kinds >= {"dict", "list", "str", "int", "float", "bool", "NoneType"}
    assert len(CORPUS) > 200


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_policy_fragment_agrees_with_jsonschema(fragment: Any) -> None:
    Draft202012Validator.check_schema(fragment)
    assert _disagreements(fragment, CORPUS) == []


def test_manifest_schema_agrees_with_jsonschema() -> None:
    from ctlint.engine.schema import FORMATS, manifest_schema

    mutated = [*MANIFESTS]
    for bad in (
        {"agreement": {"signed": "2026-02-30"}},
        {"agreement": {"signed": "2024-02-20T10:00:00Z"}},
        {"vendor": {"website": "http://example.com"}},
        {"vendor": {"role": "reseller"}},
        {"data": {"categories": [{"key": "user.contact.phone", "purpose": "x"}]}},
        {"data": {"categories": [{"key": "user.name", "purpose": "  "}]}},
        {"channels": ["email", "email"]},
        {"id": "Upper-Case"},
        {"manifest": "ctlint/v2"},
        {"ownr": "typo"},
        {"x-anything": {"goes": [1, 2]}},
        {"waivers": [{"rule": "CTDPA-015", "reason": ""}]},
        {
            "waivers": [
                {"rule": "CTDPA-015", "reason": "ok", "expires": "2027-01-01", "pointer": "/notice"}
            ]
        },
        {"data": {"categories": [{"key": "user.name", "purpose": "x", "retention_days": -1}]}},
        {"data": {"categories": [{"key": "user.name", "purpose": "x", "retention_days": 1.0}]}},
    ):
        mutated.append(_merge(BASE, bad))
    mutated.extend([{}, [], None, "manifest", {"manifest": "ctlint/v1"}])
    assert _disagreements(manifest_schema(), mutated, formats=FORMATS) == []


BIG = 10**400

EDGE_CASES = [
    # JSON Schema equality: booleans are not numbers, 1.0 is 1
    pytest.param({"const": 1}, True, id="const-1-vs-true"),
    pytest.param({"const": True}, 1, id="const-true-vs-1"),
    pytest.param({"const": 1}, 1.0, id="const-1-vs-1.0"),
    pytest.param({"const": False}, 0, id="const-false-vs-0"),
    pytest.param({"const": 0}, False, id="const-0-vs-false"),
    pytest.param({"enum": [1, "a"]}, 1.0, id="enum-1.0"),
    pytest.param({"enum": [1, "a"]}, True, id="enum-true"),
    pytest.param({"enum": ["a", "b"]}, ["a"], id="enum-strings-vs-list"),
    pytest.param({"enum": [[1, 2]]}, [1.0, 2], id="enum-list-1.0"),
    pytest.param({"const": [1, {"a": True}]}, [1.0, {"a": True}], id="const-nested-equal"),
    pytest.param({"const": [1, {"a": True}]}, [True, {"a": True}], id="const-nested-bool"),
    pytest.param({"const": {"a": 1}}, {"a": 1, "b": 2}, id="const-extra-key"),
    pytest.param({"const": None}, None, id="const-null"),
    pytest.param({"const": ""}, None, id="const-empty-vs-null"),
    # types
    pytest.param({"type": "integer"}, 1.0, id="integer-1.0"),
    pytest.param({"type": "integer"}, 1.5, id="integer-1.5"),
    pytest.param({"type": "integer"}, True, id="integer-true"),
    pytest.param({"type": "number"}, True, id="number-true"),
    pytest.param({"type": "number"}, 0, id="number-0"),
    pytest.param({"type": "boolean"}, 0, id="boolean-0"),
    pytest.param({"type": ["integer", "null"]}, None, id="type-list-null"),
    pytest.param({"type": ["string", "array"]}, {}, id="type-list-object"),
    pytest.param({"type": "object"}, [], id="object-vs-list"),
    # uniqueItems
    pytest.param({"uniqueItems": True}, [1, True], id="unique-1-true"),
    pytest.param({"uniqueItems": True}, [1, 1.0], id="unique-1-1.0"),
    pytest.param({"uniqueItems": True}, [0, False], id="unique-0-false"),
    pytest.param({"uniqueItems": True}, [{"a": 1}, {"a": 1.0}], id="unique-objects"),
    pytest.param({"uniqueItems": True}, [[1], [True]], id="unique-nested-bool"),
    pytest.param({"uniqueItems": True}, ["a", "a"], id="unique-strings"),
    pytest.param({"uniqueItems": False}, ["a", "a"], id="unique-false"),
    # contains / minContains / maxContains
    pytest.param({"contains": {"const": "voice"}}, [], id="contains-empty"),
    pytest.param({"contains": {"const": "voice"}}, ["email", "voice"], id="contains-hit"),
    pytest.param({"contains": {"const": "voice"}}, "voice", id="contains-non-array"),
    pytest.param({"contains": {"const": 1}, "minContains": 0}, [], id="minContains-0-empty"),
    pytest.param({"contains": {"const": 1}, "minContains": 2}, [1], id="minContains-2-one"),
    pytest.param({"contains": {"const": 1}, "minContains": 2}, [1, 1.0], id="minContains-2-two"),
    pytest.param({"contains": {"const": 1}, "maxContains": 1}, [1, 1], id="maxContains-1-two"),
    pytest.param({"contains": {"const": 1}, "maxContains": 1}, [1, 2], id="maxContains-1-one"),
    pytest.param({"contains": {"const": 1}, "maxContains": 0}, [2], id="maxContains-0"),
    pytest.param({"minContains": 2}, [], id="minContains-without-contains"),
    pytest.param({"contains": {"type": "integer"}, "minContains": 1, "maxContains": 2}, [1, True, 2.0, "3"], id="contains-mixed"),
    # if / then / else
    pytest.param({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}, {"a": 1}, id="if-then-fails"),
    pytest.param({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}, {"a": 1, "b": 2}, id="if-then-holds"),
    pytest.param({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}, {}, id="if-else-fails"),
    pytest.param({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}, {"c": 1}, id="if-else-holds"),
    pytest.param({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}, [], id="if-non-object"),
    pytest.param({"if": {"const": 1}}, 2, id="if-alone"),
    pytest.param({"then": {"const": 1}}, 2, id="then-without-if"),
    pytest.param({"else": {"const": 1}}, 2, id="else-without-if"),
    pytest.param({"if": False, "else": {"const": 1}}, 2, id="if-false-schema"),
    pytest.param({"if": True, "then": False}, 2, id="if-true-then-false"),
    # additionalProperties / patternProperties / properties
    pytest.param({"properties": {"a": {}}, "additionalProperties": False}, {"a": 1}, id="addl-false-known"),
    pytest.param({"properties": {"a": {}}, "additionalProperties": False}, {"b": 1}, id="addl-false-unknown"),
    pytest.param({"properties": {"a": {}}, "additionalProperties": False}, [1], id="addl-false-non-object"),
    pytest.param({"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": False}, {"x-b": 1}, id="addl-false-pattern"),
    pytest.param({"patternProperties": {"^x-": {"type": "integer"}}}, {"x-a": "s"}, id="pattern-props-fail"),
    pytest.param({"patternProperties": {"a": {"type": "integer"}}, "properties": {"ab": {"type": "string"}}}, {"ab": "s"}, id="pattern-and-property-both-apply"),
    pytest.param({"additionalProperties": {"type": "integer"}}, {"a": 1, "b": "x"}, id="addl-schema"),
    pytest.param({"properties": {"a": {"const": 1}}}, {"a": 1.0}, id="property-1.0"),
    pytest.param({"properties": {"a": False}}, {"a": None}, id="property-false-schema"),
    pytest.param({"properties": {"a": False}}, {}, id="property-false-absent"),
    pytest.param({"required": ["a"]}, [], id="required-non-object"),
    pytest.param({"required": []}, {}, id="required-empty"),
    # logic
    pytest.param({"not": {"required": ["a"]}}, "string", id="not-required-non-object"),
    pytest.param({"not": {}}, 1, id="not-empty-schema"),
    pytest.param({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, 1, id="oneOf-both"),
    pytest.param({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, -1, id="oneOf-one"),
    pytest.param({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, "x", id="oneOf-string"),
    pytest.param({"anyOf": [{"const": 1}, {"const": "1"}]}, True, id="anyOf-true"),
    pytest.param({"allOf": [{"minimum": 1}, {"maximum": 1}]}, 1.0, id="allOf-1.0"),
    # bounds and strings
    pytest.param({"maximum": 45}, True, id="maximum-bool"),
    pytest.param({"minimum": 5}, "3", id="minimum-string"),
    pytest.param({"exclusiveMinimum": 50000}, 50000, id="exclusiveMinimum-equal"),
    pytest.param({"exclusiveMinimum": 50000}, 50000.0, id="exclusiveMinimum-equal-float"),
    pytest.param({"exclusiveMinimum": 50000}, 50000.5, id="exclusiveMinimum-above"),
    pytest.param({"exclusiveMaximum": 0}, -0.0, id="exclusiveMaximum-negative-zero"),
    pytest.param({"maximum": 0.3}, 0.1 + 0.2, id="maximum-float-rounding"),
    pytest.param({"minimum": 10**15}, 10**15 - 1, id="minimum-large-int"),
    pytest.param({"minLength": 2}, "é", id="minLength-accent"),
    pytest.param({"minLength": 2}, "😀😀", id="minLength-astral"),
    pytest.param({"maxLength": 1}, "😀", id="maxLength-astral"),
    pytest.param({"minItems": 1}, "x", id="minItems-non-array"),
    pytest.param({"maxProperties": 1}, {"a": 1, "b": 2}, id="maxProperties"),
    pytest.param({"minProperties": 1}, {}, id="minProperties"),
    pytest.param({"pattern": "^a"}, "ba", id="pattern-anchored"),
    pytest.param({"pattern": "b"}, "abc", id="pattern-search"),
    pytest.param({"pattern": "\\S"}, "  \n", id="pattern-whitespace"),
    pytest.param({"pattern": "^a$"}, "a\n", id="pattern-dollar-newline"),
    pytest.param({"items": {"type": "string"}}, ["a", 1], id="items"),
    pytest.param({"items": False}, [], id="items-false-empty"),
    pytest.param({"items": False}, [1], id="items-false"),
    pytest.param({"$ref": "#/$defs/s", "$defs": {"s": {"type": "string"}}}, 1, id="ref-local"),
    pytest.param({"format": "date"}, "2026-13-45", id="format-ignored-without-checker"),
    pytest.param(True, None, id="true-schema"),
    pytest.param(False, None, id="false-schema"),
    pytest.param({}, [], id="empty-schema"),
    # numbers that do not fit a float
    pytest.param({"maximum": 45}, BIG, id="maximum-huge-int"),
    pytest.param({"type": "integer"}, BIG, id="integer-huge-int"),
    pytest.param({"minimum": 0}, BIG, id="minimum-huge-int"),
    pytest.param({"maximum": 2**53}, 2**53 + 1, id="maximum-beyond-2**53"),
    pytest.param({"minimum": 2**53 + 1}, 2**53, id="minimum-beyond-2**53"),
    pytest.param({"const": BIG}, BIG, id="const-huge-int"),
    # keywords compiled together: an enum of strings with its type, an object with its type
    pytest.param({"type": "string", "enum": ["a", "b"]}, "a", id="string-enum-hit"),
    pytest.param({"type": "string", "enum": ["a", "b"]}, "c", id="string-enum-miss"),
    pytest.param({"type": "string", "enum": ["a", "b"]}, 1, id="string-enum-number"),
    pytest.param({"type": "string", "enum": []}, "a", id="string-enum-empty"),
    pytest.param({"type": "integer", "enum": ["1"]}, 1, id="integer-enum-of-strings"),
    pytest.param({"type": "object", "required": ["a"]}, [], id="object-required-list"),
    pytest.param({"type": "object", "required": ["a"]}, {"a": 1}, id="object-required-hit"),
    pytest.param({"type": "object", "properties": {}}, "x", id="object-properties-string"),
    pytest.param({"type": "object", "properties": {}}, {}, id="object-properties-empty"),
    pytest.param({"type": ["object", "null"], "required": ["a"]}, None, id="object-or-null-required"),
    pytest.param({"type": "array", "required": ["a"]}, [], id="array-with-required"),
    pytest.param({"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": False}, {"a": 1, "x-b": 2}, id="spare-pattern-hit"),
    pytest.param({"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": False}, {"a": 1, "y-b": 2}, id="spare-pattern-miss"),
    pytest.param({"patternProperties": {"^x-": {"title": "t"}, "^y": {"type": "string"}}, "additionalProperties": False}, {"x-a": 1, "yb": 2}, id="spare-and-real-pattern"),
    pytest.param({"patternProperties": {"^x-": True}, "additionalProperties": {"type": "string"}}, {"x-a": 1, "b": 2}, id="spare-true-pattern"),
    pytest.param({"additionalProperties": {}}, {"b": 2}, id="additional-empty-schema"),
    pytest.param({"additionalProperties": True}, {"b": 2}, id="additional-true"),
    pytest.param({"items": {"type": "string"}, "minItems": 1, "uniqueItems": True}, ["a", "b", 3], id="items-three-checks"),
    pytest.param({"items": {"type": "string"}, "minItems": 1, "uniqueItems": True}, [], id="items-three-checks-empty"),
]  # fmt: skip


@pytest.mark.parametrize(("schema", "instance"), EDGE_CASES)
def test_edge_case_agrees_with_jsonschema(schema: Any, instance: Any) -> None:
    expected = Draft202012Validator(schema).is_valid(instance)
    assert compile_schema(schema)(instance) is expected


def test_compiled_predicate_is_reusable() -> None:
    predicate = compile_schema({"contains": {"const": "voice"}})
    assert [predicate(v) for v in (["voice"], [], ["voice"], "x")] == [True, False, True, True]


# --------------------------------------------------------------------------- detailed errors

#: An error as compared: keyword, path, the value (repr: `True` is not `1`, `1.0` is not `1`),
#: the keyword's value, and the very schema object holding the keyword.
ErrorKey = tuple[str | None, str, str, str, object]


def _key(keyword: Any, path: Any, instance: Any, value: Any, schema: Any) -> ErrorKey:
    held = id(schema) if isinstance(schema, (dict, list)) else schema
    return (keyword, repr(tuple(path)), repr(instance), repr(value), held)


def _reference(
    schema: Any, instance: Any, formats: dict[str, Any] | None = None
) -> list[tuple[ErrorKey, str]]:
    """jsonschema's own errors (a validator made here, not by ctlint), with their messages."""
    checker = None
    if formats is not None:
        checker = FormatChecker(formats=())
        for name, test in formats.items():
            checker.checks(name)(test)
    validator = Draft202012Validator(schema, format_checker=checker)
    return [
        (_key(e.validator, e.absolute_path, e.instance, e.validator_value, e.schema), e.message)
        for e in validator.iter_errors(instance)
    ]


def _explained(explainer: Explainer, instance: Any) -> list[tuple[ErrorKey, str | None]]:
    return [
        (_key(e.keyword, e.path, e.instance, e.value, e.schema), e.message)
        for e in explainer.errors(instance)
    ]


def _differences(explainer: Explainer, instances: list[Any]) -> list[Any]:
    """The instances whose errors differ from jsonschema's (keys in order; a message, where
    the explainer has one, is jsonschema's)."""
    out = []
    for instance in instances:
        expected = _reference(explainer.schema, instance, explainer.formats)  # type: ignore[arg-type]
        got = _explained(explainer, instance)
        same = [k for k, _m in got] == [k for k, _m in expected] and all(
            mine is None or mine == theirs
            for (_k, mine), (_k2, theirs) in zip(got, expected, strict=True)
        )
        if not same:
            out.append((instance, expected, got))
    return out


def _manifest_explainer() -> Explainer:
    from ctlint.engine.schema import explainer

    return explainer()


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def edit(data: Any) -> None:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value

    return edit


def _delete(path: tuple[Any, ...]) -> Any:
    def edit(data: Any) -> None:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]

    return edit


#: (edits of the base manifest, the keyword jsonschema reports): every error class of the
#: manifest schema, at the top, nested, in list items and through references.
MANIFEST_ERRORS = [
    pytest.param([_delete(("owner",))], "required", id="required-top"),
    pytest.param([_delete(("vendor", "role"))], "required", id="required-nested"),
    pytest.param([_delete(("data", "categories", 1, "purpose"))], "required", id="required-item"),
    pytest.param([_delete(("vendor",)), _delete(("name",))], "required", id="required-two"),
    pytest.param([_set(("ownr",), "typo")], "additionalProperties", id="unknown-top"),
    pytest.param([_set(("vendor", "webiste"), "x")], "additionalProperties", id="unknown-nested"),
    pytest.param([_set(("data", "categories", 0, "retention"), 3)], "additionalProperties", id="unknown-item"),
    pytest.param([_set(("category",), "ticketing")], "enum", id="enum"),
    pytest.param([_set(("status",), "paused")], "enum", id="enum-status"),
    pytest.param([_set(("data", "uses", 0), "essential.service.operations.helpdesk")], "enum", id="enum-taxonomy-use"),
    pytest.param([_set(("data", "categories", 2, "key"), "user.contact.phone")], "enum", id="enum-taxonomy-category"),
    pytest.param([_set(("data", "subjects"), ["customer", "client"])], "enum", id="enum-taxonomy-subject"),
    pytest.param([_set(("channels",), ["email", "fax"])], "enum", id="enum-item"),
    pytest.param([_set(("category",), 7)], "type", id="type-and-enum"),
    pytest.param([_set(("data", "sale"), "no")], "type", id="type-boolean"),
    pytest.param([_set(("data", "sale"), None)], "type", id="type-null"),
    pytest.param([_set(("subprocessors", "notice_days"), "30")], "type", id="type-integer"),
    pytest.param([_set(("subprocessors", "notice_days"), 30.5)], "type", id="type-float"),
    pytest.param([_set(("subprocessors", "notice_days"), True)], "type", id="type-bool-for-int"),
    pytest.param([_set(("data",), "none")], "type", id="type-object"),
    pytest.param([_set(("channels",), "email")], "type", id="type-array"),
    pytest.param([_set(("data", "categories", 0), "user.name")], "type", id="type-item"),
    pytest.param([_set(("manifest",), "ctlint/v2")], "const", id="const"),
    pytest.param([_set(("manifest",), None)], "const", id="const-null"),
    pytest.param([_set(("id",), "Zendesk Suite")], "pattern", id="pattern-id"),
    pytest.param([_set(("data", "categories", 0, "purpose"), "  ")], "pattern", id="pattern-blank"),
    pytest.param([_set(("waivers",), [{"rule": "ctdpa-15", "reason": "r", "pointer": "notice"}])], "pattern", id="pattern-waiver"),
    pytest.param([_set(("agreement", "signed"), "2026-02-30")], "format", id="format-date"),
    pytest.param([_set(("agreement", "signed"), "2024-02-20T10:00:00Z")], "format", id="format-datetime"),
    pytest.param([_set(("vendor", "website"), "http://www.zendesk.com")], "format", id="format-url"),
    pytest.param([_set(("review", "last_reviewed"), 20260901)], "type", id="type-through-ref"),
    pytest.param([_set(("data", "categories", 0, "retention_days"), -1)], "minimum", id="minimum"),
    pytest.param([_set(("agreement", "term_months"), 0)], "minimum", id="minimum-1"),
    pytest.param([_set(("agreement", "cost_usd"), -(10**400))], "minimum", id="minimum-huge"),
    pytest.param([_set(("name",), "")], "minLength", id="minLength"),
    pytest.param([_set(("channels",), [])], "minItems", id="minItems"),
    pytest.param([_set(("channels",), ["email", "chat", "email"])], "uniqueItems", id="uniqueItems"),
    pytest.param([_set(("data", "uses"), ["analytics", "analytics"])], "uniqueItems", id="uniqueItems-taxonomy"),
    pytest.param([_set(("agreement", "procurement_basis"), "other_exempt")], "required", id="if-then"),
    pytest.param([_set(("agreement", "procurement_basis"), "tender")], "enum", id="if-else"),
    pytest.param([_set(("agreement", "approvals"), {"procurement": "rfq", "x-note": 1, "opm": 2})], "enum", id="approvals"),
    pytest.param([_set(("data", "categories"), [{}, 1, {"key": 1, "purpose": None, "x-a": 1}])], "required", id="items-mixed"),
    pytest.param(
        [
            _set(("category",), "helpdesk"),
            _delete(("vendor", "legal_name")),
            _set(("data", "uses"), ["marketing", "nope", "marketing"]),
            _set(("security", "controls"), ["sso", "siem"]),
            _set(("extra",), {"a": 1}),
            _set(("x-mine",), {"anything": [1]}),
        ],
        "enum",
        id="many-at-once",
    ),
]  # fmt: skip


def _edited(edits: list[Any]) -> Any:
    data = copy.deepcopy(BASE)
    for edit in edits:
        edit(data)
    return data


@pytest.mark.parametrize(("edits", "keyword"), MANIFEST_ERRORS)
def test_manifest_errors_agree_with_jsonschema(edits: list[Any], keyword: str) -> None:
    explainer = _manifest_explainer()
    data = _edited(edits)
    found = explainer.errors(data)
    assert keyword in [e.keyword for e in found]  # the case shows what it is for
    # the bundled schema is explained in full: nothing is handed to jsonschema
    assert [e.message for e in found] == [None] * len(found)
    assert _differences(explainer, [data]) == []


def test_manifest_errors_of_valid_and_odd_documents() -> None:
    explainer = _manifest_explainer()
    odd = [{}, [], None, "manifest", 0, {"manifest": "ctlint/v1"}, {"x-a": 1}, {"": None}]
    assert explainer.errors(BASE) == []
    assert _differences(explainer, [*MANIFESTS, *odd]) == []


MANIFEST_FILES = sorted((ROOT / "tests" / "data" / "core" / "manifests").glob("*.yaml"))
VALID = [_load(path) for path in MANIFEST_FILES] + [BASE]

#: Values a mutation writes: near misses of the schema's words, wrong types, edge numbers.
ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            None, True, False, 0, -1, 1.0, 1.5, 10**30, -(10**30), "", " ", "x", "none",
            "Upper-Case", "http://example.com", "https://example.com/ok", "2026-02-30",
            "2026-09-01", "user.name", "user.nam", "essential.service", "customer", "email",
            "emial", "processor", "ctlint/v1", "CTDPA-015", "/notice", [], {}, ["email"],
            ["email", "email"], [1, True], {"key": "user.name", "purpose": "p"}, {"a": 1},
        ]
    ),
    st.text(max_size=6),
    st.integers(-5, 5),
    st.lists(st.sampled_from(["email", "chat", "x", 1, None]), max_size=3),
)  # fmt: skip


def _near_misses(value: Any) -> list[Any]:
    """Values close to a valid one: a typo of a word, a date or URL of the wrong form, a
    number out of range or of the wrong type, a list emptied, repeated or extended."""
    if isinstance(value, bool):
        return [not value, "yes", "false", 0, None]
    if isinstance(value, int):
        return [-1, -value - 1, 0, value + 0.5, float(value), str(value)]
    if isinstance(value, str):
        return [
            "",
            " ",
            value + "x",
            value[:-1],
            value.upper(),
            value.replace("https://", "http://"),
            value.replace("-", "/"),
            value.replace(".", "_"),
        ]
    if isinstance(value, list):
        return [[], value[:1] * 2, [*value, "extra"], value[1:]]
    return [None, [], "x"]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*path, index)))
    return out


@st.composite
def mutated_manifest(draw: st.DrawFn) -> Any:
    """A valid manifest of tests/data (or the base manifest) with one to four edits: a value
    replaced, a key or item removed, an unknown key added, a list item repeated."""
    data = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = draw(st.sampled_from(["near", "near", "replace", "delete", "unknown", "repeat"]))
        if action == "near":
            parent[last] = draw(st.sampled_from(_near_misses(parent[last])))
        elif action == "replace":
            parent[last] = draw(ODD_VALUES)
        elif action == "delete":
            del parent[last]
        elif action == "unknown" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["ownr", "x-own", "Name", "sale"]))] = draw(ODD_VALUES)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


MUTATIONS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@MUTATIONS
@given(data=mutated_manifest())
def test_mutated_manifests_errors_agree_with_jsonschema(data: Any) -> None:
    assert _differences(_manifest_explainer(), [data]) == []


def test_every_near_miss_of_the_base_manifest() -> None:
    """Each near miss of each value of the base manifest, each value removed and an unknown
    key in each mapping, one edit at a time: every error class of the manifest schema is
    reached, and each document's errors agree with jsonschema's."""
    explainer = _manifest_explainer()
    documents = []
    for path in _paths(BASE):
        original = _edited([])
        parent = original
        for part in path[:-1]:
            parent = parent[part]
        for value in _near_misses(parent[path[-1]]):
            documents.append(_edited([_set(path, value)]))
        documents.append(_edited([_delete(path)]))
        if isinstance(parent[path[-1]], dict):
            documents.append(_edited([_set((*path, "unknown"), 1)]))
    assert len(documents) > 500
    assert _differences(explainer, documents) == []
    kinds = {e.keyword for d in documents for e in explainer.errors(d)}
    assert kinds >= {
        "required", "additionalProperties", "type", "enum", "const", "format", "pattern",
        "uniqueItems", "minItems", "minLength", "minimum",
    }  # fmt: skip


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_policy_fragment_errors_agree_with_jsonschema(fragment: Any) -> None:
    assert _differences(Explainer(fragment), CORPUS) == []


@pytest.mark.parametrize(("schema", "instance"), EDGE_CASES)
def test_edge_case_errors_agree_with_jsonschema(schema: Any, instance: Any) -> None:
    assert _differences(Explainer(schema), [instance]) == []


#: Schemas with keywords the explainer hands to jsonschema: inside a compiled schema (that
#: subschema only), or anywhere in one fastschema does not compile (the whole schema).
HANDED_OVER = [
    pytest.param({"properties": {"a": {"anyOf": [{"type": "string"}, {"minimum": 3}]}, "b": {"type": "string"}}}, True, id="anyOf"),
    pytest.param({"items": {"oneOf": [{"type": "integer"}, {"minimum": 0}]}}, True, id="oneOf"),
    pytest.param({"properties": {"a": {"not": {"type": "string"}, "minLength": 2}}}, True, id="not"),
    pytest.param({"properties": {"a": {"contains": {"const": 1}, "maxContains": 1, "minItems": 2}}}, True, id="contains"),
    pytest.param({"additionalProperties": {"minProperties": 1, "type": "object"}}, True, id="minProperties"),
    pytest.param({"propertyNames": {"pattern": "^[a-z]+$"}, "properties": {"a": {"type": "string"}}}, True, id="propertyNames"),
    pytest.param({"properties": {"a": False, "b": {"items": False}}}, True, id="false-schemas"),
    pytest.param({"$ref": "#/$defs/n", "$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}, "v": {"enum": [1, 2]}}, "maxProperties": 2}}}, True, id="recursive-ref"),
    pytest.param({"allOf": [{"required": ["a"]}, {"not": {"required": ["b"]}}], "if": {"required": ["c"]}, "then": {"anyOf": [{"required": ["d"]}]}}, True, id="allOf-if"),
    pytest.param({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, False, id="prefixItems"),
    pytest.param({"properties": {"a": {"dependentRequired": {"x": ["y"]}, "type": "object"}}}, False, id="dependentRequired"),
    pytest.param({"properties": {"a": {"type": "string"}}, "unevaluatedProperties": False}, False, id="unevaluatedProperties"),
    pytest.param({"properties": {"a": {"type": "string", "unknownKeyword": 1}}}, False, id="unknown-keyword"),
]  # fmt: skip

HANDED_OVER_INSTANCES: list[Any] = [
    None, 1, "s", [], [1, "a", 2.0, -1], ["a", 1, "b"], {}, {"a": None}, {"a": "x"}, {"a": "xy"},
    {"a": 2, "b": 1}, {"a": [1, 1]}, {"a": [1]}, {"a": {}}, {"a": {"x": 1}}, {"A": 1, "a": 1},
    {"b": [1]}, {"c": 1}, {"a": 1, "b": 1, "c": 1}, {"next": {"next": {"v": 3}, "v": 1}},
    {"next": {"v": 1, "w": 2, "x": 3}}, {"a": 1, "z": {}},
]  # fmt: skip


@pytest.mark.parametrize(("schema", "compiled"), HANDED_OVER)
def test_handed_over_errors_agree_with_jsonschema(schema: Any, compiled: bool) -> None:
    explainer = Explainer(schema)
    assert explainer.compiled is compiled
    assert _differences(explainer, HANDED_OVER_INSTANCES) == []
    handed = [e for i in HANDED_OVER_INSTANCES for e in explainer.errors(i) if e.message]
    assert handed  # the cases reach the hand-over


def test_explained_errors_are_assertions_ctlint_words() -> None:
    """An error worked out here (no message) is one of the keywords the CTL1xx mapping words;
    every other keyword's error comes from jsonschema, with its message."""
    seen: list[SchemaError] = []
    for param in HANDED_OVER:
        explainer = Explainer(param.values[0])
        seen.extend(e for i in HANDED_OVER_INSTANCES for e in explainer.errors(i))
    manifest = _manifest_explainer()
    for param in MANIFEST_ERRORS:
        seen.extend(manifest.errors(_edited(param.values[0])))
    worded = ASSERTIONS | {"required", "additionalProperties"}
    assert {e.keyword for e in seen if e.message is None} <= worded
    assert {e.keyword for e in seen if e.message is None} >= worded - {
        "maximum",
        "maxLength",
        "maxItems",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }


def test_safe_regex_explainer_matches_on_re2() -> None:
    """With ``safe_regex`` (organization and installed policies) patterns run on RE2, as
    the jsonschema validator ctlint makes for them."""
    from ctlint.util.fastschema import make_validator

    schema = {
        "properties": {"a": {"pattern": "^[a-z]+$"}},
        "patternProperties": {"^x-": {"type": "integer"}},
        "additionalProperties": False,
    }
    explainer = Explainer(schema, safe_regex=True)
    validator = make_validator(schema, safe_regex=True)
    for instance in ({"a": "ok"}, {"a": "Not ok"}, {"x-b": "s"}, {"x-b": 1, "c": 1}, {"a": 1}):
        expected = [
            _key(e.validator, e.absolute_path, e.instance, e.validator_value, e.schema)
            for e in validator.iter_errors(instance)
        ]
        got = [
            _key(e.keyword, e.path, e.instance, e.value, e.schema)
            for e in explainer.errors(instance)
        ]
        assert got == expected, instance


def test_valid_instances_of_a_handed_over_root_need_no_jsonschema() -> None:
    """A root the explainer hands over is tried on its predicate first: a valid instance
    never reaches jsonschema."""
    explainer = Explainer({"anyOf": [{"type": "string"}, {"type": "integer"}]})
    assert explainer.errors("s") == []
    assert explainer._validator is None
    assert [e.keyword for e in explainer.errors(1.5)] == ["anyOf"]
    assert explainer._validator is not None
