"""ctlint.law.taxonomy: the classes of keys from ctlint/law/taxonomy.yaml, and the derived facts.

The key lists are pinned to the Python tuples they replaced (spec taxonomy.md, "Derived facts
the rules use"), so that moving them into data changed no decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ctlint.law import tables, taxonomy
from ctlint.law.taxonomy import classes_at, derive_facts, is_sensitive, vague_ancestors

BEFORE = dt.date(2026, 6, 30)
AFTER = dt.date(2026, 7, 1)

SENSITIVE_ALWAYS = (
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
SENSITIVE_FROM_2026 = (
    "user.demographic.transgender_status",
    "user.neural",
    "user.financial.bank_account",
    "user.financial.credit_card",
    "user.government_id",
)
LISTS = {
    "personal_data": ("user",),
    "consumer_health": ("user.health_and_medical", "user.biometric.health"),
    "ssn": ("user.government_id.national_identification_number",),
    "breach_pi": (
        "user.government_id",
        "user.financial",
        "user.health_and_medical",
        "user.biometric",
        "user.authorization.credentials",
        "user.authorization.password",
    ),
    "high_risk": (
        "user.government_id",
        "user.financial.bank_account",
        "user.financial.credit_card",
        "user.health_and_medical.insurance_beneficiary_id",
        "user.health_and_medical.record_id",
        "user.authorization.password",
        "user.authorization.credentials",
        "user.authorization.biometric",
        "user.biometric",
    ),
    "free_text": ("user.content.private",),
    "precise_location": ("user.location.precise",),
}


def test_the_lists_are_the_ones_the_code_had() -> None:
    law = tables.law()
    sensitive = law.category("sensitive")
    assert tuple(k.key for k in sensitive.keys if k.start is None) == SENSITIVE_ALWAYS
    assert tuple(k.key for k in sensitive.keys if k.start == AFTER) == SENSITIVE_FROM_2026
    assert sensitive.excluded == ("user.government_id.vehicle_registration",)
    for name, keys in LISTS.items():
        cls = law.category(name)
        assert tuple(k.key for k in cls.keys) == keys, name
        assert all(k.start is None and k.until is None for k in cls.keys), name
    assert law.category("high_risk").excluded == ("user.government_id.vehicle_registration",)
    assert law.use("targeted_advertising").keys == (
        "marketing.advertising.first_party.targeted",
        "marketing.advertising.third_party.targeted",
        "marketing.advertising.profiling",
    )
    assert law.use("model_training").keys == ("train_ai_system",)


def test_public_constants() -> None:
    assert dt.date(2026, 7, 1) == taxonomy.SENSITIVE_2026
    assert taxonomy.VOICEPRINT_KEY == "user.biometric.voice"


@pytest.mark.parametrize("key", SENSITIVE_ALWAYS)
def test_always_sensitive(key: str) -> None:
    assert is_sensitive(key, dt.date(2023, 7, 1))
    assert is_sensitive(f"{key}.something_below", AFTER)


@pytest.mark.parametrize("key", SENSITIVE_FROM_2026)
def test_sensitive_from_2026_07_01(key: str) -> None:
    assert not is_sensitive(key, BEFORE)
    assert is_sensitive(key, AFTER)


@pytest.mark.parametrize(
    ("key", "before", "after"),
    [
        ("user.government_id.passport_number", False, True),
        ("user.government_id.immigration", True, True),  # citizenship or immigration status
        ("user.government_id.vehicle_registration", False, False),
        ("user.financial", False, False),  # the ancestor is not itself sensitive
        ("user.contact.email", False, False),
    ],
)
def test_sensitivity_by_date(key: str, before: bool, after: bool) -> None:
    assert is_sensitive(key, BEFORE) is before
    assert is_sensitive(key, AFTER) is after


def test_classes_of_one_key() -> None:
    assert classes_at("user.government_id.vehicle_registration", AFTER) == {
        "personal_data",
        "breach_pi",
    }
    assert classes_at("user.government_id.national_identification_number", BEFORE) == {
        "personal_data",
        "ssn",
        "breach_pi",
        "high_risk",
    }
    assert "sensitive" in classes_at("user.government_id.national_identification_number", AFTER)
    assert classes_at("user.content.private.chat_transcript", AFTER) == {
        "personal_data",
        "free_text",
    }
    assert classes_at("system.operations", AFTER) == frozenset()


def test_vague_ancestors() -> None:
    assert vague_ancestors() == {
        "user",
        "user.demographic",
        "user.financial",
        "user.authorization",
        "user.location",
    }


def manifest(*keys: str, **sections: Any) -> dict[str, Any]:
    return {"data": {"categories": [{"key": k} for k in keys]}, **sections}


def test_derived_facts_follow_the_classes() -> None:
    facts = derive_facts(manifest("user.financial.credit_card"), BEFORE)
    assert (facts["sensitive"], facts["breach_pi"], facts["high_risk"]) == (False, True, True)
    assert derive_facts(manifest("user.financial.credit_card"), AFTER)["sensitive"] is True
    voice = derive_facts(manifest(recording={"voiceprint": True}), BEFORE)
    assert (voice["sensitive"], voice["breach_pi"], voice["personal_data"]) == (True, True, True)
    assert derive_facts(manifest("user.unknown_key"), AFTER)["personal_data"] is False


@pytest.mark.parametrize(
    ("uses", "targeted", "training"),
    [
        (["marketing.advertising.profiling"], True, False),
        (["marketing.advertising"], False, False),  # exact keys, not their ancestors
        (["marketing.advertising.first_party.targeted.more"], False, False),
        (["train_ai_system"], False, True),
        (["essential.service"], False, False),
    ],
)
def test_uses_that_mean_a_use(uses: list[str], targeted: bool, training: bool) -> None:
    facts = derive_facts({"data": {"uses": uses}}, AFTER)
    assert facts["targeted_advertising"] is targeted
    assert facts["model_training"] is training


# --------------------------------------------------------------------------- sensitive_categories


def _with(*keys: str, voiceprint: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"data": {"categories": [{"key": k} for k in keys]}}
    if voiceprint:
        data["recording"] = {"voiceprint": True}
    return data


def test_sensitive_categories_name_each_key_with_the_day_it_became_sensitive() -> None:
    data = _with(
        "user.name",
        "user.government_id.passport_number",
        "user.health_and_medical",
        "user.government_id.vehicle_registration",  # excluded from the sensitive list
        "user.health_and_medical",  # named once
        voiceprint=True,
    )
    assert taxonomy.sensitive_categories(data, AFTER) == (
        "user.government_id.passport_number (sensitive from 2026-07-01)",
        "user.health_and_medical",
        "recording.voiceprint (biometric data)",
    )
    assert taxonomy.sensitive_categories(data, BEFORE) == (
        "user.health_and_medical",
        "recording.voiceprint (biometric data)",
    )
    assert taxonomy.sensitive_categories(_with("user.name"), AFTER) == ()
