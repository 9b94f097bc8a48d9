"""ctlint.law.scope: which packs are active and whether the CTDPA is in scope (configuration.md).

Every case runs ``ctlint check --format json`` in a temporary repository and reads
``organization.packs``, ``organization.ctdpa_scope`` and the CTL010-CTL012 findings.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from ctlint.law import records, tables
from ctlint.law import scope as scope_module

AGENCY_PACKS = ["ct-pda", "ct-psa", "ct-breach", "ct-pi", "ct-recording", "ct-employment", "ct-ai"]
MUNICIPAL_PACKS = ["ct-pda", "ct-breach", "ct-pi", "ct-recording", "ct-employment", "ct-ai"]
BUSINESS_PACKS = [
    "ctdpa",
    "ct-health",
    "ct-breach",
    "ct-pi",
    "ct-recording",
    "ct-employment",
    "ct-ai",
]
NO_CTDPA = [p for p in BUSINESS_PACKS if p != "ctdpa"]
AFTER = "2026-11-28"  # after the 2026-07-01 amendments
BEFORE = "2025-06-01"  # between 2023-07-01 and 2026-06-30


def org_findings(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if f["rule"] in ("CTL010", "CTL011", "CTL012")]


def scope(
    repo: Any, check_json: Any, organization: dict[str, Any] | None, *args: str, **config: Any
) -> Any:
    """Write the configuration, check, and return the JSON document."""
    body: dict[str, Any] = dict(config)
    if organization is not None:
        body["organization"] = organization
    repo.config(body)
    _code, document = check_json(*args)
    return document


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize(
    ("organization", "packs"),
    [
        pytest.param({"type": "ct_state_agency"}, AGENCY_PACKS, id="state-agency"),
        pytest.param({"type": "ct_municipal_agency"}, MUNICIPAL_PACKS, id="municipal"),
        pytest.param(
            {"type": "private_business", "ct_consumers_per_year": 52000},
            BUSINESS_PACKS,
            id="business",
        ),
        pytest.param(
            {"type": "nonprofit", "ct_consumers_per_year": 52000}, NO_CTDPA, id="nonprofit"
        ),
        pytest.param(
            {"type": "private_business", "ct_consumers_per_year": 52000, "state_contractor": True},
            [*BUSINESS_PACKS, "ct-pda"],
            id="business-state-contractor",
        ),
        pytest.param(
            {"type": "nonprofit", "state_contractor": True},
            [*NO_CTDPA, "ct-pda"],
            id="nonprofit-state-contractor",
        ),
        pytest.param(
            {"type": "private_business", "ct_consumers_per_year": 52000, "ct_employees": False},
            [p for p in BUSINESS_PACKS if p != "ct-employment"],
            id="business-no-ct-employees",
        ),
        pytest.param(
            {"type": "ct_state_agency", "ct_employees": False},
            [p for p in AGENCY_PACKS if p != "ct-employment"],
            id="agency-no-ct-employees",
        ),
        pytest.param(
            {"type": "ct_municipal_agency", "ct_employees": True},
            MUNICIPAL_PACKS,
            id="municipal-ct-employees-true",
        ),
        pytest.param(
            {"type": "ct_state_agency", "state_contractor": True},
            AGENCY_PACKS,
            id="agency-state-contractor-changes-nothing",
        ),
    ],
)
def test_applicability_table(
    repo: Any, check_json: Any, organization: dict[str, Any], packs: list[str]
) -> None:
    repo.manifest()
    document = scope(repo, check_json, organization, as_of=AFTER)
    assert sorted(document["organization"]["packs"]) == sorted(packs)
    assert "core" not in document["organization"]["packs"]
    assert document["organization"]["type"] == organization["type"]


def test_business_packs_in_the_documented_order(repo: Any, check_json: Any) -> None:
    repo.manifest()
    document = scope(
        repo, check_json, {"type": "private_business", "ct_consumers_per_year": 52000}, as_of=AFTER
    )
    assert document["organization"]["packs"] == BUSINESS_PACKS


@pytest.mark.parametrize(
    "organization",
    [
        pytest.param(None, id="no-organization"),
        pytest.param({"name": "Example Co"}, id="name-only"),
    ],
)
def test_undeclared_type(repo: Any, check_json: Any, organization: dict[str, Any] | None) -> None:
    repo.manifest()
    document = scope(repo, check_json, organization, as_of=AFTER)
    assert document["organization"]["type"] is None
    assert document["organization"]["packs"] == ["ct-pda", "ct-psa"]
    assert document["organization"]["ctdpa_scope"] is None
    found = org_findings(document)
    assert [f["rule"] for f in found] == ["CTL010"]
    assert found[0]["severity"] == "info"
    assert "ctlint init" in found[0]["message"]
    assert "state agenc" in found[0]["message"]


def test_undeclared_type_ignores_and_names_other_facts(repo: Any, check_json: Any) -> None:
    repo.manifest()
    organization = {
        "ct_consumers_per_year": 1000,
        "sells_personal_data": True,
        "state_contractor": True,
    }
    document = scope(repo, check_json, organization, as_of=AFTER)
    assert document["organization"]["packs"] == ["ct-pda", "ct-psa"]
    assert document["organization"]["ctdpa_scope"] is None
    message = org_findings(document)[0]["message"]
    for fact in organization:
        assert fact in message


def test_undeclared_type_without_configuration_file(repo: Any, run_cli: Any) -> None:
    import json

    (repo / ".ctlint.yaml").unlink()
    repo.manifest()
    _code, out, _err = run_cli("check", "--format", "json", "--as-of", AFTER, cwd=repo.path)
    finding = org_findings(json.loads(out))[0]
    assert finding["rule"] == "CTL010"
    assert (finding["file"], finding["line"], finding["column"], finding["pointer"]) == (
        None,
        None,
        None,
        None,
    )


def test_ctl010_points_into_the_configuration(repo: Any, check_json: Any) -> None:
    repo.manifest()
    repo.config("# settings\nfail_on: error\n")
    _code, document = check_json("--as-of", AFTER)
    finding = org_findings(document)[0]
    assert finding["rule"] == "CTL010"
    assert finding["file"] == ".ctlint.yaml"


@pytest.mark.parametrize(
    ("packs", "expected"),
    [
        pytest.param(["ct-pda"], ["ct-pda"], id="one-pack"),
        pytest.param(["ctdpa", "ct-ai"], ["ctdpa", "ct-ai"], id="ctdpa-without-scope-test"),
        pytest.param(["ct-employment"], ["ct-employment"], id="no-ct-employees-gating"),
    ],
)
def test_explicit_packs_list(
    repo: Any, check_json: Any, packs: list[str], expected: list[str]
) -> None:
    repo.manifest()
    organization = {"type": "nonprofit", "ct_employees": False}
    document = scope(repo, check_json, organization, packs=packs, as_of=AFTER)
    assert sorted(document["organization"]["packs"]) == sorted(expected)
    assert document["organization"]["ctdpa_scope"] is None
    assert org_findings(document) == []


def test_explicit_packs_without_type_have_no_ctl010(repo: Any, check_json: Any) -> None:
    repo.manifest()
    document = scope(repo, check_json, None, packs=["ct-ai"], as_of=AFTER)
    assert document["organization"]["packs"] == ["ct-ai"]
    assert org_findings(document) == []


def test_auto_plus_named_pack(repo: Any, check_json: Any) -> None:
    repo.manifest()
    organization = {"type": "private_business", "ct_consumers_per_year": 1000}
    document = scope(repo, check_json, organization, packs=["auto", "ct-psa"], as_of=AFTER)
    assert sorted(document["organization"]["packs"]) == sorted([*NO_CTDPA, "ct-psa"])
    # the table still decides, so the scope test and CTL011 still apply
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False
    assert [f["rule"] for f in org_findings(document)] == ["CTL011"]


@pytest.mark.parametrize(
    "packs",
    [
        pytest.param(["ctdpa", "ct-nope"], id="unknown-in-list"),
        pytest.param(["auto", "acme"], id="unknown-after-auto"),
    ],
)
def test_unknown_pack_is_a_configuration_error(repo: Any, run_cli: Any, packs: list[str]) -> None:
    repo.manifest()
    repo.config(packs=packs)
    code, out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    assert out == ""
    assert packs[-1] in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "organization",
    [
        pytest.param(
            {"type": "ct_state_agency", "ct_consumers_per_year": 1_000_000}, id="state-agency"
        ),
        pytest.param({"type": "ct_municipal_agency"}, id="municipal-missing-consumers"),
    ],
)
def test_agencies_get_no_scope_test(
    repo: Any, check_json: Any, organization: dict[str, Any]
) -> None:
    repo.manifest()
    document = scope(repo, check_json, organization, as_of=AFTER)
    assert document["organization"]["ctdpa_scope"] is None
    assert "ctdpa" not in document["organization"]["packs"]
    assert org_findings(document) == []


# --------------------------------------------------------------------------- the CTDPA scope test


@pytest.mark.parametrize(
    ("as_of", "organization", "in_scope"),
    [
        pytest.param(AFTER, {"ct_consumers_per_year": 34_999}, False, id="after-34999"),
        pytest.param(AFTER, {"ct_consumers_per_year": 35_000}, True, id="after-35000"),
        pytest.param(BEFORE, {"ct_consumers_per_year": 99_999}, False, id="before-99999"),
        pytest.param(BEFORE, {"ct_consumers_per_year": 100_000}, True, id="before-100000"),
        pytest.param(
            BEFORE,
            {"ct_consumers_per_year": 25_000, "sale_revenue_share": 0.26},
            True,
            id="before-25000-share-0.26",
        ),
        pytest.param(
            BEFORE,
            {"ct_consumers_per_year": 25_000, "sale_revenue_share": 0.25},
            False,
            id="before-25000-share-0.25",
        ),
        pytest.param(
            BEFORE,
            {"ct_consumers_per_year": 24_999, "sale_revenue_share": 0.9},
            False,
            id="before-24999-share-0.9",
        ),
        pytest.param(
            BEFORE, {"ct_consumers_per_year": 50_000}, False, id="before-share-missing-counts-as-0"
        ),
        pytest.param(BEFORE, {"ct_consumers_per_year": 35_000}, False, id="before-35000"),
        pytest.param(
            BEFORE,
            {"ct_consumers_per_year": 1000, "sells_personal_data": True},
            False,
            id="before-selling-small",
        ),
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 1000, "sells_personal_data": True},
            True,
            id="after-sells-personal-data",
        ),
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 1000, "sells_personal_data": False},
            False,
            id="after-does-not-sell",
        ),
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 0, "sale_revenue_share": 0.9},
            False,
            id="after-share-is-not-the-test",
        ),
        pytest.param(
            "2026-06-30", {"ct_consumers_per_year": 50_000}, False, id="day-before-2026-07-01"
        ),
        pytest.param("2026-07-01", {"ct_consumers_per_year": 50_000}, True, id="day-of-2026-07-01"),
        pytest.param("2026-06-30", {"ct_consumers_per_year": 35_000}, False, id="35000-day-before"),
        pytest.param("2026-07-01", {"ct_consumers_per_year": 35_000}, True, id="35000-day-of"),
        pytest.param(
            "2023-07-01", {"ct_consumers_per_year": 100_000}, True, id="day-ctdpa-took-effect"
        ),
    ],
)
def test_ctdpa_thresholds(
    repo: Any, check_json: Any, as_of: str, organization: dict[str, Any], in_scope: bool
) -> None:
    repo.manifest()
    document = scope(repo, check_json, {"type": "private_business", **organization}, as_of=as_of)
    decided = document["organization"]["ctdpa_scope"]
    assert decided["in_scope"] is in_scope, decided
    assert decided["reason"]
    assert ("ctdpa" in document["organization"]["packs"]) is in_scope
    expected = [] if in_scope else ["CTL011"]
    assert [f["rule"] for f in org_findings(document)] == expected


def test_ctl011_points_at_the_consumer_count(repo: Any, check_json: Any) -> None:
    repo.manifest()
    repo.config(
        "# organization facts\norganization:\n  type: private_business\n  ct_consumers_per_year: 1000\n"
        f"as_of: {AFTER}\n"
    )
    _code, document = check_json()
    (finding,) = org_findings(document)
    assert finding["rule"] == "CTL011"
    assert finding["severity"] == "info"
    assert finding["file"] == ".ctlint.yaml"
    assert finding["pointer"] == "/organization/ct_consumers_per_year"
    assert finding["line"] == 4
    assert "35,000" in finding["message"]


def test_before_the_ctdpa_took_effect(repo: Any, check_json: Any) -> None:
    repo.manifest()
    organization = {"type": "private_business", "ct_consumers_per_year": 1_000_000}
    document = scope(repo, check_json, organization, as_of="2023-06-30")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False
    (finding,) = org_findings(document)
    assert finding["rule"] == "CTL011"
    assert "2023-07-01" in finding["message"]


@pytest.mark.parametrize(
    ("organization", "words"),
    [
        pytest.param(
            {
                "type": "private_business",
                "ct_consumers_per_year": 1_000_000,
                "exemptions": ["hipaa_covered_entity"],
            },
            "HIPAA",
            id="hipaa",
        ),
        pytest.param(
            {"type": "nonprofit", "ct_consumers_per_year": 1_000_000}, "onprofit", id="nonprofit"
        ),
        pytest.param({"type": "nonprofit"}, "onprofit", id="nonprofit-missing-consumers-no-ctl012"),
    ],
)
def test_exempt_organizations(
    repo: Any, check_json: Any, organization: dict[str, Any], words: str
) -> None:
    repo.manifest()
    repo.manifest("vendors/health-chat.yaml", source="health-chat")
    document = scope(repo, check_json, organization, as_of=AFTER)
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False
    assert "ctdpa" not in document["organization"]["packs"]
    (finding,) = org_findings(document)
    assert finding["rule"] == "CTL011"
    assert words in finding["message"]
    assert not [f for f in document["findings"] if f["rule"].startswith("CTDPA")]


@pytest.mark.parametrize(
    ("as_of", "organization"),
    [
        pytest.param(AFTER, {}, id="after"),
        pytest.param(BEFORE, {}, id="before"),
        pytest.param(BEFORE, {"sale_revenue_share": 0.5}, id="before-with-share"),
        pytest.param(AFTER, {"sells_personal_data": False}, id="after-not-selling"),
    ],
)
def test_missing_consumer_count_assumes_scope(
    repo: Any, check_json: Any, as_of: str, organization: dict[str, Any]
) -> None:
    repo.manifest()
    document = scope(repo, check_json, {"type": "private_business", **organization}, as_of=as_of)
    assert document["organization"]["ctdpa_scope"]["in_scope"] is True
    assert "ctdpa" in document["organization"]["packs"]
    (finding,) = org_findings(document)
    assert finding["rule"] == "CTL012"
    assert finding["severity"] == "warning"
    assert "ct_consumers_per_year" in finding["message"]
    assert finding["file"] == ".ctlint.yaml"
    assert finding["pointer"] == "/organization/ct_consumers_per_year"


@pytest.mark.parametrize(
    ("source", "organization"),
    [
        pytest.param("health-chat", {}, id="sensitive-data"),
        pytest.param("selling", {}, id="data-sale"),
        pytest.param("zendesk", {"sells_personal_data": True}, id="sells-personal-data"),
    ],
)
def test_missing_consumer_count_but_another_fact_decides(
    repo: Any, check_json: Any, source: str, organization: dict[str, Any]
) -> None:
    repo.manifest(f"vendors/{source}.yaml", source=source)
    document = scope(repo, check_json, {"type": "private_business", **organization}, as_of=AFTER)
    assert document["organization"]["ctdpa_scope"]["in_scope"] is True
    assert org_findings(document) == []


def test_ctl012_fails_the_run_only_with_fail_on_warning(repo: Any, run_cli: Any) -> None:
    repo.manifest()
    repo.config({"organization": {"type": "private_business"}, "as_of": AFTER})
    assert run_cli("check", cwd=repo.path)[0] == 0
    assert run_cli("check", "--fail-on", "warning", cwd=repo.path)[0] == 1


# --------------------------------------------------------------------------- repository-wide facts

SMALL = {"type": "private_business", "ct_consumers_per_year": 1000}


@pytest.mark.parametrize(
    ("other", "source", "in_scope"),
    [
        pytest.param("vendors/health-chat.yaml", "health-chat", True, id="sensitive-elsewhere"),
        pytest.param("vendors/selling.yaml", "selling", True, id="sale-elsewhere"),
        pytest.param(
            "vendors/x/deep/health-chat.yaml", "health-chat", True, id="sensitive-in-subfolder"
        ),
        pytest.param(
            "archive/health-chat.yaml", "health-chat", False, id="outside-configured-globs"
        ),
    ],
)
def test_facts_from_another_manifest(
    repo: Any, check_json: Any, other: str, source: str, in_scope: bool
) -> None:
    repo.manifest()
    repo.manifest(other, source=source)
    repo.config({"organization": SMALL, "as_of": AFTER})
    # pre-commit passes one changed file
    _code, document = check_json("vendors/zendesk.yaml")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is in_scope
    assert document["summary"]["files"] == 1
    assert {f["file"] for f in document["findings"]} <= {
        "vendors/zendesk.yaml",
        ".ctlint.yaml",
        None,
    }


def test_named_file_outside_globs_counts(repo: Any, check_json: Any) -> None:
    repo.manifest()
    repo.manifest("archive/health-chat.yaml", source="health-chat")
    repo.config({"organization": SMALL, "as_of": AFTER})
    _code, document = check_json("vendors/zendesk.yaml", "archive/health-chat.yaml")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is True


def test_scope_reason_names_the_file_with_sensitive_data(repo: Any, check_json: Any) -> None:
    repo.manifest()
    repo.manifest("vendors/health-chat.yaml", source="health-chat")
    repo.config({"organization": SMALL, "as_of": AFTER})
    _code, document = check_json("vendors/zendesk.yaml")
    assert "vendors/health-chat.yaml" in document["organization"]["ctdpa_scope"]["reason"]


@pytest.mark.parametrize(
    ("patch", "counts"),
    [
        pytest.param({"status": "retired"}, False, id="retired-does-not-count"),
        pytest.param({"status": "offboarding"}, True, id="offboarding-counts"),
        pytest.param({"status": "proposed"}, True, id="proposed-counts"),
        pytest.param({"data": {"sale": "yes"}}, False, id="sale-yes-is-not-a-sale"),
    ],
)
def test_which_manifests_count(
    repo: Any, check_json: Any, patch: dict[str, Any], counts: bool
) -> None:
    repo.manifest()
    repo.manifest("vendors/selling.yaml", source="selling", patch=patch)
    repo.config({"organization": SMALL, "as_of": AFTER})
    _code, document = check_json("vendors/zendesk.yaml")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is counts


def test_retired_sensitive_manifest_does_not_count(repo: Any, check_json: Any) -> None:
    repo.manifest()
    repo.manifest("vendors/health-chat.yaml", source="health-chat", patch={"status": "retired"})
    repo.config({"organization": SMALL, "as_of": AFTER})
    _code, document = check_json()
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "data:\n  categories:\n    - key: user.health_and_medical\n      purpose: x\n"
            "  categories:\n    - key: user.health_and_medical\n      purpose: x\n",
            id="ctl002-duplicate-key",
        ),
        pytest.param(
            "manifest: ctlint/v1\n---\ndata:\n  categories:\n    - key: user.health_and_medical\n",
            id="ctl004",
        ),
    ],
)
def test_broken_manifest_does_not_count(repo: Any, check_json: Any, text: str) -> None:
    repo.manifest()
    repo.manifest("vendors/broken.yaml", text=text)
    repo.config({"organization": SMALL, "as_of": AFTER})
    _code, document = check_json("vendors/zendesk.yaml")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False


@pytest.mark.parametrize(
    ("as_of", "in_scope"),
    [
        pytest.param("2026-06-30", False, id="day-before"),
        pytest.param("2026-07-01", True, id="day-of"),
    ],
)
def test_government_id_becomes_sensitive_on_2026_07_01(
    repo: Any, check_json: Any, as_of: str, in_scope: bool
) -> None:
    patch = {
        "data": {
            "categories": [
                {
                    "key": "user.government_id.passport_number",
                    "purpose": "Verify the traveller.",
                    "necessity": "The airline requires it.",
                }
            ]
        }
    }
    repo.manifest("vendors/travel.yaml", patch=patch)
    # 30,000: under the 35,000 threshold after 2026-07-01 and the 100,000 one before
    repo.config(
        {
            "organization": {"type": "private_business", "ct_consumers_per_year": 30_000},
            "as_of": as_of,
        }
    )
    _code, document = check_json()
    assert document["organization"]["ctdpa_scope"]["in_scope"] is in_scope


def test_voiceprint_counts_as_sensitive(repo: Any, check_json: Any) -> None:
    repo.manifest()
    repo.manifest(
        "vendors/ivr.yaml",
        patch={
            "recording": {
                "records_calls": True,
                "method": "recorded_verbal_notice",
                "voiceprint": True,
            }
        },
    )
    repo.config({"organization": SMALL, "as_of": AFTER})
    _code, document = check_json("vendors/zendesk.yaml")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is True


def test_glba_exemption_takes_the_organization_out_until_2026_06_30(
    repo: Any, check_json: Any
) -> None:
    repo.manifest()
    organization = {"type": "private_business", "exemptions": ["glba_financial_institution"]}
    document = scope(repo, check_json, organization, as_of="2026-06-30")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False
    (finding,) = org_findings(document)
    assert finding["rule"] == "CTL011"
    assert "Gramm-Leach-Bliley" in finding["message"]
    assert finding["pointer"] == "/organization/exemptions"


def test_glba_exemption_is_only_a_note_from_2026_07_01(repo: Any, check_json: Any) -> None:
    repo.manifest()
    organization = {
        "type": "private_business",
        "exemptions": ["glba_financial_institution"],
        "ct_consumers_per_year": 52_000,
    }
    document = scope(repo, check_json, organization, as_of="2026-07-01")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is True
    assert "ctdpa" in document["organization"]["packs"]
    (finding,) = org_findings(document)
    assert finding["rule"] == "CTL011"
    assert finding["severity"] == "info"
    assert finding["pointer"] == "/organization/exemptions"
    assert "no longer takes" in finding["message"]
    assert "packs:" in finding["message"]


def test_glba_note_and_a_second_exemption_give_two_ctl011(repo: Any, check_json: Any) -> None:
    repo.manifest()
    organization = {
        "type": "private_business",
        "exemptions": ["glba_financial_institution", "hipaa_covered_entity"],
    }
    document = scope(repo, check_json, organization, as_of="2026-07-01")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False
    first, second = org_findings(document)
    assert (first["rule"], second["rule"]) == ("CTL011", "CTL011")
    assert "no longer takes" in first["message"]
    assert "HIPAA" in second["message"]
    assert "Gramm-Leach-Bliley" not in second["message"]


def test_glba_note_and_a_small_organization_give_two_ctl011(repo: Any, check_json: Any) -> None:
    repo.manifest()
    organization = {
        "type": "private_business",
        "exemptions": ["glba_financial_institution"],
        "ct_consumers_per_year": 1_000,
    }
    document = scope(repo, check_json, organization, as_of="2026-07-01")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is False
    first, second = org_findings(document)
    assert "no longer takes" in first["message"]
    assert "1,000" in second["message"]


# --------------------------------------------------------------------------- the wording


@pytest.mark.parametrize(
    ("as_of", "organization", "source", "reason"),
    [
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 52_000},
            "zendesk",
            "52,000 Connecticut consumers (threshold 35,000 from 2026-07-01)",
            id="after-consumers",
        ),
        pytest.param(
            BEFORE,
            {"ct_consumers_per_year": 120_000},
            "zendesk",
            "120,000 Connecticut consumers (threshold 100,000 until 2026-06-30)",
            id="before-consumers",
        ),
        pytest.param(
            BEFORE,
            {"ct_consumers_per_year": 30_000, "sale_revenue_share": 0.4},
            "zendesk",
            "30,000 Connecticut consumers and 40% of revenue from selling personal data "
            "(thresholds 25,000 and 25% until 2026-06-30)",
            id="before-with-sales",
        ),
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 1000, "sells_personal_data": True},
            "zendesk",
            "sells personal data (organization.sells_personal_data); no threshold from 2026-07-01",
            id="after-sells",
        ),
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 1000},
            "selling",
            "sells personal data (data.sale in vendors/selling.yaml); no threshold from 2026-07-01",
            id="after-manifest-sale",
        ),
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 1000},
            "zendesk",
            "1,000 Connecticut consumers (threshold 35,000 from 2026-07-01), no sensitive data "
            "and no sale of personal data",
            id="after-out",
        ),
        pytest.param(
            BEFORE,
            {"ct_consumers_per_year": 1000},
            "zendesk",
            "1,000 Connecticut consumers (threshold 100,000, or 25,000 with more than 25% of "
            "revenue from selling personal data, until 2026-06-30)",
            id="before-out",
        ),
        pytest.param(
            AFTER,
            {"ct_consumers_per_year": 1000, "exemptions": ["hipaa_covered_entity"]},
            "zendesk",
            "entity exemption (organization.exemptions: a HIPAA covered entity; § 42-517)",
            id="exemption",
        ),
        pytest.param(
            "2023-06-30",
            {"ct_consumers_per_year": 1000},
            "zendesk",
            "the CTDPA takes effect on 2023-07-01",
            id="not-in-force",
        ),
        pytest.param(
            AFTER,
            {"type": "nonprofit"},
            "zendesk",
            "nonprofit organizations are exempt (§ 42-517)",
            id="nonprofit",
        ),
    ],
)
def test_scope_reasons_word_the_data(
    repo: Any,
    check_json: Any,
    as_of: str,
    organization: dict[str, Any],
    source: str,
    reason: str,
) -> None:
    """The reasons are worded from the thresholds, dates and exemptions of scope.yaml."""
    repo.manifest(f"vendors/{source}.yaml", source=source)
    document = scope(repo, check_json, {"type": "private_business", **organization}, as_of=as_of)
    assert document["organization"]["ctdpa_scope"]["reason"] == reason


@pytest.mark.parametrize(
    ("as_of", "threshold"),
    [
        pytest.param(AFTER, "35,000 from 2026-07-01", id="after"),
        pytest.param(
            BEFORE,
            "100,000, or 25,000 with over 25% of revenue from sales, until 2026-06-30",
            id="before",
        ),
    ],
)
def test_ctl012_names_the_thresholds_in_force(
    repo: Any, check_json: Any, as_of: str, threshold: str
) -> None:
    repo.manifest()
    document = scope(repo, check_json, {"type": "private_business"}, as_of=as_of)
    (finding,) = org_findings(document)
    assert finding["message"] == (
        "The CTDPA is assumed to apply because organization.ct_consumers_per_year is missing; "
        "declare how many Connecticut residents' data you processed last year "
        f"(threshold {threshold})"
    )


def test_glba_note_words_the_data(repo: Any, check_json: Any) -> None:
    repo.manifest()
    organization = {
        "type": "private_business",
        "exemptions": ["glba_financial_institution"],
        "ct_consumers_per_year": 52_000,
    }
    (finding,) = org_findings(scope(repo, check_json, organization, as_of=AFTER))
    assert finding["message"] == (
        "organization.exemptions lists glba_financial_institution, which no longer takes the "
        "organization out of the CTDPA from 2026-07-01: Public Act 25-113 replaced the "
        "entity-level Gramm-Leach-Bliley exemption with a data-level one (only data subject to "
        "Title V of the act is exempt), plus exemptions for specified financial entities that "
        "ctlint does not list (secondary). The scope test goes on without it. If the "
        "organization is one of the entities still exempt, leave `ctdpa` out with an explicit "
        "`packs:` list"
    )


def test_ctl010_names_the_packs_and_types_of_the_data(repo: Any, check_json: Any) -> None:
    repo.manifest()
    (finding,) = org_findings(scope(repo, check_json, None, as_of=AFTER))
    assert finding["message"] == (
        "organization.type is not declared, so ct-pda and ct-psa run: they hold the requirements "
        "of the Connecticut guidance ctlint was first built from, but bind Connecticut state "
        "agencies (ct-pda also municipal agencies), not private businesses. Declare "
        "organization.type (private_business, ct_state_agency, ct_municipal_agency or "
        "nonprofit) in the configuration, or run `ctlint init`."
    )


# --------------------------------------------------------------------------- other data


def law_with(change: Callable[[dict[str, Any]], None]) -> records.Law:
    """The shipped law data with ``change`` applied (then built as ctlint would)."""
    data = copy.deepcopy(tables.parse({n: tables.read_text(n) for n in tables.DATA_FILES}))
    change(data)
    return tables.build(data)


def test_a_third_period_is_worded_with_both_ends(
    repo: Any, check_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_period(data: dict[str, Any]) -> None:
        later = {
            "from": "2027-07-01",
            "consumers": 20_000,
            "source": {"cite": "x", "status": "unverified"},
        }
        data["ctdpa"]["thresholds"].append(later)

    monkeypatch.setattr(scope_module, "law", lambda: law_with(add_period))
    repo.manifest()
    organization = {"type": "private_business", "ct_consumers_per_year": 30_000}
    middle = scope(repo, check_json, organization, as_of="2027-06-30")["organization"]
    assert middle["ctdpa_scope"] == {
        "in_scope": False,
        "reason": "30,000 Connecticut consumers (threshold 35,000 from 2026-07-01 until "
        "2027-06-30), no sensitive data and no sale of personal data",
    }
    last = scope(repo, check_json, organization, as_of="2027-07-01")["organization"]
    assert last["ctdpa_scope"] == {
        "in_scope": True,
        "reason": "30,000 Connecticut consumers (threshold 20,000 from 2027-07-01)",
    }


def test_an_exemption_that_ends_becomes_a_note(
    repo: Any, check_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def end_hipaa(data: dict[str, Any]) -> None:
        entry = data["ctdpa"]["exemptions"]["entries"]["hipaa_covered_entity"]
        entry.update(until="2027-12-31", ended="an act narrowed it")

    monkeypatch.setattr(scope_module, "law", lambda: law_with(end_hipaa))
    repo.manifest()
    organization = {
        "type": "private_business",
        "ct_consumers_per_year": 52_000,
        "exemptions": ["hipaa_covered_entity"],
    }
    before = scope(repo, check_json, organization, as_of="2027-12-31")["organization"]
    assert before["ctdpa_scope"]["in_scope"] is False
    document = scope(repo, check_json, organization, as_of="2028-01-01")
    assert document["organization"]["ctdpa_scope"]["in_scope"] is True
    (finding,) = org_findings(document)
    assert finding["message"].startswith(
        "organization.exemptions lists hipaa_covered_entity, which no longer takes the "
        "organization out of the CTDPA from 2028-01-01: an act narrowed it. The scope test"
    )


def test_the_packs_of_a_type_come_from_the_data(
    repo: Any, check_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def move_ai(data: dict[str, Any]) -> None:
        data["packs"]["types"]["ct_municipal_agency"]["packs"].remove("ct-ai")
        data["packs"]["types"]["ct_municipal_agency"]["state_contractor"] = ["ct-psa"]
        data["packs"]["off_when_false"] = {"ct-recording": "ct_employees"}

    monkeypatch.setattr(scope_module, "law", lambda: law_with(move_ai))
    repo.manifest()
    organization = {"type": "ct_municipal_agency", "state_contractor": True, "ct_employees": False}
    document = scope(repo, check_json, organization, as_of=AFTER)
    assert sorted(document["organization"]["packs"]) == [
        "ct-breach",
        "ct-employment",
        "ct-pda",
        "ct-pi",
        "ct-psa",
    ]
