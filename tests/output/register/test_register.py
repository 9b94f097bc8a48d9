"""The compliance register (ctlint.output.register): its content for the test repositories and the
examples, escaping of manifest text, hashes, and byte-identical output in every format."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import html
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import ctlint
from ctlint.config import load_settings
from ctlint.engine import pipeline as api
from ctlint.output import register
from ctlint.output.register import as_csv, model, phrases

ROOT = Path(__file__).resolve().parents[3]
AGENCY = Path(__file__).resolve().parents[2] / "data" / "register" / "agency"
EXAMPLES = ROOT / "examples"
XSS = "<script>alert(1)</script>"


def copy_repo(source: Path, target: Path) -> Path:
    """A copy of a test repository with a ``.git`` folder, so the configuration search stops."""
    shutil.copytree(source, target)
    (target / ".git").mkdir(exist_ok=True)
    return target


def build(root: Path, paths: tuple[str, ...] = (), **options: Any) -> register.Register:
    settings = load_settings(cwd=str(root), **options)
    report = api.run(settings, paths, keep=True)
    return register.build(report)


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    return copy_repo(AGENCY, tmp_path / "agency")


@pytest.fixture
def agency_register(agency: Path) -> register.Register:
    return build(agency)


def vendor(reg: register.Register, vendor_id: str) -> model.Vendor:
    return next(v for v in reg.vendors if v.id == vendor_id)


def result(reg: register.Register, file: str, rule: str) -> str:
    return reg.cell(file, rule).result


# --------------------------------------------------------------------------- header


def test_header_names_organization_packs_scope_date_versions(agency_register):
    header = agency_register.header
    assert header.organization == "Department of Examples"
    assert header.org_type == "ct_state_agency"
    assert header.agency_division == "Records Division"
    assert header.as_of == dt.date(2026, 12, 1)
    assert header.version == ctlint.__version__
    assert header.ctdpa_scope is None
    packs = {p.name: p for p in header.packs}
    assert packs["ct-pda"].active
    assert packs["ct-pda"].reason == "organization.type is ct_state_agency"
    assert not packs["ctdpa"].active
    assert packs["ct-psa"].title == "Personal service agreements"
    assert re.fullmatch("[0-9a-f]{64}", header.ruleset_version)
    assert header.ruleset_rules == len(agency_register.obligations) > 0
    assert header.waivers_applied


def test_hashes_cover_configuration_and_every_manifest(agency, agency_register):
    inputs = {i.path: i for i in agency_register.header.inputs}
    expected = [
        ".ctlint.yaml",
        *(f"vendors/{p.name}" for p in sorted((agency / "vendors").iterdir())),
    ]
    assert sorted(inputs) == sorted(expected)
    assert inputs[".ctlint.yaml"].role == "configuration"
    for rel, item in inputs.items():
        raw = (agency / rel).read_bytes()
        assert item.sha256 == hashlib.sha256(raw).hexdigest(), rel
        assert item.size == len(raw)
    # the unreadable manifest is still hashed: the register can be reproduced from it
    assert inputs["vendors/broken.yaml"].sha256 is not None


def test_ruleset_version_changes_with_a_severity_override(agency):
    before = build(agency).header.ruleset_version
    assert build(agency).header.ruleset_version == before
    config = agency / ".ctlint.yaml"
    config.write_text(config.read_text("utf-8") + "severity: {CT-PDA-011: error}\n", "utf-8")
    assert build(agency).header.ruleset_version != before


# --------------------------------------------------------------------------- vendor register


def test_register_rows(agency_register):
    rows = {v.file: v for v in agency_register.vendors}
    assert list(rows) == [
        "vendors/broken.yaml",
        "vendors/chat.yaml",
        "vendors/helpdesk.yaml",
        "vendors/lapsed.yaml",
        "vendors/old.yaml",
    ]
    helpdesk = rows["vendors/helpdesk.yaml"]
    assert (helpdesk.name, helpdesk.category, helpdesk.role, helpdesk.status) == (
        "Example Help Desk",
        "help_desk",
        "personal_service_contractor",
        "active",
    )
    assert helpdesk.channels == ("email", "web_form")
    assert helpdesk.uses == ("essential.service.operations.support",)
    assert [(c.key, c.sensitive) for c in helpdesk.categories] == [
        ("user.name", False),
        ("user.government_id.national_identification_number", True),
    ]
    assert helpdesk.agreement.type == "personal_service_agreement"
    assert (
        helpdesk.agreement.signed,
        helpdesk.agreement.effective,
        helpdesk.agreement.expires,
    ) == (
        "2025-01-10",
        "2025-02-01",
        "2028-01-31",
    )
    assert helpdesk.agreement.state == "current"
    assert helpdesk.outcome == model.COMPLIANT
    assert helpdesk.failing == ()

    chat = rows["vendors/chat.yaml"]
    assert chat.agreement.state == "expiring"
    assert chat.agreement.days_left == 45
    assert chat.outcome == model.NOT_COMPLIANT
    assert chat.failing == ("CT-PDA-003", "CT-PDA-011")
    assert chat.problems == ("CTL301", "CTL305")  # an expired waiver; expires in 45 days
    assert chat.since == dt.date(2025, 10, 15)

    lapsed = rows["vendors/lapsed.yaml"]
    assert lapsed.agreement.state == "expired"
    assert lapsed.agreement.days_left == -62
    assert lapsed.failing == ("CT-PDA-013", "CT-PSA-002")  # the contract and the PSA lapsed
    assert lapsed.since == dt.date(2026, 10, 1)

    old = rows["vendors/old.yaml"]
    assert old.status == "retired"
    assert old.outcome == model.RETIRED
    broken = rows["vendors/broken.yaml"]
    assert broken.outcome == model.UNREADABLE
    assert broken.name is None
    assert broken.problems == ("CTL001",)
    assert agency_register.outcome_counts() == {
        model.NOT_COMPLIANT: 2,
        model.COMPLIANT_OPEN: 0,
        model.COMPLIANT_WAIVED: 0,
        model.COMPLIANT: 1,
        model.RETIRED: 1,
        model.UNREADABLE: 1,
    }


# --------------------------------------------------------------------------- matrix


def test_matrix_cells(agency_register):
    reg = agency_register
    assert result(reg, "vendors/chat.yaml", "CT-PSA-003") == "waived"
    assert result(reg, "vendors/chat.yaml", "CT-PDA-003") == "fail"
    assert result(reg, "vendors/chat.yaml", "CT-PDA-001") == "pass"
    assert result(reg, "vendors/lapsed.yaml", "CT-PSA-002") == "fail"
    # CT-PSA-003 needs more than $50,000 or 12 months: the help desk's agreement is neither
    cell = reg.cell("vendors/helpdesk.yaml", "CT-PSA-003")
    assert (cell.result, cell.reason) == ("not applicable", "the rule's trigger does not hold")
    for rule in (o.rule for o in reg.obligations):
        assert reg.cell("vendors/helpdesk.yaml", rule).result in ("pass", "not applicable")
        assert reg.cell("vendors/old.yaml", rule).reason == "the manifest is retired"
        assert reg.cell("vendors/broken.yaml", rule).reason == "the manifest could not be read"
    waived = reg.cell("vendors/chat.yaml", "CT-PSA-003")
    assert (waived.open, waived.waived) == (0, 1)


def test_since_dates(agency_register):
    reg = agency_register
    # the gap has existed since the agreement took effect
    assert reg.cell("vendors/chat.yaml", "CT-PDA-003").since == dt.date(2025, 10, 15)
    # a waiver covered it until 2026-10-31
    assert reg.cell("vendors/chat.yaml", "CT-PDA-011").since == dt.date(2026, 11, 1)
    # the agreement lapsed on 2026-09-30
    assert reg.cell("vendors/lapsed.yaml", "CT-PSA-002").since == dt.date(2026, 10, 1)
    assert reg.cell("vendors/chat.yaml", "CT-PSA-003").since is None  # waived, not open


def test_counts_per_vendor_and_per_obligation(agency_register):
    reg = agency_register
    obligations = reg.obligations
    for v in reg.vendors:
        assert sum(v.counts.values()) == len(obligations)
        for r in model.RESULTS:
            assert v.counts[r] == sum(
                1 for o in obligations if reg.cell(v.file, o.rule).result == r
            )
    for o in obligations:
        assert sum(o.counts.values()) == len(reg.vendors)
    chat = vendor(reg, "chat")
    assert (chat.counts["fail"], chat.counts["waived"]) == (2, 1)
    psa002 = next(o for o in obligations if o.rule == "CT-PSA-002")
    assert psa002.counts == {"pass": 2, "fail": 1, "waived": 0, "not applicable": 2}


def test_matrix_groups_follow_the_packs(agency_register):
    groups = [g.pack.name for g in agency_register.groups]
    assert groups[:2] == ["ct-pda", "ct-psa"]
    assert "ctdpa" not in groups
    assert "core" not in groups
    for group in agency_register.groups:
        ids = [o.rule for o in group.obligations]
        assert ids == sorted(ids)
        assert all(o.pack == group.pack.name for o in group.obligations)


def test_source_requirements_group(agency_register):
    reqs = agency_register.requirements
    assert [r.key for r in reqs] == [key for key, _text in model.BRIEF_REQUIREMENTS]
    by_key = {r.key: r for r in reqs}
    agreement = by_key["[4.1] agreement"]
    assert agreement.rules == tuple(f"CT-PSA-00{n}" for n in range(1, 8))
    assert agreement.results["vendors/chat.yaml"] == "waived"
    assert agreement.results["vendors/lapsed.yaml"] == "fail"
    assert agreement.results["vendors/helpdesk.yaml"] == "pass"
    assert agreement.results["vendors/old.yaml"] == "not applicable"
    assert by_key["[3.3] disclosure"].results["vendors/chat.yaml"] == "fail"
    assert by_key["[3.4] accuracy"].rules == ("CT-PDA-004", "CT-PDA-005")


def test_no_brief_group_without_ct_pda_and_ct_psa(repo):
    repo.manifest()
    reg = build(repo.path)
    assert reg.requirements == ()
    assert "The original brief" not in register.render(reg, "html")


# --------------------------------------------------------------------------- not applicable


def test_rules_not_applicable_to_an_agency_are_n_a_with_their_reason(agency_register):
    reg = agency_register
    rules = {o.rule: o for o in reg.obligations}
    catalog = api.catalog_for(load_settings(cwd=str(AGENCY)))
    for rule_id in ("CT-PI-003", "CT-AI-001"):
        applies = catalog.rules[rule_id].applies
        assert applies is not None
        assert rules[rule_id].organization_not_applicable == applies.reason
        for file in ("vendors/chat.yaml", "vendors/helpdesk.yaml", "vendors/lapsed.yaml"):
            cell = reg.cell(file, rule_id)
            assert (cell.result, cell.reason) == (model.NOT_APPLICABLE, applies.reason)
            assert cell.reason != model.TRIGGER_DOES_NOT_HOLD
    # the help desk collects Social Security numbers: for a business CT-PI-003 would pass
    assert rules["CT-PDA-001"].organization_not_applicable is None
    page = register.render(reg, "html")
    row = re.search(r'<tr data-obligation="CT-PI-003">.*?</tr>', page, re.S)
    assert row is not None
    assert '<td class="na">– n/a for this organization: § 42-470(a)' in row.group(0)
    markdown = register.render(reg, "markdown")
    row_md = next(line for line in markdown.splitlines() if line.startswith("| `CT-PI-003` "))
    assert "n/a for this organization: § 42-470(a)" in row_md
    doc = json.loads(register.render(reg, "json"))
    obligation = next(o for o in doc["obligations"] if o["rule"] == "CT-PI-003")
    assert obligation["applicable_to_organization"] is False
    assert obligation["not_applicable_reason"] == catalog.rules["CT-PI-003"].applies.reason
    cells = {(c["file"], c["rule"]): c for c in doc["matrix"]}
    assert cells[("vendors/helpdesk.yaml", "CT-AI-001")]["result"] == "not applicable"


def test_an_excluded_procurement_basis_makes_the_ct_psa_rules_n_a(agency):
    helpdesk = agency / "vendors" / "helpdesk.yaml"
    text = helpdesk.read_text("utf-8").replace(
        "procurement_basis: personal_service_agreement", "procurement_basis: contractual_services"
    )
    helpdesk.write_text(text, "utf-8")
    # still a personal service contractor: a contradiction, and so not compliant (CTL206)
    assert vendor(build(agency), "helpdesk").problems == ("CTL206",)
    helpdesk.write_text(text.replace("role: personal_service_contractor", "role: processor"))
    reg = build(agency)
    catalog = api.catalog_for(load_settings(cwd=str(agency)))
    gated = ("CT-PSA-001", "CT-PSA-002", "CT-PSA-003", "CT-PSA-004", "CT-PSA-006", "CT-PSA-007")
    for rule_id in gated:
        applies = catalog.rules[rule_id].applies
        assert applies is not None
        cell = reg.cell("vendors/helpdesk.yaml", rule_id)
        assert (cell.result, cell.reason) == (model.NOT_APPLICABLE, applies.reason), rule_id
        # the other agreements are still personal service agreements
        assert reg.cell("vendors/lapsed.yaml", rule_id).reason != applies.reason
    assert result(reg, "vendors/helpdesk.yaml", "CT-PSA-005") == model.PASS  # declared
    assert result(reg, "vendors/lapsed.yaml", "CT-PSA-002") == model.FAIL
    assert vendor(reg, "helpdesk").outcome == model.COMPLIANT
    by_key = {(r["file"], r["rule"]): r for r in read_csv(register.render(reg, "csv"))}
    row = by_key[("vendors/helpdesk.yaml", "CT-PSA-001")]
    assert (row["result"], row["reason"]) == (
        "not applicable",
        catalog.rules["CT-PSA-001"].applies.reason,
    )
    page = register.render(reg, "html")
    matrix = re.search(r'<tr data-rule="CT-PSA-001">.*?</tr>', page, re.S)
    assert matrix is not None
    assert html.escape(catalog.rules["CT-PSA-001"].applies.reason, quote=True) in matrix.group(0)
    doc = json.loads(register.render(reg, "json"))
    cells = {(c["file"], c["rule"]): c for c in doc["matrix"]}
    assert cells[("vendors/helpdesk.yaml", "CT-PSA-007")]["result"] == "not applicable"


# --------------------------------------------------------------------------- the law

HOSTILE_SECTION = "§ 31-250-3 <script>alert(1)</script> | *x*"


def with_regulation(agency: Path) -> register.Register:
    config = agency / ".ctlint.yaml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  ct_employees: true\n",
            "  ct_employees: true\n"
            "  regulations:\n"
            f'    - section: "{HOSTILE_SECTION}"\n'
            "      title: Maintenance of personal data-general\n"
            "      url: https://example.gov/regs/31-250-3\n",
        ),
        "utf-8",
    )
    return build(agency)


def test_obligations_carry_the_citations_in_force_with_declared_ones(agency):
    reg = with_regulation(agency)
    pda = next(o for o in reg.obligations if o.rule == "CT-PDA-001")
    assert [(c.section, c.status, c.agency) for c in pda.citations] == [
        ("§ 4-193(e)", "verified", None),
        ("§ 4-190", "verified", None),
        (HOSTILE_SECTION, "declared", None),
        ("§ 31-250-3(a)", "verified", "Department of Labor"),
    ]
    assert pda.citation == "Conn. Gen. Stat. § 4-193(e)"  # the first, verified: no status
    psa = next(o for o in reg.obligations if o.rule == "CT-PSA-001")
    assert all(c.status != "declared" for c in psa.citations)  # declared: ct-pda only
    assert psa.citation == "Conn. Gen. Stat. § 4-213 (secondary)"


def test_declared_and_agency_citations_are_shown_as_such_in_every_format(agency):
    reg = with_regulation(agency)
    declared = "named by the organization's configuration, not checked by ctlint"
    labor = "another agency's rule of the same kind (Department of Labor)"

    doc = json.loads(register.render(reg, "json"))
    pda = next(o for o in doc["obligations"] if o["rule"] == "CT-PDA-001")
    assert pda["citations"][2] == {
        "law": "Regs. Conn. State Agencies",
        "section": HOSTILE_SECTION,
        "title": "Maintenance of personal data-general",
        "url": "https://example.gov/regs/31-250-3",
        "status": "declared",
    }
    assert pda["citations"][3]["agency"] == "Department of Labor"
    assert all("agency" not in c for c in pda["citations"][:3])
    finding = next(f for f in doc["findings"] if f["rule"] == "CT-PDA-003")
    assert [c["status"] for c in finding["citations"]].count("declared") == 1

    rows = read_csv(register.render(reg, "csv"))
    row = next(r for r in rows if r["rule"] == "CT-PDA-001")
    assert (
        f"Regs. Conn. State Agencies {HOSTILE_SECTION} (declared) — {declared}" in row["citations"]
    )
    assert f"Regs. Conn. State Agencies § 31-250-3(a) — {labor}" in row["citations"]

    markdown = register.render(reg, "markdown")
    assert "\n## Obligations and the law\n" in markdown
    row_md = next(line for line in markdown.splitlines() if line.startswith("| `CT-PDA-001` "))
    assert f"(declared) — {declared}" in row_md
    assert f"(verified) — {labor}" in row_md
    assert "<script" not in markdown.lower()
    assert "§ 31-250-3 &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*" in row_md
    finding_md = next(
        line for line in markdown.splitlines() if line.startswith("| `CT-PDA-003` | error |")
    )
    assert f"(declared) — {declared}" in finding_md

    page = register.render(reg, "html")
    assert "<script" not in page.lower()
    assert html.escape(HOSTILE_SECTION, quote=True) in page
    row_html = re.search(r'<tr data-obligation="CT-PDA-001">.*?</tr>', page, re.S)
    assert row_html is not None
    assert "(<strong>declared</strong>)" in row_html.group(0)
    assert f"— {html.escape(declared, quote=True)}" in row_html.group(0)
    assert f"— {html.escape(labor, quote=True)}" in row_html.group(0)
    assert 'href="https://example.gov/regs/31-250-3"' in row_html.group(0)


def test_nothing_user_visible_says_brief(agency_register):
    for fmt in register.FORMATS:
        text = register.render(agency_register, fmt)
        assert "brief" not in text.lower(), fmt
        if not fmt.startswith("oscal"):  # OSCAL has no source-requirement field to show
            assert "source requirement" in text.lower().replace("_", " "), fmt


# --------------------------------------------------------------------------- waivers


def test_waiver_register(agency_register):
    waivers = [(w.vendor, w.rule, w.expired, w.state) for w in agency_register.waivers]
    assert waivers == [
        ("chat", "CT-PSA-003", False, "in effect: covers 1 finding"),
        (
            "chat",
            "CT-PDA-011",
            True,
            "expired on 2026-10-31: its findings are reported again (CTL301)",
        ),
        ("old", "CT-PDA-001", False, "not evaluated: the manifest is retired"),
    ]
    first = agency_register.waivers[0]
    assert first.expires == "2027-06-30"
    assert first.reason.startswith("OPM approval requested on 2026-10-02")
    assert first.covers == 1


def test_no_waivers_audit_mode(agency):
    reg = build(agency, waivers=False)
    assert not reg.header.waivers_applied
    assert result(reg, "vendors/chat.yaml", "CT-PSA-003") == "fail"
    assert {w.state for w in reg.waivers} == {"ignored: audit mode (--no-waivers)"}
    assert "ignored (audit mode, --no-waivers)" in register.render(reg, "html")


def test_waiver_that_matches_nothing_and_one_that_is_about_to_expire(repo):
    repo.config(organization={"type": "ct_state_agency"})
    text = (AGENCY / "vendors" / "chat.yaml").read_text("utf-8")
    text = text.replace("expires: 2027-06-30", "expires: 2026-12-20")
    text += "  - rule: CT-PDA-002\n    reason: nothing to waive\n"
    repo.write("vendors/chat.yaml", text)
    reg = build(repo.path)
    states = {w.rule: w.state for w in reg.waivers}
    assert states["CT-PSA-003"] == "in effect: covers 1 finding; expires in 22 days"
    assert states["CT-PDA-002"] == "matches no finding (CTL302)"


def test_waiver_states_are_the_waiver_stage_decisions(repo):
    """The register shows what the engine decided for each waiver (the decision that marked
    the findings), and says so when the engine left an entry out for failing its schema."""
    repo.config(organization={"type": "ct_state_agency"})
    text = (AGENCY / "vendors" / "chat.yaml").read_text("utf-8")
    text += "  - rule: CT-PDA-002\n    reason: a date that is not one\n    expires: soon\n"
    text += "  - rule: CTL101\n    reason: cannot be waived\n"
    text += "  - rule: NOPE-001\n    reason: no such rule\n"
    repo.write("vendors/chat.yaml", text)
    settings = load_settings(cwd=str(repo.path))
    report = api.run(settings, (), keep=True)
    decided = {o.index: o.state for o in report.waivers["vendors/chat.yaml"]}
    reg = register.build(report)
    states = [(w.rule, w.state) for w in reg.waivers if w.file == "vendors/chat.yaml"]
    assert states[-3:] == [
        ("CT-PDA-002", "invalid: the entry failed its schema check (see its CTL1xx finding)"),
        ("CTL101", "invalid: this rule cannot be waived (CTL303)"),
        ("NOPE-001", "invalid: no such rule (CTL303)"),
    ]
    assert len(decided) == len(states) - 1  # every entry but the invalid one was decided
    assert {"unknown", "unwaivable"} <= set(decided.values())


# --------------------------------------------------------------------------- private business


def test_private_business_scope_and_ctdpa_since(repo):
    # 52,000 consumers: in scope only from 2026-07-01 (threshold 35,000); before, 100,000
    repo.manifest(patch={"data": {"free_text_redaction": None}})
    reg = build(repo.path)
    assert reg.header.ctdpa_scope is not None
    assert reg.header.ctdpa_scope[0] is True
    assert "35,000" in phrases.scope_text(reg.header)
    assert {p.name for p in reg.header.packs if p.active} >= {"ctdpa", "ct-breach"}
    cell = reg.cell("vendors/zendesk.yaml", "CTDPA-027")
    assert cell.result == "fail"
    # the agreement took effect on 2024-03-01, but the CTDPA reached this business on 2026-07-01
    assert cell.since == dt.date(2026, 7, 1)


def test_sensitive_categories_are_marked(repo):
    repo.manifest(
        patch={
            "data": {
                "categories": [
                    {"key": "user.name", "purpose": "p", "necessity": "n", "retention_days": 1},
                    {
                        "key": "user.health_and_medical",
                        "purpose": "p",
                        "necessity": "n",
                        "retention_days": 1,
                    },
                ]
            },
            "recording": {"voiceprint": True},
        }
    )
    reg = build(repo.path)
    (row,) = reg.vendors
    assert [(c.key, c.sensitive, c.note) for c in row.categories] == [
        ("user.name", False, None),
        ("user.health_and_medical", True, None),
        ("user.biometric.voice", True, "recording.voiceprint"),
    ]
    page = register.render(reg, "html")
    assert '<span class="sensitive">⚠ user.health_and_medical (sensitive)</span>' in page
    assert "**⚠ user.health\\_and\\_medical (sensitive)**" in register.render(reg, "markdown")


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize("fmt", register.FORMATS)
def test_same_inputs_give_byte_identical_output(tmp_path, fmt):
    first = register.render(build(copy_repo(AGENCY, tmp_path / "one")), fmt)
    second = register.render(build(copy_repo(AGENCY, tmp_path / "elsewhere" / "two")), fmt)
    assert first == second
    assert str(tmp_path) not in first  # no absolute path leaks into the register


def test_json_document(agency_register):
    doc = json.loads(register.render(agency_register, "json"))
    assert doc["version"] == 1
    assert doc["kind"] == "ctlint-register"
    assert doc["header"]["as_of"] == "2026-12-01"
    assert doc["header"]["organization"]["name"] == "Department of Examples"
    assert doc["header"]["ruleset"]["version"] == agency_register.header.ruleset_version
    assert {i["path"] for i in doc["header"]["inputs"]} >= {".ctlint.yaml", "vendors/chat.yaml"}
    chat = next(v for v in doc["vendors"] if v["id"] == "chat")
    assert chat["compliance"] == "not compliant"
    assert chat["agreement"]["state"] == "expiring"
    assert chat["since"] == "2025-10-15"
    cells = {(c["file"], c["rule"]): c for c in doc["matrix"]}
    assert cells[("vendors/chat.yaml", "CT-PSA-003")]["result"] == "waived"
    assert cells[("vendors/lapsed.yaml", "CT-PSA-002")]["since"] == "2026-10-01"
    assert len(doc["matrix"]) == len(doc["vendors"]) * len(doc["obligations"])
    assert [w["rule"] for w in doc["waivers"]] == ["CT-PSA-003", "CT-PDA-011", "CT-PDA-001"]
    waived = [f for f in doc["findings"] if f["waived"]]
    assert [f["rule"] for f in waived] == ["CT-PSA-003"]
    assert doc["summary"]["vendors"] == 5


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # so that spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_one_row_per_vendor_and_rule(agency_register):
    text = register.render(agency_register, "csv")
    rows = read_csv(text)
    assert len(rows) == len(agency_register.vendors) * len(agency_register.obligations)
    assert list(rows[0]) == list(as_csv.CSV_COLUMNS)
    by_key = {(r["file"], r["rule"]): r for r in rows}
    waived = by_key[("vendors/chat.yaml", "CT-PSA-003")]
    assert waived["result"] == "waived"
    assert waived["waiver_reasons"].startswith("OPM approval requested")
    assert waived["vendor_name"] == "Example Chat Bot"
    fail = by_key[("vendors/lapsed.yaml", "CT-PSA-002")]
    assert (fail["result"], fail["since"], fail["agreement_state"]) == (
        "fail",
        "2026-10-01",
        "expired",
    )
    assert by_key[("vendors/old.yaml", "CT-PSA-002")]["reason"] == "the manifest is retired"
    assert {r["as_of"] for r in rows} == {"2026-12-01"}
    assert "\r\n" in text


def test_markdown_sections(agency_register):
    text = register.render(agency_register, "markdown")
    for heading in (
        "# Vendor compliance register: Department of Examples",
        "## Packs",
        "## Open obligations",
        "## Vendor register",
        "## Compliance matrix",
        "## Findings",
        "## Waiver register",
        "## Inputs",
    ):
        assert f"\n{heading}\n" in f"\n{text}", heading
    assert "**Source requirements**" in text
    assert "brief" not in text.lower()
    assert "~ waived" in text
    assert "✗ fail" in text
    assert "– n/a" in text
    # tables have as many cells in every row as in their head
    for block in re.split(r"\n\n", text):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if lines:
            widths = {len(re.split(r"(?<!\\)\|", line)) for line in lines}
            assert len(widths) == 1, block[:200]


def test_html_is_self_contained_and_has_every_section(agency_register):
    page = register.render(agency_register, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)=["']?(?!https://)""", page.replace('href="https://', ""))
    assert "<link" not in page
    assert "@import" not in page
    assert "url(" not in page
    assert "Content-Security-Policy" in page
    assert "default-src 'none'" in page
    for table in ('id="header"', 'id="packs"', 'id="open"', 'id="register"', 'id="matrix"'):
        assert table in page
    assert 'id="waivers"' in page
    assert 'id="inputs"' in page
    # colour is never the only signal: every result carries its symbol and word
    assert '<td class="cell waived" data-result="waived">~ waived</td>' in page
    assert '<td class="cell fail" data-result="fail">✗ fail</td>' in page
    assert "✗ EXPIRED 62 days ago" in page
    assert "! expires in 45 days" in page
    assert "@media print" in page
    assert "@page" in page


