"""ctlint.engine.waivers: waivers[] in manifests (rules.md "Waivers"), through ``ctlint check``."""

from __future__ import annotations

import json
from typing import Any

import pytest

AS_OF = "2026-11-28"
# The base manifest without a privacy notice URL and without `contact` in the notice:
# two CTDPA-015 findings, /notice/privacy_notice_url and /notice/privacy_notice_includes (contact).
NOTICE_GAPS = {
    "notice": {
        "privacy_notice_url": None,
        "privacy_notice_includes": [
            "categories",
            "purposes",
            "rights_and_appeal",
            "categories_shared",
            "third_party_categories",
            "llm_training",
            "last_updated",
        ],
    }
}


def write(
    repo: Any, waivers: list[dict[str, Any]] | None, patch: dict[str, Any] | None = None
) -> None:
    body: dict[str, Any] = json.loads(json.dumps(NOTICE_GAPS if patch is None else patch))
    if waivers is not None:
        body["waivers"] = waivers
    repo.manifest("vendors/zendesk.yaml", patch=body)


def ctdpa015(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if f["rule"] == "CTDPA-015"]


def rules(document: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in document["findings"]]


def test_without_waivers_the_gaps_are_findings(repo: Any, check_json: Any) -> None:
    write(repo, None)
    code, document = check_json()
    assert code == 1
    assert {(f["pointer"], f["item"]) for f in ctdpa015(document)} == {
        ("/notice/privacy_notice_includes", "contact"),
        ("/notice/privacy_notice_url", None),
    }
    assert document["summary"]["findings"] == 2


def test_waiver_applies(repo: Any, check_json: Any, run_cli: Any) -> None:
    write(
        repo,
        [{"rule": "CTDPA-015", "reason": "Notice rewrite ships in Q1", "expires": "2027-03-31"}],
    )
    code, document = check_json()
    assert code == 0
    found = ctdpa015(document)
    assert len(found) == 2
    for finding in found:
        assert finding["waived"] is True
        assert finding["waiver_reason"] == "Notice rewrite ships in Q1"
    summary = document["summary"]
    assert (summary["findings"], summary["errors"], summary["waived"]) == (0, 0, 2)
    code, out, _err = run_cli("check", cwd=repo.path)
    assert code == 0
    lines = out.splitlines()
    assert all(line.endswith("(waived: Notice rewrite ships in Q1)") for line in lines[:-1])
    assert lines[-1] == "0 findings (0 errors, 0 warnings, 0 info, 2 waived) in 1 file"


def test_waiver_without_expiry_applies(repo: Any, check_json: Any) -> None:
    write(repo, [{"rule": "CTDPA-015", "reason": "Accepted"}])
    code, document = check_json()
    assert code == 0
    assert document["summary"]["waived"] == 2


@pytest.mark.parametrize(
    ("pointer", "waived_pointers"),
    [
        pytest.param(
            "/notice",
            {"/notice/privacy_notice_url", "/notice/privacy_notice_includes"},
            id="parent",
        ),
        pytest.param("/notice/privacy_notice_url", {"/notice/privacy_notice_url"}, id="exact"),
        pytest.param("/notice/privacy_notice", set(), id="segment-wise-not-prefix"),
        pytest.param("/notic", set(), id="partial-segment"),
        pytest.param("/notice/privacy_notice_url/more", set(), id="below-the-finding"),
        pytest.param(
            "", {"/notice/privacy_notice_url", "/notice/privacy_notice_includes"}, id="root-pointer"
        ),
    ],
)
def test_pointer_scoping(
    repo: Any, check_json: Any, pointer: str, waived_pointers: set[str]
) -> None:
    write(repo, [{"rule": "CTDPA-015", "reason": "Scoped", "pointer": pointer}])
    _code, document = check_json()
    waived = {f["pointer"] for f in ctdpa015(document) if f["waived"]}
    assert waived == waived_pointers
    assert ("CTL302" in rules(document)) is (not waived_pointers)


def test_segment_wise_with_a_sibling_that_shares_a_prefix(repo: Any, check_json: Any) -> None:
    # /requests/appeal covers /requests/appeal/url but not a sibling such as /requests/appeal_x
    patch = {"requests": {"appeal": {"url": None, "decision_days": 90}}}
    repo.manifest(
        "vendors/zendesk.yaml",
        patch={
            **patch,
            "waivers": [
                {
                    "rule": "CTDPA-021",
                    "reason": "Appeals move to the new portal",
                    "pointer": "/requests/appeal",
                }
            ],
        },
    )
    code, document = check_json()
    assert code == 0
    found = [f for f in document["findings"] if f["rule"] == "CTDPA-021"]
    assert {f["pointer"] for f in found} == {
        "/requests/appeal/url",
        "/requests/appeal/decision_days",
    }
    assert all(f["waived"] for f in found)


