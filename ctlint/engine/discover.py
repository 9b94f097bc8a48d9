"""Expand configured globs and command-line paths into the sorted list of manifests to check."""

from __future__ import annotations

import dataclasses
import errno
import os
from collections.abc import Iterable, Iterator, Sequence

from ctlint.config import CONFIG_NAME, Settings
from ctlint.config.discovery import MARKERS, config_in
from ctlint.document.positions import locate
from ctlint.document.read import Identity
from ctlint.errors import ConfigError, UsageError
from ctlint.util.globs import any_of, could_select_below, is_inside, matches, named_dots
from ctlint.util.text import visible


@dataclasses.dataclass(frozen=True, slots=True)
class Target:
    """One manifest path: ``rel`` is what output shows; ``problem`` is set when it cannot be read.

    For a symbolic link, ``path`` is the file it led to when discovery checked that the file
    lies inside the root, and ``identity`` that file's device and inode: the link itself is
    never opened again, so swapping it afterwards cannot make ctlint read another file.

    ``content`` holds the bytes of a manifest read from standard input (``--stdin-filename``):
    ``path`` is then the path it is reported as, which need not exist.
    """

    rel: str
    path: str
    problem: str | None = None
    identity: Identity | None = None
    content: bytes | None = None

    def sort_key(self) -> bytes:
        """Byte order of the root-relative POSIX path."""
        return self.rel.encode("utf-8", "surrogateescape")


def _rel(settings: Settings, path: str) -> str | None:
    absolute = os.path.abspath(path)
    root = settings.root
    if absolute == root or not absolute.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return os.path.relpath(absolute, root).replace(os.sep, "/")


def _skipped(settings: Settings, rel: str, allowed: frozenset[str] = frozenset()) -> bool:
    if any(part.startswith(".") and part not in allowed for part in rel.split("/")):
        return True
    if any(
        rel == p.rstrip("/") or rel.startswith(p.rstrip("/") + "/") for p in settings.policy_paths
    ):
        return True
    return matches(rel, settings.exclude)


def _walk(
    folder: str, allowed: frozenset[str] = frozenset(), *, nested: bool = True
) -> Iterable[str]:
    """The files below a named folder; with ``nested``, none in a folder below it that holds
    a configuration of its own (that configuration's group checks them)."""
    top = os.path.abspath(folder)
    for dirpath, dirnames, filenames in os.walk(folder):
        below = nested and not MARKERS.isdisjoint(filenames) and os.path.abspath(dirpath) != top
        if below and config_in(dirpath, filenames) is not None:
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") or d in allowed)
        for name in filenames:
            if not name.startswith(".") or name in allowed:
                yield os.path.join(dirpath, name)


def _extensions(settings: Settings) -> tuple[str, ...]:
    found = {os.path.splitext(p)[1].lower() for p in settings.manifests}
    found.discard("")
    return tuple(sorted(found)) or (".yaml", ".yml", ".json")


def _target(settings: Settings, path: str, given: str) -> Target:
    rel = _rel(settings, path) or given
    link = os.path.islink(path)
    real = os.path.realpath(path)
    try:
        info = os.stat(real) if link else None
    except OSError:
        return Target(rel, path, "The file is a symbolic link whose target does not exist")
    if not is_inside(real, settings.root) and _rel(settings, path) is not None:
        return Target(
            rel, path, "The file is a link that leads outside the repository root; it is not read"
        )
    if info is not None:  # read the file the link led to when it was checked, not the link
        return Target(rel, real, identity=(info.st_dev, info.st_ino))
    return Target(rel, path)


def configured(settings: Settings, *, strict: bool = True) -> list[Target]:
    """The configured ``manifests`` globs under the root, minus ``exclude``; ``strict``, a
    configuration error when configured globs match no file (what a lint run needs; commands
    that only read the repository's facts, such as ``new`` and ``rules``, pass False)."""
    config = os.path.abspath(settings.config_path) if settings.config_path else None
    found = []
    allowed = named_dots(settings.manifests)
    selected = any_of(settings.manifests)
    excluded = any_of(settings.exclude)
    policy = tuple(p.rstrip("/") for p in settings.policy_paths)
    unreadable: list[tuple[str, str, OSError]] = []
    nested: list[str] | None = [] if settings.hierarchical else None
    unmatched = strict and settings.manifests_configured  # until a configured glob matches
    for path, rel, link in _scan(os.path.abspath(settings.root), allowed, unreadable, nested):
        if path == config or not selected(rel):
            continue
        unmatched = False
        if excluded(rel):
            continue
        if policy and any(rel == p or rel.startswith(p + "/") for p in policy):
            continue
        # a file reached without a link is inside the root; only links need resolving
        found.append(_target(settings, path, rel) if link else Target(rel, path))
    for path, rel, exc in unreadable:  # a manifest may hide there: say so (CTL001)
        if selected(rel) or could_select_below(rel, settings.manifests, settings.exclude):
            if policy and any(rel == p or rel.startswith(p + "/") for p in policy):
                continue
            found.append(Target(rel, path, _unreadable_folder(exc)))
            unmatched = False  # a glob may match there: the CTL001 finding says so
    if unmatched and nested:  # globs that reach only nested configurations match there
        unmatched = not any(
            could_select_below(rel, settings.manifests, settings.exclude) for rel in nested
        )
    if unmatched:
        raise _matches_nothing(settings)
    return sorted(found, key=Target.sort_key)


