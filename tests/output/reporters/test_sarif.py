"""``--format sarif``: schema-valid SARIF 2.1.0 with rules, taxa, fingerprints and suppressions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from ctlint.output.formats import CHECK_FORMATS
from ctlint.output.reporters.sarif_rules import first_paragraph, remediation_markdown
from ctlint.policy.catalog import build_catalog

NO_CONSUMERS = "organization:\n  type: private_business\nas_of: 2026-12-01\n"


@pytest.fixture
def sarif(check: Any, validate_sarif: Any) -> Any:
    """``sarif(repo, *args)``: the exit code and the validated SARIF document of ``check``."""

    def run(repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
        result = check(repo, "--format", "sarif", *args)
        doc = json.loads(result.stdout)  # nothing but the SARIF document on stdout
        validate_sarif(doc)
        return result.code, doc

    return run


def json_findings(check: Any, repo: Path, *args: str) -> list[dict[str, Any]]:
    return check(repo, "--format", "json", *args).json()["findings"]


def rules_by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}


@pytest.mark.parametrize(
    ("layout", "config"),
    [
        pytest.param("mixed", True, id="mixed"),
        pytest.param("clean", True, id="clean"),
        pytest.param("clean", False, id="no-config"),
        pytest.param("clean", NO_CONSUMERS, id="scope-assumed"),
        pytest.param("empty", True, id="no-manifest"),
    ],
)
def test_validates_against_the_official_schema(make_repo, layouts, sarif, layout, config):
    args = () if config is not False else ("--as-of", "2026-12-01")
    _code, doc = sarif(make_repo(layouts[layout], config), *args)
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1


def test_driver_lists_the_rules_used(clean_repo, mixed_repo, sarif):
    """By default only the rules the findings refer to (the reviews: every rule's help made a
    one-file log hundreds of kilobytes)."""
    _code, doc = sarif(clean_repo)
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["tool"]["driver"]["rules"] == []
    _code, doc = sarif(mixed_repo)
    listed = [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]
    assert listed == sorted({r["ruleId"] for r in doc["runs"][0]["results"]})
    assert listed
    assert all(r["properties"]["active"] for r in doc["runs"][0]["tool"]["driver"]["rules"])


def test_select_narrows_the_rules_but_results_keep_theirs(mixed_repo, sarif, validate_sarif):
    _code, doc = sarif(mixed_repo, "--select", "CTDPA-015")
    listed = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    used = {r["ruleId"] for r in doc["runs"][0]["results"]}
    assert used <= listed
    assert "CTDPA-016" not in listed
    assert "CTDPA-015" in listed
    validate_sarif(doc)


def test_driver_lists_every_rule_that_is_not_retired_with_sarif_all_rules(clean_repo, sarif):
    _code, doc = sarif(clean_repo, "--sarif-all-rules")
    driver = doc["runs"][0]["tool"]["driver"]
    expected = sorted(r.id for r in build_catalog().rules.values() if not r.retired)
    assert [r["id"] for r in driver["rules"]] == expected
    assert "CTDPA-028" not in expected  # retired before release
    assert driver["name"] == "ctlint"
    assert driver["informationUri"] == "https://ctlint.dev"
    assert driver["version"] == driver["semanticVersion"]
    # Rules of inactive packs are listed too (ct-pda does not apply to a private business).
    assert rules_by_id(doc)["CT-PDA-001"]["properties"]["active"] is False
    assert rules_by_id(doc)["CTDPA-015"]["properties"]["active"] is True


def test_rule_index_points_at_the_rule(mixed_repo, sarif):
    _code, doc = sarif(mixed_repo)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == 12
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    for note in run["invocations"][0]["toolExecutionNotifications"]:
        assert rules[note["associatedRule"]["index"]]["id"] == note["associatedRule"]["id"]


def test_rule_metadata_carries_the_law_and_the_fix(clean_repo, sarif):
    _code, doc = sarif(clean_repo, "--sarif-all-rules")  # no finding: no rule otherwise
    rule = rules_by_id(doc)["CTDPA-015"]
    source = build_catalog().rules["CTDPA-015"]
    assert rule["name"] == source.name == "incomplete-privacy-notice"
    assert rule["shortDescription"]["text"] == source.title
    assert rule["fullDescription"]["text"] == first_paragraph(source.rationale)
    # as of 2026-12-01 (config.yaml) only § 42-520(b)(1) is in force: help and links show it
    in_force = [c for c in source.citations if c.in_force(dt.date(2026, 12, 1))]
    assert [c.section for c in in_force] == ["§ 42-520(b)(1)"]
    assert rule["helpUri"] == in_force[0].url
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"]["pack"] == "ctdpa"
    assert rule["properties"]["tags"] == ["privacy", "connecticut", "ctdpa"]
    assert [(c["section"], c["status"]) for c in rule["properties"]["citations"]] == [
        ("§ 42-520(b)(1)", "verified")
    ]
    markdown = rule["help"]["markdown"]
    assert "**The law in force on 2026-12-01**" in markdown
    assert (
        "- [Conn. Gen. Stat. § 42-520(b)(1)](https://www.cga.ct.gov/2026/sup/chap_743jj.htm#sec_42-520)"
        " — Controllers' duties: privacy notice (verified, from 2026-07-01)"
    ) in markdown
    assert "§ 42-520(c)" not in markdown.split("**The law")[1]  # no longer in force
    assert "```yaml\nnotice:\n  privacy_notice_url: https://example.com/privacy\n" in markdown
    text = rule["help"]["text"]
    assert "Conn. Gen. Stat. § 42-520(b)(1) — Controllers' duties: privacy notice (verified" in text
    assert "Conn. Gen. Stat. § 42-520(c) —" not in text
    assert "privacy_notice_url: https://example.com/privacy" in text
    # A rule whose citations are not all verified says so; a rule without citations has no helpUri.
    rules = rules_by_id(doc)
    assert "(secondary)" in rules["CTDPA-026"]["help"]["markdown"]
    assert "do not treat either as settled law" in rules["CTDPA-026"]["help"]["markdown"]
    assert "helpUri" not in rules["CTL001"]


def test_levels_follow_the_configured_severity(make_repo, layouts, data_dir, sarif):
    config = (data_dir / "config.yaml").read_text(encoding="utf-8")
    repo = make_repo(layouts["mixed"], config + "severity:\n  CTDPA-016: warning\n")
    _code, doc = sarif(repo)
    rules = rules_by_id(doc)
    assert rules["CTDPA-016"]["defaultConfiguration"]["level"] == "warning"  # configured
    assert rules["CTDPA-015"]["defaultConfiguration"]["level"] == "error"
    assert rules["CTL202"]["defaultConfiguration"]["level"] == "note"  # info
    assert rules["CTDPA-011"]["defaultConfiguration"]["level"] == "warning"
    levels = {r["ruleId"]: r["level"] for r in doc["runs"][0]["results"]}
    assert levels["CTDPA-016"] == "warning"
    assert levels["CTDPA-015"] == "error"
    assert levels["CTL202"] == "note"


def test_results_follow_the_json_findings(mixed_repo, check, sarif):
    _code, doc = sarif(mixed_repo)
    expected = json_findings(check, mixed_repo)
    results = doc["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f["rule"] for f in expected]
    for result, finding in zip(results, expected, strict=True):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert unquote(location["artifactLocation"]["uri"]) == finding["file"]
        assert location["region"] == {
            "startLine": finding["line"],
            "startColumn": finding["column"],
            "endLine": finding["end_line"],
            "endColumn": finding["end_column"],
        }
        assert result["message"]["text"] == finding["message"]
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[finding["severity"]]
        )
        assert result["properties"] == {
            "pointer": finding["pointer"],
            "item": finding["item"],
            "vendor": finding["vendor"],
        }
        assert ("suppressions" in result) is finding["waived"]
    run = doc["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == mixed_repo.as_uri() + "/"
    # UTF-16 columns; these manifests have no character outside the BMP, so they are the
    # code-point columns of the JSON findings (test_sarif_columns.py has the other case).
    assert run["columnKind"] == "utf16CodeUnits"


def test_fingerprints_survive_moved_lines(mixed_repo, sarif):
    def by_identity(doc: dict[str, Any]) -> dict[tuple[Any, ...], tuple[dict[str, str], int]]:
        out = {}
        for r in doc["runs"][0]["results"]:
            if r["properties"]["vendor"] == "failing":
                key = (r["ruleId"], r["properties"]["pointer"], r["properties"]["item"])
                line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
                out[key] = (r["partialFingerprints"], line)
        return out

    _code, before = sarif(mixed_repo)
    manifest = mixed_repo / "vendors" / "failing.yaml"
    manifest.write_text(
        "# 1\n# 2\n# 3\n# 4\n# 5\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8"
    )
    _code, after = sarif(mixed_repo)

    old, new = by_identity(before), by_identity(after)
    assert len(old) == 6
    assert old.keys() == new.keys()
    for key, (print_before, line_before) in old.items():
        print_after, line_after = new[key]
        assert print_after == print_before, key
        assert line_after == line_before + 5, key


def test_fingerprint_is_the_identity_hash(mixed_repo, sarif):
    _code, doc = sarif(mixed_repo)
    results = [r for r in doc["runs"][0]["results"] if r["properties"]["vendor"] is not None]
    for result in results:
        props = result["properties"]
        file = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        raw = "\0".join(
            (file, props["vendor"], result["ruleId"], props["pointer"] or "", props["item"] or "")
        )
        digest = hashlib.sha256(raw.encode()).hexdigest()
        assert result["partialFingerprints"] == {
            "ctlint/v2": digest,
            "primaryLocationLineHash": f"{digest[:16]}:1",
        }
    assert len({r["partialFingerprints"]["ctlint/v2"] for r in results}) == len(results)


def test_results_on_one_line_get_distinct_line_hashes(mixed_repo, sarif):
    """GitHub code scanning matches alerts by primaryLocationLineHash alone; upload-sarif
    computes it from the line's text when it is absent, which would make the four CTDPA-015
    findings at failing.yaml's ``notice:`` key one alert. They each have their own."""
    _code, doc = sarif(mixed_repo)
    results = doc["runs"][0]["results"]
    on_line: dict[tuple[str, int, str], list[str]] = {}
    for r in results:
        where = r["locations"][0]["physicalLocation"]
        key = (where["artifactLocation"]["uri"], where["region"]["startLine"], r["ruleId"])
        on_line.setdefault(key, []).append(r["partialFingerprints"]["primaryLocationLineHash"])
    shared = on_line[("vendors/failing.yaml", 75, "CTDPA-015")]
    assert len(shared) == 4
    assert len(set(shared)) == 4
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(hashes)) == len(hashes)
    for value in hashes:  # codeql-action's form: a hex hash and the occurrence, ":1"
        assert re.fullmatch(r"[0-9a-f]{16}:1", value), value