def test_html_matrix_row(agency_register):
    page = register.render(agency_register, "html")
    row = re.search(r'<tr data-rule="CT-PSA-003">.*?</tr>', page, re.S)
    assert row is not None
    results = re.findall(r'data-result="([^"]+)"', row.group(0))
    # vendor columns in file order: broken, chat, helpdesk, lapsed, old
    assert results == [
        "not applicable",
        "waived",
        "not applicable",
        "not applicable",
        "not applicable",
    ]


# --------------------------------------------------------------------------- escaping


def hostile(repo, name: str) -> register.Register:
    repo.manifest(patch={"name": name, "agreement": {"reference": f"{name} | ref"}})
    return build(repo.path)


def test_a_script_vendor_name_is_text_in_every_format(repo):
    reg = hostile(repo, XSS)
    assert reg.vendors[0].name == XSS
    page = register.render(reg, "html")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = register.render(reg, "markdown")
    assert "<script" not in markdown.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "\\| ref" in markdown  # a pipe does not break the table
    rows = read_csv(register.render(reg, "csv"))
    assert {r["vendor_name"] for r in rows} == {XSS}
    doc = json.loads(register.render(reg, "json"))
    assert doc["vendors"][0]["name"] == XSS


def test_attribute_and_control_characters_are_escaped(repo):
    reg = hostile(repo, 'a" onmouseover="x\u202e\x07')
    page = register.render(reg, "html")
    assert "a&quot; onmouseover=&quot;x\\u202e\\x07" in page
    assert "\u202e" not in page
    assert "\x07" not in page


