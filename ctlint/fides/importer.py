"""``ctlint import fides``, without the terminal: which Systems to import (I3), their
manifests (:mod:`~ctlint.fides.mapping`, :mod:`~ctlint.fides.render`) and the import report
(I8) as plain data. Writing files is the command's job."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import Any

from ctlint.errors import UsageError
from ctlint.fides.ingest import Inputs, read_inputs
from ctlint.fides.mapping import (
    Imported,
    dataset_categories,
    free_text_hints,
    manifest_id,
    map_system,
)
from ctlint.fides.mapping import third_party_signal as vendor_like
from ctlint.fides.render import Scaffold, imported_skeleton


@dataclasses.dataclass(frozen=True, slots=True)
class Manifest:
    """One imported System: its report entry and the text of ``vendors/<id>.yaml``."""

    imported: Imported
    text: str


def manifest_path(folder: str, manifest: Manifest) -> str:
    """Where ``manifest`` is written in ``folder``: ``<id>.yaml``."""
    return os.path.join(folder, f"{manifest.imported.id}.yaml")


@dataclasses.dataclass(slots=True)
class Outcome:
    manifests: list[Manifest] = dataclasses.field(default_factory=list)
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (system, why)
    inventory: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # dataset -> keys
    hints: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # dataset -> fields
    files: list[str] = dataclasses.field(default_factory=list)

    def as_json(self, folder: str | None = None, *, dry_run: bool = False) -> dict[str, Any]:
        """The import report; with ``folder``, each manifest's ``path`` there, and with
        ``dry_run`` also its ``text`` (the file that would be written)."""
        return {
            "files": self.files,
            "dry_run": dry_run,
            "manifests": [
                {
                    "id": m.imported.id,
                    "system": m.imported.system_key,
                    "source": m.imported.x_fides.get("source"),
                    "renames": [s.as_json() for s in m.imported.renames],
                    "custom": [s.as_json() for s in m.imported.custom],
                    "unknown": [s.as_json() for s in m.imported.unknown],
                    "placeholders": m.imported.placeholders,
                    "warnings": m.imported.warnings,
                    **({} if folder is None else {"path": manifest_path(folder, m)}),
                    **({"text": m.text} if dry_run else {}),
                }
                for m in self.manifests
            ],
            "skipped": [{"system": s, "reason": why} for s, why in self.skipped],
            "datasets": {
                k: {"categories": v, "review": self.hints.get(k, [])}
                for k, v in self.inventory.items()
            },
            "totals": self.totals(),
        }

    def totals(self) -> dict[str, int]:
        ms = [m.imported for m in self.manifests]
        return {
            "systems": len(ms),
            "skipped": len(self.skipped),
            "renames": sum(len(m.renames) for m in ms),
            "custom": sum(len(m.custom) for m in ms),
            "unknown": sum(len(m.unknown) for m in ms),
            "placeholders": sum(len(m.placeholders) for m in ms),
            "warnings": sum(len(m.warnings) for m in ms),
        }


def run_import(
    paths: Sequence[str],
    scaffold: Scaffold,
    *,
    systems: Sequence[str] = (),
    everything: bool = False,
    extra_paths: Sequence[str] = (),
    keep_system_categories: bool = False,
) -> Outcome:
    """Read the inputs and build one manifest per System chosen (I3), written for ``scaffold``:
    with ``systems``, those fides_keys (each must exist); with ``everything``, all; else those
    with a vendor signal. ``extra_paths`` (--taxonomy, --datasets, --compass-declarations) add resources but no
    Systems of their own."""
    inputs = read_inputs(paths)
    extra = read_inputs(extra_paths, Inputs())
    inputs.datasets.update(extra.datasets)
    inputs.declarations += extra.declarations
    for kind, custom in extra.custom.items():
        inputs.custom[kind].update(custom)
    outcome = Outcome(files=list(inputs.files))
    keys = {str(s.data.get("fides_key")) for s in inputs.systems}
    missing = [k for k in systems if k not in keys]
    if missing:
        raise UsageError(
            f"--system {', '.join(missing)}: no such System in the inputs (found: "
            f"{', '.join(sorted(keys)) or 'none'})"
        )
    used: set[str] = set()
    for found in inputs.systems:
        key = found.data.get("fides_key")
        label = str(key) if key is not None else f"{found.file} {found.where}".strip()
        if systems and key not in systems:
            outcome.skipped.append((label, "not named by --system"))
            continue
        if not (systems or everything or vendor_like(found.data)):
            outcome.skipped.append((label, "no third-party signal (use --all or --system)"))
            continue
        warnings: list[str] = []
        made = manifest_id(found.data, warnings)
        if made is None:
            outcome.skipped.append((label, "no fides_key, name, legal_name or vendor_id"))
            continue
        base, number = made, 2
        while made in used:
            made = f"{base[:60]}-{number}"
            number += 1
        if made != base:
            warnings.append(f"id `{base}` is taken by another System: `{made}` used")
        used.add(made)
        imported = map_system(
            found, inputs, manifest_key=made, keep_system_categories=keep_system_categories
        )
        imported.warnings[:0] = warnings
        skeleton = imported_skeleton(imported, scaffold)
        outcome.manifests.append(Manifest(imported, skeleton.text))
    if not inputs.systems:
        for name, dataset in inputs.datasets.items():
            outcome.inventory[name] = sorted({k for k, _w in dataset_categories(dataset)})
            outcome.hints[name] = free_text_hints(dataset)
    return outcome
