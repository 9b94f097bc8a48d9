"""The words of a manifest's schema errors: each error of :mod:`ctlint.util.fasterrors` as the
CTL1xx problems it means (rules.md, the CTL1xx table), with "did you mean" for a misspelt key,
value or rule id. Loaded only when a manifest fails its schema check, with the suggestion
helpers it needs (:mod:`ctlint.util.suggest`, :mod:`ctlint.law.terms`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ctlint.engine.schema import SchemaProblem, _field, _pointer
from ctlint.law.terms import suggest_key
from ctlint.policy.catalog import rule_ids
from ctlint.util.fasterrors import SchemaError
from ctlint.util.suggest import closest, nearest_rule
from ctlint.util.text import show_value

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


class Suggester:
    """``; did you mean `x`?`` for the first :data:`SUGGESTIONS` words of one validation."""

    def __init__(self, limit: int = SUGGESTIONS) -> None:
        self.left = limit

    def __call__(self, word: str, options: Iterable[str], kind: str | None = None) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        if kind is not None:  # a taxonomy key: synonyms and descriptions too (law/terms.py)
            match = suggest_key(word, kind, tuple(options))
            return f"; did you mean `{match}`?" if match is not None else ""
        return _suggest(word, options)


def _suggest(word: str, options: Iterable[str]) -> str:
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


def worded(error: SchemaError, suggest: Suggester | None = None) -> Iterator[SchemaProblem]:
    """The CTL1xx problems of one schema error (most errors give one; a ``required`` or an
    ``additionalProperties`` error gives one per field)."""
    suggest = suggest or Suggester()
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
            given = str(error.instance)
            family = sorted(r for r in rule_ids() if r.startswith(given.rstrip("-") + "-"))
            if family and given.rstrip("-"):  # a pack's prefix: a waiver names one rule
                shown = ", ".join(family[:4]) + (", …" if len(family) > 4 else "")
                hint = f"; a waiver names one rule of that family ({shown}): one waiver each"
            else:
                near = nearest_rule(given, rule_ids())
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
