"""From one validated policy mapping to a :class:`~ctlint.policy.model.Rule`: its options
checked and merged, its assertions with their fragments compiled
(:mod:`ctlint.policy.fragments`) and their messages checked (:mod:`ctlint.policy.messages`),
every problem a :class:`PolicyError` with the file, line and column."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from ctlint.document.positions import escape_pointer, locate, split_pointer
from ctlint.errors import PolicyError
from ctlint.model.findings import Citation, Severity
from ctlint.policy.fragments import FragmentError, compile_fragment_at
from ctlint.policy.messages import PLACEHOLDERS, parse_message
from ctlint.policy.model import EPOCH, Applies, Assertion, FactTest, Predicate, Rule, parse_date
from ctlint.util.text import show_value

_OPTION_KINDS = (
    (bool, "true or false"),
    (int, "a whole number"),
    (float, "a number"),
    (str, "text"),
)


def _option_kind(default: Any) -> str:
    for kind, words in _OPTION_KINDS:
        if isinstance(default, kind):
            return words
    return "a number, text or true/false"  # pragma: no cover - the policy schema checks it


def _option_ok(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
    if isinstance(default, str):
        return isinstance(value, str)
    return False  # pragma: no cover - the policy schema checks the defaults


def option_problem(raw: Mapping[str, Any], name: Any, value: Any) -> str | None:
    """Why ``value`` cannot be the option ``name`` of the rule ``raw`` (None when it can):
    an option is a scalar of its default's type, never a mapping or list."""

    declared = raw.get("options", {})
    if not isinstance(name, str) or name not in declared:
        names = ", ".join(sorted(declared)) or "none"
        return f"has no option `{str(name)[:60]}` (its options: {names})"
    default = declared[name]
    if _option_ok(default, value):
        return None
    found = "nothing" if value is None else show_value(value)
    return (
        f"option `{name}` must be {_option_kind(default)} like its default "
        f"{show_value(default)}, found {found}"
    )


def check_options(
    raw: Mapping[str, Any], values: Mapping[str, Any], label: str, error: type[Exception]
) -> None:
    """Raise ``error`` ("LABEL: RULE option `x` must be …") for the first bad value."""
    if not isinstance(values, Mapping):
        raise error(f"{label}: {raw['id']}: the options must be a mapping of names to values")
    for name, value in values.items():
        problem = option_problem(raw, name, value)
        if problem is not None:
            raise error(f"{label}: {raw['id']} {problem}")


def _facts(raw: Any) -> FactTest | None:
    if raw is None:
        return None
    if isinstance(raw, list):
        return FactTest(tuple(raw))
    if "any" in raw:
        return FactTest(tuple(raw["any"]), any=True)
    if "none" in raw:
        return FactTest(tuple(raw["none"]), none=True)
    return FactTest(tuple(raw["all"]))


def _applies(raw: Any) -> Applies | None:
    if raw is None:
        return None
    test = _facts(raw["facts"])
    assert test is not None
    return Applies(test, raw["reason"])


def _citation(raw: Mapping[str, Any]) -> Citation:
    return Citation(
        law=raw["law"],
        section=raw["section"],
        title=raw["title"],
        url=raw["url"],
        status=raw["status"],
        note=raw.get("note"),
        agency=raw.get("agency"),
        effective_from=parse_date(raw.get("effective_from")),
        effective_until=parse_date(raw.get("effective_until")),
        best_practice=raw.get("best_practice") is True,
        best_practice_for=tuple(raw.get("best_practice_for", ())),
    )


class _Where:
    """Turns a path inside a policy file into ``file:line:col`` (when its node is known)."""

    def __init__(self, path: str, node: Any) -> None:
        self.path = path
        self.node = node

    def error(self, segments: Sequence[str], reason: str) -> PolicyError:

        pointer = "".join(f"/{escape_pointer(s)}" for s in segments)
        at = "/".join(segments) or "(top level)"
        if self.node is None:
            return PolicyError(f"{self.path}: invalid policy at `{at}`: {reason}")
        span = locate(self.node, pointer)
        return PolicyError(
            f"{self.path}:{span.line}:{span.column}: invalid policy at `{at}`: {reason}"
        )


