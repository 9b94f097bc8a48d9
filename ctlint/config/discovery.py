"""Which configuration covers each path named on the command line (configuration.md, "Where
configuration lives"): the nearest ``.ctlint.yaml`` or ``pyproject.toml`` with ``[tool.ctlint]``
at or above the path, looking no higher than the enclosing git root. A run groups the named paths
by the configuration found for them and checks each group under its own configuration, so
``ctlint check shop`` from a parent folder applies shop's configuration, as a run inside
``shop/`` does.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence

from ctlint.config import DEFAULT_MANIFESTS, find_config


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
