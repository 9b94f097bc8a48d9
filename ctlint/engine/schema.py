"""Validate a manifest against schemas/vendor-manifest.schema.json and map errors to CTL1xx.

The validator is built once per process: :class:`ctlint.util.fasterrors.Explainer`, on the
predicates of :mod:`ctlint.util.fastschema`. A valid manifest costs one fast pass; one that
fails, a little more, for jsonschema's detailed errors without jsonschema (the bundled schema
needs no hand-over to it), worded as CTL1xx findings by :mod:`.schema_problems`, which only a
failing manifest loads. Values that failed their schema check are removed from the data the
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
from ctlint.util.fasterrors import ASSERTIONS, Explainer, Path
from ctlint.util.fastschema import BundledSchema

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


#: The assertions whose failing value is removed from the clean data (a repeated item is kept).
_REMOVE = ASSERTIONS - {"uniqueItems"}


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
    with _any_int_size():
        errors = explainer().errors(data)  # a valid manifest: one fast check, no error
    if errors:
        from ctlint.engine.schema_problems import Suggester, worded  # lazy: only a failure

        suggest = Suggester()
        with _any_int_size():
            for error in errors:
                failed = True
                problems.extend(worded(error, suggest))
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
