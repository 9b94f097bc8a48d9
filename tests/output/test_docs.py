"""docs/rules.md is generated from the policy files and must not be stale."""

from __future__ import annotations

from pathlib import Path

from ctlint.output import docs
from ctlint.policy.catalog import build_catalog

ROOT = Path(__file__).resolve().parents[2]


def test_rules_reference_is_current():
    expected = docs.render(build_catalog(installed=False))
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/rules.md is stale: run `python -m ctlint.output.docs docs/rules.md`"
    )


def test_reference_lists_every_rule():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id in build_catalog(installed=False).rules:
        assert f"### {rule_id} " in text


def test_reference_shows_dates_status_agency_and_applies():
    text = docs.render(build_catalog(installed=False))
    block = text[text.index("### CTDPA-023 ") :]
    block = block[: block.index("\n### ")]
    assert "§ 42-522(a)](" in block
    assert "— *verified* (until 2026-06-30)" in block
    assert "§ 42-522(b)(1)](" in block
    assert "— *verified* (from 2026-07-01)" in block
    block = text[text.index("### CT-PDA-001 ") :]
    block = block[: block.index("\n### ")]
    assert "— another agency's rule of the same kind (Department of Labor)" in block
    assert "Source requirement: [3.4] relevant and necessary" in block
    block = text[text.index("### CT-PI-003 ") :]
    block = block[: block.index("\n### ")]
    assert (
        "Not applicable when `organization.type` is `ct_state_agency` or `ct_municipal_agency`: "
        in block
    )
    block = text[text.index("### CT-PSA-001 ") :]
    block = block[: block.index("\n### ")]
    assert "Not applicable when `agreement.procurement_basis` is set to a value other" in block
    assert "*declared* = named by the organization's" in text
