"""The data taxonomy and the derived facts every rule reuses (spec/taxonomy.md), in one place.

The classes of keys (sensitive data with its dates, breach-law personal information, high-risk
identifiers...) and the data uses that mean targeted advertising or model training are data
(``ctlint/law/taxonomy.yaml``, :mod:`ctlint.law.tables`); this module interprets them."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

from ctlint.law.records import KeyEntry
from ctlint.law.tables import law
from ctlint.util.resources import files as package_files

_LAW = law()
_SENSITIVE = _LAW.category("sensitive")
#: The day the list of sensitive data first changed (Public Act 25-113: 2026-07-01 in the data).
SENSITIVE_2026 = min((k.start for k in _SENSITIVE.keys if k.start), default=_LAW.ctdpa.in_force)
#: A manifest with ``recording.voiceprint: true`` counts as holding this category.
VOICEPRINT_KEY = _LAW.voiceprint_key


@functools.cache
def taxonomy() -> dict[str, Any]:
    """The pinned key lists (schemas/taxonomy.json)."""
    text = package_files("ctlint.schemas").joinpath("taxonomy.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def category_keys() -> frozenset[str]:
    """Every accepted data-category key, aliases included."""
    data = taxonomy()
    return (
        frozenset(data["data_categories"])
        | frozenset(data["ctlint_data_categories"])
        | frozenset(data["aliases"])
    )


def canonical(key: str) -> str:
    """The pinned spelling of a key (newer fideslang spellings are aliases)."""
    aliases: dict[str, str] = taxonomy()["aliases"]
    return aliases.get(key, key)


def is_under(key: str, prefixes: Iterable[str]) -> bool:
    """Whether ``key`` is one of ``prefixes`` or below one of them (``user.contact`` covers
    ``user.contact.email``)."""
    return any(key == p or key.startswith(p + ".") for p in prefixes)


def is_sensitive(key: str, as_of: dt.date) -> bool:
    """Sensitive data under § 42-515 at ``as_of`` (the list changed on 2026-07-01)."""
    return "sensitive" in classes_at(key, as_of)


@functools.lru_cache(maxsize=8192)
def classes_at(key: str, as_of: dt.date) -> frozenset[str]:
    """The classes of taxonomy.yaml (``sensitive``, ``breach_pi``...) that one category key is
    in at ``as_of``, computed once per key and day: its key or an ancestor is an entry in force
    that day, and neither it nor an ancestor is excluded."""
    found = set()
    for cls in law().categories:
        if is_under(key, cls.excluded):
            continue
        if any(entry.in_force(as_of) and is_under(key, (entry.key,)) for entry in cls.keys):
            found.add(cls.name)
    return frozenset(found)


@functools.cache
def vague_ancestors() -> frozenset[str]:
    """Keys that are ancestors of sensitive or high-risk keys without being either (CTL204)."""
    specific = tuple(
        entry.key for name in ("sensitive", "high_risk") for entry in law().category(name).keys
    )
    ancestors = {
        ".".join(key.split(".")[:n]) for key in specific for n in range(1, key.count(".") + 1)
    }
    return frozenset(a for a in ancestors if not is_under(a, specific))


def manifest_categories(data: Mapping[str, Any]) -> list[str]:
    """The manifest's valid category keys (canonical spelling), plus the voiceprint's."""
    section = data.get("data")
    keys: list[str] = []
    if isinstance(section, dict) and isinstance(section.get("categories"), list):
        valid = category_keys()
        for entry in section["categories"]:
            if isinstance(entry, dict):
                key = entry.get("key")
                if isinstance(key, str) and key in valid:
                    keys.append(canonical(key))
    recording = data.get("recording")
    if isinstance(recording, dict) and recording.get("voiceprint") is True:
        keys.append(VOICEPRINT_KEY)
    return keys


def sensitive_entry(key: str, as_of: dt.date) -> KeyEntry | None:
    """The entry of the sensitive-data list that makes ``key`` sensitive at ``as_of`` (the
    latest-starting one in force when several do), or None when the key is not sensitive."""
    if not is_sensitive(key, as_of):
        return None
    found = [e for e in _SENSITIVE.keys if e.in_force(as_of) and is_under(key, (e.key,))]
    return max(found, key=lambda e: e.start or dt.date.min, default=None)


def sensitive_categories(data: Mapping[str, Any], as_of: dt.date) -> tuple[str, ...]:
    """What makes the manifest hold sensitive data at ``as_of``, one text per category in the
    manifest's order: the key, with the day it became sensitive when the list added it later
    (``user.financial.credit_card (sensitive from 2026-07-01)``); a voiceprint is named by its
    field. The ``{sensitive_categories}`` placeholder of policy messages (writing-policies.md)."""
    out: list[str] = []
    section = data.get("recording")
    voiceprint = isinstance(section, dict) and section.get("voiceprint") is True
    keys = manifest_categories(data)
    if voiceprint:
        keys = keys[:-1]  # the voiceprint's own key, added last: named by its field below
    for key in dict.fromkeys(keys):
        entry = sensitive_entry(key, as_of)
        if entry is not None:
            out.append(f"{key} (sensitive from {entry.start})" if entry.start else key)
    if voiceprint and sensitive_entry(VOICEPRINT_KEY, as_of) is not None:
        out.append("recording.voiceprint (biometric data)")
    return tuple(out)


def _flag(data: Mapping[str, Any], section: str, key: str) -> bool:
    value = data.get(section)
    return isinstance(value, dict) and value.get(key) is True


def _list(data: Mapping[str, Any], section: str, key: str) -> list[Any]:
    value = data.get(section)
    if isinstance(value, dict) and isinstance(value.get(key), list):
        return list(value[key])
    return []


def _channels(data: Mapping[str, Any]) -> list[Any]:
    value = data.get("channels")
    return value if isinstance(value, list) else []


FACT_NAMES = (
    "processor",
    "third_party",
    "personal_data",
    "sensitive",
    "consumer_health",
    "ssn",
    "breach_pi",
    "high_risk",
    "free_text",
    "precise_location",
    "sale",
    "targeted_advertising",
    "model_training",
    "chatbot",
    "minors",
    "profiling_decisions",
    "records_calls",
    "voiceprint",
    "agents_monitored",
    "companion",
    "personal_service_basis",
)
#: Facts of the organization (configuration.md), the same for every manifest of a run; all
#: false while ``organization.type`` is undeclared.
ORGANIZATION_FACT_NAMES = (
    "org_private_business",
    "org_state_agency",
    "org_municipal_agency",
    "org_agency",
)
#: ``agreement.procurement_basis`` values that make the ct-psa rules apply (missing counts too).
PERSONAL_SERVICE_BASES = ("personal_service_agreement",)


def organization_facts(org_type: str | None) -> dict[str, bool]:
    """The organization facts of :data:`ORGANIZATION_FACT_NAMES` for ``organization.type``."""
    return {
        "org_private_business": org_type == "private_business",
        "org_state_agency": org_type == "ct_state_agency",
        "org_municipal_agency": org_type == "ct_municipal_agency",
        "org_agency": org_type in ("ct_state_agency", "ct_municipal_agency"),
    }


def derive_facts(
    data: Mapping[str, Any], as_of: dt.date, org_type: str | None = None
) -> dict[str, bool]:
    """Every derived fact of one manifest (values that failed the schema already removed),
    with the organization facts of ``org_type``."""
    keys = manifest_categories(data)
    classes: frozenset[str] = frozenset().union(*(classes_at(k, as_of) for k in keys))
    agreement = data.get("agreement")
    basis = agreement.get("procurement_basis") if isinstance(agreement, dict) else None
    vendor = data.get("vendor")
    role = vendor.get("role") if isinstance(vendor, dict) else None
    uses = _list(data, "data", "uses")
    targeted = law().use("targeted_advertising").keys
    training = law().use("model_training").keys
    return {
        "processor": role in ("processor", "personal_service_contractor"),
        "third_party": role == "third_party",
        "personal_data": "personal_data" in classes,
        "sensitive": "sensitive" in classes,
        "consumer_health": "consumer_health" in classes,
        "ssn": "ssn" in classes,
        "breach_pi": "breach_pi" in classes,
        "high_risk": "high_risk" in classes,
        "free_text": "free_text" in classes,
        "precise_location": "precise_location" in classes,
        "sale": _flag(data, "data", "sale"),
        "targeted_advertising": _flag(data, "data", "targeted_advertising")
        or any(u in targeted for u in uses),
        "model_training": _flag(data, "ai", "trains_on_customer_data")
        or any(u in training for u in uses),
        "chatbot": _flag(data, "ai", "chatbot")
        or "chatbot" in _channels(data)
        or data.get("category") == "chatbot",
        "minors": _flag(data, "data", "minors"),
        "profiling_decisions": _flag(data, "data", "profiling_decisions"),
        "records_calls": _flag(data, "recording", "records_calls"),
        "voiceprint": _flag(data, "recording", "voiceprint"),
        "agents_monitored": _flag(data, "recording", "agents_monitored"),
        "companion": _flag(data, "ai", "companion"),
        "personal_service_basis": basis is None or basis in PERSONAL_SERVICE_BASES,
        **organization_facts(org_type),
    }