def test_waiver_only_covers_its_own_rule(repo: Any, check_json: Any) -> None:
    write(repo, [{"rule": "CTDPA-016", "reason": "Wrong rule"}])
    code, document = check_json()
    assert code == 1
    assert not any(f["waived"] for f in document["findings"])
    assert "CTL302" in rules(document)


def test_waiver_only_covers_its_own_manifest(repo: Any, check_json: Any) -> None:
    write(repo, [{"rule": "CTDPA-015", "reason": "Only here"}])
    repo.manifest("vendors/other.yaml", patch=NOTICE_GAPS)
    code, document = check_json()
    assert code == 1
    other = [f for f in document["findings"] if f["file"] == "vendors/other.yaml"]
    assert other
    assert not any(f["waived"] for f in other)


@pytest.mark.parametrize(
    ("expires", "applies"),
    [
        pytest.param("2026-11-29", True, id="day-after-as-of"),
        pytest.param(AS_OF, True, id="expires-on-the-as-of-day-is-inclusive"),
        pytest.param("2026-11-27", False, id="expired-yesterday"),
    ],
)
def test_expiry_is_inclusive(repo: Any, check_json: Any, expires: str, applies: bool) -> None:
    write(repo, [{"rule": "CTDPA-015", "reason": "Temporary", "expires": expires}])
    code, document = check_json()
    found = ctdpa015(document)
    assert len(found) == 2
    assert all(f["waived"] is applies for f in found)
    assert code == (0 if applies else 1)
    if applies:
        assert "CTL301" not in rules(document)
    else:
        (expired,) = [f for f in document["findings"] if f["rule"] == "CTL301"]
        assert expired["severity"] == "warning"
        assert expired["pointer"].startswith("/waivers/0")
        assert expires in expired["message"]
        assert "CTL302" not in rules(document)


def test_expiry_follows_the_as_of_option(repo: Any, check_json: Any) -> None:
    write(repo, [{"rule": "CTDPA-015", "reason": "Temporary", "expires": "2026-12-31"}])
    assert check_json("--as-of", "2026-12-31")[0] == 0
    code, document = check_json("--as-of", "2027-01-01")
    assert code == 1
    assert "CTL301" in rules(document)


def test_unused_waiver(repo: Any, check_json: Any) -> None:
    repo.manifest(patch={"waivers": [{"rule": "CTDPA-015", "reason": "Nothing to waive any more"}]})
    code, document = check_json()
    assert code == 0  # a warning
    (unused,) = document["findings"]
    assert unused["rule"] == "CTL302"
    assert unused["severity"] == "warning"
    assert unused["pointer"].startswith("/waivers/0")
    assert code == 0
    assert check_json("--fail-on", "warning")[0] == 1


def test_duplicate_waiver(repo: Any, check_json: Any) -> None:
    waiver = {"rule": "CTDPA-015", "reason": "Notice rewrite"}
    write(repo, [waiver, dict(waiver)])
    code, document = check_json()
    assert code == 0
    assert all(f["waived"] for f in ctdpa015(document))
    (duplicate,) = [f for f in document["findings"] if f["rule"] == "CTL302"]
    assert duplicate["pointer"].startswith("/waivers/1")


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param("CTDPA-999", id="unknown-id"),
        pytest.param("CTL001", id="ctl001"),
        pytest.param("CTL004", id="ctl004"),
        pytest.param("CTL102", id="ctl102"),
        pytest.param("CTL106", id="ctl106"),
        pytest.param("CTL011", id="ctl011"),
        pytest.param("CTL010", id="ctl010"),
    ],
)
def test_waiver_that_cannot_apply_is_ctl303(repo: Any, check_json: Any, rule: str) -> None:
    repo.manifest(patch={"waivers": [{"rule": rule, "reason": "Try it"}]})
    code, document = check_json()
    assert code == 1
    (invalid,) = document["findings"]
    assert invalid["rule"] == "CTL303"
    assert invalid["severity"] == "error"
    assert rule in invalid["message"]
    assert invalid["pointer"].startswith("/waivers/0")


def test_ctl102_finding_is_not_waived(repo: Any, check_json: Any) -> None:
    repo.manifest(
        patch={"data": {"sale": "no"}, "waivers": [{"rule": "CTL102", "reason": "YAML 1.1 habit"}]}
    )
    code, document = check_json()
    assert code == 1
    # `sale: no` failed its schema check: CTL102 says so, and CTDPA-032's "not declared" at
    # the same pointer is not repeated
    assert sorted(rules(document)) == ["CTL102", "CTL303"]
    assert not any(f["waived"] for f in document["findings"])