def test_copies_sharing_an_id_get_distinct_line_hashes(make_repo, sarif):
    _code, doc = sarif(make_repo({"failing.yaml": "failing.yaml", "copy.yaml": "failing.yaml"}))
    by_file: dict[str, set[str]] = {}
    for r in doc["runs"][0]["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        by_file.setdefault(uri, set()).add(r["partialFingerprints"]["primaryLocationLineHash"])
    assert len(by_file["vendors/copy.yaml"]) >= 6
    assert not by_file["vendors/copy.yaml"] & by_file["vendors/failing.yaml"]


def test_vendorless_findings_of_two_files_get_distinct_fingerprints(make_repo, sarif):
    _code, doc = sarif(make_repo({"a.yaml": "broken.yaml", "b.yaml": "broken.yaml"}))
    prints = [r["partialFingerprints"]["ctlint/v2"] for r in doc["runs"][0]["results"]]
    assert len(prints) == 2
    assert len(set(prints)) == 2


def test_waived_findings_are_suppressed_with_the_reason(mixed_repo, sarif):
    _code, doc = sarif(mixed_repo)
    waived = [r for r in doc["runs"][0]["results"] if "suppressions" in r]
    assert [(r["ruleId"], r["properties"]["vendor"]) for r in waived] == [
        ("CTDPA-016", "hostile"),
        ("CTDPA-016", "waived"),
    ]
    assert waived[1]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Legal is rewriting the notice; tracked in PRIV-42",
        }
    ]
    # Manifest text is data here: kept exactly (the JSON encoding escapes the controls).
    assert waived[0]["suppressions"][0]["justification"] == (
        "<img src=x onerror=alert(1)> & \"q\" 's' | cell\nnew line \x1b[31m \x00 \u202e"
    )


