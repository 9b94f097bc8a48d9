"""The register as OSCAL 1.2.1 assessment results (``ctlint report --format oscal``).

- **Controls** are the Connecticut sections the obligations cite, published by
  ``ctlint report --format oscal-catalog`` (:mod:`ctlint.output.oscal_catalog`). The results
  list them in ``reviewed-controls`` and name the catalog in ``back-matter`` (its file name
  and SHA-256); ``import-ap`` points at the back-matter resource that describes the
  assessment plan, which is the rule set (its version and rules).
- **ctlint** is the assessment platform (``local-definitions/assessment-assets``) and the actor
  of every observation, finding and risk; **each manifest** is a subject (a component of type
  ``service``), with its file, SHA-256 and outcome.
- **Observations**: every obligation evaluated for a readable, not retired manifest (pass,
  fail, waived or not applicable, with the reason), whose evidence is the manifest path, its
  SHA-256 and, per finding, the pointer, line and message.
- **Findings**: an open obligation is ``not-satisfied`` (reason ``fail``), a met one
  ``satisfied`` (``pass``), a waived one ``not-satisfied`` (reason ``other``) with its waiver
  as a related risk. The target is the obligation's objective in the control of its first
  citation; the ``control-id`` properties name every section it cites.
- **Risks**: every waiver, ``deviation-approved`` while in effect, ``open`` once expired,
  ``deviation-requested`` when ctlint did not apply it (invalid, unmatched, a duplicate, the
  rule inactive, the manifest retired or ``--no-waivers``); the deadline is the end of its
  expiry day (UTC).

Times are the as-of date's start (UTC), never the clock; every UUID is a version-5 UUID over
a stable identity, so the same inputs and as-of date give byte-identical output.

(Slightly over 400 lines: the document is one OSCAL model, kept in one place so its cross
references, UUIDs and counts are read together.)
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from ctlint.output.oscal_catalog import (
    CATALOG_FILE,
    CATALOG_MEDIA_TYPE,
    OSCAL_VERSION,
    controls,
    line,
    moment,
    prop,
    render_catalog,
    stable_uuid,
)
from ctlint.output.register.model import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    RETIRED,
    RULESET_METHOD,
    SHORT,
    UNREADABLE,
    WAIVED,
    Cell,
    Obligation,
    Register,
    Vendor,
    WaiverEntry,
)
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import json_safe, md_text

MEDIA_TYPE = "application/oscal.assessment-results+json"
#: A manifest's lifecycle status as an OSCAL component state.
STATES = {
    "proposed": "under-development",
    "active": "operational",
    "offboarding": "disposition",
    "retired": "disposition",
}
PLATFORM = stable_uuid("assessment-platform", "ctlint")


def _href(path: str) -> str:
    return quote(path.encode("utf-8", "surrogateescape"), safe="/-._~")


def risk_status(waiver: WaiverEntry) -> str:
    """The OSCAL risk status of a waiver (module docstring)."""
    if waiver.expired:
        return "open"
    if waiver.state.startswith("in effect"):
        return "deviation-approved"
    return "deviation-requested"


def _origins() -> list[dict[str, Any]]:
    return [{"actors": [{"type": "assessment-platform", "actor-uuid": PLATFORM}]}]


def _component(vendor: Vendor, sha256: str | None) -> dict[str, Any]:
    props = [prop("file", vendor.file), prop("outcome", vendor.outcome)]
    if sha256:
        props.append(prop("sha256", sha256))
    for name, value in (
        ("vendor-id", vendor.id),
        ("lifecycle-status", vendor.status),
        ("category", vendor.category),
        ("role", vendor.role),
        ("failing-since", vendor.since.isoformat() if vendor.since else None),
    ):
        if value:
            props.append(prop(name, value))
    state = "other" if vendor.outcome == UNREADABLE else STATES.get(vendor.status or "", "other")
    return {
        "uuid": stable_uuid("subject", vendor.file),
        "type": "service",
        "title": line(vendor.display_name),
        "description": md_text(f"The vendor described by the manifest {vendor.file}."),
        "props": props,
        "links": [{"href": _href(vendor.file), "rel": "manifest"}],
        "status": {"state": state},
    }


def _observation(
    register: Register,
    identity: str,
    vendor: Vendor,
    obligation: Obligation,
    cell: Cell,
    sha256: str | None,
) -> dict[str, Any]:
    file, rule = vendor.file, obligation.rule
    evidence: list[dict[str, Any]] = []
    digest = [prop("sha256", sha256)] if sha256 else []
    for finding in register.vendor_findings(file):
        if finding.rule != rule:
            continue
        props = list(digest)
        if finding.pointer is not None:
            props.append(prop("pointer", finding.pointer))
        if finding.span is not None:
            props.append(prop("line", str(finding.span.line)))
            props.append(prop("column", str(finding.span.column)))
        props.append(prop("waived", "true" if finding.waived else "false"))
        evidence.append(
            {"href": _href(file), "description": md_text(finding.message), "props": props}
        )
    if not evidence:
        item: dict[str, Any] = {
            "href": _href(file),
            "description": md_text(f"The manifest {file} as ctlint read it."),
        }
        if digest:
            item["props"] = digest
        evidence.append(item)
    words = {
        PASS: "the obligation is met",
        FAIL: f"{cell.open} open finding{'s' if cell.open != 1 else ''}",
        WAIVED: f"{cell.waived} waived finding{'s' if cell.waived != 1 else ''}",
        NOT_APPLICABLE: f"not applicable: {cell.reason or 'no reason given'}",
    }[cell.result]
    props = [
        prop("rule", rule),
        prop("result", SHORT[cell.result]),
        prop("severity", obligation.severity),
        prop("vendor", vendor.label),
    ]
    if cell.since is not None:
        props.append(prop("failing-since", cell.since.isoformat()))
    return {
        "uuid": stable_uuid("observation", identity, file, rule),
        "title": line(f"{rule} for {vendor.label}: {SHORT[cell.result]}"),
        "description": md_text(f"ctlint evaluated {rule} ({obligation.title}) on {file}: {words}."),
        "props": props,
        "methods": ["TEST"],
        "types": ["finding"] if cell.result == FAIL else ["control-objective"],
        "origins": _origins(),
        "subjects": [{"subject-uuid": stable_uuid("subject", file), "type": "component"}],
        "relevant-evidence": evidence,
        "collected": moment(register.header.as_of),
    }


def _risk(
    register: Register, identity: str, index: int, waiver: WaiverEntry, observed: set[str]
) -> dict[str, Any]:
    status = risk_status(waiver)
    props = [
        prop("rule", waiver.rule),
        prop("vendor", waiver.vendor),
        prop("file", waiver.file),
        prop("waiver-state", waiver.state),
        prop("covers", str(waiver.covers)),
    ]
    if waiver.pointer is not None:
        props.append(prop("pointer", waiver.pointer))
    if waiver.expires is not None:
        props.append(prop("expires", waiver.expires))
    where = f" at {waiver.pointer}" if waiver.pointer else ""
    risk: dict[str, Any] = {
        "uuid": stable_uuid("risk", identity, waiver.file, str(index)),
        "title": line(f"Waiver of {waiver.rule} for {waiver.vendor}"),
        "description": md_text(waiver.reason),
        "statement": md_text(
            f"{waiver.rule} is waived for {waiver.file}{where}; ctlint: {waiver.state}."
        ),
        "props": props,
        "status": status,
        "origins": _origins(),
    }
    if waiver.expires is not None:
        risk["deadline"] = f"{waiver.expires}T23:59:59Z"
    key = f"{waiver.file}\x1f{waiver.rule}"
    if key in observed:
        risk["related-observations"] = [
            {"observation-uuid": stable_uuid("observation", identity, waiver.file, waiver.rule)}
        ]
    return risk


def document(register: Register) -> dict[str, Any]:
    """The assessment results as one JSON-ready mapping."""
    h = register.header
    found = controls(register)
    digests = {i.path: i.sha256 for i in h.inputs}
    identity = hashlib.sha256(
        json.dumps(
            [
                h.as_of.isoformat(),
                h.version,
                h.ruleset_version,
                h.waivers_applied,
                [[i.path, i.role, i.sha256] for i in h.inputs],
            ],
            ensure_ascii=False,
        ).encode("utf-8", "replace")
    ).hexdigest()
    plan = stable_uuid("assessment-plan", h.ruleset_version)
    catalog = stable_uuid("catalog-resource", identity)

    risks: list[dict[str, Any]] = []
    risks_of: dict[tuple[str, str], list[str]] = {}
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    evaluated = [v for v in register.vendors if v.outcome not in (RETIRED, UNREADABLE)]
    observed = {f"{v.file}\x1f{o.rule}" for v in evaluated for o in register.obligations}
    for index, waiver in enumerate(register.waivers):
        risk = _risk(register, identity, index, waiver, observed)
        risks.append(risk)
        risks_of.setdefault((waiver.file, waiver.rule), []).append(risk["uuid"])
    for vendor in evaluated:
        sha256 = digests.get(vendor.file)
        for obligation in register.obligations:
            cell = register.cell(vendor.file, obligation.rule)
            observation = _observation(register, identity, vendor, obligation, cell, sha256)
            observations.append(observation)
            if cell.result == NOT_APPLICABLE:
                continue
            sections = found.of_rule[obligation.rule]
            state = "satisfied" if cell.result == PASS else "not-satisfied"
            reason = {PASS: "pass", FAIL: "fail", WAIVED: "other"}[cell.result]
            finding: dict[str, Any] = {
                "uuid": stable_uuid("finding", identity, vendor.file, obligation.rule),
                "title": line(f"{obligation.rule} for {vendor.label}: {state}"),
                "description": md_text(f"{obligation.title} ({vendor.file})."),
                "props": [
                    prop("rule", obligation.rule),
                    prop("result", SHORT[cell.result]),
                    prop("vendor", vendor.label),
                    *(prop("control-id", s.id) for s in sections),
                ],
                "origins": _origins(),
                "target": {
                    "type": "objective-id",
                    "target-id": sections[0].objective(obligation.rule),
                    "status": {"state": state, "reason": reason},
                },
                "related-observations": [{"observation-uuid": observation["uuid"]}],
            }
            related = risks_of.get((vendor.file, obligation.rule))
            if related:
                finding["related-risks"] = [{"risk-uuid": r} for r in related]
            findings.append(finding)

    local: dict[str, Any] = {}
    if register.vendors:
        local["components"] = [_component(v, digests.get(v.file)) for v in register.vendors]
    local["assessment-assets"] = {
        "assessment-platforms": [
            {
                "uuid": PLATFORM,
                "title": "ctlint",
                "props": [prop("version", h.version, core=True)],
            }
        ]
    }
    selection: dict[str, Any] = (
        {"include-controls": [{"control-id": s.id} for s in found.sections]}
        if found.sections
        else {"include-all": {}}
    )
    result: dict[str, Any] = {
        "uuid": stable_uuid("result", identity),
        "title": line(f"ctlint compliance register as of {h.as_of.isoformat()}"),
        "description": md_text(
            "Every vendor manifest checked against the active obligations of ctlint's rule "
            "set, with waivers " + ("applied." if h.waivers_applied else "ignored (audit mode).")
        ),
        "start": moment(h.as_of),
        "props": [
            prop("as-of", h.as_of.isoformat()),
            prop("ruleset-version", h.ruleset_version),
            prop("waivers-applied", "true" if h.waivers_applied else "false"),
        ],
        "local-definitions": local,
        "reviewed-controls": {
            "links": [{"href": f"#{catalog}", "rel": "reference"}],
            "control-selections": [selection],
        },
    }
    for key, items in (("observations", observations), ("risks", risks), ("findings", findings)):
        if items:
            result[key] = items

    metadata: dict[str, Any] = {
        "title": line(f"ctlint assessment results: {h.organization or 'organization not named'}"),
        "last-modified": moment(h.as_of),
        "version": h.as_of.isoformat(),
        "oscal-version": OSCAL_VERSION,
        "props": [prop("tool", f"ctlint {h.version}")],
    }
    if h.organization:
        metadata["parties"] = [
            {
                "uuid": stable_uuid("party", h.organization),
                "type": "organization",
                "name": prop("name", h.organization)["value"],
            }
        ]
    catalog_text = render_catalog(register)
    resources: list[dict[str, Any]] = [
        {
            "uuid": plan,
            "title": "Assessment plan: the ctlint rule set",
            "description": md_text(
                f"The {h.ruleset_rules} active policy rules of ctlint {h.version} at "
                f"{h.as_of.isoformat()}; rule-set version {h.ruleset_version}."
            ),
            "props": [
                prop("ruleset-version", h.ruleset_version),
                prop("rules", str(h.ruleset_rules)),
                prop("ruleset-method", RULESET_METHOD),
            ],
        },
        {
            "uuid": catalog,
            "title": "The catalog of the cited Connecticut sections",
            "description": md_text(
                "Written by `ctlint report --format oscal-catalog` on the same inputs and "
                f"as-of date; expected next to these results as {CATALOG_FILE}."
            ),
            "rlinks": [
                {
                    "href": CATALOG_FILE,
                    "media-type": CATALOG_MEDIA_TYPE,
                    "hashes": [
                        {
                            "algorithm": "SHA-256",
                            "value": hashlib.sha256(catalog_text.encode("utf-8")).hexdigest(),
                        }
                    ],
                }
            ],
        },
    ]
    for item in h.inputs:
        rlink: dict[str, Any] = {"href": _href(item.path)}
        if item.sha256:
            rlink["hashes"] = [{"algorithm": "SHA-256", "value": item.sha256}]
        resource: dict[str, Any] = {
            "uuid": stable_uuid("input", item.role, item.path),
            "title": line(item.path),
            "props": [prop("role", item.role)],
            "rlinks": [rlink],
        }
        if item.size is not None:
            resource["props"].append(prop("bytes", str(item.size)))
        if item.note:
            resource["remarks"] = md_text(item.note)
        resources.append(resource)
    return {
        "assessment-results": {
            "uuid": stable_uuid("assessment-results", identity),
            "metadata": metadata,
            "import-ap": {
                "href": f"#{plan}",
                "remarks": "ctlint keeps no separate assessment plan: it is the rule set.",
            },
            "results": [result],
            "back-matter": {"resources": resources},
        }
    }


def render_oscal(register: Register) -> str:
    """Indented JSON, one trailing newline."""
    return json_safe(json.dumps(document(register), indent=2, ensure_ascii=False)) + "\n"


class OscalResults:
    """``ctlint report --format oscal`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "oscal"
    extension = ".json"
    media_type = MEDIA_TYPE

    def render(self, register: Register, options: RenderOptions) -> str:
        return render_oscal(register)


REPORTER: Reporter[Register] = OscalResults()
