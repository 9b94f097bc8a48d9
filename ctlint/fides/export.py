"""ctlint manifests -> one Fides manifest (spec fides.md §5.3, §5.4, E1-E3): one ``system`` per
manifest in the order given, declarations always named with retention as strings, and a
``data_category`` block defining the ctlint extension keys used (or, with ``flatten``, each such
key rewritten to its nearest fideslang ancestor). The output is deterministic YAML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ctlint.engine.facts import certification_expiry, lapsed_certifications
from ctlint.fides.dumping import dump
from ctlint.law.taxonomy import canonical, is_under, taxonomy

#: Art. 9-type prefixes: a declaration holding one of them processes special-category data.
SPECIAL = (
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.health_and_medical",
    "user.biometric",
    "user.authorization.biometric",
    "user.demographic.sexual_orientation",
    "user.demographic.sex_life",
    "user.demographic.political_opinion",
    "user.demographic.transgender_status",
)
TARGETED = (
    "marketing.advertising.first_party.targeted",
    "marketing.advertising.third_party.targeted",
    "marketing.advertising.profiling",
)
#: ``x-fides`` fields copied back on export (round trip of imported manifests). The flows
#: (``egress``, ``ingress``) come back too, but only to Systems the export defines
#: (:func:`round_trip_flows`); dataset references do not, as the export defines no datasets.
ROUND_TRIP = ("vendor_id", "legal_address", "dpo")
FLOWS = ("egress", "ingress")
META_FIELDS = (
    "category", "channels", "status", "review", "vendor", "agreement", "subprocessors",
    "notice", "requests", "records", "consent", "assessment", "security", "breach",
    "recording", "ai", "waivers",
)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class Source:
    """One manifest to export: its data (schema-valid), path and SHA-256."""

    rel: str
    data: Mapping[str, Any]
    sha256: str | None


def _extensions() -> frozenset[str]:
    return frozenset(taxonomy()["ctlint_data_categories"])


def nearest_fideslang(key: str) -> str:
    """The key itself when fideslang has it, else its nearest fideslang ancestor."""
    known = frozenset(taxonomy()["data_categories"])
    while key not in known and "." in key:
        key = key.rsplit(".", 1)[0]
    return key


def _security_text(data: Mapping[str, Any], as_of: dt.date | None) -> str | None:
    """``security.*`` as text. With ``as_of``, a certification past its expiry date is not
    listed as held but as lapsed (the facts layer's :func:`as_held`); dated ones say until
    when they are valid."""
    expiry = certification_expiry(data)
    lapsed = lapsed_certifications(data, as_of) if as_of is not None else {}
    security = data.get("security") or {}
    parts = []
    if security.get("encryption_at_rest") is True:
        parts.append("encryption at rest")
    if security.get("encryption_in_transit") is True:
        parts.append("encryption in transit")
    if security.get("controls"):
        parts.append(f"controls: {', '.join(map(str, security['controls']))}")
    held = [
        f"{name} (valid through {expiry[name].isoformat()})" if name in expiry else str(name)
        for name in security.get("certifications") or []
        if name not in lapsed
    ]
    if held:
        parts.append(f"certifications: {', '.join(held)}")
    if lapsed:
        gone = ", ".join(f"{name} (expired {day.isoformat()})" for name, day in lapsed.items())
        parts.append(f"lapsed certifications: {gone}")
    if security.get("disposal"):
        parts.append(f"disposal: {security['disposal']}")
    return "; ".join(parts) or None


def _declarations(data: Mapping[str, Any], flatten: bool, warnings: list[str]) -> list[Any]:
    section = data.get("data") or {}
    vendor = data.get("vendor") or {}
    name = str(data.get("name"))
    deprecated: dict[str, str] = taxonomy()["deprecated"]
    uses = [deprecated.get(u, u) for u in section.get("uses") or []]
    entries = [dict(e) for e in section.get("categories") or []]
    if (data.get("recording") or {}).get("voiceprint") is True:
        entries.append({"key": "user.biometric.voice"})
    if (data.get("ai") or {}).get("trains_on_customer_data") is True:
        uses.append("train_ai_system")
    if section.get("targeted_advertising") is True and not any(u in TARGETED for u in uses):
        uses.append("marketing.advertising")
        warnings.append(f"{data.get('id')}: targeted advertising without a precise data use")
    sale = section.get("sale") is True
    if sale:
        uses.append("third_party_sharing")
    uses = list(dict.fromkeys(uses))
    groups: dict[int | None, list[str]] = {}
    for entry in entries:
        key = canonical(str(entry["key"]))
        if flatten:
            key = nearest_fideslang(key)
        bucket = groups.setdefault(entry.get("retention_days"), [])
        if key not in bucket:
            bucket.append(key)
    shared = sale or vendor.get("role") == "third_party"
    mechanism = ((data.get("consent") or {}).get("sensitive_data") or {}).get("mechanism")
    out = []
    for use in uses:
        for days, keys in groups.items():
            declaration: dict[str, Any] = {
                "name": f"{name}: {use}" + (f" (kept {days} days)" if days is not None else ""),
                "data_categories": keys,
                "data_use": use,
                "data_subjects": list(section.get("subjects") or []),
            }
            if days is not None:
                declaration["retention_period"] = str(days)
            if any(is_under(k, SPECIAL) for k in keys):
                declaration["processes_special_category_data"] = True
                if mechanism:
                    declaration["special_category_legal_basis"] = "Explicit consent"
            if shared:
                declaration["data_shared_with_third_parties"] = True
                declaration["third_parties"] = str(vendor.get("legal_name"))
                declaration["shared_categories"] = keys
            out.append(declaration)
    return out


def system(
    source: Source,
    *,
    flatten: bool,
    organization: str | None,
    warnings: list[str],
    as_of: dt.date | None = None,
) -> Any:
    """The Fides System of one manifest (on ``as_of``: a lapsed certification is not held)."""
    data = source.data
    vendor = data.get("vendor") or {}
    out: dict[str, Any] = {"fides_key": data["id"], "name": data["name"]}
    if organization:
        out["organization_fides_key"] = organization
    out["description"] = data.get("description") or ""
    out["tags"] = ["ctlint", f"ctlint-category:{data.get('category')}"]
    out["system_type"] = "Third Party"
    out["administrating_department"] = data.get("owner")
    out["legal_name"] = vendor.get("legal_name")
    out["responsibility"] = [] if vendor.get("role") == "third_party" else ["Processor"]
    if vendor.get("privacy_policy_url"):
        out["privacy_policy"] = vendor["privacy_policy_url"]
    section = data.get("data") or {}
    if isinstance(section.get("profiling_decisions"), bool):
        out["uses_profiling"] = section["profiling_decisions"]
    assessment = data.get("assessment")
    if isinstance(assessment, dict):
        out["requires_data_protection_assessments"] = True
        if assessment.get("document"):
            out["dpa_location"] = assessment["document"]
        if assessment.get("completed"):
            out["dpa_progress"] = f"Complete ({assessment['completed']})"
    entries = (data.get("subprocessors") or {}).get("entries") or []
    if entries and all(e.get("location") for e in entries):
        out["does_international_transfers"] = any(e["location"] != "US" for e in entries)
    security = _security_text(data, as_of)
    if security:
        out["data_security_practices"] = security
    fides = data.get("x-fides")
    if isinstance(fides, dict):
        out.update({k: fides[k] for k in ROUND_TRIP if isinstance(fides.get(k), str)})
    meta: dict[str, Any] = {k: data[k] for k in META_FIELDS if k in data}
    meta["purposes"] = {
        canonical(str(e["key"])): {
            k: e[k] for k in ("purpose", "necessity", "retention_days") if k in e
        }
        for e in section.get("categories") or []
    }
    for key in ("free_text_redaction", "minors", "sale", "targeted_advertising"):
        if key in section:
            meta[f"data.{key}"] = section[key]
    if source.sha256:
        meta["sha256"] = source.sha256
    out["meta"] = {"ctlint": _plain(meta)}
    out["privacy_declarations"] = _declarations(data, flatten, warnings)
    return out


def _plain(value: Any) -> Any:
    """Dates as ISO text, so that the YAML holds strings Fides can read."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _title(key: str) -> str:
    return key.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")
    return value or "entry"


def _flow_categories(
    flow: Mapping[str, Any], flatten: bool, where: str, warnings: list[str]
) -> list[str]:
    raw = flow.get("data_categories")
    keys = [canonical(str(k)) for k in raw] if isinstance(raw, list) else []
    if flatten:
        keys = [nearest_fideslang(k) for k in keys]
    known = frozenset(taxonomy()["data_categories"]) | _extensions()
    unknown = [k for k in keys if k not in known]
    if unknown:
        warnings.append(f"{where}: unknown data categories left out: {', '.join(unknown)}")
    return list(dict.fromkeys(k for k in keys if k in known))


def round_trip_flows(
    sources: Sequence[Source], systems: Sequence[dict[str, Any]], flatten: bool, warnings: list[str]
) -> None:
    """The ``x-fides`` ``egress``/``ingress`` of imported manifests back on their Systems
    (§5.3, round trip): a flow to a System the export defines (named by its Fides key or its
    ctlint id) or to the ``user``, with its data categories in the pinned spelling. A flow to
    anything else (a dataset, a System not exported) is left out with a warning: a reference
    the manifest does not define fails ``fides evaluate``."""
    defined = {str(s["fides_key"]) for s in systems}
    ids: dict[str, str] = {}  # the Fides key a manifest was imported from -> its id
    for source, system in zip(sources, systems, strict=True):
        fides = source.data.get("x-fides")
        if isinstance(fides, dict) and isinstance(fides.get("fides_key"), str):
            ids.setdefault(fides["fides_key"], str(system["fides_key"]))
    for source, system in zip(sources, systems, strict=True):
        fides = source.data.get("x-fides")
        if not isinstance(fides, dict):
            continue
        for direction in FLOWS:
            flows = fides.get(direction)
            kept: list[dict[str, Any]] = []
            for flow in flows if isinstance(flows, list) else []:
                if not isinstance(flow, dict):
                    continue
                key, kind = flow.get("fides_key"), flow.get("type")
                where = f"{system['fides_key']}: x-fides {direction} {kind} `{key}`"
                target = ids.get(key, key) if isinstance(key, str) else None
                if not (kind == "user" == key or (kind == "system" and target in defined)):
                    warnings.append(f"{where} left out: the export does not define it")
                    continue
                out: dict[str, Any] = {"fides_key": target, "type": kind}
                categories = _flow_categories(flow, flatten, where, warnings)
                if categories:
                    out["data_categories"] = categories
                if all(o["fides_key"] != target for o in kept):
                    kept.append(out)
            if kept:
                system[direction] = kept


def subprocessor_stubs(source: Source, vendor: dict[str, Any]) -> list[dict[str, Any]]:
    """One stub System per ``subprocessors.entries[]`` item (``--subprocessor-systems``), with
    the vendor's declarations and an ``ingress`` back to the vendor; the vendor gets the
    matching ``egress`` (a flow to a System the export did not define fails ``fides
    evaluate``, so flows exist only with their stubs)."""
    entries = (source.data.get("subprocessors") or {}).get("entries") or []
    stubs: list[dict[str, Any]] = []
    taken: set[str] = set()
    for entry in entries:
        base = f"{vendor['fides_key']}.sub.{_slug(str(entry['name']))}"
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        taken.add(key)
        purpose = f": {entry['purpose']}" if entry.get("purpose") else ""
        declarations = [
            {**d, "name": f"{entry['name']}: {d['data_use']}"}
            for d in vendor["privacy_declarations"]
        ]
        stub: dict[str, Any] = {
            "fides_key": key,
            "name": str(entry["name"]),
            "description": f"Subprocessor of {vendor['name']}{purpose}",
            "tags": ["ctlint", "ctlint-subprocessor"],
            "system_type": "Third Party",
            "responsibility": ["Sub-Processor"],
            "ingress": [{"fides_key": vendor["fides_key"], "type": "system"}],
            "privacy_declarations": _dedupe_names(declarations),
        }
        if entry.get("location"):
            stub["meta"] = {"ctlint": {"location": entry["location"]}}
        stubs.append(stub)
    if stubs:
        flows = vendor.setdefault("egress", [])
        flows += [{"fides_key": s["fides_key"], "type": "system"} for s in stubs]
    return stubs


def _dedupe_names(declarations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Declaration names made unique (a vendor's retention groups share a use)."""
    seen: dict[str, int] = {}
    for declaration in declarations:
        name = declaration["name"]
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            declaration["name"] = f"{name} ({seen[name]})"
    return declarations


def export(
    sources: Sequence[Source],
    *,
    flatten: bool = False,
    organization: str | None = None,
    subprocessor_systems: bool = False,
    as_of: dt.date | None = None,
) -> tuple[str, list[str]]:
    """The Fides manifest text of ``sources`` on ``as_of`` and the warnings."""
    warnings: list[str] = []
    systems = [
        system(s, flatten=flatten, organization=organization, warnings=warnings, as_of=as_of)
        for s in sources
    ]
    round_trip_flows(sources, systems, flatten, warnings)
    if subprocessor_systems:
        stubs = [
            stub for s, v in zip(sources, systems, strict=True) for stub in subprocessor_stubs(s, v)
        ]
        systems += stubs
    doc: dict[str, Any] = {"system": systems}
    if not flatten:
        lists = [d["data_categories"] for s in systems for d in s["privacy_declarations"]]
        lists += [
            f.get("data_categories", []) for s in systems for k in FLOWS for f in s.get(k, [])
        ]
        used = sorted({k for keys in lists for k in keys if k in _extensions()})
        if used:
            doc["data_category"] = [
                {
                    "fides_key": key,
                    "name": _title(key),
                    "description": f"ctlint extension key {key} (docs/taxonomy.md).",
                    "parent_key": key.rsplit(".", 1)[0],
                }
                for key in used
            ]
    return dump(doc), warnings