def test_ctl001_is_a_tool_execution_notification(mixed_repo, clean_repo, sarif):
    code, doc = sarif(mixed_repo)
    invocation = doc["runs"][0]["invocations"][0]
    assert code == 1
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == 1
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"].startswith("YAML syntax error")
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "vendors/broken.yaml"
    assert location["region"]["startLine"] == 5

    code, doc = sarif(clean_repo)
    invocation = doc["runs"][0]["invocations"][0]
    assert code == 0
    assert invocation["exitCode"] == 0
    assert invocation["toolExecutionNotifications"] == []
    assert doc["runs"][0]["results"] == []


def test_statutes_are_a_taxonomy(mixed_repo, sarif):
    _code, doc = sarif(mixed_repo)
    run = doc["runs"][0]
    [taxonomy] = run["taxonomies"]
    assert taxonomy["name"] == "Connecticut law"
    assert run["tool"]["driver"]["supportedTaxonomies"] == [{"name": "Connecticut law", "index": 0}]
    taxa = taxonomy["taxa"]
    ids = [t["id"] for t in taxa]
    assert len(ids) == len(set(ids))
    catalog = build_catalog()
    as_of = dt.date(2026, 12, 1)  # config.yaml: the taxa are the citations in force then
    for rule in run["tool"]["driver"]["rules"]:
        citations = list(
            {
                (c.law, c.section, c.title, c.url, c.status): c
                for c in catalog.rules[rule["id"]].citations
                if c.in_force(as_of)
            }.values()
        )
        targets = [rel["target"] for rel in rule.get("relationships", [])]
        assert len(targets) == len(citations), rule["id"]
        for target, citation in zip(targets, citations, strict=True):
            taxon = taxa[target["index"]]
            assert target["id"] == taxon["id"]
            assert target["toolComponent"]["name"] == "Connecticut law"
            assert (taxon["name"], taxon["shortDescription"]["text"], taxon["helpUri"]) == (
                citation.label,
                citation.title,
                citation.url,
            )
            assert taxon["properties"]["status"] == citation.status
    # A result points at the citation in force at the as-of date.
    result = next(r for r in run["results"] if r["ruleId"] == "CTDPA-015")
    [ref] = result["taxa"]
    assert taxa[ref["index"]]["name"] == "Conn. Gen. Stat. § 42-520(b)(1)"


