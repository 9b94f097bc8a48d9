"""ctlint.scaffold.configuration: the ``.ctlint.yaml`` that ``ctlint init`` writes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ctlint.config import read_config
from ctlint.errors import UsageError
from ctlint.scaffold.configuration import config_text


def _read(tmp_path: Path, text: str) -> dict[str, Any]:
    path = tmp_path / ".ctlint.yaml"
    path.write_text(text, "utf-8")
    data, _node = read_config(str(path))
    return data


@pytest.mark.parametrize(
    "organization",
    [
        {"type": "private_business"},
        {
            "name": "Acme: Co",
            "type": "private_business",
            "ct_consumers_per_year": 52000,
            "sells_personal_data": False,
            "exemptions": ["hipaa_covered_entity", "higher_education"],
            "state_contractor": True,
            "ct_employees": False,
        },
        {"type": "nonprofit", "state_contractor": False},
        {"name": "DOL", "type": "ct_state_agency", "agency_division": "UI Division, Hartford"},
        {"type": "ct_municipal_agency", "ct_employees": True},
    ],
)
def test_config_text_is_read_back_as_written(tmp_path: Path, organization: dict[str, Any]) -> None:
    text = config_text(organization)
    assert _read(tmp_path, text) == {"organization": organization}
    assert text.startswith("# ctlint configuration")
    # every organization key written has a comment line just above it
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^  [a-z_]+: ", line):
            assert lines[index - 1].startswith("  # "), line


def test_config_text_shows_unset_relevant_facts_commented_out() -> None:
    business = config_text({"type": "private_business"})
    assert "  # ct_consumers_per_year: 52000" in business
    assert "  # agency_division:" not in business
    agency = config_text({"type": "ct_state_agency"})
    assert "  # agency_division: " in agency
    assert "ct_consumers_per_year" not in agency


PROFILES = [
    {"type": "private_business"},
    {"type": "private_business", "state_contractor": True},
    {"type": "nonprofit"},
    {"type": "ct_state_agency"},
    {"type": "ct_municipal_agency"},
]


def _uncomment_block(text: str, first: str) -> str:
    """Uncomment the commented-out key ``first`` (``# key:`` at any indent) and the lines
    nested under it, as a person does to use an example."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if re.match(rf"^ *# {first}:", line))
    indent = len(lines[index]) - len(lines[index].lstrip())
    lines[index] = lines[index][:indent] + lines[index][indent + 2 :]
    index += 1
    while index < len(lines) and lines[index].startswith(" " * indent + "#   "):
        lines[index] = lines[index][:indent] + lines[index][indent + 2 :]
        index += 1
    return "\n".join(lines)


@pytest.mark.parametrize("organization", PROFILES)
def test_config_text_shows_the_revision_2_keys(
    tmp_path: Path, organization: dict[str, Any]
) -> None:
    from ctlint.config import load_settings
    from ctlint.policy.catalog import build_catalog

    text = config_text(organization)
    personal_data_act = (
        organization["type"].endswith("agency") or "state_contractor" in organization
    )
    # every profile: the expiry notice (CTL305) with its default
    assert "\n# expiry_notice_days: 60\n" in text
    assert "CTL305" in text.split("# expiry_notice_days")[0].rsplit("\n# fail_on", 1)[1]
    # the organization's regulations and the one-agency limits, where ct-pda applies
    assert ("  # regulations:\n" in text) == personal_data_act
    assert ("#   CT-PDA-007: {max_days: 30}" in text) == personal_data_act
    assert ("#   CT-PDA-010: {max_business_days: 4}" in text) == personal_data_act
    assert text.count("# rule_options:") == 1
    # uncommented, the examples are a configuration ctlint accepts, with what they say
    opened = _uncomment_block(_uncomment_block(text, "expiry_notice_days"), "rule_options")
    if personal_data_act:
        opened = _uncomment_block(opened, "regulations")
        assert "declared" in text.split("  # regulations:")[0].rsplit("organization:", 1)[1]
    path = tmp_path / ".ctlint.yaml"
    path.write_text(opened, "utf-8")
    settings = load_settings(config=str(path))
    assert settings.expiry_notice_days == 60
    build_catalog(rule_options=settings.rule_options)  # the options exist, with those names
    if personal_data_act:
        assert settings.rule_options["CT-PDA-007"] == {"max_days": 30}
        assert settings.rule_options["CT-PDA-010"] == {"max_business_days": 4}
        cited = settings.declared_citations
        assert [c.section for c in cited] == ["§ 31-250-3", "§ 31-250-5"]
        assert {c.status for c in cited} == {"declared"}
    else:
        assert settings.rule_options == {}  # `rule_options: {}`, with an example beside it


def test_config_text_refuses_unknown_keys() -> None:
    with pytest.raises(UsageError, match="unknown organization key `size`"):
        config_text({"type": "nonprofit", "size": 3})
