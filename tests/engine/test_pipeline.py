"""ctlint.engine.pipeline: repository-wide rules (CTL201-CTL204), retired manifests, fatal files, ordering."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import ctlint_in_copy

from ctlint.config import load_settings
from ctlint.engine import pipeline as api
from ctlint.engine.report import Report

Lint = Callable[..., Report]


@pytest.fixture
def lint(repo: Any, monkeypatch: pytest.MonkeyPatch) -> Lint:
    """``lint(*paths, **options) -> Report`` through ``api.run`` in the repository."""

    def run(*paths: str, **options: Any) -> Report:
        monkeypatch.chdir(repo.path)
        settings = load_settings(cwd=str(repo.path), **options)
        return api.run(settings, paths)

    return run


def by_rule(report: Report, rule: str) -> list[Any]:
    return [f for f in report.findings if f.rule == rule]


def rules_for(report: Report, file: str) -> list[str]:
    return [f.rule for f in report.findings if f.file == file]


# --------------------------------------------------------------------------- CTL201


def test_ctl201_reported_on_every_file_naming_the_others(repo: Any, lint: Lint) -> None:
    for rel in ("vendors/b.yaml", "vendors/a.yaml", "vendors/x/c.yaml", "vendors/B.yaml"):
        repo.manifest(rel, patch={"id": "zendesk"})
    report = lint(select=["CTL201"])
    found = by_rule(report, "CTL201")
    # byte order: "vendors/B.yaml" < "vendors/a.yaml" < "vendors/b.yaml" < "vendors/x/c.yaml"
    files = ["vendors/B.yaml", "vendors/a.yaml", "vendors/b.yaml", "vendors/x/c.yaml"]
    assert [f.file for f in found] == files
    for finding in found:
        others = ", ".join(f for f in files if f != finding.file)
        assert f"is also used by {others};" in finding.message
        assert finding.pointer == "/id"
        assert finding.vendor == "zendesk"
        assert finding.severity.label == "error"


def test_ctl201_when_only_the_later_file_is_named(repo: Any, lint: Lint) -> None:
    repo.manifest("vendors/a.yaml", patch={"id": "zendesk"})
    repo.manifest("vendors/b.yaml", patch={"id": "zendesk"})
    report = lint("vendors/b.yaml", select=["CTL201"])
    (finding,) = by_rule(report, "CTL201")
    assert finding.file == "vendors/b.yaml"
    assert "vendors/a.yaml" in finding.message


def test_ctl201_on_the_first_file_when_only_it_is_named(repo: Any, lint: Lint) -> None:
    repo.manifest("vendors/a.yaml", patch={"id": "zendesk"})
    repo.manifest("vendors/b.yaml", patch={"id": "zendesk"})
    (finding,) = by_rule(lint("vendors/a.yaml"), "CTL201")
    assert finding.file == "vendors/a.yaml"
    assert "vendors/b.yaml" in finding.message


def test_ctl201_ignores_retired_and_broken_files(repo: Any, lint: Lint) -> None:
    repo.manifest("vendors/a.yaml", patch={"id": "zendesk", "status": "retired"})
    repo.manifest("vendors/b.yaml", text="id: zendesk\nid: zendesk\n")  # CTL002
    repo.manifest("vendors/c.yaml", patch={"id": "zendesk"})
    # neither the retired nor the broken file is a "first" that vendors/c.yaml repeats
    assert [f for f in by_rule(lint(), "CTL201") if f.file == "vendors/c.yaml"] == []


def test_distinct_ids_have_no_ctl201(repo: Any, lint: Lint) -> None:
    repo.manifest("vendors/a.yaml", patch={})
    repo.manifest("vendors/b.yaml", patch={})
    assert lint().findings == ()


# --------------------------------------------------------------------------- CTL202


@pytest.mark.parametrize(
    ("rel", "vendor_id", "reported"),
    [
        pytest.param("vendors/zendesk.yaml", "zendesk", False, id="same"),
        pytest.param("vendors/zendesk.json", "zendesk", False, id="json-same"),
        pytest.param("vendors/zendesk.suite.yml", "zendesk.suite", False, id="dots-in-id"),
        pytest.param("vendors/Zendesk.yaml", "zendesk", True, id="case-sensitive"),
        pytest.param("vendors/zendesk-suite.yaml", "zendesk", True, id="different"),
    ],
)
def test_ctl202(repo: Any, lint: Lint, rel: str, vendor_id: str, reported: bool) -> None:
    repo.manifest(rel, patch={"id": vendor_id})
    found = by_rule(lint(), "CTL202")
    assert bool(found) is reported
    if reported:
        (finding,) = found
        assert finding.severity.label == "info"
        assert finding.pointer == "/id"
        assert vendor_id in finding.message


# --------------------------------------------------------------------------- CTL203


@pytest.mark.parametrize(
    ("field", "value", "reported"),
    [
        pytest.param("agreement.document", "contracts/zendesk-dpa.pdf", False, id="exists"),
        pytest.param("agreement.document", "./contracts/zendesk-dpa.pdf", False, id="dot-slash"),
        pytest.param("agreement.document", "contracts/missing.pdf", True, id="missing"),
        pytest.param("agreement.document", "../outside.pdf", True, id="dotdot-escapes-root"),
        pytest.param("agreement.document", "contracts/../../outside.pdf", True, id="nested-dotdot"),
        pytest.param("agreement.document", "/etc/hostname", True, id="absolute"),
        pytest.param(
            "agreement.document", "contracts/link-out.pdf", True, id="symlink-out-of-root"
        ),
        pytest.param(
            "agreement.document", "https://example.com/missing.pdf", False, id="https-not-checked"
        ),
        pytest.param(
            "assessment.document", "docs/dpa-assessment.md", True, id="assessment-document"
        ),
        pytest.param("breach.plan", "docs/nope.md", True, id="breach-plan"),
        pytest.param("recording.monitoring_notice", "hr/notice.pdf", True, id="monitoring-notice"),
        pytest.param(
            "recording.monitoring_notice",
            "docs/incident-response.md",
            False,
            id="monitoring-exists",
        ),
    ],
)
def test_ctl203(
    repo: Any, lint: Lint, tmp_path: Path, field: str, value: str, reported: bool
) -> None:
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF")
    os.symlink(outside, repo / "contracts" / "link-out.pdf")
    section, key = field.split(".")
    repo.manifest(patch={section: {key: value}})
    found = by_rule(lint(select=["CTL203"]), "CTL203")
    assert bool(found) is reported, found
    if reported:
        (finding,) = found
        assert finding.pointer == f"/{section}/{key}"
        assert value in finding.message
        assert finding.severity.label == "error"


def test_ctl203_relative_to_the_root_not_the_manifest(repo: Any, lint: Lint) -> None:
    repo.manifest("vendors/deep/er/zendesk.yaml")
    assert by_rule(lint(), "CTL203") == []


# --------------------------------------------------------------------------- CTL204


@pytest.mark.parametrize(
    ("key", "reported"),
    [
        pytest.param("user.financial", True, id="user.financial"),
        pytest.param("user", True, id="user"),
        pytest.param("user.demographic", True, id="user.demographic"),
        pytest.param("user.location", True, id="user.location"),
        pytest.param("user.authorization", True, id="user.authorization"),
        pytest.param("user.financial.credit_card", False, id="specific-financial"),
        pytest.param("user.contact", False, id="user.contact-holds-nothing-sensitive"),
        pytest.param("user.government_id", False, id="government_id-is-itself-sensitive"),
        pytest.param("user.health_and_medical", False, id="health-is-itself-sensitive"),
    ],
)
def test_ctl204(repo: Any, lint: Lint, key: str, reported: bool) -> None:
    category = {"key": key, "purpose": "Support.", "necessity": "Needed.", "retention_days": 30}
    repo.manifest(patch={"data": {"categories": [category]}})
    found = by_rule(lint(select=["CTL204"]), "CTL204")
    assert bool(found) is reported
    if reported:
        (finding,) = found
        assert finding.severity.label == "warning"
        assert finding.pointer == "/data/categories/0/key"
        assert key in finding.message


# --------------------------------------------------------------------------- retired manifests

STRUCTURAL = {
    "CTL101",
    "CTL102",
    "CTL103",
    "CTL104",
    "CTL105",
    "CTL106",
    "CTL107",
    "CTL108",
    "CTL190",
}
STRUCTURAL |= {"CTL199", "CTL201", "CTL202", "CTL203"}


def test_retired_manifest_gets_only_structural_findings(repo: Any, lint: Lint) -> None:
    patch = {
        "status": "retired",
        "id": "old-tool",  # CTL202
        "notice": None,  # would be CTDPA-015
        "security": {"encryption_in_transit": False},  # would be CTDPA-012
        "agreement": {"document": "contracts/gone.pdf"},  # CTL203
        "data": {
            "categories": [{"key": "user.financial", "purpose": "x"}],  # CTL204 and CTDPA-010/011
            "sale": "no",  # CTL102
        },
        "waivers": [
            {"rule": "CTDPA-001", "reason": "unused"},
            {"rule": "NOPE-001", "reason": "bad"},
        ],
    }
    repo.manifest("vendors/retired.yaml", patch=patch)
    rules = set(rules_for(lint(), "vendors/retired.yaml"))
    assert rules == {"CTL102", "CTL202", "CTL203"}
    assert rules <= STRUCTURAL


def test_retired_manifest_same_findings_as_active_without_policies(repo: Any, lint: Lint) -> None:
    repo.manifest("vendors/zendesk.yaml", patch={"status": "retired", "notice": None})
    assert lint().findings == ()


# --------------------------------------------------------------------------- fatal files


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param(
            "manifest: ctlint/v1\nid: other\nid: other\nx-bad: [1\n", "CTL001", id="syntax"
        ),
        pytest.param(
            "manifest: ctlint/v1\nid: other\nname: a\nname: b\n", "CTL002", id="duplicate-key"
        ),
        pytest.param("manifest: ctlint/v1\nid: other\nname: !custom a\n", "CTL004", id="tag"),
        pytest.param(
            "manifest: ctlint/v1\nid: other\n---\nname: b\n", "CTL004", id="two-documents"
        ),
        pytest.param("- manifest: ctlint/v1\n", "CTL001", id="top-level-list"),
    ],
)
def test_after_a_fatal_finding_no_other_finding(
    repo: Any, lint: Lint, text: str, rule: str
) -> None:
    # The file name differs from the id (CTL202) and every required field is missing (CTL101).
    repo.manifest("vendors/broken.yaml", text=text)
    assert rules_for(lint(), "vendors/broken.yaml") == [rule]


def test_fatal_findings_cannot_be_ignored(repo: Any, lint: Lint) -> None:
    repo.manifest("vendors/broken.yaml", text="id: [\n")
    report = lint(ignore=["CTL001", "CTL"], select=["CTDPA"])
    assert rules_for(report, "vendors/broken.yaml") == ["CTL001"]
    assert report.failed()


def test_fatal_findings_cannot_be_turned_off(repo: Any, lint: Lint) -> None:
    repo.config(severity={"CTL002": "off", "CTL001": "info"})
    repo.manifest("vendors/broken.yaml", text="id: a\nid: a\n")
    report = lint()
    (finding,) = [f for f in report.findings if f.file == "vendors/broken.yaml"]
    assert finding.rule == "CTL002"
    assert finding.severity.label == "error"


@pytest.mark.parametrize(
    ("limits", "text"),
    [
        pytest.param({"max_file_bytes": 200}, None, id="file-size"),
        pytest.param({"max_depth": 3}, "x-a:\n  b:\n    c:\n      d: 1\n", id="depth"),
        pytest.param(
            {"max_nodes": 20}, "x-a: &a [1, 2, 3, 4, 5]\nx-b: [*a, *a, *a, *a]\n", id="nodes"
        ),
    ],
)
def test_configured_limits_give_ctl003(
    repo: Any, lint: Lint, limits: dict[str, int], text: str | None
) -> None:
    repo.config(limits=limits)
    if text is None:
        repo.manifest()
    else:
        repo.manifest(text=text)
    assert rules_for(lint(), "vendors/zendesk.yaml") == ["CTL003"]


# --------------------------------------------------------------------------- ordering


def _order_key(finding: Any) -> tuple[Any, ...]:
    return (
        finding.file is not None and finding.rule not in ("CTL010", "CTL011", "CTL012"),
        (finding.file or "").encode(),
        finding.span.line if finding.span else 0,
        finding.span.column if finding.span else 0,
        finding.rule,
        finding.pointer or "",
        finding.item or "",
    )


def test_findings_order(repo: Any, lint: Lint) -> None:
    repo.config(organization={"ct_consumers_per_year": 1000})  # CTL011
    repo.manifest("vendors/b.yaml", patch={"notice": None, "requests": None})
    repo.manifest("vendors/a.yaml", patch={"notice": {"privacy_notice_includes": ["contact"]}})
    repo.manifest("vendors/B.yaml", patch={"channels": ["email", "email"], "id": "x"})
    report = lint(select=["CTL", "CTDPA", "ct-ai"], fail_on="info")
    findings = list(report.findings)
    assert findings[0].rule == "CTL011"
    assert findings == sorted(findings, key=_order_key)
    files = [f.file for f in findings[1:]]
    assert files == sorted(files, key=lambda p: (p or "").encode())
    assert files[0] == "vendors/B.yaml"


def test_same_position_sorted_by_rule_then_pointer_then_item(repo: Any, lint: Lint) -> None:
    repo.manifest(patch={"notice": None, "requests": None})
    findings = [
        f for f in lint().findings if f.span is not None and (f.span.line, f.span.column) == (1, 1)
    ]
    assert len(findings) > 3
    keys = [(f.rule, f.pointer or "", f.item or "") for f in findings]
    assert keys == sorted(keys)


def test_organization_findings_first_with_pyproject(repo: Any, lint: Lint) -> None:
    (repo / ".ctlint.yaml").unlink()
    repo.write(
        "pyproject.toml",
        '[tool.ctlint]\nmanifests = ["manifests/*.yaml"]\nas_of = "2026-11-28"\n\n'
        '[tool.ctlint.organization]\ntype = "private_business"\nct_consumers_per_year = 1000\n',
    )
    repo.manifest("manifests/zendesk.yaml", patch={"id": "other"})  # CTL202
    findings = lint().findings
    assert [f.rule for f in findings] == ["CTL011", "CTL202"]


# --------------------------------------------------------------------------- CTL109


@pytest.mark.parametrize(
    ("section", "patch"),
    [
        pytest.param("/agreement/signed", {"agreement": {"signed": "2026-12-02"}}, id="signed"),
        pytest.param(
            "/agreement/approvals/opm_secretary",
            {"agreement": {"approvals": {"opm_secretary": "2026-12-02"}}},
            id="opm-approval",
        ),
        pytest.param(
            "/assessment/completed", {"assessment": {"completed": "2027-01-01"}}, id="dpa"
        ),
        pytest.param(
            "/records/last_accuracy_review",
            {"records": {"last_accuracy_review": "2026-12-31"}},
            id="accuracy-review",
        ),
        pytest.param(
            "/review/last_reviewed", {"review": {"last_reviewed": "2030-01-01"}}, id="review"
        ),
    ],
)
def test_ctl109_a_past_event_dated_after_the_as_of_date(
    repo: Any, lint: Lint, section: str, patch: dict[str, Any]
) -> None:
    repo.manifest(patch=patch)
    (finding,) = by_rule(lint(as_of="2026-12-01"), "CTL109")
    assert finding.pointer == section
    assert finding.severity.label == "error"
    assert "2026-12-01" in finding.message
    assert not by_rule(lint(as_of="2030-01-01"), "CTL109")  # the same date is fine later on


def test_ctl109_the_as_of_date_itself_is_not_in_the_future(repo: Any, lint: Lint) -> None:
    repo.manifest(patch={"review": {"last_reviewed": "2026-12-01"}})
    assert not by_rule(lint(as_of="2026-12-01"), "CTL109")


def test_ctl109_dates_that_may_lie_ahead_are_not_checked(repo: Any, lint: Lint) -> None:
    repo.manifest(
        patch={
            "agreement": {"effective": "2027-03-01", "expires": "2030-02-19"},
            "waivers": [{"rule": "CTDPA-011", "reason": "Planned", "expires": "2027-06-30"}],
        }
    )
    assert not by_rule(lint(as_of="2026-12-01"), "CTL109")


def test_ctl109_the_date_still_counts_as_given(repo: Any, lint: Lint) -> None:
    repo.manifest(patch={"data": {"sale": True}, "assessment": {"completed": "2027-01-01"}})
    report = lint(as_of="2026-12-01")
    assert [f.pointer for f in by_rule(report, "CTL109")] == ["/assessment/completed"]
    assert not by_rule(report, "CTDPA-023")  # the assessment is not "missing"


def test_ctl109_for_retired_manifests_and_not_waivable(repo: Any, lint: Lint) -> None:
    repo.manifest(
        patch={
            "status": "retired",
            "review": {"last_reviewed": "2027-05-05"},
            "waivers": [{"rule": "CTL109", "reason": "Typo, fixed next week"}],
        }
    )
    report = lint(as_of="2026-12-01")
    (finding,) = by_rule(report, "CTL109")
    assert not finding.waived


# --------------------------------------------------------------------------- CTL305


@pytest.mark.parametrize(
    ("expires", "notice_days", "reported"),
    [
        pytest.param("2026-12-01", None, True, id="today"),
        pytest.param("2027-01-30", None, True, id="day-60"),
        pytest.param("2027-01-31", None, False, id="day-61"),
        pytest.param("2026-11-30", None, False, id="already-expired"),
        pytest.param("2027-03-01", 90, True, id="configured-90"),
        pytest.param("2026-12-02", 0, False, id="configured-0-tomorrow"),
        pytest.param("2026-12-01", 0, True, id="configured-0-today"),
    ],
)
def test_ctl305_agreement_expires_soon(
    repo: Any, lint: Lint, expires: str, notice_days: int | None, reported: bool
) -> None:
    if notice_days is not None:
        repo.config(expiry_notice_days=notice_days)
    repo.manifest(patch={"agreement": {"expires": expires}})
    found = by_rule(lint(as_of="2026-12-01"), "CTL305")
    assert bool(found) is reported
    if found:
        assert found[0].pointer == "/agreement/expires"
        assert found[0].severity.label == "info"
        assert expires in found[0].message


def test_ctl305_not_for_retired_manifests(repo: Any, lint: Lint) -> None:
    repo.manifest(patch={"status": "retired", "agreement": {"expires": "2026-12-20"}})
    assert not by_rule(lint(as_of="2026-12-01"), "CTL305")


def test_expiry_notice_days_must_be_a_bounded_integer(repo: Any, run_cli: Any) -> None:
    repo.manifest()
    repo.config(expiry_notice_days=-1)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 2
    assert "expiry_notice_days" in err
    assert len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------------- findings a person can act on

FINDINGS = Path(__file__).resolve().parents[1] / "data" / "findings"


def ctlint(cwd: Path, *args: str) -> Any:
    """The installed command, run as a user runs it, in a copy of the fixture repository."""
    return ctlint_in_copy(cwd, *args)


def lines_of(out: str, rule: str) -> list[str]:
    return [line for line in out.splitlines() if f": {rule} " in line]


def test_a_value_that_failed_its_schema_is_not_also_reported_missing(tmp_path: Path) -> None:
    done = ctlint(tmp_path, "check", "--config", str(FINDINGS / "typo" / ".ctlint.yaml"))
    assert done.returncode == 1, done.stderr
    # retention_days: "3 years" (CTL102) and an http:// privacy notice (CTL105)
    assert len(lines_of(done.stdout, "CTL102")) == 4
    assert len(lines_of(done.stdout, "CTL105")) == 1
    assert lines_of(done.stdout, "CTDPA-011") == []  # "has no retention_days" would contradict
    assert lines_of(done.stdout, "CTDPA-015") == []  # "privacy_notice_url is missing" too
    # findings about something else in the same sections are kept
    assert lines_of(done.stdout, "CTDPA-013")


def test_findings_caused_by_a_misspelt_key_name_it(tmp_path: Path) -> None:
    done = ctlint(tmp_path, "check", "--config", str(FINDINGS / "typo" / ".ctlint.yaml"))
    (unknown,) = lines_of(done.stdout, "CTL104")
    assert unknown.startswith("vendors/clinic-chat.yaml:53:3: CTL104 error: Unknown field")
    note = "(is `agreement.clausess` a typo of `agreement.clauses`? see CTL104 at 53:3)"
    caused = [line for line in done.stdout.splitlines() if note in line]
    assert {line.split(": ")[1].split()[0] for line in caused} >= {
        "CTDPA-002",
        "CTDPA-003",
        "CT-HEALTH-001",
    }
    assert len(caused) == 14
    assert not any(note in line for line in lines_of(done.stdout, "CTDPA-013"))  # consent


def test_structural_findings_come_first_at_one_position_in_every_format(tmp_path: Path) -> None:
    import json  # lazy: one test reads JSON

    config = str(FINDINGS / "minimal" / ".ctlint.yaml")
    text = ctlint(tmp_path, "check", "--config", config).stdout.splitlines()
    at_start = [line.split(": ")[1].split()[0] for line in text if ":1:1: " in line]
    assert at_start[0] == "CTL101", at_start
    assert at_start[1].startswith("CTDPA-"), at_start
    report = json.loads(ctlint(tmp_path, "check", "--config", config, "--format", "json").stdout)
    rules = [f["rule"] for f in report["findings"]]
    assert rules[0] == "CTL101"
    assert rules[1].startswith("CTDPA-")
    sarif = json.loads(ctlint(tmp_path, "check", "--config", config, "--format", "sarif").stdout)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]][: len(rules)] == rules
    github = ctlint(tmp_path, "check", "--config", config, "--format", "github").stdout
    assert github.index("CTL101") < github.index("CTDPA-001")
    markdown = ctlint(tmp_path, "check", "--config", config, "--format", "markdown").stdout
    assert markdown.index("CTL101") < markdown.index("CTDPA-001")


def test_the_text_line_shows_a_citation_that_is_not_verified(tmp_path: Path) -> None:
    done = ctlint(tmp_path, "check", "--config", str(FINDINGS / "typo" / ".ctlint.yaml"))
    (breach,) = lines_of(done.stdout, "CT-BREACH-003")
    assert breach.endswith("[Conn. Gen. Stat. § 36a-701b(b) (secondary)]")
    assert all(
        line.endswith("(unverified)]") for line in lines_of(done.stdout, "CTDPA-002")
    )  # § 42-521 as amended by PA 25-113
    (consent,) = lines_of(done.stdout, "CTDPA-013")
    assert consent.endswith("[Conn. Gen. Stat. § 42-520(a)(1)(D)]")  # verified: no status


def test_quiet_hides_waived_findings_and_an_empty_baseline_is_silent(tmp_path: Path) -> None:
    config = str(FINDINGS / "typo" / ".ctlint.yaml")
    loud = ctlint(tmp_path, "check", "--config", config)
    assert "CT-BREACH-002" in loud.stdout
    assert "(waived: Help Scout" in loud.stdout
    assert "1 waived" in loud.stdout
    quiet = ctlint(tmp_path, "check", "--config", config, "-q")
    assert quiet.returncode == 1
    assert "CT-BREACH-002" not in quiet.stdout
    assert "waived" not in quiet.stdout
    assert "findings (" not in quiet.stdout  # no summary
    # the configured baseline is empty: nothing about it on stderr, quiet or not
    assert "baseline" not in loud.stderr
    assert "baseline" not in quiet.stderr


def test_an_unknown_rule_on_the_command_line_names_the_option(tmp_path: Path) -> None:
    config = str(FINDINGS / "typo" / ".ctlint.yaml")
    done = ctlint(tmp_path, "check", "--config", config, "--select", "CTDPA-999")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "ctlint: error: --select: `CTDPA-999` names no rule id, id prefix or pack "
        "(see `ctlint rules`)"
    )
    done = ctlint(tmp_path, "check", "--config", config, "--ignore", "CTDPA-001,NOPE")
    assert done.returncode == 2
    assert done.stderr.startswith("ctlint: error: --ignore: `NOPE` names no rule")
    assert ".ctlint.yaml" not in done.stderr
