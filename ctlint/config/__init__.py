"""Find, read and validate the configuration; merge it with command-line options into Settings.

Why this module stays whole (about 500 lines): it has a seam, between finding,
reading and validating one configuration file (:func:`find_config`, :func:`has_tool_table`,
:func:`read_config`, about 150 lines) and turning it into :class:`Settings` (the dataclass,
:func:`load_settings` and its checks of paths and globs, about 300), but every command that
reads the configuration needs both halves, so two modules would let no command load less
and would add one more import to every pre-commit run (a one-file ``ctlint check`` imports
each module it needs before it starts; docs/performance.md, "Where the time goes").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from yaml.nodes import Node

from ctlint.config.defaults import Defaults, load_defaults
from ctlint.config.organization import Organization
from ctlint.document.parse import load_bytes
from ctlint.document.positions import locate
from ctlint.document.read import CONFIG_MAX_BYTES, Limits, ReadError, read_bytes
from ctlint.errors import ConfigError
from ctlint.model.findings import Citation, Cited, Severity, citations_in_force
from ctlint.util.fastschema import BundledSchema
from ctlint.util.globs import could_select_below, glob_error, is_inside

_T = TypeVar("_T")

CONFIG_NAME = ".ctlint.yaml"
DEFAULT_MANIFESTS = ("vendors/**/*.yaml", "vendors/**/*.yml", "vendors/**/*.json")


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs, decided once: command line > configuration file > default."""

    root: str
    config_path: str | None = None
    config_node: Node | None = None
    organization: Organization = dataclasses.field(default_factory=Organization)
    manifests: tuple[str, ...] = DEFAULT_MANIFESTS
    #: Whether ``manifests`` comes from the configuration (each glob must then match a file).
    manifests_configured: bool = False
    exclude: tuple[str, ...] = ()
    packs: tuple[str, ...] = ("auto",)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = dataclasses.field(default_factory=dict)
    rule_options: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    as_of: dt.date = dataclasses.field(default_factory=dt.date.today)
    baseline: str | None = None
    cache_dir: str | None = None
    policy_paths: tuple[str, ...] = ()
    limits: Limits = dataclasses.field(default_factory=Limits)
    waivers: bool = True
    expiry_notice_days: int = 60
    #: Which of ``select`` / ``ignore`` came from the command line (what an error names).
    from_command_line: frozenset[str] = frozenset()
    #: ``defaults:``, merged under every manifest (config/defaults.py).
    defaults: Defaults | None = None
    #: Whether a folder below the root that holds a configuration of its own is left to that
    #: configuration (config/discovery.py); False when ``--config`` names the file, which then
    #: covers everything below its root (as ruff's ``--config`` does).
    hierarchical: bool = True

    def citations_for(self, rule: Cited) -> tuple[Citation, ...]:
        """The rule's citations in force at the as-of date; for ``ct-pda`` with the declared
        regulations after the statute citations (rules.md, ct-pda); each marked best practice
        where the organization's type is one it is best practice for."""
        declared = self.declared_citations if rule.pack == "ct-pda" else ()
        cited = citations_in_force(rule.citations, self.as_of, declared)
        return tuple(c.for_organization(self.org_type) for c in cited)

    @property
    def declared_citations(self) -> tuple[Citation, ...]:
        """``organization.regulations`` as citations with status ``declared`` (none while
        ``organization.type`` is undeclared: the other organization facts are ignored then)."""
        if self.org_type is None:
            return ()
        entries = self.organization.regulations
        return tuple(
            Citation(
                law="Regs. Conn. State Agencies",
                section=entry["section"],
                title=entry["title"],
                url=entry.get("url") or "",
                status="declared",
                note="Named by the organization's configuration (organization.regulations); "
                "ctlint does not read or check it.",
            )
            for entry in entries
        )

    @property
    def config_display(self) -> str | None:
        """The configuration file relative to the root."""
        if self.config_path is None:
            return None
        return os.path.relpath(self.config_path, self.root).replace(os.sep, "/")

    @property
    def org_type(self) -> str | None:
        """``organization.type`` or None when undeclared."""
        return self.organization.type

    @property
    def packs_auto(self) -> bool:
        """Whether the applicability table decides (``packs: auto`` alone or in a list)."""
        return "auto" in self.packs


_CONFIG_SCHEMA = BundledSchema("config.schema.json")
#: How a YAML configuration is read: the default limits, and its own size bound.
_CONFIG_LIMITS = dataclasses.replace(Limits(), max_file_bytes=CONFIG_MAX_BYTES)


