"""Policy files: load, validate against policy.schema.json, and compile into :class:`Rule` values.

A rule pack is a folder with a ``pack.yaml`` and one ``<ID>.yaml`` per rule. The built-in
packs ship inside the package (``ctlint.policies``); an organization's own packs come from
``policy_paths``; installed packs come from the ``ctlint.packs`` entry-point group.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ctlint.errors import PolicyError
from ctlint.fastschema import BundledSchema
from ctlint.findings import Citation, Severity
from ctlint.resources import Folder
from ctlint.resources import files as package_files
from ctlint.source import Limits, load_path, load_text, split_pointer

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


_FORBIDDEN_KEYWORDS = ("$ref", "$dynamicRef", "$id", "$schema", "$anchor", "$dynamicAnchor")


def _check_fragment(fragment: Any, where: str) -> None:
    if isinstance(fragment, dict):
        for key, value in fragment.items():
            if key in _FORBIDDEN_KEYWORDS:
                raise PolicyError(
                    f"{where}: `{key}` is not allowed in a policy fragment (ctlint never loads "
                    "other schemas, local or remote); write the condition out"
                )
            _check_fragment(value, where)
    elif isinstance(fragment, list):
        for value in fragment:
            _check_fragment(value, where)


def _substitute(fragment: Any, options: Mapping[str, Any], where: str) -> Any:
    if isinstance(fragment, dict):
        if set(fragment) == {"$param"}:
            name = fragment["$param"]
            if name not in options:
                raise PolicyError(f"{where}: unknown parameter `{name}` (declare it under options)")
            return options[name]
        return {k: _substitute(v, options, where) for k, v in fragment.items()}
    if isinstance(fragment, list):
        return [_substitute(v, options, where) for v in fragment]
    return fragment


def compile_fragment(fragment: Any, options: Mapping[str, Any], where: str) -> Predicate:
    """A JSON Schema fragment as a predicate (``$param`` placeholders filled in)."""
    from ctlint import fastschema

    _check_fragment(fragment, where)
    return fastschema.compile_schema(_substitute(fragment, options, where))


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


def _assertion(raw: Mapping[str, Any], options: Mapping[str, Any], where: str) -> Assertion:
    contains = raw.get("contains")
    if isinstance(contains, list):
        pairs: tuple[tuple[str, str], ...] | None = tuple((c, c) for c in contains)
    elif isinstance(contains, dict):
        pairs = tuple(contains.items())
    else:
        pairs = None
    pointer = tuple(split_pointer(raw["pointer"]))
    if pointer.count("*") > 1:
        raise PolicyError(f"{where}: a pointer may have one `*` segment")
    if raw.get("where") is not None and "*" not in pointer:
        raise PolicyError(f"{where}: `where` needs a `*` segment in the pointer")
    for key in ("not_before", "not_after"):
        ref = raw.get(key)
        if ref is not None and ref != "as_of" and "*" in ref:
            raise PolicyError(f"{where}: `{key}` must be as_of or a plain JSON Pointer")

    def fragment(key: str) -> Predicate | None:
        value = raw.get(key)
        return None if value is None else compile_fragment(value, options, f"{where}: {key}")

    return Assertion(
        pointer=pointer,
        message=raw["message"],
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
    from ctlint.source import escape_pointer, locate

    pointer = "".join(f"/{escape_pointer(str(p))}" for p in error.absolute_path)
    span = locate(node, pointer)
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"{path}:{span.line}:{span.column}: invalid policy at `{where}`: {error.message}"


def compile_rule(
    raw: Mapping[str, Any], *, path: str, options: Mapping[str, Any] | None = None
) -> Rule:
    """Compile one validated policy mapping; ``options`` override the rule's own."""
    merged = {**raw.get("options", {}), **(options or {})}
    where = path
    asserts = tuple(
        _assertion(a, merged, f"{where}: assert/{i}") for i, a in enumerate(raw.get("assert", ()))
    )
    when = raw.get("when")
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
        options=merged,
        when=None if when is None else compile_fragment(when, merged, f"{where}: when"),
        facts=_facts(raw.get("facts")),
        applies=_applies(raw.get("applies")),
        asserts=asserts,
        examples=raw.get("examples", {}),
        raw=raw,
    )


