"""Legal nuances of the shipped rules, through the CLI on the repositories of tests/data/nuances/
(newcomer review m7): which sensitive data made CTDPA-013/014 fire, best-practice rules marked
in every output, the agency retention rule CT-PDA-012, the texts of ct-breach and ct-ai for
agencies, and CT-AI-002's start."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

NUANCES = Path(__file__).resolve().parents[1] / "data" / "nuances"
CARD = "user.financial.credit_card (sensitive from 2026-07-01)"
SENSITIVE = f"{CARD}, user.health_and_medical, recording.voiceprint (biometric data)"


def copy_repo(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(NUANCES / name, root)
    (root / ".git").mkdir()
    return root


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return copy_repo("shop", tmp_path)


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    return copy_repo("agency", tmp_path)


def _json(run_cli: Callable[..., Any], root: Path, *args: str) -> dict[str, Any]:
    code, out, err = run_cli("check", "--format", "json", *args, cwd=root)
    assert code in (0, 1), err
    document: dict[str, Any] = json.loads(out)
    return document


def _messages(document: dict[str, Any], rule: str) -> list[str]:
    return [f["message"] for f in document["findings"] if f["rule"] == rule]


# --------------------------------------------------------------------------- CTDPA-013/014


def test_sensitive_data_findings_name_the_categories_in_every_output(run_cli, shop):
    code, text, _ = run_cli("check", cwd=shop)
    assert code == 1
    line = next(x for x in text.splitlines() if " CTDPA-013 " in x)
    assert line.startswith("vendors/card-payments.yaml:")
    assert f"the tool processes sensitive data ({SENSITIVE}), so say how" in line
    document = _json(run_cli, shop)
    assert _messages(document, "CTDPA-013") == [line.split(" error: ", 1)[1].split(" [")[0]]
    revocation, stop = _messages(document, "CTDPA-014")
    assert revocation.endswith(f"processing of sensitive data ({SENSITIVE})")
    assert f"processing of sensitive data ({SENSITIVE}) must stop" in stop
    code, out, _ = run_cli("check", "--format", "sarif", cwd=shop)
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    sarif = [r["message"]["text"] for r in results if r["ruleId"] == "CTDPA-013"]
    assert sarif == _messages(document, "CTDPA-013")


def test_sensitive_categories_follow_the_as_of_date(run_cli, shop):
    """A card number is sensitive only from 2026-07-01, so the day before it is not named."""
    document = _json(run_cli, shop, "--as-of", "2026-06-30")
    (message,) = _messages(document, "CTDPA-013")
    assert "(user.health_and_medical, recording.voiceprint (biometric data))" in message
    assert "credit_card" not in message


def test_explain_shows_the_placeholder_as_an_ellipsis(run_cli, shop):
    code, out, _ = run_cli("explain", "CTDPA-013", cwd=shop)
    assert code == 0
    assert "{sensitive_categories}" not in out
    assert "processes sensitive data (…)" in out


# --------------------------------------------------------------------------- best practice


def test_best_practice_rule_is_marked_in_text_json_and_sarif(run_cli, shop):
    code, text, _ = run_cli("check", cwd=shop)
    assert code == 1
    line = next(x for x in text.splitlines() if " CTDPA-027 " in x)
    assert line.endswith("[Conn. Gen. Stat. § 42-516 (secondary; best practice)]")
    (finding,) = [f for f in _json(run_cli, shop)["findings"] if f["rule"] == "CTDPA-027"]
    assert finding["citations"][0]["best_practice"] is True
    assert finding["citations"][0]["status"] == "secondary"
    # a law citation of a rule that the law requires carries no such key
    (other,) = [f for f in _json(run_cli, shop)["findings"] if f["rule"] == "CTDPA-013"]
    assert "best_practice" not in other["citations"][0]
    code, out, _ = run_cli("check", "--format", "sarif", cwd=shop)
    assert code == 1
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    rule = next(r for r in rules if r["id"] == "CTDPA-027")
    assert rule["properties"]["citations"][0]["best_practice"] is True
    assert (
        "best practice: the law cited does not itself require this control"
        in (rule["help"]["markdown"])
    )


def test_explain_marks_a_verified_citation_of_a_best_practice_rule(run_cli, shop):
    code, out, _ = run_cli("explain", "CT-BREACH-005", cwd=shop)
    assert code == 0
    line = next(x for x in out.splitlines() if "§ 36a-701b:" in x)
    assert "[verified]" in line
    assert "best practice: the law cited does not itself require this control" in line


# --------------------------------------------------------------------------- CT-PDA-012


def test_agency_retention_schedule_rule(run_cli, agency):
    code, text, _ = run_cli("check", cwd=agency)
    assert code == 0, text  # a warning does not fail the run (fail_on: error)
    lines = [x for x in text.splitlines() if " CT-PDA-012 " in x]
    assert len(lines) == 1
    assert lines[0].startswith("vendors/unscheduled.yaml:")
    assert " CT-PDA-012 warning: records.retention_schedule is missing" in lines[0]
    (finding,) = [f for f in _json(run_cli, agency)["findings"] if f["rule"] == "CT-PDA-012"]
    assert finding["pointer"] == "/records/retention_schedule"
    assert [(c["section"], c["status"], c.get("agency")) for c in finding["citations"]] == [
        ("§ 4-193(e)", "verified", None),
        ("§ 11-8a", "unverified", None),
        ("§ 31-250-3", "verified", "Department of Labor"),
    ]


def test_retention_rule_is_not_active_for_a_private_business(run_cli, shop):
    assert "CT-PDA-012" not in {f["rule"] for f in _json(run_cli, shop)["findings"]}
    code, out, _ = run_cli("explain", "CT-PDA-012", cwd=shop)
    assert code == 0
    assert "\nSeverity:  warning\n" in out
    assert "\nActive:    no — pack ct-pda is inactive: organization.type is private_business" in out


# --------------------------------------------------------------------------- agencies


def test_breach_rules_say_what_they_are_for_an_agency(run_cli, agency):
    code, out, _ = run_cli("explain", "CT-BREACH-003", cwd=agency)
    assert code == 0
    assert "\nActive:    yes — pack ct-breach: organization.type is ct_state_agency\n" in out
    flat = " ".join(out.split())
    assert "a business whose" not in flat
    assert "whether § 36a-701b binds an agency was not read" in flat
    assert "for an agency this rule states best practice" in flat


def test_cutpa_rule_is_not_applicable_to_an_agency(run_cli, agency):
    code, out, _ = run_cli("explain", "CT-AI-001", cwd=agency)
    assert code == 0
    assert "\nActive:    yes — pack ct-ai: organization.type is ct_state_agency\n" in out
    assert (
        "\nApplies:   no — n/a for this organization (organization.type: ct_state_agency)\n" in out
    )


def test_companion_declaration_starts_when_the_act_was_signed(run_cli, shop):
    code, out, _ = run_cli("explain", "CT-AI-002", cwd=shop)
    assert code == 0
    flat = " ".join(out.split())
    assert "2026-05-27" in flat
    assert "Section 4 takes effect on 2027-01-01" in flat
    assert "a missing declaration breaks no law" in flat


# --------------------------------------------------------------------------- CT-PDA-013


def test_an_agencys_expired_vendor_contract_fails_whatever_the_procurement_basis(run_cli, agency):
    """The adoption review: a contractual-services vendor (no personal service agreement, so
    CT-PSA-002 does not apply) whose contract lapsed passed `ctlint check`."""
    before = _json(run_cli, agency, "--as-of", "2027-02-28", "vendors/scheduled.yaml")
    assert "CT-PDA-013" not in {f["rule"] for f in before["findings"]}  # its last day
    code, text, _ = run_cli("check", "--as-of", "2027-03-01", "vendors/scheduled.yaml", cwd=agency)
    assert code == 1
    (line,) = [x for x in text.splitlines() if " CT-PDA-013 " in x]
    assert line.startswith("vendors/scheduled.yaml:61:")
    assert "CT-PDA-013 error: agreement.expires is 2027-02-28, before the as-of date" in line
    assert " CT-PSA-002 " not in text  # not a personal service contractor


def test_breach_findings_are_marked_best_practice_for_an_agency_only(run_cli, shop, agency):
    """The newcomer review (m7): explain said the ct-breach rules are best practice for an
    agency, but the one-line finding carried no mark. The citation's `best_practice_for`
    marks it for agencies in every output; a business sees the law as a duty."""
    card = (shop / "vendors" / "card-payments.yaml").read_text("utf-8")
    assert "  plan: " in card
    no_plan = "\n".join(x for x in card.splitlines() if not x.startswith("  plan: ")) + "\n"
    for root in (shop, agency):
        (root / "vendors" / "card-payments.yaml").write_text(no_plan, "utf-8")
    lines = {}
    for name, root in (("shop", shop), ("agency", agency)):
        _code, out, _err = run_cli("check", "--select", "CT-BREACH-003", cwd=root)
        (lines[name],) = [x for x in out.splitlines() if " CT-BREACH-003 " in x]
    assert lines["shop"].endswith("[Conn. Gen. Stat. § 36a-701b(b) (secondary)]")
    assert lines["agency"].endswith("[Conn. Gen. Stat. § 36a-701b(b) (secondary; best practice)]")
    (finding,) = [f for f in _json(run_cli, agency)["findings"] if f["rule"] == "CT-BREACH-003"]
    assert finding["citations"][0]["best_practice"] is True
    (finding,) = [f for f in _json(run_cli, shop)["findings"] if f["rule"] == "CT-BREACH-003"]
    assert "best_practice" not in finding["citations"][0]
