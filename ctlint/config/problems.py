"""The messages of a configuration file that fails its schema: one line a problem, each with
the file, line and column, the key, what was expected and, for a misspelt key or value, the
closest known one. Imported only when a configuration is bad."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from yaml.nodes import Node

from ctlint.document.positions import escape_pointer, locate
from ctlint.util.suggest import closest


def problem_lines(display: str, errors: Sequence[Any], node: Node | None) -> list[str]:
    """The lines of jsonschema's ``errors`` of one file, in the file's order, each once."""
    found = [problem for error in errors for problem in _config_errors(display, error, node)]
    return [text for _at, text in sorted(dict.fromkeys(found), key=lambda p: p[0])]


#: A configuration problem: its place (line, column; 0, 0 without a node tree) and its line.
_Problem = tuple[tuple[int, int], str]


def _config_errors(display: str, error: Any, node: Node | None) -> list[_Problem]:
    """The message lines of one schema error (an unknown-key error: one for each unknown key)."""
    path = [str(p) for p in error.absolute_path]

    def at(parts: Sequence[str], *, key: bool = False) -> tuple[tuple[int, int], str]:
        if node is None:
            return (0, 0), display
        span = locate(node, "".join(f"/{escape_pointer(p)}" for p in parts), key=key)
        return (span.line, span.column), f"{display}:{span.line}:{span.column}"

    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        problems = []
        for extra in (k for k in error.instance if k not in known):
            close = closest(str(extra), tuple(known))
            hint = f"did you mean `{close}`?" if close else f"known keys: {', '.join(known)}"
            place, where = at([*path, str(extra)], key=True)
            problems.append(
                (place, f"{where}: unknown key `{'.'.join([*path, str(extra)])}`; {hint}")
            )
        return problems
    key = ".".join(path) or "(top level)"
    place, where = at(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("description")
    found = json.dumps(error.instance, default=str)
    if len(found) > 60:
        found = found[:59] + "…"
    hint = ""
    if error.validator == "enum":
        options = tuple(str(o) for o in error.validator_value)
        close = closest(error.instance, options) if isinstance(error.instance, str) else None
        hint = f"; did you mean `{close}`?" if close else ""
        expected = expected or f"one of {', '.join(options)}"
    if expected:
        return [(place, f"{where}: `{key}` is {found}; expected {expected}{hint}")]
    return [(place, f"{where}: `{key}`: {error.message}{hint}")]
