"""The register as JSON."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ctlint.output.register.model import REGISTER_VERSION, RULESET_METHOD, SINCE_METHOD, Register
from ctlint.output.register.phrases import iso
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.output.reporters.json_report import finding_json
from ctlint.util.text import (
    json_safe,
)


def document(register: Register) -> dict[str, Any]:
    """The register as one JSON-ready mapping."""
    h = register.header
    return {
        "version": REGISTER_VERSION,
        "kind": "ctlint-register",
        "header": {
            "organization": {
                "name": h.organization,
                "type": h.org_type,
                "agency_division": h.agency_division,
            },
            "packs": [
                {"name": p.name, "title": p.title, "active": p.active, "reason": p.reason}
                for p in h.packs
            ],
            "ctdpa_scope": None
            if h.ctdpa_scope is None
            else {"in_scope": h.ctdpa_scope[0], "reason": h.ctdpa_scope[1]},
            "as_of": h.as_of.isoformat(),
            "tool": {"name": "ctlint", "version": h.version},
            "ruleset": {
                "version": h.ruleset_version,
                "rules": h.ruleset_rules,
                "method": RULESET_METHOD,
            },
            "waivers_applied": h.waivers_applied,
            "since_method": SINCE_METHOD,
            "inputs": [
                {
                    "path": i.path,
                    "role": i.role,
                    "sha256": i.sha256,
                    "bytes": i.size,
                    "note": i.note,
                }
                for i in h.inputs
            ],
        },
        "summary": {"vendors": len(register.vendors), **register.outcome_counts()},
        "vendors": [
            {
                "file": v.file,
                "id": v.id,
                "name": v.name,
                "category": v.category,
                "role": v.role,
                "channels": list(v.channels),
                "data_categories": [
                    {"key": c.key, "sensitive": c.sensitive, "note": c.note} for c in v.categories
                ],
                "uses": list(v.uses),
                "agreement": dataclasses.asdict(v.agreement),
                "status": v.status,
                "compliance": v.outcome,
                "since": iso(v.since),
                "failing": list(v.failing),
                "manifest_problems": list(v.problems),
                "counts": dict(v.counts),
            }
            for v in register.vendors
        ],
        "obligations": [
            {
                "rule": o.rule,
                "pack": o.pack,
                "title": o.title,
                "severity": o.severity,
                "source_requirement": o.source_requirement,
                "citation": o.citation,
                "citations": [c.to_json() for c in o.citations],
                "not_applicable_when": o.not_applicable_when,
                "not_applicable_reason": o.not_applicable_reason,
                "applicable_to_organization": o.organization_not_applicable is None,
                "effective_from": o.effective_from.isoformat(),
                "counts": dict(o.counts),
            }
            for o in register.obligations
        ],
        "source_requirements": [
            {
                "requirement": r.key,
                "text": r.text,
                "rules": list(r.rules),
                "results": dict(r.results),
                "counts": dict(r.counts),
            }
            for r in register.requirements
        ],
        "matrix": [
            {
                "file": c.file,
                "rule": c.rule,
                "result": c.result,
                "reason": c.reason,
                "open": c.open,
                "waived": c.waived,
                "since": iso(c.since),
            }
            for v in register.vendors
            for o in register.obligations
            for c in (register.cells[(v.file, o.rule)],)
        ],
        "findings": [finding_json(f) for f in register.findings],
        "waivers": [dataclasses.asdict(w) for w in register.waivers],
    }


def render_json(register: Register) -> str:
    """Indented JSON, one trailing newline."""
    return json_safe(json.dumps(document(register), indent=2, ensure_ascii=False)) + "\n"


class JsonRegister:
    """``ctlint report --format json`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "json"
    extension = ".json"
    media_type = "application/json"

    def render(self, register: Register, options: RenderOptions) -> str:
        return render_json(register)


REPORTER: Reporter[Register] = JsonRegister()
