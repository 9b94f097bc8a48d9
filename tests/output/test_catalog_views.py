"""``ctlint explain`` and ``ctlint rules`` (ctlint.output.catalog_views): the citations in force at the
as-of date with status, agency and declared regulations, how they change over time, and the
rules that are not applicable (n/a) to the organization or to some manifests."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from ctlint.model.findings import Citation
from ctlint.output.catalog_views import (
    citation_periods,
    not_applicable_when,
    organization_not_applicable,
)
from ctlint.policy.catalog import build_catalog
from ctlint.policy.model import FactTest

AGENCY = {"type": "ct_state_agency", "ct_consumers_per_year": None}
REGULATION = {
    "section": "§ 31-250-3",
    "title": "Maintenance of personal data-general",
    "url": "https://example.gov/regulations/31-250-3",
}
DECLARED_KIND = "named by the organization's configuration, not checked by ctlint"
LABOR = "another agency's rule of the same kind (Department of Labor)"


def section(text: str, heading: str) -> str:
    """The lines of one section of ``explain`` (up to the next blank line)."""
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else None]


def explain(run_cli: Any, repo: Any, rule: str, *args: str) -> str:
    code, out, err = run_cli("explain", rule, *args, cwd=repo.path)
    assert (code, err) == (0, ""), err
    return str(out)


def rules_json(run_cli: Any, repo: Any, *args: str) -> dict[str, dict[str, Any]]:
    code, out, err = run_cli("rules", "--format", "json", *args, cwd=repo.path)
    assert code == 0, err
    return {r["id"]: r for r in json.loads(out)["rules"]}


# --------------------------------------------------------------------------- explain: the law


def test_explain_shows_the_citations_in_force_at_the_as_of_date(repo, run_cli):
    before = explain(run_cli, repo, "CTDPA-023", "--as-of", "2026-06-30")
    after = explain(run_cli, repo, "CTDPA-023", "--as-of", "2026-07-01")

    law = section(before, "The law in force on 2026-06-30")
    assert (
        "Conn. Gen. Stat. § 42-522(a): Controllers' data protection assessments [verified]" in law
    )
    assert "§ 42-522(b)(1)" not in law
    assert "§ 42-522(b)(1)" in section(before, "Not in force on 2026-06-30")

    law = section(after, "The law in force on 2026-07-01")
    assert "Conn. Gen. Stat. § 42-522(b)(1)" in law
    assert "[verified] (from 2026-07-01)" in law
    assert "§ 42-522(a)" not in law
    assert "§ 42-522(c)" not in law  # only from 2026-08-01
    gone = section(after, "Not in force on 2026-07-01")
    assert "§ 42-522(a)" in gone
    assert "(until 2026-06-30)" in gone


def test_explain_shows_how_the_citations_change_over_time(repo, run_cli):
    text = explain(run_cli, repo, "CTDPA-023", "--as-of", "2026-07-01")
    lines = section(text, "How the citations change over time").splitlines()
    assert len(lines) == 3
    assert lines[0] == "  until 2026-06-30: Conn. Gen. Stat. § 42-522(a) [verified]"
    assert lines[1].startswith(
        "  2026-07-01 to 2026-07-31: Conn. Gen. Stat. § 42-522(b)(1) [verified] "
        "(new: § 42-522(b)(1); no longer: § 42-522(a))"
    )
    assert lines[1].endswith("<- as of 2026-07-01")
    assert lines[2] == (
        "  from 2026-08-01: Conn. Gen. Stat. § 42-522(b)(1) [verified]; "
        "Conn. Gen. Stat. § 42-522(c) [verified] (new: § 42-522(c))"
    )
    # The marker follows the as-of date.
    later = explain(run_cli, repo, "CTDPA-023", "--as-of", "2026-12-01")
    lines = section(later, "How the citations change over time").splitlines()
    assert [line.endswith("<- as of 2026-12-01") for line in lines] == [False, False, True]


def test_a_rule_without_dated_citations_has_no_timeline(repo, run_cli):
    text = explain(run_cli, repo, "CT-PDA-001")
    assert "How the citations change over time" not in text
    assert "Not in force on" not in text


def test_explain_shows_declared_and_agency_citations_of_a_ct_pda_rule(repo, run_cli):
    repo.config(organization={**AGENCY, "regulations": [REGULATION]})
    text = explain(run_cli, repo, "CT-PDA-001")
    law = section(text, "The law in force on 2026-11-28")
    entries = [line for line in law.splitlines() if line.startswith("  - ")]
    assert [e.split(":")[0] for e in entries] == [
        "  - Conn. Gen. Stat. § 4-193(e)",
        "  - Conn. Gen. Stat. § 4-190",
        "  - Regs. Conn. State Agencies § 31-250-3",  # declared: after the statute citations
        "  - Regs. Conn. State Agencies § 31-250-3(a)",  # before the other agencies' rules
    ]
    assert entries[2].endswith(f"[declared] — {DECLARED_KIND}")
    assert entries[3].endswith(f"[verified] — {LABOR}")
    assert REGULATION["url"] in law
    assert "Note: A citation marked declared" in text
    assert "it does not bind the organization running ctlint" in text
    # without the configuration, no declared citation
    repo.config(organization=AGENCY)
    assert "[declared]" not in explain(run_cli, repo, "CT-PDA-001")


def test_declared_regulations_are_ignored_while_the_type_is_undeclared(repo, run_cli):
    repo.config({"organization": {"regulations": [REGULATION]}, "as_of": "2026-11-28"})
    assert "[declared]" not in explain(run_cli, repo, "CT-PDA-001")


def test_declared_regulations_only_for_ct_pda(repo, run_cli):
    repo.config(organization={**AGENCY, "regulations": [REGULATION]})
    assert "[declared]" not in explain(run_cli, repo, "CT-PSA-001")


# --------------------------------------------------------------------------- explain: applies


def test_explain_says_a_rule_is_not_applicable_to_an_agency(repo, run_cli):
    repo.config(organization=AGENCY)
    text = explain(run_cli, repo, "CT-PI-003")
    assert re.search(r"Active:\s+yes", text)
    assert re.search(
        r"Applies:\s+no — n/a for this organization \(organization.type: ct_state_agency\)", text
    )
    when = section(text, "When it does not apply")
    assert (
        "Not applicable when `organization.type` is `ct_state_agency` or `ct_municipal_agency`:"
        in when
    )
    reason = build_catalog(installed=False).rules["CT-PI-003"].applies
    assert reason is not None
    assert " ".join(when.split()).count(" ".join(reason.reason.split())) == 1


def test_explain_says_a_rule_applies_to_a_private_business(repo, run_cli):
    text = explain(run_cli, repo, "CT-PI-003")
    assert re.search(r"Applies:\s+yes — applicable to this organization", text)
    assert "For this organization (organization.type: private_business): applicable." in text


def test_explain_of_a_manifest_dependent_condition(repo, run_cli):
    repo.config(organization=AGENCY)
    text = explain(run_cli, repo, "CT-PSA-001")
    assert re.search(r"Applies:\s+decided for each manifest", text)
    when = " ".join(section(text, "When it does not apply").split())
    assert (
        "Not applicable when `agreement.procurement_basis` is set to a value other than "
        "`personal_service_agreement`:" in when
    )
    # a rule without an ``applies`` condition says nothing about it
    assert "Applies:" not in explain(run_cli, repo, "CT-PDA-001")


# --------------------------------------------------------------------------- rules


def test_rules_json_citations_have_in_force_flags_agency_and_declared(repo, run_cli):
    rules = rules_json(run_cli, repo, "--as-of", "2026-07-01")
    cites = rules["CTDPA-023"]["citations"]
    assert [(c["section"], c["in_force"]) for c in cites] == [
        ("§ 42-522(a)", False),
        ("§ 42-522(b)(1)", True),
        ("§ 42-522(c)", False),
    ]
    assert cites[0]["effective_until"] == "2026-06-30"
    assert cites[2]["effective_from"] == "2026-08-01"
    assert all("agency" not in c for c in cites)

    repo.config(organization={**AGENCY, "regulations": [REGULATION]})
    pda = rules_json(run_cli, repo)["CT-PDA-001"]["citations"]
    assert [(c["section"], c["status"], c.get("agency")) for c in pda] == [
        ("§ 4-193(e)", "verified", None),
        ("§ 4-190", "verified", None),
        ("§ 31-250-3", "declared", None),
        ("§ 31-250-3(a)", "verified", "Department of Labor"),
    ]
    assert pda[2]["law"] == "Regs. Conn. State Agencies"
    assert pda[2]["url"] == REGULATION["url"]
    assert all(c["in_force"] for c in pda)


def test_rules_json_not_applicable_to_an_agency(repo, run_cli):
    repo.config(organization=AGENCY)
    rules = rules_json(run_cli, repo)
    for rule_id in ("CT-PI-003", "CT-AI-001"):
        rule = rules[rule_id]
        assert rule["active"] is True  # the pack runs ...
        assert rule["applicable"] is False  # ... but the rule is n/a here
        assert rule["not_applicable_reason"] == rule["applies"]["reason"]
        assert rule["applies"]["decided_for"] == "organization"
    psa = rules["CT-PSA-001"]
    assert psa["applicable"] is True
    assert psa["not_applicable_reason"] is None
    assert psa["applies"]["decided_for"] == "manifest"
    assert "`agreement.procurement_basis`" in psa["applies"]["not_applicable_when"]
    assert rules["CT-PDA-001"]["applies"] is None
    assert rules["CT-PDA-001"]["applicable"] is True


def test_rules_json_applicable_to_a_private_business(repo, run_cli):
    rules = rules_json(run_cli, repo)
    assert rules["CT-PI-003"]["applicable"] is True
    assert rules["CT-PI-003"]["not_applicable_reason"] is None


def test_rules_text_marks_n_a_and_shows_only_the_citations_in_force(repo, run_cli):
    repo.config(organization=AGENCY)
    code, out, _err = run_cli("rules", cwd=repo.path)
    assert code == 0
    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if " CT-PI-003 " in line)
    assert lines[index].startswith("~ CT-PI-003")
    assert lines[index + 1].strip().startswith("n/a for this organization: § 42-470(a)")
    index = next(i for i, line in enumerate(lines) if " CT-PSA-001 " in line)
    assert lines[index].startswith("+ CT-PSA-001")
    assert (
        lines[index + 1]
        .strip()
        .startswith("n/a for a manifest where `agreement.procurement_basis`")
    )

    code, out, _err = run_cli("rules", "--pack", "ctdpa", "--as-of", "2026-07-01", cwd=repo.path)
    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if " CTDPA-023 " in line)
    cited = next(line for line in lines[index + 1 :] if "Conn. Gen. Stat." in line)
    assert cited.strip() == "Conn. Gen. Stat. § 42-522(b)(1)"  # in force; § 42-522(a) is not


def test_rules_text_names_declared_and_agency_citations(repo, run_cli):
    repo.config(organization={**AGENCY, "regulations": [REGULATION]})
    _code, out, _err = run_cli("rules", "--pack", "ct-pda", cwd=repo.path)
    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if " CT-PDA-001 " in line)
    assert lines[index + 1].strip() == (
        "Conn. Gen. Stat. § 4-193(e); Conn. Gen. Stat. § 4-190; "
        "Regs. Conn. State Agencies § 31-250-3 (declared); "
        "Regs. Conn. State Agencies § 31-250-3(a) (another agency's rule: Department of Labor)"
    )


def test_rules_markdown_escapes_declared_text(repo, run_cli):
    hostile = {**REGULATION, "section": "§ 1 | <script>alert(1)</script> *x*"}
    repo.config(organization={**AGENCY, "regulations": [hostile]})
    code, out, _err = run_cli("rules", "--format", "markdown", "--pack", "ct-pda", cwd=repo.path)
    assert code == 0
    assert "<script" not in out
    assert "&lt;script&gt;" in out
    row = next(line for line in out.splitlines() if line.startswith("| CT-PDA-001 "))
    assert len(re.split(r"(?<!\\)\|", row)) == 9  # the pipe did not add a column
    assert "(declared)" in row

    repo.config(organization=AGENCY)
    _code, out, _err = run_cli("rules", "--format", "markdown", "--pack", "ct-pi", cwd=repo.path)
    row = next(line for line in out.splitlines() if line.startswith("| CT-PI-003 "))
    assert "| n/a: § 42-470(a)" in row


# --------------------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        (
            FactTest(("org_agency",), none=True),
            "`organization.type` is `ct_state_agency` or `ct_municipal_agency`",
        ),
        (
            FactTest(("personal_service_basis",)),
            "`agreement.procurement_basis` is set to a value other than "
            "`personal_service_agreement`",
        ),
        (
            FactTest(("org_state_agency", "chatbot"), any=True),
            "`organization.type` is not `ct_state_agency` and the fact `chatbot` does not hold",
        ),
        (
            FactTest(("org_private_business", "chatbot")),
            "`organization.type` is not `private_business` or the fact `chatbot` does not hold",
        ),
    ],
)
def test_not_applicable_when_in_words(test, expected):
    assert not_applicable_when(test) == expected


def test_organization_level_decision():
    rules = build_catalog(installed=False).rules
    for org_type in ("ct_state_agency", "ct_municipal_agency"):
        assert organization_not_applicable(rules["CT-PI-003"], org_type) is not None
        assert organization_not_applicable(rules["CT-AI-001"], org_type) is not None
    for org_type in ("private_business", "nonprofit", None):
        assert organization_not_applicable(rules["CT-PI-003"], org_type) is None
    # decided per manifest, never for the whole organization
    assert organization_not_applicable(rules["CT-PSA-001"], "ct_state_agency") is None
    assert organization_not_applicable(rules["CT-PDA-001"], "ct_state_agency") is None


def test_citation_periods():
    rule = build_catalog(installed=False).rules["CTDPA-023"]
    periods = citation_periods(rule)
    assert [(p.start, p.end) for p in periods] == [
        (None, dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
        (dt.date(2026, 8, 1), None),
    ]
    assert [[c.section for c in p.citations] for p in periods] == [
        ["§ 42-522(a)"],
        ["§ 42-522(b)(1)"],
        ["§ 42-522(b)(1)", "§ 42-522(c)"],
    ]
    declared = Citation("Regs. Conn. State Agencies", "§ 1", "t", "", "declared")
    assert all(declared in p.citations for p in citation_periods(rule, (declared,)))
    assert citation_periods(build_catalog(installed=False).rules["CT-PDA-001"]) == ()


def test_check_json_cites_the_declared_regulation_on_ct_pda_findings(repo, check_json):
    repo.config(organization={**AGENCY, "regulations": [REGULATION]})
    repo.manifest(
        patch={"data": {"categories": [{"key": "user.name", "purpose": "p", "retention_days": 1}]}}
    )
    _code, document = check_json()
    [finding] = [f for f in document["findings"] if f["rule"] == "CT-PDA-001"]
    assert [(c["section"], c["status"], c.get("agency")) for c in finding["citations"]] == [
        ("§ 4-193(e)", "verified", None),
        ("§ 4-190", "verified", None),
        ("§ 31-250-3", "declared", None),
        ("§ 31-250-3(a)", "verified", "Department of Labor"),
    ]
    others = [f for f in document["findings"] if not f["rule"].startswith("CT-PDA")]
    assert all(c["status"] != "declared" for f in others for c in f["citations"])