@pytest.mark.parametrize(
    ("config", "rule", "uri", "region"),
    [
        # no configuration: line 1 of the first manifest, a file that exists
        pytest.param(False, "CTL010", "vendors/passing.yaml", {"startLine": 1}, id="no-config"),
        pytest.param(NO_CONSUMERS, "CTL012", ".ctlint.yaml", None, id="in-config-file"),
    ],
)
def test_organization_findings_have_a_location(
    make_repo, layouts, sarif, config, rule, uri, region
):
    # GitHub code scanning rejects the whole file when one result has no location.
    repo = make_repo(layouts["clean"], config)
    _code, doc = sarif(repo, "--as-of", "2026-12-01")
    [result] = [r for r in doc["runs"][0]["results"] if r["ruleId"] == rule]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    assert (repo / uri).is_file()
    if region is not None:
        assert location["region"] == region
    else:  # the position of organization.ct_consumers_per_year's nearest ancestor
        assert location["region"]["startLine"] >= 1
        assert "startColumn" in location["region"]


def test_an_organization_finding_with_no_file_at_all_is_a_notification(make_repo, layouts, sarif):
    # No configuration and no manifest: CTL010 has no file to be placed in, and a result
    # without a location would make GitHub refuse the whole upload.
    _code, doc = sarif(make_repo(layouts["empty"], config=False), "--as-of", "2026-12-01")
    run = doc["runs"][0]
    assert run["results"] == []
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "note"
    assert note["associatedRule"]["id"] == "CTL010"
    assert note["message"]["text"].startswith("organization.type is not declared")
    assert "locations" not in note
    assert ".ctlint.yaml" not in json.dumps(run["results"])


