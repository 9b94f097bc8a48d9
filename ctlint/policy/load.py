"""Policy files: load, validate against policy.schema.json, and compile into :class:`Rule` values.

A rule pack is a folder with a ``pack.yaml`` and one ``<ID>.yaml`` per rule. The built-in
packs ship inside the package (``ctlint.policies``); an organization's own packs come from
``policy_paths``; installed packs come from the ``ctlint.packs`` entry-point group.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import os
import stat
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Any

from ctlint.document.source import (
    Document,
    Limits,
    Problem,
    escape_pointer,
    load_bytes,
    load_text,
    locate,
    split_pointer,
)
from ctlint.errors import ConfigError, PolicyError
from ctlint.model.findings import Citation, Severity, Span
from ctlint.util.fastschema import BundledSchema
from ctlint.util.resources import Folder
from ctlint.util.resources import files as package_files
from ctlint.util.text import show_value

Predicate = Callable[[Any], bool]
EPOCH = dt.date(1970, 1, 1)
_POLICY_LIMITS = Limits(max_file_bytes=1_048_576, max_nodes=200_000, max_depth=64)


@dataclasses.dataclass(frozen=True, slots=True)
class FactTest:
    """``facts: [..]`` (all), ``facts: {any: [..]}`` or ``facts: {none: [..]}``."""

    names: tuple[str, ...]
    any: bool = False
    none: bool = False

    def holds(self, facts: Mapping[str, bool]) -> bool:
        """Whether the manifest's facts satisfy this test."""
        values = (facts.get(name, False) for name in self.names)
        if self.none:
            return not any(values)
        return any(values) if self.any else all(values)


@dataclasses.dataclass(frozen=True, slots=True)
class Applies:
    """``applies``: where these facts do not hold, the rule is not applicable (n/a)."""

    facts: FactTest
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Assertion:
    """One entry of a rule's ``assert``."""

    pointer: tuple[str, ...]
    message: str
    required: bool = True
    schema: Predicate | None = None
    contains: tuple[tuple[str, str], ...] | None = None
    where: Predicate | None = None
    when: Predicate | None = None
    facts: FactTest | None = None
    not_before: str | None = None
    not_after: str | None = None
    max_age_days: int | str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Pack:
    """A rule pack."""

    name: str
    title: str
    description: str
    origin: str  # builtin | local | installed


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: metadata plus what it checks."""

    id: str
    pack: str
    name: str
    title: str
    severity: Severity
    rationale: str
    remediation: str
    path: str
    effective_from: dt.date = EPOCH
    effective_until: dt.date | None = None
    citations: tuple[Citation, ...] = ()
    source_requirement: str | None = None
    retired: str | None = None
    builtin: bool = False
    #: Shipped with ctlint (a built-in pack): its fragments and messages are trusted as they
    #: are; every other rule is checked in full when it loads.
    shipped: bool = False
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    when: Predicate | None = None
    facts: FactTest | None = None
    applies: Applies | None = None
    asserts: tuple[Assertion, ...] = ()
    examples: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    raw: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def window(self) -> str:
        """``always``, ``from 2026-07-01``, ``from … until …``: when the rule is in force."""
        start = (
            "always" if self.effective_from == EPOCH else f"from {self.effective_from.isoformat()}"
        )
        return (
            f"{start} until {self.effective_until.isoformat()}" if self.effective_until else start
        )

    def applicable(self, facts: Mapping[str, bool]) -> bool:
        """Whether the rule applies to a manifest with these facts (``applies``); a rule that
        does not apply is not applicable (n/a), which is not the same as passing."""
        return self.applies is None or self.applies.facts.holds(facts)

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the rule's window contains ``as_of``."""
        if self.retired or as_of < self.effective_from:
            return False
        return self.effective_until is None or as_of <= self.effective_until