def test_csv_cells_cannot_start_a_formula(repo):
    reg = hostile(repo, '=HYPERLINK("https://evil.example","x")')
    rows = read_csv(register.render(reg, "csv"))
    assert {r["vendor_name"] for r in rows} == {'\'=HYPERLINK("https://evil.example","x")'}


# --------------------------------------------------------------------------- the examples


@pytest.mark.parametrize("name", ["private-business", "state-agency"])
def test_examples(tmp_path, name):
    source = EXAMPLES / name
    assert (source / ".ctlint.yaml").is_file(), f"examples/{name} is part of the repository"
    root = copy_repo(source, tmp_path / name)
    settings = load_settings(cwd=str(root))
    report = api.run(settings, (), keep=True)
    reg = register.build(report)
    assert [v.file for v in reg.vendors] == list(report.files)
    assert len(reg.vendors) >= 3
    # every fail cell is an open finding of that rule in that file, and the other way round
    open_findings = {(f.file, f.rule) for f in report.findings if not f.waived}
    waived_findings = {(f.file, f.rule) for f in report.findings if f.waived}
    for v in reg.vendors:
        for o in reg.obligations:
            cell = reg.cell(v.file, o.rule)
            assert (cell.result == "fail") == ((v.file, o.rule) in open_findings)
            if cell.result == "waived":
                assert (v.file, o.rule) in waived_findings
            if cell.result == "fail":
                assert cell.since is None or cell.since <= report.as_of
    for item in reg.header.inputs:
        assert item.sha256 == hashlib.sha256((root / item.path).read_bytes()).hexdigest()
    for fmt in register.FORMATS:
        assert register.render(reg, fmt) == register.render(register.build(report), fmt)
    if name == "state-agency":
        assert reg.requirements, "ct-pda/ct-psa apply: the brief's requirements are shown"
        assert any(c.result == "waived" for c in reg.cells.values())
    else:
        assert reg.header.ctdpa_scope is not None
        assert reg.requirements == ()


