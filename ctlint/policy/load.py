"""Policy files: the packs' sources, reading and validating each file against
policy.schema.json, and compiling its rules (:mod:`ctlint.policy.compile`).

A rule pack is a folder with a ``pack.yaml`` and one ``<ID>.yaml`` per rule. The built-in
packs ship inside the package (``ctlint.policies``), and their parsed data comes from
``policies/bundle.json`` while a file's text has the fingerprint recorded there; an organization's own
packs come from ``policy_paths``; installed packs come from the ``ctlint.packs`` entry-point
group.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ctlint.document.parse import Document, load_bytes, load_text
from ctlint.document.positions import escape_pointer, locate
from ctlint.document.read import Limits, Problem
from ctlint.errors import ConfigError, PolicyError
from ctlint.model.findings import Span
from ctlint.policy.compile import check_options, compile_rule
from ctlint.policy.fragments import POLICY_SCHEMA
from ctlint.policy.model import Pack, Rule
from ctlint.util.resources import Folder, fingerprint
from ctlint.util.resources import files as package_files

_POLICY_LIMITS = Limits(max_file_bytes=1_048_576, max_nodes=200_000, max_depth=64)


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
BUNDLE_VERSION = 2


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
    if (
        isinstance(cached, dict)
        and cached.get("fingerprint") == fingerprint(text)
        and isinstance(cached.get("data"), dict)
    ):
        data: dict[str, Any] = cached["data"]
        return data
    return _read_document(entry, display, validate=entry.name != "pack.yaml")[0]


def _format_error(path: str, error: Any, node: Any) -> str:

    pointer = "".join(f"/{escape_pointer(str(p))}" for p in error.absolute_path)
    span = locate(node, pointer)
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"{path}:{span.line}:{span.column}: invalid policy at `{where}`: {error.message}"


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
        errors = POLICY_SCHEMA.errors(doc.data)
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
