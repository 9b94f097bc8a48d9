"""Validate a manifest against schemas/vendor-manifest.schema.json and map errors to CTL1xx.

The validator is built once per process: :class:`ctlint.util.fasterrors.Explainer`, on the
predicates of :mod:`ctlint.util.fastschema`. A valid manifest costs one fast pass; one that
fails, a little more, for jsonschema's detailed errors without jsonschema (the bundled schema
needs no hand-over to it). Values that failed their schema check are removed from the data the
policy rules see (rules.md, "How triggers read").
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import functools
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from yaml.nodes import Node

from ctlint.document.positions import escape_pointer, locate
from ctlint.law.taxonomy import taxonomy
from ctlint.model.findings import Severity
from ctlint.policy.catalog import rule_ids
from ctlint.util.fasterrors import ASSERTIONS, Explainer, Path, SchemaError
from ctlint.util.fastschema import BundledSchema
from ctlint.util.text import show_value

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HTTPS = re.compile(r"^https://[^\s/?#@]+(?::[0-9]+)?(?:[/?#]\S*)?$")


@dataclasses.dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One CTL1xx finding before it gets a file and a location."""

    rule: str
    message: str
    pointer: str
    item: str | None = None
    severity: Severity = Severity.ERROR


def is_date(value: object) -> bool:
    """A real calendar date written ``YYYY-MM-DD``."""
    if not isinstance(value, str) or not _DATE.match(value):
        return not isinstance(value, str)
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_https_url(value: object) -> bool:
    """An ``https://`` URL with a host."""
    return not isinstance(value, str) or _HTTPS.match(value) is not None


def is_email(value: object) -> bool:
    """A plausible e-mail address."""
    return not isinstance(value, str) or _EMAIL.match(value) is not None


FORMATS = {"date": is_date, "https-url": is_https_url, "email": is_email}
MANIFEST_SCHEMA = BundledSchema("vendor-manifest.schema.json", FORMATS)


def manifest_schema() -> dict[str, Any]:
    """The bundled manifest schema."""
    schema: dict[str, Any] = MANIFEST_SCHEMA.data
    return schema


@functools.cache
def explainer() -> Explainer:
    """The detailed errors of a manifest that fails :data:`MANIFEST_SCHEMA`."""
    return Explainer(MANIFEST_SCHEMA.data, formats=FORMATS)


def _pointer(path: Iterable[str | int]) -> str:
    return "".join(f"/{escape_pointer(str(p))}" for p in path)


def _field(path: Iterable[str | int]) -> str:
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts) or "(top level)"


@contextlib.contextmanager
def _any_int_size() -> Iterator[None]:
    """jsonschema's error messages repr() the value: allow ints of any length meanwhile."""
    get = getattr(sys, "get_int_max_str_digits", None)
    if get is None:  # pragma: no cover - Pythons without the limit
        yield
        return
    previous = get()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(previous)


#: The taxonomy list (schemas/taxonomy.json) of each ``x-ctlint-taxonomy`` kind.
_TAXONOMY_LISTS = {
    "data_category": "data_categories",
    "data_use": "data_uses",
    "data_subject": "data_subjects",
}
#: What each ``x-ctlint-taxonomy`` kind is called in messages.
_TAXONOMY_WORDS = {
    "data_category": "data category",
    "data_use": "data use",
    "data_subject": "data subject",
}
#: "Did you mean" is worked out for this many problems of one manifest; later ones (which the
#: report caps and summarizes anyway) go without, so 99,000 unknown keys cost no 99,000
#: difflib searches.
SUGGESTIONS = 100


class _Suggester:
    """``; did you mean `x`?`` for the first :data:`SUGGESTIONS` words of one validation."""

    def __init__(self, limit: int = SUGGESTIONS) -> None:
        self.left = limit

    def __call__(self, word: str, options: Iterable[str], kind: str | None = None) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        if kind is not None:  # a taxonomy key: synonyms and descriptions too (law/terms.py)
            from ctlint.law.terms import suggest_key  # lazy: start-up (only a failing manifest)

            match = suggest_key(word, kind, tuple(options))
            return f"; did you mean `{match}`?" if match is not None else ""
        return _suggest(word, options)


