"""``--format junit``: one test case per manifest × active rule, failures for findings."""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctlint.cli import cli
from ctlint.output.reporters.junit import xml_safe
from ctlint.util.text import visible

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def junit(check: Any, repo: Any, *args: str) -> tuple[int, str, ET.Element]:
    run = check(repo, "--format", "junit", *args)
    assert run.stdout.startswith(DECLARATION)
    return run.code, run.stdout, ET.fromstring(run.stdout.encode("utf-8"))


def active_rules(repo: Path) -> list[dict[str, Any]]:
    """The active rules, as ``ctlint rules`` lists them for this repository."""
    args = ["rules", "--format", "json", "--config", str(repo / ".ctlint.yaml")]
    result = CliRunner().invoke(cli, args, standalone_mode=False, catch_exceptions=False)
    rules = json.loads(result.stdout)["rules"]
    return sorted((r for r in rules if r["active"]), key=lambda r: r["id"])


def test_counts_and_structure(mixed_repo, check, hostile_name):
    code, _text, root = junit(check, mixed_repo)
    doc = check(mixed_repo, "--format", "json").json()
    active = active_rules(mixed_repo)
    assert code == 1
    assert root.tag == "testsuites"
    assert root.get("name") == "ctlint"
    suites = root.findall("testsuite")
    # One suite per reported manifest, in the report's order; no organization-level findings here.
    assert [s.get("name") for s in suites] == [
        "vendors/broken.yaml",
        "vendors/failing.yaml",
        f"vendors/{hostile_name}",
        "vendors/passing.yaml",
        "vendors/waived.yaml",
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == [f"{r['id']} {r['title']}" for r in active]
        assert {c.get("classname") for c in cases} == {suite.get("name")}
        assert suite.get("tests") == str(len(active))
        failed = [c for c in cases if c.find("failure") is not None]
        skipped = [c for c in cases if c.find("skipped") is not None]
        assert suite.get("failures") == str(len(failed))
        assert suite.get("skipped") == str(len(skipped))
        assert suite.get("errors") == "0"
        assert all(len(c.findall("failure")) <= 1 for c in cases)  # one failure per test case
        assert suite.get("file") == suite.get("name")  # the repository is the ctlint root here
    failures = root.findall("./testsuite/testcase/failure")
    live = [f for f in doc["findings"] if not f["waived"]]
    assert len(live) == 10
    # a test case fails for the errors (fail_on) of its rule in its file, whatever their number
    failing = {(f["file"], f["rule"]) for f in live if f["severity"] == "error"}
    assert len(failures) == len(failing) == 5
    assert root.get("tests") == str(len(active) * 5)
    assert root.get("failures") == str(sum(int(s.get("failures")) for s in suites)) == "5"
    assert root.get("skipped") is None  # junit-10.xsd allows no `skipped` on <testsuites>
    assert sum(int(s.get("skipped")) for s in suites) == 2
    assert root.get("errors") == "0"


def test_failure_carries_position_message_and_law(mixed_repo, check):
    _code, _text, root = junit(check, mixed_repo)
    suite = next(s for s in root.findall("testsuite") if s.get("name") == "vendors/failing.yaml")
    case = next(c for c in suite.findall("testcase") if c.get("name").startswith("CTDPA-015 "))
    [first] = case.findall("failure")  # four findings, one failure
    assert first.get("type") == "error"
    assert first.get("message").startswith("The privacy notice does not state")
    assert first.get("message").endswith(" (and 3 more)")
    assert first.text.count("vendors/failing.yaml:") == 4
    lines = first.text.splitlines()
    assert re.fullmatch(
        r"vendors/failing\.yaml:75:3: The privacy notice does not state .*", lines[0]
    )
    assert lines[1] == (
        "Conn. Gen. Stat. § 42-520(b)(1) — Controllers' duties: privacy notice (verified) "
        "https://www.cga.ct.gov/2026/sup/chap_743jj.htm#sec_42-520"
    )
    warning = next(c for c in suite.findall("testcase") if c.get("name").startswith("CTDPA-011 "))
    assert warning.find("failure") is None  # below fail_on: not a failed test
    assert warning.find("system-out").text.startswith("warning: vendors/failing.yaml:")


def test_waived_findings_are_skipped_with_the_reason(mixed_repo, check):
    _code, _text, root = junit(check, mixed_repo)
    suite = next(s for s in root.findall("testsuite") if s.get("name") == "vendors/waived.yaml")
    [case] = [c for c in suite.findall("testcase") if len(c)]
    assert case.get("name").startswith("CTDPA-016 ")
    assert case.find("failure") is None
    assert (
        case.find("skipped").get("message")
        == "waived: Legal is rewriting the notice; tracked in PRIV-42"
    )


def test_hostile_text_is_escaped_and_visible(mixed_repo, check, hostile_name):
    _code, text, root = junit(check, mixed_repo)
    assert "<script>" not in text
    assert "<img" not in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    suite = next(s for s in root.findall("testsuite") if "hostile" in s.get("name"))
    assert suite.get("name") == f"vendors/{hostile_name}"  # parsed back exactly
    skipped = suite.find("./testcase/skipped")
    assert skipped.get("message") == (
        "waived: "
        + visible("<img src=x onerror=alert(1)> & \"q\" 's' | cell\nnew line \x1b[31m \x00 \u202e")
    )
    ctl203 = next(c for c in suite.findall("testcase") if c.get("name").startswith("CTL203 "))
    assert "contracts/<script>&\"'\\x1b[2J|x%41.pdf" in ctl203.find("failure").get("message")


def test_organization_findings_get_their_own_suite(make_repo, layouts, check):
    _code, _text, root = junit(
        check, make_repo(layouts["clean"], config=False), "--as-of", "2026-12-01"
    )
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["organization", "vendors/passing.yaml"]
    [case] = suites[0].findall("testcase")
    assert case.get("name").startswith("CTL010 ")
    assert case.get("classname") == "organization"
    assert case.find("failure") is None  # an info note does not fail the test case
    assert case.find("system-out").text.startswith("info: -: organization.type is not declared")
    assert suites[0].get("tests") == "1"
    assert suites[0].get("failures") == "0"
    assert suites[0].get("file") is None


def test_clean_run_has_no_failures(clean_repo, check):
    code, _text, root = junit(check, clean_repo)
    assert code == 0
    assert root.get("failures") == "0"
    assert root.get("skipped") is None
    assert int(root.get("tests")) > 0


def test_xml_safe_strips_what_xml_forbids():
    raw = "a\x00b\x1bc\td\ne\rf\ufffe\uffff\ud800g\U0001f600\x7f"
    assert xml_safe(raw) == "abc\td\ne\rfg\U0001f600\x7f"  # DEL is allowed by XML 1.0


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that allows any bytes")
def test_undecodable_file_name_still_parses(make_repo, data_copy, check):
    repo = make_repo({})
    data_copy("failing.yaml", os.path.join(os.fsencode(repo / "vendors"), b"caf\xe9.yaml"))
    code, _text, root = junit(check, repo)
    assert code == 1
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "vendors/caf\\udce9.yaml"  # made visible, as in the text output
    assert suite.get("failures") == "2"  # CTDPA-015, CTDPA-016 (CTL202 and CTDPA-011 warn)


AGENCY_DATA = Path(__file__).resolve().parents[2] / "data" / "register" / "agency" / "vendors"


def test_rules_not_applicable_are_skipped_with_the_reason(make_repo, check):
    text = (AGENCY_DATA / "helpdesk.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  procurement_basis: personal_service_agreement\n",
        "  procurement_basis: contractual_services\n",
    )
    repo = make_repo(
        {"helpdesk.yaml": text}, "organization:\n  type: ct_state_agency\nas_of: 2026-12-01\n"
    )
    _code, _text, root = junit(check, repo)
    [suite] = root.findall("testsuite")
    cases = {c.get("name", "").split(" ")[0]: c for c in suite.findall("testcase")}
    for rule_id in ("CT-PI-003", "CT-AI-001", "CT-PSA-001", "CT-PSA-004", "CT-PSA-007"):
        skipped = cases[rule_id].find("skipped")
        assert skipped is not None, rule_id
        assert skipped.get("message", "").startswith("not applicable: "), rule_id
        assert cases[rule_id].find("failure") is None
    assert cases["CT-PSA-005"].find("skipped") is None  # declared: a pass
    assert "§ 4-212(2)" in cases["CT-PSA-001"].find("skipped").get("message", "")
    skipped = [c for c in suite.findall("testcase") if c.find("skipped") is not None]
    assert suite.get("skipped") == str(len(skipped))
