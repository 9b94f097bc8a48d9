"""``--format gitlab``: a GitLab Code Quality report with stable fingerprints."""

from __future__ import annotations

import json
import re
from typing import Any

KEYS = {"description", "check_name", "fingerprint", "severity", "location"}
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issues(check: Any, repo: Any, *args: str) -> tuple[int, list[dict[str, Any]]]:
    run = check(repo, "--format", "gitlab", *args)
    return run.code, json.loads(run.stdout)


def test_keys_types_and_values(mixed_repo, check):
    code, report = issues(check, mixed_repo)
    findings = [
        f for f in check(mixed_repo, "--format", "json").json()["findings"] if not f["waived"]
    ]
    assert code == 1
    assert isinstance(report, list)
    assert len(report) == len(findings) == 10
    for issue, finding in zip(report, findings, strict=True):
        assert set(issue) == KEYS
        assert isinstance(issue["description"], str)
        assert issue["check_name"] == finding["rule"]
        assert re.fullmatch("[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] == SEVERITIES[finding["severity"]]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"] == {"path": finding["file"], "lines": {"begin": finding["line"]}}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        description = f"{finding['rule']}: {finding['message']}"
        if finding["citations"]:
            description += (
                f" [{finding['citations'][0]['law']} {finding['citations'][0]['section']}]"
            )
        assert issue["description"] == description
    # GitLab shows one issue per fingerprint: they must be unique.
    assert len({i["fingerprint"] for i in report}) == len(report)


def test_waived_findings_are_left_out(mixed_repo, check):
    _code, report = issues(check, mixed_repo)
    assert not any(i["location"]["path"] == "vendors/waived.yaml" for i in report)
    assert [i["check_name"] for i in report].count("CTDPA-016") == 1


def test_fingerprints_match_sarif(mixed_repo, check):
    _code, report = issues(check, mixed_repo)
    sarif = json.loads(check(mixed_repo, "--format", "sarif").stdout)
    live = [r for r in sarif["runs"][0]["results"] if "suppressions" not in r]
    assert [i["fingerprint"] for i in report] == [
        r["partialFingerprints"]["ctlint/v2"] for r in live
    ]


def test_fingerprints_survive_moved_lines(mixed_repo, check):
    _code, before = issues(check, mixed_repo)
    manifest = mixed_repo / "vendors" / "failing.yaml"
    manifest.write_text("\n" * 5 + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    _code, after = issues(check, mixed_repo)
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    moved = [
        (b["location"]["lines"]["begin"], a["location"]["lines"]["begin"])
        for b, a in zip(before, after, strict=True)
        if a["location"]["path"] == "vendors/failing.yaml"
    ]
    assert len(moved) == 6
    assert all(new == old + 5 for old, new in moved)


def test_two_broken_files_get_two_issues(make_repo, check):
    _code, report = issues(check, make_repo({"a.yaml": "broken.yaml", "b.yaml": "broken.yaml"}))
    assert [i["location"]["path"] for i in report] == ["vendors/a.yaml", "vendors/b.yaml"]
    assert len({i["fingerprint"] for i in report}) == 2


def test_without_a_configuration_an_organization_finding_points_at_the_root(
    make_repo, layouts, check
):
    # No configuration and no manifest: only CTL010 (organization.type not declared), at the
    # root folder, never at a .ctlint.yaml that does not exist.
    repo = make_repo(layouts["empty"], config=False)
    _code, report = issues(check, repo, "--as-of", "2026-12-01")
    [issue] = report
    assert issue["check_name"] == "CTL010"
    assert issue["severity"] == "info"
    assert issue["location"] == {"path": ".", "lines": {"begin": 1}}
    assert not (repo / ".ctlint.yaml").exists()


def test_the_root_folder_is_repository_relative(make_repo, layouts, check):
    repo = make_repo(layouts["clean"], config=False)
    (repo / "sub").mkdir()
    (repo / "vendors").rename(repo / "sub" / "vendors")
    _code, report = issues(check, repo / "sub", "--as-of", "2026-12-01")
    [org] = [i for i in report if i["check_name"] == "CTL010"]
    assert org["location"] == {"path": "sub", "lines": {"begin": 1}}
    assert {i["location"]["path"] for i in report} - {"sub"} == {"sub/vendors/passing.yaml"}


def test_an_organization_finding_points_into_the_configuration(make_repo, layouts, check):
    config = "organization:\n  type: private_business\nas_of: 2026-12-01\n"
    _code, report = issues(check, make_repo(layouts["clean"], config))
    [org] = [i for i in report if i["check_name"] == "CTL012"]
    assert org["location"]["path"] == ".ctlint.yaml"
    assert org["location"]["lines"]["begin"] == 1  # `organization:`, the nearest ancestor


def test_clean_run_is_an_empty_array(clean_repo, check):
    code, report = issues(check, clean_repo)
    assert code == 0
    assert report == []


def test_hostile_text_stays_valid_json(mixed_repo, check, hostile_name):
    _code, report = issues(check, mixed_repo)
    hostile = [i for i in report if i["location"]["path"] == f"vendors/{hostile_name}"]
    assert {i["check_name"] for i in hostile} == {"CTL202", "CTL203", "CTL104"}
    ctl104 = next(i for i in hostile if i["check_name"] == "CTL104")
    assert "`x<b>&\x1b`" in ctl104["description"]


def test_two_manifests_that_share_an_id_keep_every_issue(make_repo, check):
    """GitLab keys issues by fingerprint: a copied manifest must not collapse into the original."""
    repo = make_repo({"failing.yaml": "failing.yaml", "failing-copy.yaml": "failing.yaml"})
    run = check(repo, "--format", "gitlab")
    report = json.loads(run.stdout)
    assert {i["location"]["path"] for i in report} == {
        "vendors/failing.yaml",
        "vendors/failing-copy.yaml",
    }
    assert len({i["fingerprint"] for i in report}) == len(report) > 10