def test_no_waivers_ignores_every_waiver(repo: Any, check_json: Any) -> None:
    write(
        repo,
        [
            {"rule": "CTDPA-015", "reason": "Applies"},
            {"rule": "CTDPA-016", "reason": "Unused"},
            {"rule": "CTDPA-012", "reason": "Expired", "expires": "2020-01-01"},
            {"rule": "NOPE-001", "reason": "Unknown"},
            {"rule": "CTDPA-015", "reason": "Applies"},
        ],
    )
    code, document = check_json("--no-waivers")
    assert code == 1
    assert not any(f["waived"] for f in document["findings"])
    assert not {"CTL301", "CTL302", "CTL303"} & set(rules(document))
    assert document["summary"]["waived"] == 0
    assert document["summary"]["findings"] == 2


def test_waiver_for_a_rule_of_an_inactive_pack_is_not_reported(repo: Any, check_json: Any) -> None:
    # ct-pda and ct-psa are not active for a private business (no state_contractor)
    repo.manifest(
        patch={
            "waivers": [
                {"rule": "CT-PDA-001", "reason": "Agency rule"},
                {"rule": "CT-PSA-001", "reason": "Agency rule", "expires": "2020-01-01"},
            ]
        }
    )
    code, document = check_json()
    assert code == 0
    assert document["findings"] == []


def test_waiver_for_ctdpa_rule_when_ctdpa_is_out_of_scope(repo: Any, check_json: Any) -> None:
    repo.config(organization={"ct_consumers_per_year": 1000})
    write(repo, [{"rule": "CTDPA-015", "reason": "Notice rewrite"}])
    _code, document = check_json()
    assert rules(document) == ["CTL011"]


def test_waiver_with_empty_reason_is_a_schema_finding_and_ignored(
    repo: Any, check_json: Any
) -> None:
    write(repo, [{"rule": "CTDPA-015", "reason": "  "}])
    code, document = check_json()
    assert code == 1
    assert not any(f["waived"] for f in document["findings"])
    schema = [f for f in document["findings"] if f["rule"].startswith("CTL1")]
    assert [f["pointer"] for f in schema] == ["/waivers/0/reason"]
    assert "CTL302" not in rules(document)


def test_waiver_without_reason_is_ctl101(repo: Any, check_json: Any) -> None:
    write(repo, [{"rule": "CTDPA-015"}])
    code, document = check_json()
    assert code == 1
    assert [f["pointer"] for f in document["findings"] if f["rule"] == "CTL101"] == [
        "/waivers/0/reason"
    ]
    assert not any(f["waived"] for f in document["findings"])


def test_waived_findings_still_listed_in_text_with_statistics(repo: Any, run_cli: Any) -> None:
    write(
        repo,
        [
            {
                "rule": "CTDPA-015",
                "reason": "Notice rewrite",
                "pointer": "/notice/privacy_notice_url",
            }
        ],
    )
    code, out, _err = run_cli("check", cwd=repo.path)
    assert code == 1
    waived = [line for line in out.splitlines() if "(waived: Notice rewrite)" in line]
    assert len(waived) == 1
    assert out.splitlines()[-1] == "1 finding (1 error, 0 warnings, 0 info, 1 waived) in 1 file"


def test_core_repository_rules_can_be_waived(repo: Any, check_json: Any) -> None:
    repo.manifest(
        "vendors/zendesk.yaml",
        patch={
            "id": "legacy-name",
            "agreement": {"document": "contracts/offline.pdf"},
            "waivers": [
                {"rule": "CTL202", "reason": "Renamed in the CMDB only"},
                {
                    "rule": "CTL203",
                    "reason": "Kept in the legal vault",
                    "pointer": "/agreement/document",
                },
            ],
        },
    )
    code, document = check_json()
    assert code == 0
    assert sorted(f["rule"] for f in document["findings"]) == ["CTL202", "CTL203"]
    assert all(f["waived"] for f in document["findings"])


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        pytest.param({"expires": "2026-02-30"}, "CTL107", id="impossible-expiry"),
        pytest.param({"expires": "2026-01-01T00:00:00Z"}, "CTL107", id="timestamp-expiry"),
        pytest.param({"pointer": "notice"}, "CTL103", id="pointer-without-slash"),
        pytest.param({"scope": "all"}, "CTL104", id="unknown-key"),
    ],
)
def test_waiver_failing_the_schema_is_ignored(
    repo: Any, check_json: Any, extra: dict[str, str], rule: str
) -> None:
    """rules.md: "A waiver entry that fails the schema (e.g. empty reason) is a CTL1xx finding
    and is ignored.\""""
    write(repo, [{"rule": "CTDPA-015", "reason": "Temporary", **extra}])
    code, document = check_json()
    assert code == 1
    assert rule in rules(document)
    assert not any(f["waived"] for f in document["findings"])
    assert document["summary"]["waived"] == 0