def _matches_nothing(settings: Settings) -> ConfigError:
    """Configured ``manifests`` globs that match no file would turn the check off in silence
    (a typo such as ``vendor/*.yaml``): a configuration error naming the globs."""
    where = os.path.relpath(settings.config_path) if settings.config_path else "configuration"
    if settings.config_node is not None:
        span = locate(settings.config_node, "/manifests")
        where = f"{where}:{span.line}:{span.column}"
    globs = ", ".join(f"`{visible(g)}`" for g in settings.manifests) or "(an empty list)"
    return ConfigError(
        f"{where}: manifests: {globs} match no file under {os.path.relpath(settings.root)}; "
        "correct the globs (they are relative to the folder of the configuration)"
    )


def _unreadable_folder(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        why = "its path is longer than the system allows"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied"
    else:
        why = (exc.strerror or str(exc)).lower()
    return (
        f"This folder cannot be read ({why}), so the manifests the configured globs select "
        "in it are not checked; move them to a shorter or readable path"
    )


def _scan(
    root: str,
    allowed: frozenset[str],
    unreadable: list[tuple[str, str, OSError]] | None = None,
    nested: list[str] | None = None,
) -> Iterator[tuple[str, str, bool]]:
    """Like :func:`_walk` from the root (links to folders are not followed), but yields
    ``(path, root-relative POSIX path, is a link)`` straight from the directory entries: no
    per-file path arithmetic or stat for the common case. A folder that cannot be listed (no
    permission, a path longer than the system allows) is added to ``unreadable`` as
    ``(path, root-relative folder, error)``, never skipped in silence. With ``nested`` (a
    list), a folder below the root that holds a configuration of its own is not searched but
    added to it (its root-relative path)."""
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            if unreadable is not None and prefix:
                unreadable.append((folder, prefix.rstrip("/"), exc))
            continue
        if nested is not None and prefix:
            names = [e.name for e in entries if e.name in MARKERS]
            if names and config_in(folder, names) is not None:
                nested.append(prefix.rstrip("/"))
                continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") and name not in allowed:
                continue
            try:
                link = entry.is_symlink()
                is_dir = entry.is_dir()
            except OSError as exc:
                if unreadable is not None:
                    unreadable.append((entry.path, prefix + name, exc))
                continue
            if is_dir:
                if not link:
                    stack.append((entry.path, f"{prefix}{name}/"))
                continue
            yield entry.path, prefix + name, link


def expand(
    settings: Settings, paths: Sequence[str], *, only_manifests: bool = False
) -> list[Target]:
    """The manifests named on the command line: files whatever their name, folders searched.

    With ``only_manifests`` (the pre-commit hook), a named file that the configured
    ``manifests``/``exclude`` globs do not select is skipped instead of checked.
    """
    if not paths:
        return configured(settings)
    config = os.path.abspath(settings.config_path) if settings.config_path else None
    extensions = _extensions(settings)
    seen: dict[str, Target] = {}
    for given in paths:
        if not os.path.lexists(given):
            raise UsageError(f"{given}: no such file or folder")
        if os.path.isdir(given) and not os.path.islink(given):
            for path in _walk(given, nested=settings.hierarchical):
                rel = _rel(settings, path) or path
                if path == config or os.path.basename(path) == CONFIG_NAME:
                    continue
                if not path.lower().endswith(extensions) or _skipped(settings, rel):
                    continue
                seen.setdefault(os.path.abspath(path), _target(settings, path, path))
        elif _affects_all(settings, given, config):
            for target in configured(settings):
                seen.setdefault(os.path.abspath(target.path), target)
        elif only_manifests and not _selected(settings, given):
            continue
        else:
            seen.setdefault(os.path.abspath(given), _target(settings, given, given))
    return sorted(seen.values(), key=Target.sort_key)


def from_stdin(settings: Settings, given: str, content: bytes) -> Target:
    """The manifest read from standard input, reported as ``given`` (``--stdin-filename``):
    it takes the place of the file at that path, if there is one."""
    if os.path.isdir(given):
        raise UsageError(f"--stdin-filename: {given} is a folder; name the manifest's path")
    return Target(_rel(settings, given) or given, os.path.abspath(given), content=content)


def _selected(settings: Settings, given: str) -> bool:
    rel = _rel(settings, given)
    return rel is not None and not _skipped(settings, rel) and matches(rel, settings.manifests)


def _affects_all(settings: Settings, given: str, config: str | None) -> bool:
    """The configuration file or a local policy file named on the command line (as pre-commit
    does when one of them changes) means: check every configured manifest."""
    absolute = os.path.abspath(given)
    if absolute == config:
        return True
    rel = _rel(settings, given)
    return rel is not None and any(
        rel.startswith(p.rstrip("/") + "/") for p in settings.policy_paths
    )
