"""``defaults:`` in the configuration: organization-wide facts written once and merged under
every manifest.

What can be written there: the manifest sections :data:`SECTIONS` (the privacy notice,
request handling with its appeal, the breach commitments), each validated against the
manifest schema's own subschema of that section when the configuration is loaded (an error
names the configuration file, line and key, exit 2).

How they merge (:func:`Defaults.merge`): per section, at its top level only. A key the
manifest writes replaces the default of that key whole (``requests.appeal`` in a manifest
replaces the default ``appeal`` mapping, a manifest list replaces the default list; nothing
is deep-merged or concatenated). A section the manifest writes as something other than a
mapping is left as it is (its schema finding says what is wrong). Findings about a value that
came from the defaults point at its line in the configuration (:func:`Defaults.place`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from typing import Any

from yaml.nodes import Node

from ctlint.document.positions import escape_pointer, locate, split_pointer
from ctlint.errors import ConfigError
from ctlint.model.findings import Span
from ctlint.util.fastschema import BundledSchema

#: The manifest sections that ``defaults:`` may hold.
SECTIONS = ("notice", "requests", "breach")

_HTTPS = re.compile(r"^https://[^\s/?#@]+(?::[0-9]+)?(?:[/?#]\S*)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

_MANIFEST = BundledSchema("vendor-manifest.schema.json")


@dataclasses.dataclass(frozen=True, slots=True)
class Defaults:
    """The validated ``defaults:`` of one configuration file, with where each value is."""

    values: Mapping[str, Mapping[str, Any]]
    #: The configuration's node tree (None for ``pyproject.toml``, which has no positions).
    node: Node | None = None

    def merge(self, data: dict[str, Any]) -> tuple[dict[str, Any], frozenset[str]]:
        """``data`` with the defaults merged under it (a new mapping; ``data`` is not
        changed), and the pointers (``/notice/privacy_notice_url``) of the values taken from
        the defaults."""
        merged = dict(data)
        taken: set[str] = set()
        for section, defaults in self.values.items():
            own = data.get(section)
            if own is None and section not in data:
                own = {}
            if not isinstance(own, dict):
                continue
            added = {k: v for k, v in defaults.items() if k not in own}
            if added:
                merged[section] = {**added, **own}
                taken.update(f"/{section}/{escape_pointer(k)}" for k in added)
        return merged, frozenset(taken)

    def place(self, pointer: str) -> Span:
        """Where the default value on ``pointer`` is written in the configuration."""
        if self.node is None:  # pyproject.toml: no positions
            return Span(1, 1, 1, 1)
        return locate(self.node, f"/defaults{pointer}")


def taken_from(pointer: str | None, taken: frozenset[str]) -> bool:
    """Whether ``pointer`` is a value (or lies inside a value) that came from the defaults."""
    if not pointer or not taken:
        return False
    segments = split_pointer(pointer)
    if len(segments) < 2:
        return False
    return f"/{escape_pointer(segments[0])}/{escape_pointer(segments[1])}" in taken


def _schema() -> dict[str, Any]:
    manifest: dict[str, Any] = _MANIFEST.data
    return {
        "$schema": manifest.get("$schema", "https://json-schema.org/draft/2020-12/schema"),
        "$defs": manifest.get("$defs", {}),
        "type": "object",
        "properties": {s: manifest["properties"][s] for s in SECTIONS},
        "additionalProperties": False,
    }


def _formats() -> Any:
    import jsonschema  # lazy: only a configuration with defaults validates them

    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("https-url")
    def _url(value: object) -> bool:
        return not isinstance(value, str) or _HTTPS.match(value) is not None

    @checker.checks("email")
    def _email(value: object) -> bool:
        return not isinstance(value, str) or _EMAIL.match(value) is not None

    @checker.checks("date")
    def _date(value: object) -> bool:
        return not isinstance(value, str) or _DATE.match(value) is not None

    return checker


def load_defaults(raw: object, display: str, node: Node | None) -> Defaults | None:
    """The ``defaults:`` of a configuration (already checked to be a mapping of mappings by
    the configuration schema), validated against the manifest schema; None when absent."""
    if not raw:
        return None
    import jsonschema  # lazy: only a configuration with defaults validates them

    validator = jsonschema.Draft202012Validator(_schema(), format_checker=_formats())
    errors = sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise ConfigError(_error(display, node, errors[0]))
    assert isinstance(raw, dict)
    return Defaults({k: dict(v) for k, v in raw.items()}, node)


def _error(display: str, node: Node | None, error: Any) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in known][:1]
        path = [*path, *extra]
        close = [k for k in known if extra and _close(extra[0], k)]
        hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(known)}"
        what = f"is not a manifest field there; {hint}"
        if len(path) == 1:
            what = f"is not a section defaults can hold ({', '.join(SECTIONS)})"
        key = True
    else:
        key = False
        found = json.dumps(error.instance, default=str)
        found = found if len(found) <= 60 else found[:59] + "…"
        expected = error.schema.get("description") if isinstance(error.schema, dict) else None
        what = f"is {found}; expected {expected}" if expected else f"is {found}: {error.message}"
    span = locate(node, "".join(f"/{escape_pointer(p)}" for p in ["defaults", *path]), key=key)
    where = f"{display}:{span.line}:{span.column}" if node is not None else display
    return f"{where}: `defaults.{'.'.join(path)}` {what}"


def _close(word: str, option: str) -> bool:
    import difflib  # lazy: only for an error

    return bool(difflib.get_close_matches(word, [option], n=1))
