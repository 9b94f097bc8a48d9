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


# --------------------------------------------------------------------------- the law tables


def law_section(text: str) -> str:
    return text[text.index("## The law as data") : text.index("## `core`")]


def test_reference_has_the_law_tables_before_the_packs():
    text = docs.render(build_catalog(installed=False))
    section = law_section(text)
    for heading in (
        "### Packs by organization type (`packs: auto`)",
        "### CTDPA thresholds",
        "### CTDPA exemptions",
        "### Classes of data categories",
        "#### Sensitive data (`sensitive`)",
        "#### High-risk identifier (`high_risk`)",
        "### Data uses",
    ):
        assert f"\n{heading}\n" in section, heading


def test_law_tables_show_thresholds_packs_exemptions_and_markers():
    section = law_section(docs.render(build_catalog(installed=False)))
    assert (
        "| 2023-07-01 | 2026-06-30 | `ct_consumers_per_year` ≥ 100,000; or "
        "`ct_consumers_per_year` ≥ 25,000 and `sale_revenue_share` > 25% | § 42-516 — *secondary*"
    ) in section
    assert (
        "| 2026-07-01 | — | `ct_consumers_per_year` ≥ 35,000; or any manifest processes" in section
    )
    assert (
        "| `ct_municipal_agency` | `ct-pda`, `ct-breach`, `ct-pi`, `ct-recording`, "
        "`ct-employment`, `ct-ai` | — |"
    ) in section
    assert "not `ctdpa` (nonprofit organizations are exempt, § 42-517) | `ct-pda` |" in section
    assert "`ct-employment` does not run when `organization.ct_employees` is `false`." in section
    assert "| `organization.exemptions: glba_financial_institution` |" in section
    assert "Gramm-Leach-Bliley Act | 2026-06-30 | Public Act 25-113 replaced" in section
    assert "| `user.neural` | 2026-07-01 | — |  |" in section
    assert "| `user.demographic.transgender_status` | 2026-07-01 | — | *secondary*: " in section
    assert "| `user.health_and_medical.record_id` | — | — | *unverified*: " in section
    assert "Not in the class, nor any key below it: `user.government_id.vehicle_registration`." in (
        section
    )
    assert "| `model_training` (Model training) | `train_ai_system` |" in section


def test_law_tables_are_well_formed():
    """Every row of a table has as many cells as its header (no stray pipe in a note)."""
    section = law_section(docs.render(build_catalog(installed=False)))
    tables_seen = 0
    width = None
    for line in section.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = line.replace("\\|", "").count("|")
        if width is None:
            width = cells
            tables_seen += 1
        assert cells == width, line
    assert tables_seen == 12


def test_law_tables_are_generated_from_the_data():
    import copy

    from ctlint.law import tables

    data = copy.deepcopy(tables.parse({n: tables.read_text(n) for n in tables.DATA_FILES}))
    data["ctdpa"]["thresholds"][1]["from"] = "2027-01-01"
    data["ctdpa"]["thresholds"][1]["consumers"] = 40_000
    data["ctdpa"]["exemptions"]["entries"]["glba_financial_institution"]["until"] = "2026-12-31"
    text = "\n".join(docs.render_law(tables.build(data)))
    assert "| 2023-07-01 | 2026-12-31 |" in text
    assert "| 2027-01-01 | — | `ct_consumers_per_year` ≥ 40,000;" in text
    assert "Gramm-Leach-Bliley Act | 2026-12-31 |" in text