def shown_path(path: str) -> str:
    """A path as messages print it: relative to the current folder, as the findings' paths
    (``ctlint check``'s text output), unless it can only be reached from the top (another
    drive); ``.`` for the current folder itself."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - Windows: another drive
        return os.path.abspath(path)


def find_config(start: str) -> str | None:
    """The nearest ``.ctlint.yaml`` or ``pyproject.toml`` with ``[tool.ctlint]``, looking upward
    from ``start`` and stopping at the folder that holds ``.git``."""
    folder = os.path.abspath(start)
    while True:
        yaml_path = os.path.join(folder, CONFIG_NAME)
        toml_path = os.path.join(folder, "pyproject.toml")
        has_yaml = os.path.isfile(yaml_path)
        has_toml = os.path.isfile(toml_path) and has_tool_table(toml_path)
        if has_yaml and has_toml:
            raise ConfigError(
                f"{shown_path(folder)}: both {CONFIG_NAME} and pyproject.toml [tool.ctlint] "
                "configure ctlint; keep one"
            )
        if has_yaml:
            return yaml_path
        if has_toml:
            return toml_path
        parent = os.path.dirname(folder)
        if os.path.exists(os.path.join(folder, ".git")) or parent == folder:
            return None
        folder = parent


def _read_toml(path: str) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,import-not-found,unused-ignore]
    raw = _read_config_bytes(path)
    path = shown_path(path)
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: cannot read the TOML (byte 0x{raw[exc.start]:02x} at offset {exc.start} is "
            "not UTF-8)"
        ) from None
    except RecursionError:
        raise ConfigError(f"{path}: cannot read the TOML (it nests too deeply)") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: cannot read the TOML ({exc})") from None
    return data


def _read_config_bytes(path: str) -> bytes:
    """A configuration file's bytes: a regular file of at most CONFIG_MAX_BYTES (a FIFO or a
    device is never opened; a link to /dev/zero cannot make ctlint read without end)."""
    try:
        return read_bytes(path, CONFIG_MAX_BYTES)
    except ReadError as exc:
        raise ConfigError(_read_problem(path, exc)) from None


def _read_problem(path: str, exc: ReadError) -> str:
    path = shown_path(path)
    if exc.too_large:
        return (
            f"{path}: the file is larger than {CONFIG_MAX_BYTES:,} bytes, the most ctlint reads "
            "of a configuration file"
        )
    return f"{path}: {exc.message[:1].lower()}{exc.message[1:]}"


def has_tool_table(path: str) -> bool:
    """Whether a ``pyproject.toml`` configures ctlint (a file that is not a regular file, or
    cannot be read, does not)."""
    try:
        raw = read_bytes(path, CONFIG_MAX_BYTES)
    except ReadError as exc:
        if exc.too_large:
            raise ConfigError(_read_problem(path, exc)) from None
        return False
    if b"tool.ctlint" not in raw:
        return False
    tool = _read_toml(path).get("tool", {})
    return isinstance(tool, dict) and "ctlint" in tool


#: How deep a TOML configuration may nest (as a YAML one: the default limits.max_depth).
_TOML_DEPTH = Limits().max_depth


def _plain(value: Any, depth: int = 1, where: str = "[tool.ctlint]") -> Any:
    """TOML dates become ISO strings, so both spellings read alike; nesting is bounded."""
    if depth > _TOML_DEPTH:
        raise ConfigError(f"{where}: nests deeper than {_TOML_DEPTH} levels")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v, depth + 1, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, depth + 1, where) for v in value]
    return value


def read_config(path: str, display: str | None = None) -> tuple[dict[str, Any], Node | None]:
    """The raw configuration mapping of one file (validated), with its node tree for YAML;
    ``display`` is how messages name the file (default: relative to the current folder).

    Every schema problem of the file is reported at once (one :class:`ConfigError` of one line
    a problem, in the file's order), so that a file with several mistakes needs one run, not
    one a mistake. An empty file (or one of comments only) is an error: it declares no
    organization, and the rules of the state-agency packs would then run unasked."""
    display = display if display is not None else shown_path(path)
    node = None
    if path.endswith(".toml"):
        tool = _read_toml(path).get("tool", {})
        data = _plain(tool.get("ctlint", {}) if isinstance(tool, dict) else {}, 1, display)
        if not isinstance(data, dict):
            raise ConfigError(f"{display}: [tool.ctlint] must be a table")
    else:
        doc = load_bytes(_read_config_bytes(path), is_json=False, limits=_CONFIG_LIMITS)
        if doc.problems or doc.data is None:
            if doc.problems and doc.problems[0].message == "The file is empty":
                raise ConfigError(
                    f"{display}: the configuration file is empty; declare the organization "
                    "(`organization:` with `type:` private_business, ct_state_agency, "
                    "ct_municipal_agency or nonprofit), or run `ctlint init` to write one"
                )
            problem = doc.problems[0]
            raise ConfigError(
                f"{display}:{problem.span.line}:{problem.span.column}: {problem.message}"
            )
        data, node = doc.data, doc.node
    errors = _CONFIG_SCHEMA.errors(data)
    if errors:
        from ctlint.config.problems import problem_lines  # lazy: only for a bad configuration

        raise ConfigError(*problem_lines(display, errors, node))
    return data, node


def parse_as_of(text: str, source: str) -> dt.date:
    """A ``YYYY-MM-DD`` evaluation date."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{source}: `{text}` is not a date; write YYYY-MM-DD") from None