def test_hostile_file_name_is_percent_encoded(mixed_repo, sarif, hostile_name):
    _code, doc = sarif(mixed_repo)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
        if r["properties"]["vendor"] == "hostile"
    }
    [uri] = uris
    assert unquote(uri) == f"vendors/{hostile_name}"
    assert "%2541" in uri
    assert " " not in uri
    assert "<" not in uri


def test_remediation_snippets_become_fenced_yaml():
    text = "Do this:\n\n    a: 1\n    b:\n\n      - c\n\nThen that.\n"
    assert remediation_markdown(text) == "Do this:\n\n```yaml\na: 1\nb:\n\n  - c\n```\n\nThen that."
    assert remediation_markdown("    ```\n    x\n") == "````yaml\n```\nx\n````"


def test_sarif_to_a_file_next_to_text_on_stdout(mixed_repo, check, validate_sarif):
    plain = check(mixed_repo, "--format", "text")
    both = check(mixed_repo, "--format", "sarif:out.sarif", "--format", "text")
    assert both.code == plain.code == 1
    assert both.stdout == plain.stdout
    assert both.stdout.splitlines()[-1].startswith(
        "10 findings (8 errors, 1 warning, 1 info, 2 waived)"
    )
    doc = json.loads((mixed_repo / "out.sarif").read_text(encoding="utf-8"))
    validate_sarif(doc)
    assert len(doc["runs"][0]["results"]) == len(json_findings(check, mixed_repo))


@pytest.mark.parametrize(("layout", "expected"), [("mixed", 1), ("clean", 0)])
def test_exit_codes_do_not_depend_on_the_format(make_repo, layouts, run_module, layout, expected):
    repo = make_repo(layouts[layout])
    for fmt in CHECK_FORMATS.names:
        run = run_module(repo, "check", "--format", fmt)
        assert run.code == expected, (fmt, run.stderr)
        assert run.stdout, fmt


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that allows any bytes")
def test_undecodable_file_name_is_the_files_own_bytes(make_repo, data_copy, sarif):
    repo = make_repo({})
    data_copy("failing.yaml", os.path.join(os.fsencode(repo / "vendors"), b"caf\xe9.yaml"))
    _code, doc = sarif(repo)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    }
    assert uris == {"vendors/caf%E9.yaml"}


# --------------------------------------------------------------------------- revision 2

AGENCY_DATA = Path(__file__).resolve().parents[2] / "data" / "register" / "agency" / "vendors"
AGENCY_CONFIG = "organization:\n  type: ct_state_agency\nas_of: 2026-12-01\n"
BUSINESS_CONFIG = (
    "organization:\n  type: private_business\n  ct_consumers_per_year: 52000\nas_of: 2026-12-01\n"
)
PSA_GATED = ("CT-PSA-001", "CT-PSA-002", "CT-PSA-003", "CT-PSA-004", "CT-PSA-006", "CT-PSA-007")


def helpdesk(basis: str) -> str:
    """The agency's help desk: Social Security numbers without encryption in transit (CT-PI-003
    fires where it applies), bought on ``basis``."""
    text = (AGENCY_DATA / "helpdesk.yaml").read_text(encoding="utf-8")
    text = text.replace("  encryption_in_transit: true\n", "")
    return text.replace(
        "  procurement_basis: personal_service_agreement\n", f"  procurement_basis: {basis}\n"
    )


def test_rules_not_applicable_to_an_agency_give_no_result(make_repo, sarif):
    files = {"helpdesk.yaml": helpdesk("personal_service_agreement")}
    _code, business = sarif(make_repo(files, BUSINESS_CONFIG))
    assert "CT-PI-003" in {r["ruleId"] for r in business["runs"][0]["results"]}

    _code, doc = sarif(make_repo(files, AGENCY_CONFIG), "--sarif-all-rules")
    run = doc["runs"][0]
    assert not {"CT-PI-003", "CT-AI-001"} & {r["ruleId"] for r in run["results"]}
    catalog = build_catalog()
    organization = run["properties"]["not_applicable"]["organization"]
    assert organization == [
        {"rule": rule_id, "reason": catalog.rules[rule_id].applies.reason}
        for rule_id in ("CT-AI-001", "CT-PI-003")
    ]
    rule = rules_by_id(doc)["CT-PI-003"]
    assert rule["properties"]["active"] is True
    assert rule["properties"]["applicable"] is False
    assert rule["properties"]["applies"]["decided_for"] == "organization"
    assert "not applicable to this organization" in rule["help"]["markdown"]
    assert rules_by_id(doc)["CT-PSA-001"]["properties"]["applicable"] is True
    assert rules_by_id(business)["CT-PI-003"]["properties"]["applicable"] is True
    assert business["runs"][0]["properties"]["not_applicable"] == {
        "organization": [],
        "manifests": [],
    }