def test_private_business_example_answers_who_what_since(tmp_path):
    source = EXAMPLES / "private-business"
    assert (source / ".ctlint.yaml").is_file(), "examples/private-business is in the repository"
    reg = build(copy_repo(source, tmp_path / "pb"))
    failing = [v for v in reg.vendors if v.outcome == model.NOT_COMPLIANT]
    assert failing
    page = register.render(reg, "html")
    open_table = page[
        page.index('<table id="open">') : page.index("</table>", page.index('<table id="open">'))
    ]
    for v in failing:
        assert v.failing
        assert v.since is not None
        assert phrases.outcome_text(v).startswith("✗ Not compliant")
        assert f"since {v.since.isoformat()}" in page
        for rule in v.failing:
            assert rule in open_table


@pytest.mark.parametrize(
    "source",
    [AGENCY, EXAMPLES / "private-business", EXAMPLES / "state-agency"],
    ids=["agency", "private-business", "state-agency"],
)
def test_since_agrees_with_full_engine_runs(tmp_path, source):
    """The "since" dates are computed one file at a time; a whole run of the engine at that
    date (and the day before) must agree."""
    assert (source / ".ctlint.yaml").is_file(), f"{source} is in the repository"
    root = copy_repo(source, tmp_path / source.name)
    settings = load_settings(cwd=str(root))
    reg = register.build(api.run(settings, (), keep=True))

    def open_at(day: dt.date) -> set[tuple[str | None, str]]:
        run = api.run(dataclasses.replace(settings, as_of=day), ())
        return {(f.file, f.rule) for f in run.findings if not f.waived}

    checked = 0
    for v in reg.vendors:
        start = v.agreement.effective or v.agreement.signed
        for o in reg.obligations:
            cell = reg.cell(v.file, o.rule)
            if cell.result != "fail" or cell.since is None:
                continue
            assert (v.file, o.rule) in open_at(cell.since)
            if start is None or cell.since.isoformat() != start:
                assert (v.file, o.rule) not in open_at(cell.since - dt.timedelta(days=1))
            checked += 1
    assert checked > 0


def test_undeclared_type_runs_the_brief_packs_and_shows_the_organization_finding(agency):
    (agency / ".ctlint.yaml").write_text("as_of: 2026-12-01\n", "utf-8")
    reg = build(agency)
    assert reg.header.org_type is None
    assert [r.key for r in reg.requirements] == [k for k, _t in model.BRIEF_REQUIREMENTS]
    assert [f.rule for f in reg.org_findings] == ["CTL010"]
    page = register.render(reg, "html")
    assert "<h2>Organization-level findings</h2>" in page
    assert page.index("Organization-level findings") < page.index("<h2>Vendor register</h2>")
    assert "## Organization-level findings" in register.render(reg, "markdown")


def test_vendor_findings_are_each_files_findings_in_report_order(agency_register):
    reg = agency_register
    for v in reg.vendors:
        assert reg.vendor_findings(v.file) == tuple(f for f in reg.findings if f.file == v.file)
    assert sum(len(reg.vendor_findings(v.file)) for v in reg.vendors) + len(
        reg.org_findings
    ) == len(reg.findings)
    assert reg.vendor_findings("vendors/none.yaml") == ()
    assert reg == dataclasses.replace(reg)  # the index is a cache, not part of the value