def _split(values: Sequence[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(out)


def _in_root(
    root: str, display: str, node: Node | None, pointer: str, value: str, example: str
) -> str:
    """A path from the configuration, which must stay inside the repository root: the
    configuration is repository content, and ctlint reads and writes these paths."""

    folder = os.path.join(root, value)
    if "\x00" in value:
        problem = "contains a NUL character"
    elif os.path.isabs(value) or not is_inside(os.path.realpath(folder), root):
        problem = "leads outside the repository root"
    elif ".git" in _real_rel(folder, root).split("/"):
        problem = "is inside .git, which holds git's own files and hooks"
    else:
        return folder
    raise ConfigError(
        f"{_where(display, node, pointer)}: {_key(pointer)}: `{value}` {problem}; name a path "
        f"inside the repository, e.g. {example}"
    )


def _policy_path(root: str, display: str, node: Node | None, index: int, value: str) -> str:
    return _in_root(root, display, node, f"/policy_paths/{index}", value, "policies/acme")


def _real_rel(path: str, root: str) -> str:
    """A path inside the root as a root-relative POSIX path, links resolved ("." for the root)."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(root)).replace(os.sep, "/")


def _where(display: str, node: Node | None, pointer: str) -> str:
    if node is None:
        return display
    span = locate(node, pointer)
    return f"{display}:{span.line}:{span.column}"


def _key(pointer: str) -> str:
    return pointer.strip("/").replace("/", ".")


def _check_globs(display: str, node: Node | None, key: str, patterns: Sequence[str]) -> None:
    """Every ``manifests``/``exclude`` glob can be compiled (a bad one is a configuration error,
    not a crash or a warning on stderr)."""

    lines = []
    for index, pattern in enumerate(patterns):
        problem = glob_error(pattern)
        if problem is not None:
            pointer = f"/{key}/{index}"
            lines.append(
                f"{_where(display, node, pointer)}: {_key(pointer)}: the glob `{pattern}` cannot "
                f"be used: {problem}"
            )
    if lines:
        raise ConfigError(*lines)


def _check_cache_dir(
    folder: str,
    *,
    root: str,
    where: str,
    manifests: Sequence[str],
    exclude: Sequence[str],
    policy_paths: Sequence[str],
    baseline: str | None,
) -> None:
    """The facts cache writes ``facts.json`` and a ``.gitignore`` of ``*`` into its folder: the
    folder may not be the root, lie under ``.git``, or hold what the run reads from the
    repository (manifests the globs select, policy files, the baseline), which git would then
    ignore and the globs might select. A folder outside the root (``--cache-dir``) is the
    user's own business."""

    real = os.path.realpath(folder)
    if not is_inside(real, root):
        return
    rel = _real_rel(folder, root)
    problem = None
    if rel == ".":
        problem = "is the repository root"
    elif ".git" in rel.split("/"):
        problem = "is inside .git"
    elif could_select_below(rel, manifests, exclude):
        problem = "holds manifests (the `manifests` globs select files inside it)"
    else:
        inside = [
            os.path.relpath(os.path.join(root, p), root).replace(os.sep, "/")
            for p in [*policy_paths, *([baseline] if baseline else [])]
            if is_inside(os.path.realpath(os.path.join(root, p)), real)
        ]
        if inside:
            problem = f"holds {inside[0]}, which ctlint reads"
    if problem is not None:
        raise ConfigError(
            f"{where}: `{rel}` {problem}; its .gitignore of `*` would hide those files from git. "
            "Name a folder of its own, e.g. .ctlint-cache"
        )


class _Attempt:
    """``attempt(check)``: the check's result, or None with its :class:`ConfigError`'s lines
    added to ``problems`` (so that the other checks still run)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def __call__(self, check: Callable[[], _T]) -> _T | None:
        try:
            return check()
        except ConfigError as exc:
            self.problems.extend(exc.lines)
            return None


def load_settings(
    *,
    cwd: str | None = None,
    config: str | None = None,
    as_of: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: str | None = None,
    baseline: str | None = None,
    waivers: bool = True,
    cache_dir: str | None = None,
    cache: bool = True,
    discover: bool = True,
) -> Settings:
    """Settings from the configuration file (found or named) and command-line options; with
    ``discover`` False and no ``config``, the defaults (no configuration covers the paths)."""
    start = os.path.abspath(cwd or os.getcwd())
    path: str | None
    if config is not None:
        path = os.path.abspath(config)
        if not os.path.isfile(path):
            raise ConfigError(f"--config: {config} is not a file")
        if path.endswith(".toml") and not has_tool_table(path):
            raise ConfigError(f"{config}: has no [tool.ctlint] table")
    else:
        path = find_config(start) if discover else None
    raw: dict[str, Any] = {}
    node = None
    display = shown_path(path) if path else "configuration"
    if path is not None:
        raw, node = read_config(path, display)
    root = os.path.dirname(path) if path else start
    # Every problem of the file is collected and reported at once (one line each), as its
    # schema problems are: one run names them all.
    problems: list[str] = []
    attempt = _Attempt(problems)
    limits = Limits(**{**dataclasses.asdict(Limits()), **raw.get("limits", {})})
    manifests = tuple(raw.get("manifests", DEFAULT_MANIFESTS))
    exclude = tuple(raw.get("exclude", ()))
    attempt(lambda: _check_globs(display, node, "manifests", manifests))
    attempt(lambda: _check_globs(display, node, "exclude", exclude))
    packs = raw.get("packs", "auto")
    as_of_value = as_of if as_of is not None else raw.get("as_of")
    severity = dict(raw.get("severity", {}))
    for rule_id, level in severity.items():
        if level not in ("error", "warning", "info", "off"):  # pragma: no cover - schema checks it
            raise ConfigError(f"{display}: severity.{rule_id} must be error, warning, info or off")
    baseline_path = (
        os.path.abspath(baseline)
        if baseline is not None
        else (
            attempt(
                lambda: _in_root(
                    root, display, node, "/baseline", raw["baseline"], ".ctlint-baseline.json"
                )
            )
            if raw.get("baseline")
            else None
        )
    )
    policy_paths = tuple(
        value
        for i, value in enumerate(raw.get("policy_paths", ()))
        if attempt(functools.partial(_policy_path, root, display, node, i, value))
    )
    cache_path = None
    cache_where = ""
    if cache and cache_dir is not None:
        cache_path = os.path.abspath(cache_dir)
        cache_where = "--cache-dir"
    elif cache and raw.get("cache_dir"):
        cache_path = attempt(
            lambda: _in_root(root, display, node, "/cache_dir", raw["cache_dir"], ".ctlint-cache")
        )
        cache_where = f"{_where(display, node, '/cache_dir')}: cache_dir"
    if cache_path is not None:
        folder = cache_path
        attempt(
            lambda: _check_cache_dir(
                folder,
                root=root,
                where=cache_where,
                manifests=manifests,
                exclude=exclude,
                policy_paths=policy_paths,
                baseline=baseline_path,
            )
        )
    as_of_date = (
        attempt(
            lambda: parse_as_of(
                as_of_value, "--as-of" if as_of is not None else f"{display}: as_of"
            )
        )
        if as_of_value
        else None
    )
    defaults = attempt(lambda: load_defaults(raw.get("defaults"), display, node))
    if problems:
        raise ConfigError(*problems)
    return Settings(
        root=root,
        config_path=path,
        config_node=node,
        organization=Organization.from_config(raw.get("organization") or {}),
        manifests=manifests,
        manifests_configured="manifests" in raw,
        exclude=exclude,
        packs=("auto",) if packs == "auto" else tuple(packs),
        select=_split(select) or () if select is not None else tuple(raw.get("select", ())),
        ignore=_split(ignore) or () if ignore is not None else tuple(raw.get("ignore", ())),
        severity=severity,
        rule_options={k: dict(v) for k, v in raw.get("rule_options", {}).items()},
        fail_on=Severity.parse(fail_on or raw.get("fail_on", "error")),
        as_of=as_of_date or dt.date.today(),
        baseline=baseline_path,
        policy_paths=policy_paths,
        cache_dir=cache_path,
        limits=limits,
        waivers=waivers,
        expiry_notice_days=raw.get("expiry_notice_days", 60),
        defaults=defaults,
        from_command_line=frozenset(
            k for k, v in (("select", select), ("ignore", ignore)) if v is not None
        ),
    )