def test_an_excluded_procurement_basis_gives_no_ct_psa_result(make_repo, sarif):
    repo = make_repo(
        {
            "helpdesk.yaml": helpdesk("contractual_services"),
            "lapsed.yaml": (AGENCY_DATA / "lapsed.yaml").read_text(encoding="utf-8"),
        },
        AGENCY_CONFIG,
    )
    _code, doc = sarif(repo, "--sarif-all-rules")  # CT-PSA-001 has no result to list it
    run = doc["runs"][0]
    ruled = {(r["properties"]["vendor"], r["ruleId"]) for r in run["results"]}
    assert not {("helpdesk", rule_id) for rule_id in PSA_GATED} & ruled
    assert ("lapsed", "CT-PSA-002") in ruled  # a personal service agreement that expired
    catalog = build_catalog()
    assert run["properties"]["not_applicable"]["manifests"] == [
        {
            "file": "vendors/helpdesk.yaml",
            "vendor": "helpdesk",
            "rule": rule_id,
            "reason": catalog.rules[rule_id].applies.reason,
        }
        for rule_id in PSA_GATED
    ]
    # not a result of any kind: GitHub code scanning would turn it into an alert
    assert all(r.get("kind", "fail") == "fail" for r in run["results"])
    help_text = rules_by_id(doc)["CT-PSA-001"]["help"]["text"]
    assert "Not applicable when `agreement.procurement_basis` is set to a value other" in help_text


def test_declared_and_agency_citations_in_rules_and_taxa(make_repo, sarif):
    url = "https://example.gov/regs/§31-250-3?a=<b>"
    config = AGENCY_CONFIG.replace(
        "  type: ct_state_agency\n",
        "  type: ct_state_agency\n  regulations:\n    - section: '§ 31-250-3'\n"
        f"      title: Maintenance of personal data\n      url: '{url}'\n",
    )
    text = helpdesk("personal_service_agreement").replace(
        "      necessity: Tickets are matched to people by name.\n", ""
    )
    _code, doc = sarif(make_repo({"helpdesk.yaml": text}, config))  # validates: URIs encoded
    run = doc["runs"][0]
    rule = rules_by_id(doc)["CT-PDA-001"]
    cites = rule["properties"]["citations"]
    assert [(c["section"], c["status"], c.get("agency")) for c in cites] == [
        ("§ 4-193(e)", "verified", None),
        ("§ 4-190", "verified", None),
        ("§ 31-250-3", "declared", None),
        ("§ 31-250-3(a)", "verified", "Department of Labor"),
    ]
    markdown = rule["help"]["markdown"]
    assert (
        "— Maintenance of personal data (declared) — named by the organization's configuration, "
        "not checked by ctlint" in markdown
    )
    assert "(verified) — another agency's rule of the same kind (Department of Labor)" in markdown
    assert "*A citation marked declared is named by the organization's configuration" in markdown
    taxa = run["taxonomies"][0]["taxa"]
    [declared] = [t for t in taxa if t["properties"]["status"] == "declared"]
    assert declared["helpUri"] == "https://example.gov/regs/%C2%A731-250-3?a=%3Cb%3E"
    [labor] = [t for t in taxa if t["properties"]["section"] == "§ 31-250-3(a)"]
    assert labor["properties"]["agency"] == "Department of Labor"
    assert labor["fullDescription"]["text"].startswith(
        "Another agency's rule of the same kind (Department of Labor)."
    )
    [result] = [r for r in run["results"] if r["ruleId"] == "CT-PDA-001"]
    assert declared["id"] in {ref["id"] for ref in result["taxa"]}
    # other packs never cite the declared regulations
    assert all(
        c["status"] != "declared"
        for r in run["tool"]["driver"]["rules"]
        if r["properties"]["pack"] != "ct-pda"
        for c in r["properties"]["citations"]
    )
