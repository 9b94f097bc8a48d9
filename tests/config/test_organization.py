"""The organization profile as a typed value (ctlint/config/organization.py)."""

from __future__ import annotations

import pytest

from ctlint.config.organization import Organization


def test_every_field_of_the_configuration_schema_has_a_home() -> None:
    import json
    from pathlib import Path

    schema = json.loads(
        (Path(__file__).resolve().parents[2] / "schemas" / "config.schema.json").read_text("utf-8")
    )
    fields = set(schema["properties"]["organization"]["properties"])
    assert fields == {f for f in Organization.__dataclass_fields__ if f != "declared"}


def test_from_config_keeps_the_types_and_the_declared_order() -> None:
    org = Organization.from_config(
        {
            "type": "private_business",
            "name": "Acme",
            "ct_consumers_per_year": 52000,
            "sale_revenue_share": 0,
            "exemptions": ["higher_education"],
            "ct_employees": False,
            "regulations": [{"section": "§ 1", "title": "t"}],
        }
    )
    assert org.type == "private_business"
    assert org.ct_consumers_per_year == 52000
    assert org.sale_revenue_share == 0.0
    assert org.exemptions == ("higher_education",)
    assert org.fact("ct_employees") is False
    assert org.fact("state_contractor") is None
    assert org.declared[:3] == ("type", "name", "ct_consumers_per_year")


def test_an_absent_profile_is_empty() -> None:
    org = Organization.from_config({})
    assert org == Organization()
    assert org.type is None
    assert org.declared == ()


def test_a_boolean_is_not_a_count() -> None:
    assert Organization.from_config({"ct_consumers_per_year": True}).ct_consumers_per_year is None


def test_an_unknown_fact_is_an_error_not_a_silent_no() -> None:
    with pytest.raises(ValueError, match="not a yes/no fact"):
        Organization().fact("ct_employee")
