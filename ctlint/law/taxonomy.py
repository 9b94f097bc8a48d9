"""The data taxonomy and the derived facts every rule reuses (spec/taxonomy.md), in one place."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

from ctlint.util.resources import files as package_files

#: Public Act 25-113's list of sensitive data is in force from this day.
SENSITIVE_2026 = dt.date(2026, 7, 1)

_SENSITIVE_ALWAYS = (
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.health_and_medical",
    "user.biometric",
    "user.authorization.biometric",
    "user.demographic.sexual_orientation",
    "user.demographic.sex_life",
    "user.demographic.citizenship",
    "user.government_id.immigration",
    "user.childrens",
    "user.crime_victim_status",
    "user.location.precise",
)
_SENSITIVE_FROM_2026 = (
    "user.demographic.transgender_status",  # "status as nonbinary or transgender" (secondary)
    "user.neural",
    "user.financial.bank_account",
    "user.financial.credit_card",
    "user.government_id",
)
_NOT_SENSITIVE = ("user.government_id.vehicle_registration",)
_CONSUMER_HEALTH = ("user.health_and_medical", "user.biometric.health")
_SSN = ("user.government_id.national_identification_number",)
_BREACH_PI = (
    "user.government_id",
    "user.financial",
    "user.health_and_medical",
    "user.biometric",
    "user.authorization.credentials",
    "user.authorization.password",
)
_HIGH_RISK = (
    "user.government_id",
    "user.financial.bank_account",
    "user.financial.credit_card",
    "user.health_and_medical.insurance_beneficiary_id",
    "user.health_and_medical.record_id",  # the "medical identification number" (ctlint's mapping)
    "user.authorization.password",
    "user.authorization.credentials",
    "user.authorization.biometric",
    "user.biometric",
)
_FREE_TEXT = ("user.content.private",)
_PRECISE_LOCATION = ("user.location.precise",)
_TARGETED_USES = (
    "marketing.advertising.first_party.targeted",
    "marketing.advertising.third_party.targeted",
    "marketing.advertising.profiling",
)
VOICEPRINT_KEY = "user.biometric.voice"


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
    classes = _classes(key)
    return "sensitive" in classes or (as_of >= SENSITIVE_2026 and "sensitive_2026" in classes)


@functools.lru_cache(maxsize=4096)
def _classes(key: str) -> frozenset[str]:
    """Every derived class of one category key, computed once per key."""
    found = set()
    if not is_under(key, _NOT_SENSITIVE):
        if is_under(key, _SENSITIVE_ALWAYS):
            found.add("sensitive")
        elif is_under(key, _SENSITIVE_FROM_2026):
            found.add("sensitive_2026")
        if is_under(key, _HIGH_RISK):
            found.add("high_risk")
    for name, prefixes in (
        ("personal_data", ("user",)),
        ("consumer_health", _CONSUMER_HEALTH),
        ("ssn", _SSN),
        ("breach_pi", _BREACH_PI),
        ("free_text", _FREE_TEXT),
        ("precise_location", _PRECISE_LOCATION),
    ):
        if is_under(key, prefixes):
            found.add(name)
    return frozenset(found)


@functools.cache
def vague_ancestors() -> frozenset[str]:
    """Keys that are ancestors of sensitive or high-risk keys without being either (CTL204)."""
    specific = (*_SENSITIVE_ALWAYS, *_SENSITIVE_FROM_2026, *_HIGH_RISK)
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
    agreement = data.get("agreement")
    basis = agreement.get("procurement_basis") if isinstance(agreement, dict) else None
    vendor = data.get("vendor")
    role = vendor.get("role") if isinstance(vendor, dict) else None
    uses = _list(data, "data", "uses")
    return {
        "processor": role in ("processor", "personal_service_contractor"),
        "third_party": role == "third_party",
        "personal_data": any("personal_data" in _classes(k) for k in keys),
        "sensitive": any(is_sensitive(k, as_of) for k in keys),
        "consumer_health": any("consumer_health" in _classes(k) for k in keys),
        "ssn": any("ssn" in _classes(k) for k in keys),
        "breach_pi": any("breach_pi" in _classes(k) for k in keys),
        "high_risk": any("high_risk" in _classes(k) for k in keys),
        "free_text": any("free_text" in _classes(k) for k in keys),
        "precise_location": any("precise_location" in _classes(k) for k in keys),
        "sale": _flag(data, "data", "sale"),
        "targeted_advertising": _flag(data, "data", "targeted_advertising")
        or any(u in _TARGETED_USES for u in uses),
        "model_training": _flag(data, "ai", "trains_on_customer_data") or "train_ai_system" in uses,
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