def read_policy_file(path: str, display: str) -> dict[str, Any]:
    """Load and validate one policy file; every problem is a :class:`PolicyError`."""
    doc = load_path(path, limits=_POLICY_LIMITS)
    if doc.problems or doc.data is None:
        problem = doc.problems[0]
        raise PolicyError(f"{display}:{problem.span.line}:{problem.span.column}: {problem.message}")
    _check_renamed(display, doc.data, doc.node)
    errors = _POLICY_SCHEMA.errors(doc.data)
    if errors:
        raise PolicyError(_format_error(display, errors[0], doc.node))
    return doc.data


#: Keys that revision 2 renamed: an old file gets the new name in its error.
_RENAMED = {"brief_requirement": "source_requirement"}


def _check_renamed(display: str, data: Mapping[str, Any], node: Any) -> None:
    from ctlint.source import locate

    for old, new in _RENAMED.items():
        if old in data:
            span = locate(node, f"/{old}", key=True)
            raise PolicyError(
                f"{display}:{span.line}:{span.column}: invalid policy at `{old}`: renamed "
                f"`{new}` in revision 2 of the rules; rename the key"
            )


@dataclasses.dataclass(frozen=True, slots=True)
class PackSource:
    """Where a pack's files are: a folder on disk or inside an installed distribution."""

    name: str
    folder: Any  # Traversable
    origin: str
    display: str


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
    """The organization's own packs: each folder of ``policy_paths`` holds one pack."""
    sources = []
    for rel in policy_paths:
        folder = Folder(os.path.join(root, rel))
        if not folder.is_dir():
            raise PolicyError(f"policy_paths: `{rel}` is not a folder under {root}")
        sources.append(PackSource(folder.name, folder, "local", rel.rstrip("/")))
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


def load_pack(
    source: PackSource, rule_options: Mapping[str, Mapping[str, Any]]
) -> tuple[Pack, list[Rule]]:
    """Load and compile every rule of one pack."""
    pack_file = source.folder.joinpath("pack.yaml")
    display = f"{source.display}/pack.yaml"
    if not pack_file.is_file():
        raise PolicyError(f"{display}: missing (every pack folder needs a pack.yaml)")
    builtin = source.origin == "builtin"
    meta = (
        read_builtin_file(pack_file, display, pack_file.read_text("utf-8"))
        if builtin
        else _read_resource(pack_file, display)
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
        raw = (
            read_builtin_file(entry, rel, entry.read_text("utf-8"))
            if builtin
            else _read_resource(entry, rel, validate=True)
        )
        if raw["pack"] != pack.name:
            raise PolicyError(
                f"{rel}: pack `{raw['pack']}` does not match its folder's pack `{pack.name}`"
            )
        stem = entry.name.rsplit(".", 1)[0]
        if stem != raw["id"]:
            raise PolicyError(f"{rel}: the file name must be the rule id (`{raw['id']}.yaml`)")
        rules.append(compile_rule(raw, path=rel, options=rule_options.get(raw["id"])))
    return pack, rules


#: Bumped when the bundle's layout changes; an older bundle is then ignored.
BUNDLE_VERSION = 1


@functools.cache
def _bundle() -> Mapping[str, Any]:
    """``policies/bundle.json`` (see :mod:`ctlint.bundle`); empty when missing or unreadable."""
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
    return _read_resource(entry, display, validate=entry.name != "pack.yaml")


def _read_resource(entry: Any, display: str, *, validate: bool = False) -> dict[str, Any]:
    if hasattr(entry, "__fspath__"):
        path = _file_path(entry)
        if validate:
            return read_policy_file(path, display)
        doc = load_path(path, limits=_POLICY_LIMITS)
    else:  # a Traversable inside a zip or other loader
        doc = load_text(entry.read_text("utf-8"), is_json=False, limits=_POLICY_LIMITS)
        if validate and doc.data is not None and not doc.problems:
            _check_renamed(display, doc.data, doc.node)
            errors = _POLICY_SCHEMA.errors(doc.data)
            if errors:
                raise PolicyError(_format_error(display, errors[0], doc.node))
    if doc.problems or doc.data is None:
        problem = doc.problems[0]
        raise PolicyError(f"{display}:{problem.span.line}:{problem.span.column}: {problem.message}")
    return doc.data


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