def parse_date(text: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` string (or date) as a date; None when it is not one."""
    if isinstance(text, dt.date):
        return text
    if isinstance(text, str) and len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


_POLICY_SCHEMA = BundledSchema("policy.schema.json")


class _FragmentError(PolicyError):
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
                raise _FragmentError(
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
                raise _FragmentError(path, "`$param` must be the only key of its mapping")
            if not isinstance(name, str) or name not in options:
                shown = name if isinstance(name, str) else repr(name)[:40]
                raise _FragmentError(
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
        {"$ref": "#/$defs/jsonSchema", "$defs": _POLICY_SCHEMA.data["$defs"]}
    )


def _metaschema_error(fragment: Any, path: tuple[str, ...]) -> _FragmentError:
    from ctlint.util.fastschema import (
        metaschema_error,  # lazy: the bundled catalog needs no jsonschema
    )

    error = metaschema_error(fragment)
    if error is None:  # pragma: no cover - the merged metaschema and jsonschema's agree (tested)
        return _FragmentError(path, "not a valid JSON Schema (draft 2020-12)")
    inner = tuple(str(p) for p in error.absolute_path)
    message = str(error.message)
    if len(message) > 160:
        message = message[:159] + "…"
    return _FragmentError((*path, *inner), f"not a valid JSON Schema: {message}")


def _compile_fragment(
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
            raise _FragmentError(
                path, f"the fragment is too large (more than {MAX_FRAGMENT_NODES:,} values)"
            )
        if not _is_schema()(filled):
            raise _metaschema_error(filled, path)
    if safe_regex:
        for inner, pattern in fastschema.iter_patterns(filled):
            try:
                fastschema.safe_search(pattern)
            except fastschema.PatternError as exc:
                raise _FragmentError(
                    (*path, *inner), f"the pattern does not compile: {exc}"
                ) from None
    return fastschema.compile_schema(filled, safe_regex=safe_regex)


def compile_fragment(
    fragment: Any, options: Mapping[str, Any], where: str, *, shipped: bool = False
) -> Predicate:
    """A JSON Schema fragment as a predicate (``$param`` placeholders filled in); every
    problem is a :class:`PolicyError` that starts with ``where``."""
    try:
        return _compile_fragment(fragment, options, (), verify=not shipped, safe_regex=not shipped)
    except _FragmentError as exc:
        inner = "/".join(exc.path)
        raise PolicyError(f"{where}{'/' + inner if inner else ''}: {exc.reason}") from None


# --------------------------------------------------------------------------- messages

#: The placeholders a message may use besides the rule's options (rules.md, writing-policies).
PLACEHOLDERS = frozenset({"field", "value", "index", "key", "item", "item_text"})
#: A rendered message is cut to this many characters, a placeholder's text to the second.
MESSAGE_MAX = 1_000
PLACEHOLDER_MAX = 200

Template = tuple[tuple[str, str | None], ...]


def parse_message(template: str, names: Collection[str] | None = None) -> Template:
    """(literal text, placeholder name or None) pairs; :class:`ValueError` for anything but
    plain ``{name}`` placeholders (of ``names`` when given) and ``{{``/``}}``. What it accepts,
    ``str.format`` reads the same way; what it refuses (format specs, conversions, attribute
    and index access, positions) could make a message huge or show Python internals."""
    parts: list[tuple[str, str | None]] = []
    literal: list[str] = []
    index, end = 0, len(template)
    while index < end:
        brace = min(
            (at for at in (template.find("{", index), template.find("}", index)) if at >= 0),
            default=end,
        )
        literal.append(template[index:brace])
        if brace == end:
            break
        if template.startswith(("{{", "}}"), brace):
            literal.append(template[brace])
            index = brace + 2
            continue
        if template[brace] == "}":
            raise ValueError("unbalanced braces (a `}` alone); write }} for a literal one")
        close = template.find("}", brace + 1)
        if close < 0:
            raise ValueError("unbalanced braces (a `{` never closed); write {{ for a literal one")
        field = template[brace + 1 : close]
        name = field.split("!", 1)[0].split(":", 1)[0]
        shown = "{" + field[:40] + "}"
        if not name.isidentifier() or "{" in name:
            raise ValueError(
                f"`{shown}`: a placeholder is a plain name such as {{value}} (no position, "
                "attribute or index)"
            )
        if name != field:
            raise ValueError(f"`{shown}`: a placeholder takes no conversion or format spec")
        if names is not None and name not in names:
            known = ", ".join(f"{{{n}}}" for n in sorted(names))
            raise ValueError(f"unknown placeholder `{shown}` (known: {known})")
        parts.append(("".join(literal), name))
        literal = []
        index = close + 1
    if literal and "".join(literal):
        parts.append(("".join(literal), None))
    return tuple(parts)


@functools.lru_cache(maxsize=4096)
def _template(message: str) -> Template:
    try:
        return parse_message(message)
    except ValueError:  # pragma: no cover - every loaded message was checked or is shipped
        return ((message, None),)


def _placeholder_text(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, (bool, float)) or (isinstance(value, int) and value.bit_length() <= 200):
        text = str(value)
    else:
        text = show_value(value, PLACEHOLDER_MAX)
    return text if len(text) <= PLACEHOLDER_MAX else text[: PLACEHOLDER_MAX - 1] + "…"


def render_message(message: str, values: Mapping[str, Any]) -> str:
    """A message with its placeholders filled in (``?`` for one without a value here), each
    cut to :data:`PLACEHOLDER_MAX` characters, the whole to :data:`MESSAGE_MAX`."""
    pieces: list[str] = []
    for literal, name in _template(message):
        pieces.append(literal)
        if name is not None:
            pieces.append(_placeholder_text(values.get(name, "?")))
    text = "".join(pieces)
    return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"


# --------------------------------------------------------------------------- options

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
            return _compile_fragment(
                value, options, (*path, key), verify=verify, safe_regex=safe_regex
            )
        except _FragmentError as exc:
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


def _format_error(path: str, error: Any, node: Any) -> str:

    pointer = "".join(f"/{escape_pointer(str(p))}" for p in error.absolute_path)
    span = locate(node, pointer)
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"{path}:{span.line}:{span.column}: invalid policy at `{where}`: {error.message}"


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
            when = _compile_fragment(
                raw["when"], merged, ("when",), verify=verify, safe_regex=safe_regex
            )
        except _FragmentError as exc:
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


def read_policy_file(path: str, display: str, *, bound: str | None = None) -> dict[str, Any]:
    """Load and validate one policy file; every problem is a :class:`PolicyError`."""
    data, _node = _read_document(Folder(path), display, validate=True, bound=bound)
    return data


#: Keys that revision 2 renamed: an old file gets the new name in its error.
_RENAMED = {"brief_requirement": "source_requirement"}


def _check_renamed(display: str, data: Mapping[str, Any], node: Any) -> None:

    for old, new in _RENAMED.items():
        if old in data:
            span = locate(node, f"/{old}", key=True)
            raise PolicyError(
                f"{display}:{span.line}:{span.column}: invalid policy at `{old}`: renamed "
                f"`{new}` in revision 2 of the rules; rename the key"
            )


@dataclasses.dataclass(frozen=True, slots=True)
class PackSource:
    """Where a pack's files are: a folder on disk or inside an installed distribution.

    ``bound``: a real (symlink-free) folder that every file of the pack must resolve into
    (the repository's root for ``policy_paths``); a file that leads outside is refused."""

    name: str
    folder: Any  # Traversable
    origin: str
    display: str
    bound: str | None = None


def iter_yaml(folder: Any) -> Iterator[Any]:
    """The YAML files of a pack folder, by name."""
    yield from sorted(
        (f for f in folder.iterdir() if f.name.endswith((".yaml", ".yml")) and f.is_file()),
        key=lambda f: f.name,
    )


def builtin_pack_sources() -> list[PackSource]:
    """The packs shipped with ctlint."""
    root = package_files("ctlint.policies")
    return [
        PackSource(entry.name, entry, "builtin", f"policies/{entry.name}")
        for entry in sorted(root.iterdir(), key=lambda e: e.name)
        if entry.is_dir() and not entry.name.startswith(("_", "."))
    ]


def local_pack_sources(root: str, policy_paths: Sequence[str]) -> list[PackSource]:
    """The organization's own packs: each folder of ``policy_paths`` holds one pack, whose
    files must all be inside ``root`` (links included)."""
    sources = []
    bound = os.path.realpath(root)
    for rel in policy_paths:
        folder = Folder(os.path.join(root, rel))
        if not folder.is_dir():
            raise PolicyError(f"policy_paths: `{rel}` is not a folder under {root}")
        if not _inside(os.path.realpath(folder.path), bound):
            raise PolicyError(f"policy_paths: `{rel}` leads outside {root}")
        sources.append(PackSource(folder.name, folder, "local", rel.rstrip("/"), bound))
    return sources


def installed_pack_sources() -> list[PackSource]:
    """Packs registered under the ``ctlint.packs`` entry-point group (a module or package
    whose folder holds ``pack.yaml`` and rule files)."""
    from importlib.metadata import entry_points

    sources = []
    for ep in sorted(entry_points(group="ctlint.packs"), key=lambda e: e.name):
        try:
            from importlib import resources

            folder = resources.files(ep.value)
        except (ImportError, TypeError) as exc:
            raise PolicyError(
                f"installed pack `{ep.name}`: cannot import `{ep.value}` ({exc})"
            ) from exc
        sources.append(PackSource(ep.name, folder, "installed", f"{ep.name} ({ep.value})"))
    return sources


def _file_path(entry: Any) -> str:
    return os.fspath(entry) if hasattr(entry, "__fspath__") else str(entry)


def _inside(real: str, bound: str) -> bool:
    return real == bound or real.startswith(bound.rstrip(os.sep) + os.sep)


def load_pack(
    source: PackSource,
    rule_options: Mapping[str, Mapping[str, Any]],
    *,
    options_label: str = "rule_options",
) -> tuple[Pack, list[Rule]]:
    """Load and compile every rule of one pack. A bad value in ``rule_options`` is a
    :class:`ConfigError` that starts with ``options_label``."""

    pack_file = source.folder.joinpath("pack.yaml")
    display = f"{source.display}/pack.yaml"
    if not pack_file.is_file():
        raise PolicyError(f"{display}: missing (every pack folder needs a pack.yaml)")
    builtin = source.origin == "builtin"
    meta = (
        read_builtin_file(pack_file, display, pack_file.read_text("utf-8"))
        if builtin
        else _read_document(pack_file, display, bound=source.bound)[0]
    )
    for key in ("name", "title", "description"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise PolicyError(f"{display}: `{key}` must be a non-empty text")
    if meta["name"] != source.name and source.origin in ("builtin", "local"):
        raise PolicyError(
            f"{display}: name `{meta['name']}` must equal the folder name `{source.name}`"
        )
    pack = Pack(meta["name"], meta["title"], meta["description"], source.origin)
    rules = []
    for entry in iter_yaml(source.folder):
        if entry.name == "pack.yaml":
            continue
        rel = f"{source.display}/{entry.name}"
        node = None
        if builtin:
            raw = read_builtin_file(entry, rel, entry.read_text("utf-8"))
        else:
            raw, node = _read_document(entry, rel, validate=True, bound=source.bound)
        if raw["pack"] != pack.name:
            raise PolicyError(
                f"{rel}: pack `{raw['pack']}` does not match its folder's pack `{pack.name}`"
            )
        stem = entry.name.rsplit(".", 1)[0]
        if stem != raw["id"]:
            raise PolicyError(f"{rel}: the file name must be the rule id (`{raw['id']}.yaml`)")
        overrides = rule_options.get(raw["id"])
        if overrides is not None:
            check_options(raw, overrides, options_label, ConfigError)
        rules.append(compile_rule(raw, path=rel, options=overrides, node=node, shipped=builtin))
    return pack, rules


#: Bumped when the bundle's layout changes; an older bundle is then ignored.
BUNDLE_VERSION = 1


@functools.cache
def _bundle() -> Mapping[str, Any]:
    """``policies/bundle.json`` (see :mod:`ctlint.policy.bundle`); empty when missing or unreadable."""
    import json

    try:
        text = package_files("ctlint.policies").joinpath("bundle.json").read_text("utf-8")
        document = json.loads(text)
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("version") != BUNDLE_VERSION:
        return {}
    files = document.get("files")
    return files if isinstance(files, dict) else {}


def read_builtin_file(
    entry: Any, display: str, text: str, *, use_bundle: bool = True
) -> dict[str, Any]:
    """A built-in policy file's data: from the bundle while the file's text is exactly the
    text recorded there, otherwise parsed and validated like any other policy file."""
    cached = _bundle().get(display) if use_bundle else None
    if isinstance(cached, dict) and cached.get("text") == text and isinstance(cached["data"], dict):
        data: dict[str, Any] = cached["data"]
        return data
    return _read_document(entry, display, validate=entry.name != "pack.yaml")[0]


_START = Span(1, 1, 1, 2)


def _read_bytes(path: str, display: str, bound: str | None) -> tuple[bytes | None, Problem | None]:
    """A policy file's bytes: opened only when it is a regular file (never a FIFO or device,
    so nothing can hang), at most the size limit, and inside ``bound`` when given."""
    target = path
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0)
    if bound is not None:
        target = os.path.realpath(path)
        if not _inside(target, bound):
            raise PolicyError(
                f"{display}: leads outside the repository (a link to a file elsewhere); "
                "ctlint reads policy files only from inside it"
            )
        flags |= getattr(os, "O_NOFOLLOW", 0)
    limit = _POLICY_LIMITS.max_file_bytes
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        return None, Problem("CTL001", f"Cannot read the file: {exc.strerror or exc}", _START)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Problem("CTL001", "Not a regular file (a folder, FIFO or device)", _START)
        if info.st_size > limit:
            return None, Problem(
                "CTL003", f"The file has {info.st_size:,} bytes, more than {limit:,}", _START
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20) or 1)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, Problem("CTL001", f"Cannot read the file: {exc.strerror or exc}", _START)
    finally:
        os.close(fd)
    if size > limit:
        return None, Problem("CTL003", f"The file has more than {limit:,} bytes", _START)
    return b"".join(chunks), None


def _read_document(
    entry: Any, display: str, *, validate: bool = False, bound: str | None = None
) -> tuple[dict[str, Any], Any]:
    """A policy or pack file's data and YAML node; every problem is a :class:`PolicyError`."""
    if hasattr(entry, "__fspath__"):
        raw, problem = _read_bytes(_file_path(entry), display, bound)
        if raw is None:
            assert problem is not None
            doc = Document(None, None, (problem,))
        else:
            doc = load_bytes(raw, is_json=False, limits=_POLICY_LIMITS)
    else:  # a Traversable inside a zip or other loader
        data = entry.read_bytes()
        if len(data) > _POLICY_LIMITS.max_file_bytes:
            raise PolicyError(f"{display}: more than {_POLICY_LIMITS.max_file_bytes:,} bytes")
        doc = load_bytes(data, is_json=False, limits=_POLICY_LIMITS)
    if doc.problems or doc.data is None:
        problem = doc.problems[0]
        raise PolicyError(f"{display}:{problem.span.line}:{problem.span.column}: {problem.message}")
    if validate:
        _check_renamed(display, doc.data, doc.node)
        errors = _POLICY_SCHEMA.errors(doc.data)
        if errors:
            raise PolicyError(_format_error(display, errors[0], doc.node))
    return doc.data, doc.node


@functools.cache
def base_manifest() -> dict[str, Any]:
    """policies/base-manifest.yaml, what policy examples patch."""
    text = package_files("ctlint.policies").joinpath("base-manifest.yaml").read_text("utf-8")
    doc = load_text(text, is_json=False, limits=_POLICY_LIMITS)
    assert doc.data is not None
    return doc.data


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
