"""ctlint.util.fastschema: ``compile_schema`` must agree with jsonschema's Draft 2020-12 validator.

Every ``when``, ``where`` and ``schema`` fragment of every policy file under policies/ is
checked against a corpus (the base manifest, mutations of it, every value inside them, and
assorted scalars and lists); the bundled manifest schema is checked the same way; hand-written
cases cover the corners of JSON Schema equality and applicators.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from ctlint.document.parse import load_path
from ctlint.document.read import Limits
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
]  # fmt: skip


@pytest.mark.parametrize(("schema", "instance"), EDGE_CASES)
def test_edge_case_agrees_with_jsonschema(schema: Any, instance: Any) -> None:
    expected = Draft202012Validator(schema).is_valid(instance)
    assert compile_schema(schema)(instance) is expected


def test_compiled_predicate_is_reusable() -> None:
    predicate = compile_schema({"contains": {"const": "voice"}})
    assert [predicate(v) for v in (["voice"], [], ["voice"], "x")] == [True, False, True, True]
