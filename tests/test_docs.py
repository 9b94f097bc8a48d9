"""docs/rules.md is generated from the policy files and must not be stale."""

from __future__ import annotations

from pathlib import Path

from ctlint import docs
from ctlint.catalog import build_catalog

ROOT = Path(__file__).resolve().parents[1]


def test_rules_reference_is_current():
    expected = docs.render(build_catalog(installed=False))
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `python -m ctlint.docs docs/rules.md`"


def test_reference_lists_every_rule():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id in build_catalog(installed=False).rules:
        assert f"### {rule_id} " in text
