"""Every policy file: valid, complete, its examples pass, and it matches the spec's catalog."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ctlint.engine.examples import run_rule_examples
from ctlint.policy.catalog import build_catalog

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(os.environ.get("CTLINT_SPEC_DIR", ROOT.parent / "shared" / "spec")) / "rules.md"
#: Rules beyond the spec's catalog (allowed by the spec, documented in docs/upgrading.md):
#: CT-PDA-012, an agency's records retention schedule (newcomer review m7).
BEYOND_SPEC = {"CT-PDA-012": "warning", "CT-PDA-013": "error", "CTL206": "error"}
CATALOG = build_catalog(installed=False)
POLICY_RULES = sorted(
    (r for r in CATALOG.rules.values() if not r.builtin and not r.retired), key=lambda r: r.id
)


@pytest.mark.parametrize("rule", POLICY_RULES, ids=lambda r: r.id)
def test_examples(rule):
    results = run_rule_examples(rule)
    kinds = {r.kind for r in results}
    assert kinds == {"pass", "fail"}, "every rule needs pass and fail examples"
    failures = [f"{r.kind} `{r.name}`: {r.detail}" for r in results if not r.ok]
    assert not failures, "\n".join(failures)


def _spec_rows():
    text = SPEC.read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^\| (CT[A-Z0-9-]*\d{3}|CTL\d{3}) \| ([a-z—-]+) \|", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


@pytest.mark.skipif(not SPEC.exists(), reason="the shared spec is not beside this checkout")
def test_catalog_matches_spec_ids_and_severities():
    rows = _spec_rows()
    assert len(rows) > 80
    for rule_id, severity in rows.items():
        assert rule_id in CATALOG.rules, f"{rule_id} of rules.md has no policy file"
        rule = CATALOG.rules[rule_id]
        if severity == "—":
            assert rule.retired, f"{rule_id} must be retired"
        else:
            assert rule.severity.label == severity, rule_id
    extra = set(CATALOG.rules) - set(rows) - set(BEYOND_SPEC)
    assert not extra, f"policy files for ids not in rules.md: {sorted(extra)}"
    for rule_id, severity in BEYOND_SPEC.items():
        assert rule_id not in rows, f"{rule_id} is in rules.md now: drop it from BEYOND_SPEC"
        assert CATALOG.rules[rule_id].severity.label == severity, rule_id


EFFECTIVE = {
    "CTDPA-016": "2026-07-01",
    "CTDPA-025": "2026-07-01",
    "CTDPA-029": "2026-07-01",
    "CTDPA-026": "2026-10-01",
    "CTDPA-018": "2025-01-01",
    "CT-AI-003": "2027-01-01",
    "CT-BREACH-003": "2021-10-01",
    "CT-BREACH-004": "2018-10-01",
    "CTDPA-031": "2026-07-01",
    "CT-AI-002": "2026-05-27",
}


@pytest.mark.parametrize(
    "rule", sorted(CATALOG.rules.values(), key=lambda r: r.id), ids=lambda r: r.id
)
def test_effective_dates(rule):
    if rule.retired:
        return
    if rule.id in EFFECTIVE:
        expected = EFFECTIVE[rule.id]
    elif rule.pack in ("ctdpa", "ct-health"):
        expected = "2023-07-01"
    else:
        expected = "1970-01-01"
    assert rule.effective_from.isoformat() == expected


BRIEF = {
    "CT-PDA-001": "[3.4] relevant and necessary",
    "CT-PDA-002": "[3.2] identity",
    "CT-PDA-003": "[3.3] disclosure",
    "CT-PDA-004": "[3.4] accuracy",
    "CT-PDA-005": "[3.4] accuracy",
    "CT-PDA-006": "[3.5] contest",
    "CT-PDA-007": "[3.5] contest",
    "CT-PSA-001": "[4.1] agreement",
    "CT-PSA-002": "[4.1] agreement",
    "CT-PSA-003": "[4.1] agreement",
    "CT-PSA-004": "[4.1] agreement",
    "CT-PSA-005": "[4.1] agreement",
    "CT-PSA-006": "[4.1] agreement",
    "CT-PSA-007": "[4.1] agreement",
}


def test_source_requirements():
    for rule in CATALOG.rules.values():
        assert rule.source_requirement == BRIEF.get(rule.id), rule.id


#: Rules whose row in rules.md has no citation of their own: the declaration is ctlint's
#: requirement (CT-AI-004: "none of its own").
UNCITED = {"CT-AI-004"}


def test_every_non_core_rule_cites_law_with_status():
    for rule in POLICY_RULES:
        assert bool(rule.citations) is (rule.id not in UNCITED), rule.id
        for c in rule.citations:
            assert c.status in {"verified", "secondary", "unverified"}
            assert c.url.startswith(("https://", "http://"))


def test_retired_id_is_kept():
    assert CATALOG.rules["CTDPA-028"].retired
    assert not CATALOG.rules["CTDPA-028"].in_force(__import__("datetime").date(2030, 1, 1))


def test_renumbered_section_is_date_gated():
    import datetime as dt

    rule = CATALOG.rules["CTDPA-010"]
    before = [c.section for c in rule.citations if c.in_force(dt.date(2026, 6, 30))]
    after = [c.section for c in rule.citations if c.in_force(dt.date(2026, 7, 1))]
    assert before[0] == "§ 42-520(a)(1)"
    assert after[0] == "§ 42-520(a)(1)(A)"


def test_fact_names_agree_with_the_policy_schema_and_the_engine():
    import datetime as dt
    import json

    from ctlint.law.taxonomy import FACT_NAMES, ORGANIZATION_FACT_NAMES, derive_facts
    from ctlint.policy.load import base_manifest

    names = {*FACT_NAMES, *ORGANIZATION_FACT_NAMES}
    schema = json.loads((ROOT / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["fact"]["enum"]) == names
    assert set(derive_facts(base_manifest(), dt.date(2026, 12, 1))) == names