def _suggest(word: str, options: Iterable[str]) -> str:
    from ctlint.util.suggest import closest  # lazy: start-up (only a failing manifest)

    match = closest(word, tuple(options))
    return f"; did you mean `{match}`?" if match is not None else ""


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}
#: The assertions whose failing value is removed from the clean data (a repeated item is kept).
_REMOVE = ASSERTIONS - {"uniqueItems"}


def _listing(options: Iterable[object], shown: int = 12) -> str:
    """An enum's values, the first ``shown`` of them and ``…`` when there are more."""
    words = [str(o) for o in options]
    return ", ".join(words) if len(words) <= shown else ", ".join(words[:shown]) + ", …"


def _type_message(error: SchemaError) -> str:
    expected = error.value if isinstance(error.value, list) else [error.value]
    words = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in expected)
    field = _field(error.path)
    found = error.instance
    hint = ""
    if (
        "boolean" in expected
        and isinstance(found, str)
        and found.lower() in {"yes", "no", "on", "off", "y", "n"}
    ):
        hint = " (manifests are YAML 1.2: yes/no/on/off are text; write true or false)"
    if found is None:
        schema = error.schema if isinstance(error.schema, dict) else {}
        taxonomy_kind = schema.get("x-ctlint-taxonomy")
        if taxonomy_kind in _TAXONOMY_WORDS:  # a taxonomy key: too many to list
            return (
                f"`{field}` is empty; it must be a {_TAXONOMY_WORDS[taxonomy_kind]} key "
                "(`ctlint taxonomy` lists them)"
            )
        if isinstance(schema.get("enum"), list):  # an empty choice: say what it may be
            return f"`{field}` is empty; it must be one of {_listing(schema['enum'])}"
        return f"`{field}` is empty; it must be {words}"
    return f"`{field}` must be {words}, found {show_value(found)}{hint}"


