"""Which configuration covers each path named on the command line (configuration.md, "Where
configuration lives"): the nearest ``.ctlint.yaml`` or ``pyproject.toml`` with ``[tool.ctlint]``
at or above the path, looking no higher than the enclosing git root. A run groups the named paths
by the configuration found for them and checks each group under its own configuration, so
``ctlint check shop`` from a parent folder applies shop's configuration, as a run inside
``shop/`` does.

A folder below a configuration's root that holds a configuration of its own (a monorepo's
``teams/a/.ctlint.yaml``) is that configuration's: the parent's run leaves its files out (of
the files checked and of the repository-wide facts) and checks them as a group of their own,
so each file is checked under the nearest configuration, as ruff does with hierarchical
configuration.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Sequence

from ctlint.config import CONFIG_NAME, DEFAULT_MANIFESTS, Settings, find_config, has_tool_table
from ctlint.util.globs import could_select_below, named_dots

#: The file names that can make a folder a configuration's root.
MARKERS = frozenset({CONFIG_NAME, "pyproject.toml"})


@dataclasses.dataclass(frozen=True, slots=True)
class Group:
    """Named paths that one configuration covers (``config`` None: none was found for them)."""

    config: str | None
    paths: tuple[str, ...]


def config_for(path: str) -> str | None:
    """The configuration that covers one named path (a file, folder or missing path: the
    search starts at the folder itself, or the folder that holds the file)."""
    absolute = os.path.abspath(path)
    start = absolute if os.path.isdir(absolute) and not os.path.islink(absolute) else None
    if start is None:
        start = os.path.dirname(absolute)
    while not os.path.isdir(start):  # a path that does not exist: the nearest real folder
        parent = os.path.dirname(start)
        if parent == start:
            break
        start = parent
    return find_config(start)


def group_paths(paths: Sequence[str], cwd: str | None = None) -> list[Group]:
    """The named paths grouped by the configuration that covers them, in a stable order: the
    groups by the configuration's path (byte order), the paths of no configuration last; the
    paths of a group in the order given. No paths: the configuration found from ``cwd``."""
    if not paths:
        return [Group(find_config(os.path.abspath(cwd or os.getcwd())), ())]
    found: dict[str | None, list[str]] = {}
    for path in paths:
        found.setdefault(config_for(path), []).append(path)
    order = sorted(found, key=lambda c: (c is None, os.fsencode(c or "")))
    return [Group(config, tuple(found[config])) for config in order]


def config_in(folder: str, names: Collection[str]) -> str | None:
    """The configuration file in ``folder`` itself (whose entries include ``names``), or None:
    a ``.ctlint.yaml``, or a ``pyproject.toml`` with ``[tool.ctlint]``; both is a
    configuration error (:func:`ctlint.config.find_config`)."""
    if MARKERS.isdisjoint(names):
        return None
    yaml_path = os.path.join(folder, CONFIG_NAME)
    toml_path = os.path.join(folder, "pyproject.toml")
    if (CONFIG_NAME in names and os.path.isfile(yaml_path)) or (
        "pyproject.toml" in names and os.path.isfile(toml_path) and has_tool_table(toml_path)
    ):
        return find_config(folder)  # the one here, or the error when both are
    return None


def nested_groups(settings: Settings, paths: Sequence[str]) -> list[Group]:
    """The folders below a group that hold a configuration of their own, each as a group of
    that configuration (the nearest one of every file in it): for a run of the configured
    manifests (no ``paths``), the folders that the ``manifests`` globs (less ``exclude``) can
    reach, to be checked with their own configured manifests; for named folders, every such
    folder below them that is not excluded, to be checked as a named folder. A nested folder
    is not searched further here; its own group finds the folders nested in it."""
    if not settings.hierarchical:
        return []
    found: list[Group] = []
    if not paths:
        root = os.path.abspath(settings.root)
        allowed = named_dots(settings.manifests)
        for dirpath, dirnames, filenames in os.walk(root):
            if dirpath != root:
                config = config_in(dirpath, filenames)
                if config is not None:
                    found.append(Group(config, ()))
                    dirnames[:] = []
                    continue
            base = os.path.relpath(dirpath, root).replace(os.sep, "/")
            prefix = "" if base == "." else base + "/"
            dirnames[:] = sorted(
                d
                for d in dirnames
                if (not d.startswith(".") or d in allowed)
                and could_select_below(prefix + d, settings.manifests, settings.exclude)
            )
        return found
    for given in paths:
        if not os.path.isdir(given) or os.path.islink(given):
            continue
        top = os.path.abspath(given)
        for dirpath, dirnames, filenames in os.walk(given):
            if os.path.abspath(dirpath) != top:
                config = config_in(dirpath, filenames)
                if config is not None:
                    found.append(Group(config, (os.path.normpath(dirpath),)))
                    dirnames[:] = []
                    continue
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not d.startswith(".") and not _excluded(settings, os.path.join(dirpath, d))
            )
    return found


def _excluded(settings: Settings, folder: str) -> bool:
    """Whether ``exclude`` (or ``policy_paths``) covers a folder below the root."""
    rel = os.path.relpath(os.path.abspath(folder), settings.root).replace(os.sep, "/")
    if rel == ".." or rel.startswith("../"):
        return False
    if any(
        rel == p.rstrip("/") or rel.startswith(p.rstrip("/") + "/") for p in settings.policy_paths
    ):
        return True
    return not could_select_below(rel, ("**",), settings.exclude)


def default_note(paths: Sequence[str]) -> str:
    """The one line a run with no configuration prints on stderr: that none was found for
    which paths, and which defaults apply."""
    where = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return (
        f"ctlint: no configuration found for {where or 'the current folder'} (no .ctlint.yaml "
        "or pyproject.toml [tool.ctlint] up to the git root); using the defaults: the current "
        "folder as the root, organization type undeclared (so ct-pda and ct-psa run), manifests "
        f"{', '.join(DEFAULT_MANIFESTS)}"
    )
