"""What a JSON Schema of fideslang's System cannot say (spec fides.md §6.3.2): the checks
pydantic's validators make, plus the keys every Fides tool must know."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from ctlint.law.taxonomy import taxonomy

SNAPSHOT = Path(__file__).resolve().parent.parent / "data/fides/fideslang-3.1.4-system.schema.json"
FIDES_KEY_PATTERN = re.compile(r"^[a-zA-Z0-9_.<>-]+$")  # fideslang validation.py:12


def system_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SNAPSHOT.read_text("utf-8")))


def problems(doc: dict[str, Any]) -> list[str]:
    """Every reason fideslang 3.1.4 (or `fides evaluate`) would refuse the export."""
    found: list[str] = []
    validator = system_validator()
    systems = doc.get("system") or []
    defined = {s.get("fides_key") for s in systems}
    extension = {c["fides_key"] for c in doc.get("data_category") or []}
    data = taxonomy()
    categories = set(data["data_categories"]) | extension
    uses, subjects = set(data["data_uses"]), set(data["data_subjects"])
    for index, system in enumerate(systems):
        where = f"system[{index}]"
        found += [f"{where}: {e.message}" for e in validator.iter_errors(system)]
        if not FIDES_KEY_PATTERN.match(str(system.get("fides_key"))):
            found.append(f"{where}: fides_key does not match FIDES_KEY_PATTERN")
        declarations = system.get("privacy_declarations") or []
        if len(declarations) > 1 and any(not d.get("name") for d in declarations):
            found.append(f"{where}: an unnamed declaration among several (TypeError in fideslang)")
        flows = {f["fides_key"] for kind in ("egress", "ingress") for f in system.get(kind) or []}
        for kind in ("egress", "ingress"):
            for flow in system.get(kind) or []:
                if flow.get("type") not in ("dataset", "system", "user"):
                    found.append(f"{where}: {kind} type {flow.get('type')}")
                if flow.get("type") == "system" and flow["fides_key"] not in defined:
                    found.append(f"{where}: {kind} to undefined system {flow['fides_key']}")
        for d in declarations:
            for kind in ("egress", "ingress"):
                for key in d.get(kind) or []:
                    if key not in flows:
                        found.append(f"{where}: declaration {kind} {key} not on the system")
            found += [f"{where}: category {k}" for k in d["data_categories"] if k not in categories]
            if d["data_use"] not in uses:
                found.append(f"{where}: use {d['data_use']}")
            found += [f"{where}: subject {s}" for s in d["data_subjects"] if s not in subjects]
            if "retention_period" in d and not isinstance(d["retention_period"], str):
                found.append(f"{where}: retention_period is not a string")
    return found
