"""Citations in every output: the ones in force at the as-of date, their status, the `agency`
of another agency's rule and the organization's own `declared` regulations (rules.md, ct-pda;
configuration.md, `organization.regulations`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

AGENCY = {
    "type": "ct_state_agency",
    "regulations": [
        {
            "section": "§ 31-250-3",
            "title": "Maintenance of personal data-general",
            "url": "https://example.gov/regs/31-250-3",
        },
        {"section": "§ 31-250-5", "title": "Maintenance of personal data-disclosure"},
    ],
}


def _pda_findings(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if f["rule"].startswith("CT-PDA")]


def test_declared_regulations_on_every_ct_pda_finding(repo: Any, check_json: Any) -> None:
    repo.config(organization=AGENCY)
    repo.manifest()
    _code, document = check_json()
    findings = _pda_findings(document)
    assert findings
    for finding in findings:
        citations = finding["citations"]
        declared = [c for c in citations if c["status"] == "declared"]
        assert [c["section"] for c in declared] == ["§ 31-250-3", "§ 31-250-5"], finding["rule"]
        assert declared[0]["law"] == "Regs. Conn. State Agencies"
        assert declared[0]["url"] == "https://example.gov/regs/31-250-3"
        assert declared[1]["url"] is None
        assert all("agency" not in c for c in declared)
        kinds = ["agency" if "agency" in c else c["status"] for c in citations]
        # the statute first, then the declared regulations, then other agencies' rules
        first_declared = kinds.index("declared")
        assert "agency" not in kinds[:first_declared], finding["rule"]
        assert "declared" not in kinds[first_declared + 2 :], finding["rule"]
        assert citations[0]["law"] == "Conn. Gen. Stat.", finding["rule"]


def test_declared_regulations_only_on_ct_pda(repo: Any, check_json: Any) -> None:
    repo.config(organization=AGENCY)
    repo.manifest(patch={"agreement": {"procurement_basis": None, "signed": None}})
    _code, document = check_json()
    others = [f for f in document["findings"] if not f["rule"].startswith("CT-PDA")]
    assert others
    for finding in others:
        assert all(c["status"] != "declared" for c in finding["citations"]), finding["rule"]


def test_other_agencies_rules_carry_agency(repo: Any, check_json: Any) -> None:
    repo.config(organization={"type": "ct_state_agency"})
    repo.manifest()
    _code, document = check_json()
    agencies = {
        c["agency"] for f in _pda_findings(document) for c in f["citations"] if "agency" in c
    }
    assert "Department of Labor" in agencies
    for finding in document["findings"]:
        for citation in finding["citations"]:
            assert citation["status"] in {"verified", "secondary", "unverified"}
            if "agency" in citation:
                assert citation["law"] == "Regs. Conn. State Agencies"


def test_regulations_ignored_while_the_type_is_undeclared(repo: Any, check_json: Any) -> None:
    repo.config({"organization": {"regulations": AGENCY["regulations"]}, "as_of": "2026-11-28"})
    repo.manifest()
    _code, document = check_json()
    assert _pda_findings(document)
    for finding in document["findings"]:
        assert all(c["status"] != "declared" for c in finding["citations"])
    (ctl010,) = [f for f in document["findings"] if f["rule"] == "CTL010"]
    assert "regulations" in ctl010["message"]


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        pytest.param({"title": "No section"}, "section", id="no-section"),
        pytest.param({"section": "§ 1"}, "title", id="no-title"),
        pytest.param({"section": "  ", "title": "Blank"}, "section", id="blank-section"),
        pytest.param(
            {"section": "§ 1", "title": "T", "url": "http://example.gov/x"}, "url", id="http"
        ),
        pytest.param({"section": "§ 1", "title": "T", "extra": 1}, "extra", id="unknown-key"),
    ],
)
def test_a_bad_regulation_entry_is_a_configuration_error(
    repo: Any, run_cli: Any, entry: dict[str, Any], words: str
) -> None:
    repo.config(organization={"type": "ct_state_agency", "regulations": [entry]})
    repo.manifest()
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    assert ".ctlint.yaml" in err
    assert "regulations" in err
    assert words in err
    assert len(err.strip().splitlines()) == 1


def test_text_line_shows_a_status_that_is_not_verified(repo: Any, run_cli: Any) -> None:
    repo.config(organization={"type": "ct_state_agency"})
    repo.manifest(patch={"agreement": {"type": "data_processing_agreement"}})
    code, out, _err = run_cli("check", "--no-color", cwd=repo.path)
    assert code == 1
    psa = [line for line in out.splitlines() if " CT-PSA-001 " in line]
    assert psa
    assert all(line.endswith("[Conn. Gen. Stat. § 4-213 (secondary)]") for line in psa)
    pda = [line for line in out.splitlines() if " CT-PDA-008 " in line]
    assert pda
    assert pda[0].endswith("[Conn. Gen. Stat. § 4-196]")  # verified: no status shown


def test_one_declared_regulation_is_cited_once(repo: Any, run_cli: Any) -> None:
    repo.config(
        organization={
            "type": "ct_state_agency",
            "regulations": [{"section": "§ 99-1", "title": "Own rule"}],
        }
    )
    repo.manifest(patch={"requests": {"identity_verification": "none"}})
    _code, out, _err = run_cli("check", "--format", "json", cwd=repo.path)
    (finding,) = [f for f in json.loads(out)["findings"] if f["rule"] == "CT-PDA-002"]
    statuses = [c["status"] for c in finding["citations"]]
    assert statuses.count("declared") == 1


@pytest.mark.parametrize(
    ("as_of", "section"),
    [("2026-06-30", "§ 42-522(a)"), ("2026-07-01", "§ 42-522(b)(1)")],
)
def test_ctdpa_023_cites_the_section_in_force(
    repo: Any, check_json: Any, run_cli: Any, as_of: str, section: str
) -> None:
    repo.config(organization={"ct_consumers_per_year": 150_000})  # in scope on both days
    repo.manifest(patch={"data": {"sale": True}, "assessment": None})
    _code, document = check_json("--as-of", as_of)
    (finding,) = [f for f in document["findings"] if f["rule"] == "CTDPA-023"]
    assert finding["citations"][0]["section"] == section
    assert finding["citations"][0]["status"] == "verified"
    _code, out, _err = run_cli("check", "--as-of", as_of, cwd=repo.path)
    (line,) = [line for line in out.splitlines() if " CTDPA-023 " in line]
    assert line.endswith(f"[Conn. Gen. Stat. {section}]")


@pytest.mark.parametrize(
    ("as_of", "sections", "status"),
    [
        ("2026-06-30", ["§ 42-521(b)(1)"], "verified"),
        ("2026-07-01", ["§ 42-521 as amended by PA 25-113"], "unverified"),
    ],
)
def test_the_amended_42_521_is_unverified_from_2026_07_01(
    repo: Any, check_json: Any, as_of: str, sections: list[str], status: str
) -> None:
    repo.config(organization={"ct_consumers_per_year": 150_000})  # in scope on both days
    clauses = ["processing_instructions", "nature_and_purpose", "data_types", "duration"]
    repo.manifest(patch={"agreement": {"clauses": [*clauses, "rights_and_obligations"]}})
    _code, document = check_json("--as-of", as_of)
    (finding,) = [f for f in document["findings"] if f["rule"] == "CTDPA-003"]
    assert [c["section"] for c in finding["citations"]] == sections
    assert finding["citations"][0]["status"] == status
