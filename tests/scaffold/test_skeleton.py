"""ctlint.scaffold.skeleton: manifest skeletons (its conditions, tree and rendering)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ctlint import scaffold
from ctlint.config import Settings
from ctlint.config.organization import Organization
from ctlint.errors import UsageError
from ctlint.output.catalog_views import build_view
from ctlint.scaffold.skeleton import Skeleton, manifest_skeleton
from ctlint.scaffold.skeleton.render import header_text

AS_OF = dt.date(2026, 11, 28)


def _settings(tmp_path: Path, organization: dict[str, Any], as_of: dt.date = AS_OF) -> Settings:
    return Settings(
        root=str(tmp_path), organization=Organization.from_config(organization), as_of=as_of
    )


def _rules(tmp_path: Path, organization: dict[str, Any], as_of: dt.date = AS_OF) -> Any:
    return build_view(_settings(tmp_path, organization, as_of)).ruleset.policy


def _skeleton(
    tmp_path: Path, organization: dict[str, Any], as_of: dt.date = AS_OF, **kind: Any
) -> Skeleton:
    """The skeleton ``ctlint new`` writes for this organization (its type, its active rules
    and the citations ``check`` would print)."""
    settings = _settings(tmp_path, organization, as_of)
    return manifest_skeleton(
        "acme",
        build_view(settings).ruleset.policy,
        as_of,
        org_type=settings.org_type,
        citations_for=settings.citations_for,
        **kind,
    )


def _get(data: Any, dotted: str) -> Any:
    for part in re.findall(r"[^.\[\]]+", dotted):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


def _uncomment_all(text: str) -> str:
    """Uncomment every commented-out field line (``# key:`` with nothing or a hint after)."""
    pattern = re.compile(r"^( *)# ( *(?:- )?[a-z_]+:(?: +#.*)?)$")
    return "\n".join(pattern.sub(r"\1\2", line) for line in text.split("\n"))


BUSINESS = {"type": "private_business", "ct_consumers_per_year": 52000}
AGENCY = {"type": "ct_state_agency"}
TOWN = {"type": "ct_municipal_agency"}


@pytest.mark.parametrize(
    ("organization", "basis"),
    [
        (BUSINESS, None),
        (AGENCY, None),
        (AGENCY, "personal_service_agreement"),
        (AGENCY, "contractual_services"),
        (AGENCY, "other_exempt"),
        (TOWN, None),
        ({}, None),
        ({"type": "nonprofit"}, None),
    ],
)
@pytest.mark.parametrize(
    ("category", "channels", "role"),
    [
        (None, None, None),
        ("help_desk", ["email", "web_form"], "processor"),
        ("contact_center", ["voice"], None),
        ("chatbot", None, "third_party"),
    ],
)
def test_skeleton_placeholders_are_empty_and_optional_fields_commented(
    tmp_path: Path,
    organization: dict[str, Any],
    basis: str | None,
    category: Any,
    channels: Any,
    role: Any,
) -> None:
    skeleton = _skeleton(
        tmp_path,
        organization,
        category=category,
        channels=channels,
        role=role,
        procurement_basis=basis,
    )
    data = yaml.safe_load(skeleton.text)
    assert data["manifest"] == "ctlint/v1"
    assert data["id"] == "acme"
    assert skeleton.placeholders, "there is always something to fill in"
    for dotted in skeleton.placeholders:
        assert _get(data, dotted) is None, dotted
    for dotted in skeleton.optional:
        with pytest.raises((KeyError, TypeError)):
            _get(data, dotted)
    # uncommenting every optional field gives valid YAML with those fields as placeholders
    opened = yaml.safe_load(_uncomment_all(skeleton.text))
    for dotted in (*skeleton.placeholders, *skeleton.optional):
        assert _get(opened, dotted) is None, dotted
    # every placeholder line has a comment line just above it that says why
    lines = skeleton.text.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^ *(- )?[a-z_]+:( +#.*)?$", line):
            assert lines[index - 1].lstrip().startswith("#"), line


def test_skeleton_comments_name_rule_and_statute(tmp_path: Path) -> None:
    # revision 2: the ct-pda rules cite the statute first, then other agencies' regulations
    text = _skeleton(tmp_path, AGENCY).text
    assert (
        "  # CT-PDA-002 (Conn. Gen. Stat. § 4-193(g)): how a person asking for their "
        "own data is verified\n"
        "  identity_verification:   # email_match | account_login | knowledge_based | "
        "document_check | multi_factor\n"
    ) in text
    assert (
        "#   CT-PDA-003 (Conn. Gen. Stat. § 4-196(a)(4)): needs agency_and_division, legal_authority"
        in text
    )
    assert "  # required: contracting entity\n  legal_name:   # text\n" in text


def test_skeleton_citations_show_their_status_unless_verified(tmp_path: Path) -> None:
    # the first citation in force, as `ctlint check` prints it (Citation.short)
    agency = _skeleton(tmp_path, AGENCY, procurement_basis="personal_service_agreement").text
    assert "# CT-PSA-001 (Conn. Gen. Stat. § 4-213 (secondary)): " in agency
    assert "# CT-PSA-005 (Conn. Gen. Stat. § 4-212(2)): " in agency  # verified: no status
    bot = _skeleton(tmp_path, BUSINESS, category="chatbot").text
    assert "# CT-AI-001 (Conn. Gen. Stat. § 42-110b (unverified)): people are told" in bot


def test_skeleton_takes_the_citations_from_the_settings(tmp_path: Path) -> None:
    from ctlint.model.findings import Citation

    declared = Citation(
        "Regs. Conn. State Agencies", "§ 31-250-5", "Disclosure", "", status="declared"
    )
    settings = _settings(tmp_path, AGENCY)
    text = manifest_skeleton(
        "a",
        _rules(tmp_path, AGENCY),
        AS_OF,
        org_type="ct_state_agency",
        citations_for=lambda rule: (
            (declared,) if rule.id == "CT-PDA-002" else settings.citations_for(rule)
        ),
    ).text
    assert "# CT-PDA-002 (Regs. Conn. State Agencies § 31-250-5 (declared)): how a person" in text
    # organization.regulations come after the statute: the statute stays the one shown
    regs = {**AGENCY, "regulations": [{"section": "§ 31-250-5", "title": "Disclosure"}]}
    assert "# CT-PDA-002 (Conn. Gen. Stat. § 4-193(g)): " in _skeleton(tmp_path, regs).text


def test_skeleton_uses_the_citation_in_force(tmp_path: Path) -> None:
    large = {"type": "private_business", "ct_consumers_per_year": 150000}
    early = dt.date(2026, 6, 30)
    before = manifest_skeleton("a", _rules(tmp_path, large, early), early).text
    after = manifest_skeleton("a", _rules(tmp_path, BUSINESS), AS_OF).text
    assert "CTDPA-010 (Conn. Gen. Stat. § 42-520(a)(1)): why" in before
    assert "CTDPA-010 (Conn. Gen. Stat. § 42-520(a)(1)(A)): why" in after


def test_skeleton_hints_show_what_the_rules_accept(tmp_path: Path) -> None:
    text = _skeleton(tmp_path, BUSINESS, role="processor").text
    assert "response_days:   # a whole number, at most 45\n" in text
    assert "encryption_in_transit:   # true or false (the rule needs true)\n" in text
    assert (
        "type:   # personal_service_agreement | data_processing_agreement | msa_with_dpa\n" in text
    )
    assert "| none" not in text.split("identity_verification:")[1].split("\n")[0]


def test_skeleton_rule_options_reach_the_hints(tmp_path: Path) -> None:
    from ctlint.policy.catalog import build_catalog

    rule = build_catalog(rule_options={"CT-BREACH-002": {"max_hours": 24}}).rules["CT-BREACH-002"]
    text = manifest_skeleton("a", [rule], AS_OF).text
    assert "vendor_notice_hours:   # a whole number, at most 24" in text


def test_presence_conditions_follow_the_fields_they_wait_for(tmp_path: Path) -> None:
    skeleton = _skeleton(tmp_path, AGENCY, procurement_basis="personal_service_agreement")
    # CT-PDA-005 applies once records.accuracy_review_days is set, which CT-PDA-004 requires
    assert "records.last_accuracy_review" in skeleton.placeholders
    # CT-PSA-003 waits for a cost or a term that nothing requires: offered commented out
    assert "agreement.approvals.opm_secretary" in skeleton.optional


def test_skeleton_of_a_presumed_processor_says_so(tmp_path: Path) -> None:
    unknown = _skeleton(tmp_path, BUSINESS)
    assert "agreement.clauses" in unknown.placeholders
    assert "when the vendor is a processor: needs processing_instructions" in unknown.text
    third = _skeleton(tmp_path, BUSINESS, role="third_party")
    assert "agreement.clauses" not in third.placeholders
    assert "data.sale" in third.placeholders
    # CTDPA-009 passes with data.sale: false and a sale analysis: the comment says so
    assert (
        "CTDPA-009 (Conn. Gen. Stat. § 42-515(38)), when not (data.sale is false and "
        "data.sale_analysis is set)"
    ) in third.text


# --------------------------------------------------------------------------- revision 2


def _comment_above(text: str, field: str) -> str:
    """The comment lines just above the first live line ``field:`` (indented or not)."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if re.match(rf"^ *{field}:", line))
    above = []
    # up to a commented-out field above it (`# key:` and nothing or a hint after)
    while lines[index - 1].lstrip().startswith("#") and not re.match(
        r"^ *# [a-z_]+:( +#.*)?$", lines[index - 1]
    ):
        index -= 1
        above.insert(0, lines[index])
    return "\n".join(above)


def _line(text: str, field: str) -> str:
    return next(line for line in text.split("\n") if re.match(rf"^ *{field}:", line))


def test_organization_facts_come_from_the_profile(tmp_path: Path) -> None:
    rules = _rules(tmp_path, AGENCY)
    # CT-PI-003 and CT-AI-001 are active (their packs are) but not applicable to an agency
    assert {"CT-PI-003", "CT-AI-001"} <= {r.id for r in rules}
    agency = _skeleton(tmp_path, AGENCY, category="chatbot")
    assert "CT-PI-003" not in agency.text
    assert "CT-AI-001" not in agency.text
    assert "ai.discloses_ai" not in (*agency.placeholders, *agency.optional)
    assert "ai.trains_on_customer_data" in agency.placeholders  # CT-AI-004 binds everyone
    assert "ai.discloses_ai" in _skeleton(tmp_path, BUSINESS, category="chatbot").placeholders
    # the same rules, scaffolded without saying who the organization is: undeclared
    undeclared = manifest_skeleton("a", rules, AS_OF, category="chatbot")
    assert "ai.discloses_ai" in undeclared.placeholders
    assert "agreement.procurement_basis" not in undeclared.placeholders  # CT-PSA-005: agencies


def test_only_a_state_agency_is_asked_for_the_procurement_basis(tmp_path: Path) -> None:
    agency = _skeleton(tmp_path, AGENCY)
    assert scaffold.BASIS_FIELD in agency.placeholders
    comment = _comment_above(agency.text, "procurement_basis")
    assert comment.startswith("  # CT-PSA-005 (Conn. Gen. Stat. § 4-212(2)): the legal basis")
    for value, text in scaffold.PROCUREMENT_BASES:
        assert f"  #   {value}: {text}" in comment
    assert "§ 4a-50" in comment
    assert (
        _line(agency.text, "procurement_basis")
        == "  procurement_basis:   # one of the values above"
    )
    for organization in (TOWN, BUSINESS, {}):
        assert scaffold.BASIS_FIELD not in _skeleton(tmp_path, organization).placeholders


PSA_FIELDS = ("agreement.type", "agreement.signed")


def test_an_excluded_basis_leaves_the_personal_service_agreement_fields_out(
    tmp_path: Path,
) -> None:
    for basis in ("contractual_services", "information_technology", "other_exempt"):
        skeleton = _skeleton(tmp_path, AGENCY, procurement_basis=basis)
        data = yaml.safe_load(skeleton.text)
        assert data["agreement"]["procurement_basis"] == basis
        assert scaffold.BASIS_FIELD not in skeleton.placeholders
        assert "# CT-PSA-005 (" in _comment_above(skeleton.text, "procurement_basis")
        for rule in ("CT-PSA-001", "CT-PSA-002", "CT-PSA-003", "CT-PSA-004", "CT-PSA-006"):
            assert rule not in skeleton.text, (basis, rule)
        assert "CT-PSA-007" not in skeleton.text
        for field in (*PSA_FIELDS, "agreement.approvals.opm_secretary"):
            assert field not in (*skeleton.placeholders, *skeleton.optional), (basis, field)
        # the ct-pda fields stay: the agency's Personal Data Act duties do not depend on it
        assert "agreement.clauses" in skeleton.placeholders
        assert ("agreement.procurement_note" in skeleton.placeholders) == (basis == "other_exempt")


def test_a_personal_service_agreement_basis_keeps_the_fields_live(tmp_path: Path) -> None:
    skeleton = _skeleton(tmp_path, AGENCY, procurement_basis="personal_service_agreement")
    assert set(PSA_FIELDS) <= set(skeleton.placeholders)
    assert "agreement.procurement_note" not in (*skeleton.placeholders, *skeleton.optional)
    assert "  type:   # personal_service_agreement\n" in skeleton.text
    # no basis yet: the fields wait for it, commented out, saying what they wait for
    open_ = _skeleton(tmp_path, AGENCY)
    assert set(PSA_FIELDS) <= set(open_.optional)
    assert (
        "# CT-PSA-001 (Conn. Gen. Stat. § 4-213 (secondary)), when agreement.procurement_basis "
        "is personal_service_agreement: "
    ) in open_.text
    # the basis is written first in its section: it decides the rest
    assert next(iter(yaml.safe_load(skeleton.text)["agreement"])) == "procurement_basis"
    # an organization whose type is undeclared is not asked: missing counts, the rules apply
    assert set(PSA_FIELDS) <= set(_skeleton(tmp_path, {}).placeholders)
    assert (
        "CT-PSA-001" not in _skeleton(tmp_path, {}, procurement_basis="contractual_services").text
    )


def test_an_unknown_procurement_basis_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown procurement basis `dас`"):
        _skeleton(tmp_path, AGENCY, procurement_basis="dас")


DECLARED = 'true or false: declare it (absent never means "no"; false is a declaration)'


def test_a_private_business_declares_sale_advertising_and_profiling(tmp_path: Path) -> None:
    for kind in ({}, {"category": "help_desk", "channels": ["email"], "role": "processor"}):
        skeleton = _skeleton(tmp_path, BUSINESS, **kind)
        for field in ("sale", "targeted_advertising", "profiling_decisions"):
            assert f"data.{field}" in skeleton.placeholders
            assert "CTDPA-032 (Conn. Gen. Stat. § 42-522(a))" in _comment_above(
                skeleton.text, field
            )
            assert _line(skeleton.text, field) == f"  {field}:   # {DECLARED}"
    for organization in (AGENCY, TOWN, {"type": "nonprofit"}):
        skeleton = _skeleton(tmp_path, organization)
        assert "CTDPA-032" not in skeleton.text
        assert "data.targeted_advertising" not in skeleton.placeholders


def test_declared_facts_of_each_kind_of_tool(tmp_path: Path) -> None:
    center = _skeleton(tmp_path, AGENCY, category="contact_center")
    for field, rule in (("agents_monitored", "CT-EMP-002"), ("records_calls", "CT-REC-002")):
        assert f"recording.{field}" in center.placeholders
        comment = _comment_above(center.text, field)
        assert f"# {rule} (Conn. Gen. Stat. " in comment
        assert "absent means false" not in comment  # not so for a fact that must be declared
        assert _line(center.text, field) == f"  {field}:   # {DECLARED}"
    # a contact centre is one by its category, whatever its channels
    assert "# CT-EMP-002 (Conn. Gen. Stat. § 31-48d): employees'" in center.text
    # a voice channel of another kind of tool
    voice = _skeleton(tmp_path, BUSINESS, category="help_desk", channels=["voice"])
    assert {"recording.agents_monitored", "recording.records_calls"} <= set(voice.placeholders)
    email = _skeleton(tmp_path, BUSINESS, category="help_desk", channels=["email"])
    assert "recording.agents_monitored" not in (*email.placeholders, *email.optional)
    # chatbots
    bot = _skeleton(tmp_path, BUSINESS, category="chatbot")
    assert "ai.trains_on_customer_data" in bot.placeholders
    assert "# CT-AI-004: " in _comment_above(bot.text, "trains_on_customer_data")
    assert (
        _line(bot.text, "trains_on_customer_data") == f"  trains_on_customer_data:   # {DECLARED}"
    )
    # a tool that may or may not have a bot: offered commented out, with the same hint
    desk = _skeleton(tmp_path, BUSINESS, category="help_desk")
    assert "ai.trains_on_customer_data" in desk.optional
    assert f"#   trains_on_customer_data:   # {DECLARED}" in desk.text
    assert 'marked "declare it"' in header_text("a", "")


def test_the_privacy_notice_list_asks_for_the_last_update(tmp_path: Path) -> None:
    text = _skeleton(tmp_path, BUSINESS).text
    assert "#   CTDPA-031 (Conn. Gen. Stat. § 42-520(b)(1)(I)): needs last_updated" in text
    early = dt.date(2026, 6, 30)
    assert "CTDPA-031" not in _skeleton(tmp_path, BUSINESS, early).text


def test_skeleton_ignores_retired_rules(tmp_path: Path) -> None:
    rules = [dataclasses.replace(r, retired="gone") for r in _rules(tmp_path, AGENCY)]
    skeleton = manifest_skeleton("a", rules, AS_OF)
    assert "CT-PDA" not in skeleton.text
    assert set(skeleton.placeholders) == {
        "name",
        "category",
        "owner",
        "vendor.legal_name",
        "vendor.role",
        "channels",
        "data.subjects",
        "data.uses",
        "data.categories[0].key",
        "data.categories[0].purpose",
    }


def test_skeleton_includes_fields_of_the_organizations_own_rules() -> None:
    from ctlint.policy.compile import compile_rule

    raw = {
        "id": "ACME-001",
        "pack": "acme",
        "name": "needs-a-team",
        "title": "Every tool names its support team",
        "severity": "error",
        "rationale": "So that someone answers.",
        "remediation": "Add x-acme-team.",
        "assert": [
            {"pointer": "/x-acme-team", "message": "x-acme-team is missing"},
            {
                "pointer": "/data/uses/*",
                "schema": {"not": {"const": "sales"}},
                "message": "no sales",
            },
        ],
    }
    skeleton = manifest_skeleton("a", [compile_rule(raw, path="acme/ACME-001.yaml")], AS_OF)
    assert "# ACME-001\nx-acme-team:   # text\n" in skeleton.text
    assert "x-acme-team" in skeleton.placeholders
    assert "  # required; ACME-001: what the data is used for" in skeleton.text
    assert yaml.safe_load(skeleton.text)["x-acme-team"] is None
