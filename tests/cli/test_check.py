"""ctlint.cli.check: exit codes, options, formats, the JSON and text output and colour of
``ctlint check`` (cli.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ctlint import __version__
from ctlint.output.formats import CHECK_FORMATS

SUMMARY = re.compile(
    r"^(\d+) findings? \((\d+) errors?, (\d+) warnings?, (\d+) info, (\d+) waived\) in (\d+) files?$"
)
FINDING_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z][A-Z0-9-]+) "
    r"(?P<severity>error|warning|info): (?P<message>.+)$"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# A manifest with errors, warnings and an info finding:
#   CTDPA-015 (error) x2, CTDPA-011 (warning), CT-AI-001/CT-AI-002 (warnings), CTL202 (info)
GAPS = {
    "id": "zendesk-suite",
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
    },
    "data": {
        "categories": [
            {
                "key": "user.name",
                "purpose": "Address the requester.",
                "necessity": "Tickets are matched by name.",
            }
        ]
    },
    "ai": {"chatbot": True},
}


def gaps(repo: Any, rel: str = "vendors/zendesk.yaml") -> None:
    repo.manifest(rel, patch=GAPS)


def rules_in(out: str) -> list[str]:
    return [m["rule"] for line in out.splitlines() if (m := FINDING_LINE.match(line))]


# --------------------------------------------------------------------------- exit codes


def test_exit_0_on_a_clean_repository(repo: Any, run_cli: Any) -> None:
    repo.manifest()
    code, out, err = run_cli("check", cwd=repo.path)
    assert code == 0
    assert out == "0 findings (0 errors, 0 warnings, 0 info, 0 waived) in 1 file\n"
    assert err == ""


def test_exit_1_on_an_error(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    code, out, err = run_cli("check", cwd=repo.path)
    assert code == 1
    first = next(
        m["rule"]
        for line in out.splitlines()
        if (m := FINDING_LINE.match(line)) and m["severity"] == "error"
    )
    assert err == TIP.format(first) + "\n"  # the one line on stderr: the tip


def test_broken_manifest_is_exit_1_not_2(repo: Any, run_cli: Any) -> None:
    repo.manifest(text="manifest: [\n")
    code, out, _err = run_cli("check", cwd=repo.path)
    assert code == 1
    assert rules_in(out) == ["CTL001"]


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [
        pytest.param(None, 0, id="default-error"),
        pytest.param("error", 0, id="error"),
        pytest.param("warning", 1, id="warning"),
        pytest.param("info", 1, id="info"),
    ],
)
def test_fail_on_with_a_warning(
    repo: Any, run_cli: Any, fail_on: str | None, expected: int
) -> None:
    repo.manifest(patch={"ai": {"chatbot": True, "discloses_ai": True}})  # CT-AI-002 warning only
    args = ["--fail-on", fail_on] if fail_on else []
    code, out, _err = run_cli("check", *args, cwd=repo.path)
    assert rules_in(out) == ["CT-AI-002"]
    assert code == expected


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [pytest.param("warning", 0, id="warning"), pytest.param("info", 1, id="info")],
)
def test_fail_on_with_an_info_finding(repo: Any, run_cli: Any, fail_on: str, expected: int) -> None:
    repo.manifest("vendors/other-name.yaml", patch={"id": "zendesk"})  # CTL202 info only
    code, out, _err = run_cli("check", "--fail-on", fail_on, cwd=repo.path)
    assert rules_in(out) == ["CTL202"]
    assert code == expected


# --------------------------------------------------------------------------- select / ignore


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param([], {"CTDPA-011", "CTDPA-015", "CT-AI-001", "CT-AI-002", "CTL202"}, id="all"),
        pytest.param(["--select", "CTDPA-015"], {"CTDPA-015"}, id="select-id"),
        pytest.param(["--select", "CTDPA"], {"CTDPA-011", "CTDPA-015"}, id="select-prefix"),
        pytest.param(
            ["--select", "CTDPA-01"], {"CTDPA-011", "CTDPA-015"}, id="select-partial-prefix"
        ),
        pytest.param(["--select", "ct-ai"], {"CT-AI-001", "CT-AI-002"}, id="select-pack"),
        pytest.param(["--select", "CTDPA-015,CTL202"], {"CTDPA-015", "CTL202"}, id="select-comma"),
        pytest.param(
            ["--select", "CTDPA-015", "--select", "CTL202"],
            {"CTDPA-015", "CTL202"},
            id="select-repeated",
        ),
        pytest.param(
            ["--ignore", "CTDPA"], {"CT-AI-001", "CT-AI-002", "CTL202"}, id="ignore-prefix"
        ),
        pytest.param(
            ["--ignore", "ct-ai,CTL202"], {"CTDPA-011", "CTDPA-015"}, id="ignore-pack-and-id"
        ),
        pytest.param(
            ["--ignore", "ct-ai", "--ignore", "CTL"],
            {"CTDPA-011", "CTDPA-015"},
            id="ignore-repeated",
        ),
        pytest.param(
            ["--select", "CTDPA", "--ignore", "CTDPA-011"], {"CTDPA-015"}, id="select-then-ignore"
        ),
        pytest.param(["--select", "ct-pda"], set(), id="select-never-activates-a-pack"),
    ],
)
def test_select_and_ignore(repo: Any, run_cli: Any, args: list[str], expected: set[str]) -> None:
    gaps(repo)
    _code, out, err = run_cli("check", "--fail-on", "info", *args, cwd=repo.path)
    found = rules_in(out)
    assert err == (TIP.format(found[0]) + "\n" if found else "")  # the tip, nothing else
    assert set(rules_in(out)) == expected


def test_cli_select_replaces_configured_select(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    repo.config(select=["CTL202"])
    assert set(rules_in(run_cli("check", cwd=repo.path)[1])) == {"CTL202"}
    assert set(rules_in(run_cli("check", "--select", "ct-ai", cwd=repo.path)[1])) == {
        "CT-AI-001",
        "CT-AI-002",
    }


def test_configured_ignore_and_severity(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    repo.config(ignore=["CTDPA-015"], severity={"CT-AI-001": "error", "CT-AI-002": "off"})
    code, out, _err = run_cli("check", cwd=repo.path)
    assert set(rules_in(out)) == {"CTDPA-011", "CT-AI-001", "CTL202"}
    assert "CT-AI-001 error:" in out
    assert code == 1


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--ignore", "CTL001"], id="ignore-id"),
        pytest.param(["--ignore", "CTL"], id="ignore-prefix"),
        pytest.param(["--ignore", "core"], id="ignore-pack"),
        pytest.param(["--select", "CTDPA-015"], id="not-selected"),
    ],
)
def test_ctl001_cannot_be_ignored(repo: Any, run_cli: Any, args: list[str]) -> None:
    repo.manifest("vendors/broken.yaml", text="id: [\n")
    code, out, _err = run_cli("check", *args, cwd=repo.path)
    assert code == 1
    assert rules_in(out) == ["CTL001"]


# --------------------------------------------------------------------------- JSON output

TOP_KEYS = {"version", "tool", "as_of", "organization", "findings", "summary"}
ORG_KEYS = {"type", "packs", "ctdpa_scope"}
FINDING_KEYS = {
    "rule",
    "severity",
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "pointer",
    "item",
    "vendor",
    "message",
    "citations",
    "waived",
    "waiver_reason",
}
CITATION_KEYS = {"law", "section", "title", "url", "status"}
SUMMARY_KEYS = {"files", "findings", "errors", "warnings", "info", "waived"}


def test_json_document_shape(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    repo.manifest(
        "vendors/zendesk-suite.yaml", patch={"waivers": [{"rule": "CTDPA-016", "reason": "Unused"}]}
    )
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code == 1
    assert err == ""
    document = json.loads(out)
    assert set(document) == TOP_KEYS
    assert document["version"] == 1
    assert document["tool"] == {"name": "ctlint", "version": __version__}
    assert document["as_of"] == "2026-11-28"
    assert set(document["organization"]) == ORG_KEYS
    assert document["organization"]["type"] == "private_business"
    assert set(document["organization"]["ctdpa_scope"]) == {"in_scope", "reason"}
    assert set(document["summary"]) == SUMMARY_KEYS
    assert document["findings"]
    for finding in document["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["waived"], bool)
        for citation in finding["citations"]:
            assert set(citation) == CITATION_KEYS
            assert citation["status"] in ("verified", "secondary", "unverified")
            assert citation["url"].startswith("https://")
        if finding["file"] is not None:
            assert not finding["file"].startswith("./")
            assert finding["line"] >= 1
            assert finding["column"] >= 1
            assert finding["end_line"] >= finding["line"]
            assert finding["pointer"] == "" or finding["pointer"].startswith("/")


def test_json_summary_counts(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    repo.manifest(
        "vendors/other.yaml", patch={"waivers": [{"rule": "CTDPA-016", "reason": "Unused"}]}
    )
    repo.manifest(
        "vendors/third.yaml",
        patch={
            "notice": {"privacy_notice_url": None},
            "waivers": [{"rule": "CTDPA-015", "reason": "Accepted"}],
        },
    )
    _code, out, _err = run_cli("check", "--format", "json", cwd=repo.path)
    document = json.loads(out)
    live = [f for f in document["findings"] if not f["waived"]]
    summary = document["summary"]
    assert summary["files"] == 3
    assert (
        summary["findings"]
        == len(live)
        == summary["errors"] + summary["warnings"] + summary["info"]
    )
    assert summary["errors"] == sum(f["severity"] == "error" for f in live)
    assert summary["warnings"] == sum(f["severity"] == "warning" for f in live)
    assert summary["info"] == sum(f["severity"] == "info" for f in live)
    assert summary["waived"] == 1


def test_json_finding_values(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    _code, out, _err = run_cli("check", "--format", "json", "--select", "CTDPA-015", cwd=repo.path)
    document = json.loads(out)
    (item,) = [f for f in document["findings"] if f["item"] == "contact"]
    assert item["rule"] == "CTDPA-015"
    assert item["file"] == "vendors/zendesk.yaml"
    assert item["pointer"] == "/notice/privacy_notice_includes"
    assert item["vendor"] == "zendesk-suite"
    assert item["waived"] is False
    assert item["waiver_reason"] is None
    assert item["citations"][0]["section"] == "§ 42-520(b)(1)"


def test_json_undeclared_organization(repo: Any, run_cli: Any) -> None:
    repo.config("{}\n")
    repo.manifest()
    _code, out, _err = run_cli("check", "--format", "json", cwd=repo.path)
    organization = json.loads(out)["organization"]
    assert organization == {"type": None, "packs": ["ct-pda", "ct-psa"], "ctdpa_scope": None}


def test_json_to_a_file(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    code, out, _err = run_cli("check", "--format", "json:report.json", cwd=repo.path)
    assert code == 1
    assert out == ""
    assert json.loads((repo / "report.json").read_text("utf-8"))["summary"]["files"] == 1


def test_json_and_text_together(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    code, out, _err = run_cli(
        "check", "--format", "text", "--format", "json:report.json", cwd=repo.path
    )
    assert code == 1
    assert SUMMARY.match(out.splitlines()[-1])
    assert json.loads((repo / "report.json").read_text("utf-8"))["version"] == 1


def test_output_in_a_missing_folder_is_not_an_internal_error(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    code, _out, err = run_cli("check", "--format", "json:out/report.json", cwd=repo.path)
    assert "internal error" not in err
    assert code in (1, 2)
    if code == 1:
        assert (repo / "out" / "report.json").is_file()


def test_output_names_the_path_of_a_single_format(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    code, out, _err = run_cli("check", "--format", "json", "--output", "result.json", cwd=repo.path)
    assert code == 1
    assert out == ""
    assert json.loads((repo / "result.json").read_text("utf-8"))["summary"]["files"] == 1


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_an_output_that_is_a_manifest_under_another_name_is_refused(
    repo: Any, run_cli: Any, link: str
) -> None:
    gaps(repo)
    manifest = repo / "vendors" / "zendesk.yaml"
    before = manifest.read_bytes()
    alias = repo / "report.json"
    if link == "symlink":
        alias.symlink_to(manifest)
    else:
        os.link(manifest, alias)
    code, _out, err = run_cli("check", "--format", "json:report.json", cwd=repo.path)
    assert code == 2
    assert "report.json is one of the files being checked" in err
    assert manifest.read_bytes() == before


def test_an_existing_output_that_is_no_input_is_replaced(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    (repo / "report.json").write_text("old\n", encoding="utf-8")
    code, _out, err = run_cli("check", "--format", "json:report.json", cwd=repo.path)
    assert code == 1, err
    assert json.loads((repo / "report.json").read_text("utf-8"))["version"] == 1


def test_file_outside_the_root_is_shown_as_given(repo: Any, run_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, _err = run_cli(
        "check", "--config", ".ctlint.yaml", "--format", "json", "../elsewhere.yaml", cwd=repo.path
    )
    assert code == 1
    assert [f["file"] for f in json.loads(out)["findings"]] == ["../elsewhere.yaml"]
    code, out, _err = run_cli(
        "check", "--config", ".ctlint.yaml", "../elsewhere.yaml", cwd=repo.path
    )
    assert out.startswith("../elsewhere.yaml:2:1: CTL001")


def test_file_outside_every_repository_gets_the_defaults(
    repo: Any, run_cli: Any, tmp_path: Path
) -> None:
    (tmp_path / "elsewhere.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, err = run_cli("check", "--format", "json", "../elsewhere.yaml", cwd=repo.path)
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["CTL010", "CTL001"]
    assert "no configuration found for ../elsewhere.yaml" in err
    code, out, err = run_cli("check", "--require-config", "../elsewhere.yaml", cwd=repo.path)
    assert code == 2
    assert out == ""
    assert err.startswith("ctlint: error: no configuration found for ../elsewhere.yaml")


def test_jobs_give_the_same_report(repo: Any, run_cli: Any) -> None:
    for index in range(70):  # enough files for the parallel path
        repo.manifest(f"vendors/v{index:02d}.yaml", patch={"data": {"sale": "no"}})
    _code, one, _err = run_cli("check", "--format", "json", "--jobs", "1", cwd=repo.path)
    _code, three, _err = run_cli("check", "--format", "json", "--jobs", "3", cwd=repo.path)
    # each file: CTL102 for `sale: no` (CTDPA-032's "not declared" at the same pointer is
    # dropped: the schema finding already says what is wrong with the value)
    assert json.loads(one)["summary"]["findings"] == 70
    assert one == three


@pytest.mark.parametrize("fmt", CHECK_FORMATS.names)
def test_every_format_writes_the_same_to_stdout_and_to_a_file(
    repo: Any, run_cli: Any, fmt: str
) -> None:
    gaps(repo)
    code, out, err = run_cli("check", "--format", fmt, cwd=repo.path)
    assert code == 1, err
    assert out
    name = "out" + CHECK_FORMATS.get(fmt).extension
    code, to_file, err = run_cli("check", "--format", f"{fmt}:{name}", cwd=repo.path)
    assert code == 1, err
    assert to_file == ""
    assert (repo / name).read_text("utf-8") == out


def test_an_unknown_format_is_refused_before_the_run(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    code, out, err = run_cli(
        "check", "--format", "json:a.json", "--format", "yaml:b.yaml", cwd=repo.path
    )
    assert code == 2
    assert out == ""
    assert err == f"ctlint: error: {CHECK_FORMATS.unknown('yaml')}\n"
    assert not (repo / "a.json").exists()
    assert not (repo / "b.yaml").exists()


# --------------------------------------------------------------------------- text output


def test_an_organization_finding_is_placed_in_the_configuration(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    repo.config(
        "# ours\n"
        "organization:\n"
        "  type: private_business\n"
        "  ct_consumers_per_year: 100\n"
        "  sells_personal_data: false\n"
        "as_of: 2026-12-01\n"
    )
    # CTL011 (out of the CTDPA's scope), at `ct_consumers_per_year` (line 4), printed from the
    # repository and from its parent folder with the path relative to the current folder
    code, out, _err = run_cli("check", "--select", "CTL011", cwd=repo.path)
    [line] = [x for x in out.splitlines() if " CTL011 " in x]
    assert re.match(r"^\.ctlint\.yaml:4:\d+: CTL011 info: ", line), line
    code, out, _err = run_cli("check", "--select", "CTL011", "repo", cwd=repo.path.parent)
    [line] = [x for x in out.splitlines() if " CTL011 " in x]
    assert re.match(r"^repo/\.ctlint\.yaml:4:\d+: CTL011 info: ", line), line
    assert code == 0


def test_without_a_configuration_no_file_is_made_up(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    (repo / ".ctlint.yaml").unlink()
    code, out, _err = run_cli("check", "--fail-on", "info", cwd=repo.path)
    assert code == 1
    [line] = [x for x in out.splitlines() if " CTL010 " in x]
    assert line.startswith("-: CTL010 info: organization.type is not declared")  # cli.md
    _code, github, _err = run_cli("check", "--format", "github", cwd=repo.path)
    [notice] = [x for x in github.splitlines() if "title=CTL010" in x]
    assert notice.startswith("::notice title=CTL010::")  # no file= property
    _code, junit, _err = run_cli("check", "--format", "junit", cwd=repo.path)
    for output in (out, github, junit):
        assert ".ctlint.yaml" not in output


def test_text_lines(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    repo.config(organization={"ct_consumers_per_year": None})  # CTL012, organization-level
    code, out, _err = run_cli("check", "--fail-on", "info", cwd=repo.path)
    assert code == 1
    lines = out.splitlines()
    # at the configuration file's line of `organization:` (ct_consumers_per_year is missing)
    assert lines[0].startswith(".ctlint.yaml:1:1: CTL012 warning: ")
    for line in lines[1:-1]:
        match = FINDING_LINE.match(line)
        assert match, line
        assert match["file"] == "vendors/zendesk.yaml"
    ctl202 = next(line for line in lines if " CTL202 " in line)
    assert re.match(r"^vendors/zendesk\.yaml:\d+:\d+: CTL202 info: ", ctl202)
    assert not ctl202.endswith("]")  # no citation, no brackets
    ctdpa = [line for line in lines if " CTDPA-015 " in line]
    assert len(ctdpa) == 2
    assert all(line.endswith(" [Conn. Gen. Stat. § 42-520(b)(1)]") for line in ctdpa)
    summary = SUMMARY.match(lines[-1])
    assert summary
    # CTL012, CTDPA-011, CT-AI-001, CT-AI-002 warnings; CTDPA-015 x2 errors; CTL202 info
    assert summary.groups() == ("7", "2", "4", "1", "0", "1")


def test_text_summary_line(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    repo.manifest("vendors/other.yaml", patch={**GAPS, "id": "other"})
    _code, out, _err = run_cli("check", cwd=repo.path)
    assert out.splitlines()[-1] == "11 findings (4 errors, 6 warnings, 1 info, 0 waived) in 2 files"


@pytest.mark.parametrize(
    ("as_of", "citation"),
    [
        pytest.param("2026-06-30", "[Conn. Gen. Stat. § 42-520(c)]", id="before-renumbering"),
        pytest.param("2026-07-01", "[Conn. Gen. Stat. § 42-520(b)(1)]", id="after-renumbering"),
    ],
)
def test_citation_in_force_at_the_as_of_date(
    repo: Any, run_cli: Any, as_of: str, citation: str
) -> None:
    repo.config(organization={"ct_consumers_per_year": 150_000})  # in scope before and after
    repo.manifest(patch={"notice": {"privacy_notice_url": None}})
    _code, out, _err = run_cli("check", "--as-of", as_of, "--select", "CTDPA-015", cwd=repo.path)
    (line,) = out.splitlines()[:-1]
    assert line.endswith(citation)


def test_quiet_prints_findings_only(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    code, out, _err = run_cli("check", "--quiet", cwd=repo.path)
    assert code == 1
    assert all(FINDING_LINE.match(line) for line in out.splitlines())
    assert not any(SUMMARY.match(line) for line in out.splitlines())


def test_quiet_on_a_clean_repository_prints_nothing(repo: Any, run_cli: Any) -> None:
    repo.manifest()
    assert run_cli("check", "-q", cwd=repo.path) == (0, "", "")


def test_statistics(repo: Any, run_cli: Any) -> None:
    gaps(repo)
    gaps(repo, "vendors/other.yaml")
    _code, out, _err = run_cli("check", "--statistics", cwd=repo.path)
    lines = out.splitlines()
    first_stat = next(i for i, line in enumerate(lines) if not FINDING_LINE.match(line))
    findings, stats, summary = lines[:first_stat], lines[first_stat:-1], lines[-1]
    assert SUMMARY.match(summary)
    counts = {}
    for line in stats:
        parts = line.split()
        counts[parts[1]] = int(parts[0])
    assert counts["CTDPA-015"] == 4
    assert counts["CTL202"] == 2
    assert counts == {rule: rules_in("\n".join(findings)).count(rule) for rule in counts}
    assert set(counts) == set(rules_in("\n".join(findings)))


def test_control_characters_are_made_visible(repo: Any, run_cli: Any) -> None:
    evil = "zen\x1b[2J\x07desk"
    repo.manifest(
        "vendors/zendesk.yaml",
        patch={
            "id": evil,
            "notice": {"privacy_notice_url": None},
            "waivers": [{"rule": "CTDPA-015", "reason": "ok\x1b[31m red \u202e rtl\nnext"}],
        },
    )
    code, out, _err = run_cli("check", "--no-color", cwd=repo.path)
    assert code == 1
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    # CTL103 (the id fails its schema check, so it counts as absent: no CTL202), the waived
    # CTDPA-015, the summary
    assert len(out.splitlines()) == 3
    assert "\\x1b" in out or "\\u001b" in out


def test_control_characters_in_a_file_name(repo: Any, run_cli: Any) -> None:
    repo.manifest("vendors/bad\x1b[31mname.yaml", text="id: [\n")
    _code, out, _err = run_cli("check", cwd=repo.path)
    assert "\x1b" not in out
    assert "vendors/bad\\x1b[31mname.yaml:" in out


def test_huge_integer_in_a_manifest_is_a_finding_not_a_crash(repo: Any, run_cli: Any) -> None:
    huge = "1" + "0" * 400
    repo.manifest(patch={"requests": {"response_days": 0}})
    path = repo / "vendors" / "zendesk.yaml"
    path.write_text(
        path.read_text("utf-8").replace("response_days: 0", f"response_days: {huge}"), "utf-8"
    )
    code, out, err = run_cli("check", "--quiet", cwd=repo.path)
    assert "internal error" not in err
    assert code == 1
    # rules.md CTDPA-020: `requests.response_days` missing or > 45
    assert rules_in(out) == ["CTDPA-020"]


# --------------------------------------------------------------------------- colour


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        pytest.param([], {}, False, id="not-a-terminal"),
        pytest.param(["--color"], {}, True, id="color-flag"),
        pytest.param(["--color"], {"NO_COLOR": "1"}, True, id="flag-overrides-NO_COLOR"),
        pytest.param(["--no-color"], {}, False, id="no-color-flag"),
        pytest.param([], {"NO_COLOR": "1"}, False, id="NO_COLOR"),
    ],
)
def test_color_through_clirunner(
    repo: Any, run_cli: Any, args: list[str], env: dict[str, str], colored: bool
) -> None:
    gaps(repo)
    _code, out, _err = run_cli("check", *args, cwd=repo.path, env=env)
    assert bool(ANSI.search(out)) is colored
    if colored:
        plain = ANSI.sub("", out)
        assert all(FINDING_LINE.match(line) for line in plain.splitlines()[:-1])


def _run_in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env)
    with subprocess.Popen(
        [sys.executable, "-m", "ctlint", *args],
        cwd=cwd,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=environment,
    ) as process:
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        pytest.param([], {}, True, id="terminal"),
        pytest.param([], {"NO_COLOR": "1"}, False, id="terminal-NO_COLOR"),
        pytest.param(["--no-color"], {}, False, id="terminal-no-color-flag"),
    ],
)
def test_color_on_a_terminal(
    repo: Any, args: list[str], env: dict[str, str], colored: bool
) -> None:
    gaps(repo)
    out = _run_in_terminal(["check", *args], repo.path, env)
    assert SUMMARY.search(ANSI.sub("", out).replace("\r", "").splitlines()[-1])
    assert bool(ANSI.search(out)) is colored


# --------------------------------------------------------------------------- no manifests


def test_no_manifest_found(repo: Any, run_cli: Any) -> None:
    code, out, err = run_cli("check", cwd=repo.path)
    assert code == 0
    assert "no manifest" in err.lower()
    assert SUMMARY.match(out.strip()) or out == ""


def test_no_manifest_in_a_named_folder(repo: Any, run_cli: Any) -> None:
    (repo / "empty").mkdir()
    code, _out, err = run_cli("check", "empty", cwd=repo.path)
    assert code == 0
    assert err.strip()


def test_no_manifest_json_is_still_a_document(repo: Any, run_cli: Any) -> None:
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code == 0
    assert json.loads(out)["summary"]["files"] == 0
    assert err.strip()


def test_a_category_listed_twice_is_a_duplicate_item(repo: Any, run_cli: Any) -> None:
    repo.manifest(source="duplicate-category")
    code, out, _err = run_cli("check", cwd=repo.path)
    assert code == 1
    [line] = [x for x in out.splitlines() if " CTL108 " in x]
    # at the second entry's key, naming the first entry and its line
    assert line == (
        "vendors/zendesk.yaml:35:12: CTL108 error: `data.categories[3].key` repeats the category "
        "`user.contact.email` of data.categories[1] (line 27); list each category once (merge "
        "the two entries)"
    )
    repo.manifest()  # the same manifest without the repeated entry: no CTL108
    code, out, _err = run_cli("check", cwd=repo.path)
    assert code == 0, out


# --------------------------------------------------------------------------- start-up

#: Runs ``ctlint check`` in this interpreter and prints, on stderr, every module imported.
IMPORTED = (
    "import json, sys\n"
    "from ctlint.cli import run_cli\n"
    "code = run_cli(sys.argv[1:])\n"
    "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    "sys.exit(code)\n"
)
#: Loaded only on the path that needs them: suggestions for a failing manifest or a bad
#: waiver, a baseline, an output file; and no cryptographic hash (an OpenSSL import).
NOT_AT_START_UP = {
    "ctlint.engine.baseline",
    "ctlint.engine.schema_problems",
    "ctlint.law.terms",
    "ctlint.util.suggest",
    "ctlint.util.writing",
    "ctlint.output.inputs",
    "difflib",
    "hashlib",
}


def test_a_pre_commit_check_loads_only_what_it_uses(repo: Any) -> None:
    gaps(repo)  # policy findings, no schema error
    proc = subprocess.run(
        [sys.executable, "-c", IMPORTED, "check", "vendors/zendesk.yaml"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    modules = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    assert "ctlint.engine.pipeline" in modules
    assert modules & NOT_AT_START_UP == set()


EXAMPLE_SHOP = Path(__file__).resolve().parents[2] / "examples" / "private-business"


def ctlint_in(
    cwd: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The installed ctlint as a subprocess in ``cwd``, with ``stdin`` (else no input)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "ctlint", *args],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        check=False,
    )


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """``work/shop``: a copy of the private-business example in its own git repository."""
    import shutil

    repo = tmp_path / "work" / "shop"
    shutil.copytree(EXAMPLE_SHOP, repo)
    (repo / ".git").mkdir()
    return repo


def test_stdin_is_checked_as_the_file_named_by_stdin_filename(shop: Path) -> None:
    work = shop.parent
    original = (shop / "vendors" / "zendesk.yaml").read_bytes()
    edited = original.replace(b"retention_days:", b"retention_dayz:", 1)  # unsaved edit
    assert edited != original
    cache = ["--cache-dir", str(work / "cache")]
    before = ctlint_in(work, "check", "shop", *cache).stdout
    given = ctlint_in(
        work, "check", *cache, "--stdin-filename", "shop/vendors/zendesk.yaml", "-", stdin=edited
    )
    # the same as the edited file on disk, checked from the same folder
    (shop / "vendors" / "zendesk.yaml").write_bytes(edited)
    saved = ctlint_in(work, "check", "--no-cache", "shop/vendors/zendesk.yaml")
    (shop / "vendors" / "zendesk.yaml").write_bytes(original)
    assert given.returncode == saved.returncode == 1, given.stderr
    assert given.stdout == saved.stdout
    lines = given.stdout.decode().splitlines()
    assert lines[0].startswith("shop/vendors/zendesk.yaml:")
    assert "CTL104" in given.stdout.decode()  # the typo, under the shop's configuration
    assert b"CTL201" not in given.stdout  # not a duplicate of the file it stands for
    assert given.stdout.decode().splitlines()[-1].endswith("in 1 file")
    # the file on disk and its cached facts are untouched
    assert (shop / "vendors" / "zendesk.yaml").read_bytes() == original
    assert ctlint_in(work, "check", "shop", *cache).stdout == before
    # without `-`: the same; a path that does not exist yet is fine too
    again = ctlint_in(work, "check", "--stdin-filename", "shop/vendors/zendesk.yaml", stdin=edited)
    assert again.stdout == given.stdout
    new = ctlint_in(
        work,
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "shop/vendors/new.yaml",
        "-",
        stdin=original.replace(b"id: zendesk", b"id: zendesk-two", 1),
    )
    data = json.loads(new.stdout)
    assert {f["file"] for f in data["findings"] if f["file"]} <= {"vendors/new.yaml"}
    assert data["organization"]["type"] == "private_business"


def test_stdin_is_bounded_like_a_file(shop: Path) -> None:
    config = shop / ".ctlint.yaml"
    config.write_text(config.read_text() + "limits:\n  max_file_bytes: 4096\n")
    big = b"id: big\n" + b"# padding\n" * 500
    result = ctlint_in(
        shop.parent, "check", "--stdin-filename", "shop/vendors/big.yaml", "-", stdin=big
    )
    assert result.returncode == 1
    assert result.stdout.decode().startswith(
        "shop/vendors/big.yaml:1:1: CTL003 error: The file has more than the limit of 4,096 "
        "bytes (configuration limits.max_file_bytes)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-"],
            "ctlint: error: -: reading a manifest from standard input needs --stdin-filename "
            "PATH (the path it is reported as; its configuration is found from there)\n",
        ),
        (
            ["--stdin-filename", "shop/vendors/a.yaml", "shop/vendors/zendesk.yaml"],
            "ctlint: error: --stdin-filename: the manifest comes from standard input; give `-` "
            "and no other path\n",
        ),
        (
            ["--stdin-filename", "shop/vendors", "-"],
            "ctlint: error: --stdin-filename: shop/vendors is a folder; name the manifest's path\n",
        ),
    ],
)
def test_stdin_usage_errors(shop: Path, args: list[str], message: str) -> None:
    result = ctlint_in(shop.parent, "check", *args, stdin=b"id: a\n")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == message


TIP = "ctlint: run `ctlint explain {}` for what a rule asks and why"


def test_a_failing_text_run_ends_with_a_tip_naming_the_first_failing_rule(shop: Path) -> None:
    result = ctlint_in(shop.parent, "check", "shop")
    assert result.returncode == 1
    failing = [
        m["rule"]
        for line in result.stdout.decode().splitlines()
        if (m := FINDING_LINE.match(line)) and m["severity"] == "error" and "(waived" not in line
    ]
    assert failing
    assert result.stderr.decode().splitlines()[-1] == TIP.format(failing[0])
    # as pre-commit runs it: named files
    named = ctlint_in(
        shop, "check", "--only-manifests", "vendors/zendesk.yaml", "vendors/talkdesk.yaml"
    )
    assert named.returncode == 1
    first = FINDING_LINE.match(
        next(line for line in named.stdout.decode().splitlines() if " error: " in line)
    )
    assert first is not None
    assert first["file"] == "vendors/talkdesk.yaml"
    assert named.stderr.decode().splitlines()[-1] == TIP.format(first["rule"])
    for args in (["-q"], ["--format", "json"], ["--format", "sarif"], ["--exit-zero"]):
        other = ctlint_in(shop.parent, "check", "shop", *args)
        assert "ctlint explain" not in other.stderr.decode(), args
    # a run that passes has no tip
    passing = ctlint_in(
        shop.parent,
        "check",
        "shop",
        "--fail-on",
        "error",
        "--ignore",
        ",".join(sorted(set(failing))),
    )
    assert passing.returncode == 0, passing.stdout
    assert "ctlint explain" not in passing.stderr.decode()


def test_a_file_named_dash_is_a_file_without_stdin_filename(shop: Path) -> None:
    """pre-commit passes committed file names: one named ``-`` is that file, not stdin."""
    (shop / "-").write_bytes((shop / "vendors" / "zendesk.yaml").read_bytes())
    result = ctlint_in(shop, "check", "--format", "json", "--", "-", stdin=b"id: [\n")
    assert result.returncode == 1, result.stderr  # the copy shares zendesk's id
    files = {f["file"] for f in json.loads(result.stdout)["findings"]}
    assert files == {"-"}
    assert b"standard input" not in result.stderr