def _assertion(
    raw: Mapping[str, Any],
    options: Mapping[str, Any],
    path: tuple[str, ...],
    where: _Where,
    *,
    verify: bool,
    safe_regex: bool,
    names: Collection[str],
) -> Assertion:
    contains = raw.get("contains")
    if isinstance(contains, list):
        pairs: tuple[tuple[str, str], ...] | None = tuple((c, c) for c in contains)
    elif isinstance(contains, dict):
        pairs = tuple(contains.items())
    else:
        pairs = None
    pointer = tuple(split_pointer(raw["pointer"]))
    if pointer.count("*") > 1:
        raise where.error((*path, "pointer"), "a pointer may have one `*` segment")
    if raw.get("where") is not None and "*" not in pointer:
        raise where.error((*path, "where"), "`where` needs a `*` segment in the pointer")
    for key in ("not_before", "not_after"):
        ref = raw.get(key)
        if ref is not None and ref != "as_of" and "*" in ref:
            raise where.error((*path, key), f"`{key}` must be as_of or a plain JSON Pointer")
    message = raw["message"]
    if verify:
        try:
            parse_message(message, names)
        except ValueError as exc:
            raise where.error((*path, "message"), str(exc)) from None

    def fragment(key: str) -> Predicate | None:
        value = raw.get(key)
        if value is None:
            return None
        try:
            return compile_fragment_at(
                value, options, (*path, key), verify=verify, safe_regex=safe_regex
            )
        except FragmentError as exc:
            raise where.error(exc.path, exc.reason) from None

    return Assertion(
        pointer=pointer,
        message=message,
        required=raw.get("required", True),
        schema=fragment("schema"),
        contains=pairs,
        where=fragment("where"),
        when=fragment("when"),
        facts=_facts(raw.get("facts")),
        not_before=raw.get("not_before"),
        not_after=raw.get("not_after"),
        max_age_days=raw.get("max_age_days"),
    )


def compile_rule(
    raw: Mapping[str, Any],
    *,
    path: str,
    options: Mapping[str, Any] | None = None,
    node: Any = None,
    shipped: bool = False,
    options_label: str | None = None,
) -> Rule:
    """Compile one validated policy mapping; ``options`` override the rule's own.

    A rule that is not ``shipped`` with ctlint, or that runs with other options, is checked
    in full: each option value is a scalar of its default's type, every fragment (with its
    ``$param`` filled in) is a valid JSON Schema with no reference keyword and RE2 patterns,
    and every message uses only known ``{name}`` placeholders. ``node`` (the file's YAML
    node) puts line and column in the errors; ``options_label`` names where ``options``
    came from (default: the policy file)."""
    if options:
        check_options(raw, options, options_label or f"{path}: options", PolicyError)
    merged = {**raw.get("options", {}), **(options or {})}
    verify = not shipped or bool(options)
    safe_regex = verify
    where = _Where(path, node)
    names = PLACEHOLDERS | set(raw.get("options", {}))
    asserts = tuple(
        _assertion(
            a,
            merged,
            ("assert", str(i)),
            where,
            verify=verify,
            safe_regex=safe_regex,
            names=names,
        )
        for i, a in enumerate(raw.get("assert", ()))
    )
    when: Predicate | None = None
    if raw.get("when") is not None:
        try:
            when = compile_fragment_at(
                raw["when"], merged, ("when",), verify=verify, safe_regex=safe_regex
            )
        except FragmentError as exc:
            raise where.error(exc.path, exc.reason) from None
    return Rule(
        id=raw["id"],
        pack=raw["pack"],
        name=raw["name"],
        title=raw["title"],
        severity=Severity.parse(raw.get("severity", "info")),
        rationale=raw["rationale"],
        remediation=raw["remediation"],
        path=path,
        effective_from=parse_date(raw.get("effective_from")) or EPOCH,
        effective_until=parse_date(raw.get("effective_until")),
        citations=tuple(_citation(c) for c in raw.get("citations", ())),
        source_requirement=raw.get("source_requirement"),
        retired=raw.get("retired"),
        builtin=bool(raw.get("builtin", False)),
        shipped=shipped,
        options=merged,
        when=when,
        facts=_facts(raw.get("facts")),
        applies=_applies(raw.get("applies")),
        asserts=asserts,
        examples=raw.get("examples", {}),
        raw=raw,
    )
