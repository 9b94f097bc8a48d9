"""An output never replaces an input of the run: the manifests it checked or that the
configuration selects, the configuration, the baseline in use, the policy files and the facts
cache, compared by device and inode so that links and other spellings are caught."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ctlint.util import globs
from ctlint.util.writing import FILE, NEW, Destination, WriteError, inspect, shown

if TYPE_CHECKING:
    from ctlint.engine.report import Report


def refuse_to_overwrite_inputs(
    outputs: Sequence[str], report: Report, *, root: str | None = None
) -> list[Destination]:
    """Check every output before any is written: each must be writable (:func:`inspect`),
    be named once (two outputs to one file would leave only the last), and be none of the run's
    inputs: a manifest it checked or that the configuration selects, the configuration, the
    baseline in use, a policy file of ``policy_paths`` or the facts cache. Files are compared by
    device and inode, so links and other spellings are caught too; an output that does not exist
    yet cannot be an input, so most runs stat no input at all."""
    destinations = [inspect(path, root=root) for path in outputs]
    seen: dict[object, Destination] = {}
    for destination in destinations:
        if destination.kind not in (NEW, FILE):
            continue  # a device or stream can take several outputs
        key: object = destination.identity or destination.real
        earlier = seen.get(key)
        if earlier is not None:
            same = (
                "is named twice"
                if earlier.path == destination.path
                else (f"and {shown(earlier.path)} are the same file")
            )
            raise WriteError(f"{shown(destination.path)} {same}: give each output its own file")
        seen[key] = destination
    existing = [d for d in destinations if d.kind == FILE]
    if existing:
        inputs = _inputs(report)
        for destination in existing:
            what = inputs.get(destination.identity)
            if what is None:
                what = _selected_manifest(destination, report)
            if what is not None:
                raise WriteError(f"{shown(destination.path)} is {what}; choose another output path")
    return destinations


def _inputs(report: Report) -> dict[tuple[int, int] | None, str]:
    """Device and inode of every file the run read, with what it is."""
    settings = report.settings
    root = settings.root
    found: dict[tuple[int, int] | None, str] = {}

    def add(paths: Iterable[str], what: str) -> None:
        for path in paths:
            try:
                st = os.stat(path)
            except (OSError, ValueError):
                continue
            found.setdefault((st.st_dev, st.st_ino), what)

    add((os.path.join(root, rel) for rel in report.files), "one of the files being checked")
    if settings.config_path:
        add([settings.config_path], "the configuration of this run")
    if settings.baseline:
        add([settings.baseline], "the baseline this run reads")
    if settings.cache_dir:
        from ctlint.engine.cache import FILE_NAME  # lazy: only when an output exists

        add([os.path.join(settings.cache_dir, FILE_NAME)], "the facts cache of this run")
    add(_policy_files(root, settings.policy_paths), "a policy file of this run (policy_paths)")
    return found


def _policy_files(root: str, policy_paths: Sequence[str]) -> Iterator[str]:
    for rel in policy_paths:
        top = os.path.join(root, rel)
        if not os.path.isdir(top):
            yield top
            continue
        for folder, _dirs, names in os.walk(top):
            for name in names:
                yield os.path.join(folder, name)


def _selected_manifest(destination: Destination, report: Report) -> str | None:
    """A file the configured ``manifests`` globs select, though this run did not check it
    (``check vendors/a.yaml --output vendors/b.yaml``): the next run would lint the report."""

    settings = report.settings
    real_root = os.path.realpath(settings.root)
    if not destination.real.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    rel = os.path.relpath(destination.real, real_root).replace(os.sep, "/")
    if globs.matches(rel, settings.manifests) and not globs.matches(rel, settings.exclude):
        return "a manifest (the configured `manifests` select it)"
    return None