def _problems(error: SchemaError, suggest: _Suggester | None = None) -> Iterator[SchemaProblem]:
    suggest = suggest or _Suggester()
    kind = error.keyword
    path: list[str | int] = list(error.path)
    field = _field(path)
    pointer = _pointer(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.instance is None and kind not in ("type", "required"):
        return  # an empty value: its CTL102 says so; "did you mean" a value would mislead
    if kind == "required":
        for name in error.value:
            if isinstance(error.instance, dict) and name not in error.instance:
                child = [*path, name]
                yield SchemaProblem(
                    "CTL101", f"Required field `{_field(child)}` is missing", _pointer(child)
                )
        return
    if kind in ("additionalProperties", "unevaluatedProperties"):
        known = list(schema.get("properties", {}))
        names = frozenset(known)
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        for key in error.instance if isinstance(error.instance, dict) else ():
            if key in names or any(p.search(key) for p in patterns):
                continue
            child = [*path, key]
            yield SchemaProblem(
                "CTL104",
                f"Unknown field `{_field(child)}`{suggest(key, known)} (put your own data under keys "
                "that start with `x-`)",
                _pointer(child),
            )
        return
    if kind == "type":
        yield SchemaProblem("CTL102", _type_message(error), pointer)
        return
    if kind == "enum":
        taxonomy_kind = schema.get("x-ctlint-taxonomy")
        options = [str(o) for o in error.value]
        if taxonomy_kind:
            words = _TAXONOMY_WORDS.get(taxonomy_kind, "taxonomy key")
            yield SchemaProblem(
                "CTL106",
                f"Unknown {words} {show_value(error.instance)} at `{field}`"
                f"{suggest(str(error.instance), options, _TAXONOMY_LISTS.get(taxonomy_kind))}",
                pointer,
            )
            return
        yield SchemaProblem(
            "CTL103",
            f"`{field}` must be one of {_listing(options)}; found {show_value(error.instance)}"
            f"{suggest(str(error.instance), options)}",
            pointer,
        )
        return
    if kind == "format":
        fmt = error.value
        if fmt == "date":
            yield SchemaProblem(
                "CTL107",
                f"`{field}` must be a calendar date written YYYY-MM-DD, found {show_value(error.instance)}",
                pointer,
            )
        else:
            what = "an https:// URL" if fmt == "https-url" else "an e-mail address"
            yield SchemaProblem(
                "CTL105", f"`{field}` must be {what}, found {show_value(error.instance)}", pointer
            )
        return
    if kind == "uniqueItems":
        seen: list[Any] = []
        for index, value in enumerate(error.instance):
            if value in seen:
                yield SchemaProblem(
                    "CTL108",
                    f"`{field}` lists {show_value(value)} more than once",
                    f"{pointer}/{index}",
                )
            else:
                seen.append(value)
        return
    if kind == "const":
        yield SchemaProblem(
            "CTL103",
            f"`{field}` must be {show_value(error.value)}, found {show_value(error.instance)}",
            pointer,
        )
        return
    if kind == "pattern":
        if field == "id":
            message = (
                f"`id` must be lower-case letters, digits, `.`, `_` or `-` (at most 64, starting with "
                f"a letter or digit), found {show_value(error.instance)}"
            )
        elif error.value == "\\S":
            message = f"`{field}` must not be blank"
        elif len(path) == 3 and path[0] == "waivers" and path[2] == "rule":
            from ctlint.util.suggest import nearest_rule  # lazy: start-up (only a failing manifest)

            near = nearest_rule(str(error.instance), rule_ids())
            hint = f"; did you mean `{near}`?" if near is not None else ""
            message = (
                f"`{field}` must be a rule id (capital letters, digits and `-`, ending in three "
                f"digits, e.g. CTDPA-011), found {show_value(error.instance)}{hint}"
            )
        else:
            message = (
                f"`{field}` does not have the expected form, found {show_value(error.instance)}"
            )
        yield SchemaProblem("CTL103", message, pointer)
        return
    bounds = {
        "minimum": "at least {}",
        "maximum": "at most {}",
        "exclusiveMinimum": "more than {}",
        "exclusiveMaximum": "less than {}",
        "minLength": "at least {} characters long",
        "maxLength": "at most {} characters long",
        "minItems": "a list of at least {} items",
        "maxItems": "a list of at most {} items",
    }
    if kind in bounds:
        if kind == "minLength" and error.value == 1:
            yield SchemaProblem("CTL103", f"`{field}` must not be empty", pointer)
        else:
            yield SchemaProblem(
                "CTL103",
                f"`{field}` must be {bounds[kind].format(error.value)}, found {show_value(error.instance)}",
                pointer,
            )
        return
    yield SchemaProblem("CTL199", f"`{field}`: {error.message or kind}", pointer)


def _deprecated(data: dict[str, Any]) -> Iterator[SchemaProblem]:
    deprecated: dict[str, str] = taxonomy()["deprecated"]
    section = data.get("data")
    uses = section.get("uses") if isinstance(section, dict) else None
    if isinstance(uses, list):
        for index, use in enumerate(uses):
            if isinstance(use, str) and use in deprecated:
                yield SchemaProblem(
                    "CTL190",
                    f"The data use `{use}` is deprecated; write `{deprecated[use]}`",
                    f"/data/uses/{index}",
                    severity=Severity.WARNING,
                )


def _unlisted_expiries(data: dict[str, Any], clean: dict[str, Any]) -> Iterator[Path]:
    """The ``security.certification_expiry`` names (in the clean data) that
    ``security.certifications`` does not list: a date for a certification the manifest does
    not claim. Not looked for when ``certifications`` failed its own check (that finding
    says what is wrong)."""
    security = clean.get("security")
    if not isinstance(security, dict) or not isinstance(security.get("certification_expiry"), dict):
        return
    expiry, listed = security["certification_expiry"], security.get("certifications")
    if listed is None and "certifications" in data["security"]:
        return
    held = set(listed) if isinstance(listed, list) else set()
    names = manifest_schema()["properties"]["security"]["properties"]["certification_expiry"]
    for name in expiry:
        if name in names["properties"] and name not in held:  # an unknown name is a CTL104
            yield ("security", "certification_expiry", name)


#: Lists whose entries each stand for one key: the same key in two entries is a duplicate item
#: (CTL108), though the two entries differ in their other fields (a purpose, a retention).
KEYED_LISTS = (("data", "categories", "category"),)


def repeated_entries(data: dict[str, Any], node: Node | None) -> Iterator[SchemaProblem]:
    """CTL108 at the ``key`` of each entry of a :data:`KEYED_LISTS` list whose key an earlier
    entry already has, naming that entry (and its line, when the manifest's nodes are known)."""
    for section, name, word in KEYED_LISTS:
        part = data.get(section)
        entries = part.get(name) if isinstance(part, dict) else None
        if not isinstance(entries, list):
            continue
        first: dict[str, int] = {}
        for index, entry in enumerate(entries):
            key = entry.get("key") if isinstance(entry, dict) else None
            if not isinstance(key, str) or not key.strip():
                continue
            if key not in first:
                first[key] = index
                continue
            earlier = f"{section}.{name}[{first[key]}]"
            if node is not None:
                earlier += f" (line {locate(node, f'/{section}/{name}/{first[key]}/key').line})"
            yield SchemaProblem(
                "CTL108",
                f"`{section}.{name}[{index}].key` repeats the {word} `{key}` of {earlier}; list "
                f"each {word} once (merge the two entries)",
                f"/{section}/{name}/{index}/key",
            )


def validate(data: dict[str, Any]) -> tuple[list[SchemaProblem], dict[str, Any]]:
    """Schema problems, and the data with every value that failed its check removed."""
    problems = list(_deprecated(data))
    failed = False
    removals: list[Path] = []
    suggest = _Suggester()
    with _any_int_size():
        for error in explainer().errors(data):  # a valid manifest: one fast check, no error
            failed = True
            problems.extend(_problems(error, suggest))
            if error.keyword in _REMOVE and error.path:
                removals.append(error.path)
    clean = _without(data, removals) if failed else data
    unlisted = list(_unlisted_expiries(data, clean))
    for path in unlisted:
        name = path[-1]
        problems.append(
            SchemaProblem(
                "CTL103",
                f"`security.certification_expiry.{name}` dates a certification that "
                f"`security.certifications` does not list: add `{name}` to "
                "security.certifications, or remove the date",
                _pointer(path),
            )
        )
    if not (failed or unlisted):
        return problems, data
    unique = list(dict.fromkeys(problems))  # jsonschema yields one `required` error per name
    return unique, _without(clean, unlisted)


def _without(data: dict[str, Any], paths: list[Path]) -> dict[str, Any]:
    """``data`` with the value at each path removed, deepest first (in a list the value becomes
    None, so that the other items keep their indices); ``data`` is not changed.

    Only the mappings and lists on those paths are copied; the rest is shared with ``data``,
    as all of a valid manifest's data is. That is a deep copy's result because manifest data
    is a tree: the loader builds every value afresh, an alias's too."""
    clean = dict(data)
    copies = {id(clean)}
    for path in sorted(paths, key=len, reverse=True):
        parent: Any = clean
        for part in path[:-1]:
            try:
                child = parent[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(child, (dict, list)) and id(child) not in copies:
                child = copy.copy(child)
                parent[part] = child  # parent is a copy: only a copy holds a mapping or list
                copies.add(id(child))
            parent = child
        else:
            last = path[-1]
            if isinstance(parent, dict):
                parent.pop(last, None)
            elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
                parent[last] = None
    return clean
