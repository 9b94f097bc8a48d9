"""JSON Schema fragments of policy files (``schema``, ``where``, ``when``): ``$param``
placeholders filled in, then checked and compiled into predicates.

A fragment of a rule that is not shipped with ctlint is checked in full after its
parameters are filled in (never before: a parameter value could otherwise carry a ``$ref``
past the check): no ``$``-keyword but ``$comment``, at most :data:`MAX_FRAGMENT_NODES`
values, a valid JSON Schema (draft 2020-12) and RE2 patterns.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint.errors import PolicyError
from ctlint.policy.model import Predicate
from ctlint.util.fastschema import BundledSchema

#: policy.schema.json: policy files are validated against it (:mod:`ctlint.policy.load`), and
#: fragments against its ``#/$defs/jsonSchema``.
POLICY_SCHEMA = BundledSchema("policy.schema.json")


class FragmentError(PolicyError):
    """A problem at ``path`` (segments from the top of the policy file)."""

    def __init__(self, path: Sequence[str], reason: str) -> None:
        super().__init__(reason)
        self.path = tuple(path)
        self.reason = reason


def _check_keys(fragment: Any, path: tuple[str, ...]) -> None:
    """No ``$``-keyword but ``$comment``: ``$ref``, ``$id``, ``$schema``, ``$anchor``,
    ``$dynamicRef``, ``$defs`` and the like would make a validator look for other schemas."""
    if isinstance(fragment, dict):
        for key, value in fragment.items():
            if isinstance(key, str) and key.startswith("$") and key != "$comment":
                raise FragmentError(
                    (*path, key),
                    f"`{key}` is not allowed in a policy fragment (ctlint never loads other "
                    "schemas, local or remote); write the condition out",
                )
            _check_keys(value, (*path, str(key)))
    elif isinstance(fragment, list):
        for index, value in enumerate(fragment):
            _check_keys(value, (*path, str(index)))


def _substitute(fragment: Any, options: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    if isinstance(fragment, dict):
        if "$param" in fragment:
            name = fragment["$param"]
            if len(fragment) != 1:
                raise FragmentError(path, "`$param` must be the only key of its mapping")
            if not isinstance(name, str) or name not in options:
                shown = name if isinstance(name, str) else repr(name)[:40]
                raise FragmentError(
                    (*path, "$param"), f"unknown parameter `{shown}` (declare it under options)"
                )
            return options[name]
        return {k: _substitute(v, options, (*path, str(k))) for k, v in fragment.items()}
    if isinstance(fragment, list):
        return [_substitute(v, options, (*path, str(i))) for i, v in enumerate(fragment)]
    return fragment


#: A fragment larger than this (mappings, lists and scalars, after ``$param``) is refused: the
#: work of a check is the fragment's size times the manifest's, and no real rule comes close.
MAX_FRAGMENT_NODES = 5_000


def _size(fragment: Any) -> int:
    count = 0
    stack = [fragment]
    while stack and count <= MAX_FRAGMENT_NODES:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


@functools.cache
def _is_schema() -> Predicate:
    """The Draft 2020-12 metaschema (``#/$defs/jsonSchema`` of policy.schema.json, its
    vocabularies merged, local references only), compiled: jsonschema is imported only to
    word the error of an invalid fragment."""
    from ctlint.util import fastschema  # lazy: the bundled catalog needs no jsonschema

    return fastschema.compile_schema(
        {"$ref": "#/$defs/jsonSchema", "$defs": POLICY_SCHEMA.data["$defs"]}
    )


def _metaschema_error(fragment: Any, path: tuple[str, ...]) -> FragmentError:
    from ctlint.util.fastschema import (
        metaschema_error,  # lazy: the bundled catalog needs no jsonschema
    )

    error = metaschema_error(fragment)
    if error is None:  # pragma: no cover - the merged metaschema and jsonschema's agree (tested)
        return FragmentError(path, "not a valid JSON Schema (draft 2020-12)")
    inner = tuple(str(p) for p in error.absolute_path)
    message = str(error.message)
    if len(message) > 160:
        message = message[:159] + "…"
    return FragmentError((*path, *inner), f"not a valid JSON Schema: {message}")


def compile_fragment_at(
    fragment: Any,
    options: Mapping[str, Any],
    path: tuple[str, ...],
    *,
    verify: bool = True,
    safe_regex: bool = True,
) -> Predicate:
    """Fill in ``$param``, then check what the result is (never before: a parameter value
    could otherwise carry a ``$ref`` past the check), then compile it."""
    from ctlint.util import fastschema  # lazy: the bundled catalog needs no jsonschema

    filled = _substitute(fragment, options, path)
    _check_keys(filled, path)
    if verify:
        if _size(filled) > MAX_FRAGMENT_NODES:
            raise FragmentError(
                path, f"the fragment is too large (more than {MAX_FRAGMENT_NODES:,} values)"
            )
        if not _is_schema()(filled):
            raise _metaschema_error(filled, path)
    if safe_regex:
        for inner, pattern in fastschema.iter_patterns(filled):
            try:
                fastschema.safe_search(pattern)
            except fastschema.PatternError as exc:
                raise FragmentError(
                    (*path, *inner), f"the pattern does not compile: {exc}"
                ) from None
    return fastschema.compile_schema(filled, safe_regex=safe_regex)


def compile_fragment(
    fragment: Any, options: Mapping[str, Any], where: str, *, shipped: bool = False
) -> Predicate:
    """A JSON Schema fragment as a predicate (``$param`` placeholders filled in); every
    problem is a :class:`PolicyError` that starts with ``where``."""
    try:
        return compile_fragment_at(
            fragment, options, (), verify=not shipped, safe_regex=not shipped
        )
    except FragmentError as exc:
        inner = "/".join(exc.path)
        raise PolicyError(f"{where}{'/' + inner if inner else ''}: {exc.reason}") from None
