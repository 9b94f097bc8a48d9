"""``--format junit`` written by the real CLI to a file, validated against the Jenkins/Ant
``junit-10.xsd`` (from ../shared/third_party; skipped when it is absent), and read the way CI
servers read it: a test case fails when it has a ``<failure>``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
XSD = ROOT.parent / "shared" / "third_party" / "junit" / "junit-10.xsd"


@pytest.fixture(scope="module")
def schema() -> Any:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is not installed (test extra)")
    if not XSD.is_file():
        pytest.skip(f"junit-10.xsd is not at {XSD} (../shared/third_party is absent)")
    return xmlschema.XMLSchema(str(XSD))


def _write(run_module: Any, repo: Path, *args: str) -> tuple[int, ET.Element, Path]:
    out = repo.parent / f"{repo.name}.junit.xml"
    run = run_module(repo, "check", "--format", f"junit:{out}", *args)
    # nothing on stderr but, for a repository without one, the note that no configuration is found
    noted = [
        line for line in run.stderr.splitlines() if not line.startswith("ctlint: no configuration")
    ]
    assert noted == [], run.stderr
    return run.code, ET.parse(out).getroot(), out


def _failed_cases(root: ET.Element) -> list[ET.Element]:
    """GitLab's and Jenkins' reading: any <failure> fails the test case."""
    return [c for c in root.iter("testcase") if c.find("failure") is not None]


def test_mixed_run_validates_and_has_one_failure_per_test_case(schema, mixed_repo, run_module):
    code, root, out = _write(run_module, mixed_repo)
    assert code == 1
    errors = [str(e.reason) for e in schema.iter_errors(str(out))]
    assert errors == []
    cases = list(root.iter("testcase"))
    assert all(len(c.findall("failure")) <= 1 for c in cases)
    assert len(_failed_cases(root)) == int(root.get("failures", "")) > 0
    assert set(root.attrib) <= {"name", "time", "tests", "failures", "errors"}


def test_warnings_only_run_exits_0_with_no_failed_test(schema, make_repo, run_module):
    """A green run (exit 0) shows no failed test: its warning is in <system-out>."""
    repo = make_repo({"failing.yaml": "failing.yaml"})
    code, root, out = _write(run_module, repo, "--select", "CTDPA-011")
    assert code == 0
    schema.validate(str(out))
    assert _failed_cases(root) == []
    assert root.get("failures") == "0"
    [case] = [c for c in root.iter("testcase") if c.find("system-out") is not None]
    assert case.get("name", "").startswith("CTDPA-011 ")
    assert case.find("system-out").text.startswith("warning: vendors/failing.yaml:")  # type: ignore[union-attr]


def test_fail_on_warning_makes_the_warning_a_failure(schema, make_repo, run_module):
    repo = make_repo({"failing.yaml": "failing.yaml"})
    code, root, out = _write(run_module, repo, "--select", "CTDPA-011", "--fail-on", "warning")
    assert code == 1
    schema.validate(str(out))
    [case] = _failed_cases(root)
    assert case.find("failure").get("type") == "warning"  # type: ignore[union-attr]


def test_organization_suite_and_clean_run_validate(schema, make_repo, layouts, run_module):
    repo = make_repo(layouts["clean"], config=False)
    # without a configuration ct-pda runs and fails the manifest; CTL010 is an info note
    code, root, out = _write(run_module, repo, "--as-of", "2026-12-01", "--select", "CTL")
    assert code == 0
    schema.validate(str(out))
    organization = root.find("testsuite")
    assert organization is not None
    assert organization.get("name") == "organization"
    assert organization.find("./testcase/system-out") is not None  # the CTL010 note
    assert _failed_cases(root) == []


def test_a_file_outside_the_schema_is_caught(schema, clean_repo, run_module):
    """The control: the validator does reject the attribute the review found."""
    _code, root, out = _write(run_module, clean_repo)
    root.set("skipped", "0")
    bad = out.with_name("bad.junit.xml")
    ET.ElementTree(root).write(bad, encoding="UTF-8", xml_declaration=True)
    assert list(schema.iter_errors(str(bad)))
