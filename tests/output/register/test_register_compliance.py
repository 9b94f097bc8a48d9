"""The register's compliance counting (ctlint/output/register/build.py, model.py): a vendor
with an open error finding of its own manifest (CTL1xx ...) is never compliant, and the
finding is listed under the open obligations, in every format (the real ``ctlint report``)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
AGENCY = ROOT / "tests" / "data" / "register" / "agency"


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    target = tmp_path / "agency"
    shutil.copytree(AGENCY, target)
    (target / ".git").mkdir()
    return target


def _typo(agency: Path) -> None:
    """helpdesk.yaml (compliant) gets the review's two manifest errors: a typo'd key (CTL104)
    and an unknown data category (CTL106)."""
    path = agency / "vendors" / "helpdesk.yaml"
    text = path.read_text("utf-8")
    assert "  uses: [essential.service.operations.support]\n" in text
    text = text.replace(
        "  uses: [essential.service.operations.support]\n",
        "  uses: [essential.service.operations.support]\n  retention_day: 30\n",
    )
    text = text.replace("categories:\n", "categories:\n    - key: user.bogus\n", 1)
    path.write_text(text, "utf-8")


def _vendor(document: dict[str, Any], file: str) -> dict[str, Any]:
    return next(v for v in document["vendors"] if v["file"] == file)


def test_a_vendor_with_manifest_errors_is_not_compliant(run_cli, agency):
    code, out, err = run_cli("report", "--format", "json", cwd=agency)
    assert code == 0, err
    assert _vendor(json.loads(out), "vendors/helpdesk.yaml")["compliance"] == "compliant"
    _typo(agency)
    code, check_out, _err = run_cli("check", "--format", "json", cwd=agency)
    assert code == 1
    errors = {
        f["rule"]
        for f in json.loads(check_out)["findings"]
        if f["file"] == "vendors/helpdesk.yaml" and f["severity"] == "error"
    }
    assert {"CTL104", "CTL106"} <= errors
    code, out, err = run_cli("report", "--format", "json", cwd=agency)
    assert code == 0, err
    document = json.loads(out)
    helpdesk = _vendor(document, "vendors/helpdesk.yaml")
    assert helpdesk["compliance"] == "not compliant"
    assert set(helpdesk["failing"]) >= {"CTL104", "CTL106"}
    assert set(helpdesk["manifest_problems"]) >= {"CTL104", "CTL106"}
    assert document["summary"]["compliant"] == 0
    assert document["summary"]["not compliant"] == 3


def test_manifest_errors_are_open_obligations_in_markdown_and_html(run_cli, agency):
    _typo(agency)
    code, out, err = run_cli("report", "--format", "markdown", cwd=agency)
    assert code == 0, err
    section = out.split("## Open obligations", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| Example Help Desk |")]
    rules = [row.split(" | ")[1] for row in rows]
    assert {"`CTL104`", "`CTL106`"} <= set(rules)
    tool = [r for r in rules if r.startswith("`CTL")]
    assert rules[-len(tool) :] == tool  # after the vendor's failing obligations
    assert all(" | error | " in row for row in rows if row.split(" | ")[1] in tool)
    code, html, err = run_cli("report", "--format", "html", cwd=agency)
    assert code == 0, err
    table = html.split('<table id="open">', 1)[1].split("</table>", 1)[0]
    assert "✗ CTL104" in table
    assert "✗ CTL106" in table
    assert "1 compliant" not in html.split("</header>", 1)[0]


def test_a_warning_of_the_manifest_keeps_the_vendor_compliant(run_cli, agency):
    """Only errors count: CTL202 (the file name differs from the id) is an info note."""
    (agency / "vendors" / "helpdesk.yaml").rename(agency / "vendors" / "help-desk.yaml")
    code, out, err = run_cli("report", "--format", "json", cwd=agency)
    assert code == 0, err
    vendor = _vendor(json.loads(out), "vendors/help-desk.yaml")
    assert vendor["compliance"] == "compliant"
    assert vendor["manifest_problems"] == ["CTL202"]
    assert vendor["failing"] == []


def test_the_csv_agrees(run_cli, agency):
    _typo(agency)
    code, out, err = run_cli("report", "--format", "csv", cwd=agency)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    column = next(k for k in rows[0] if "compliance" in k)
    mine = {
        r[column] for r in rows if r.get("file", r.get("vendor_file")) == "vendors/helpdesk.yaml"
    }
    assert mine == {"not compliant"}


def test_an_obligation_whose_value_failed_its_schema_is_not_shown_as_met(run_cli, tmp_path):
    """A rule's own finding gives way to the schema finding on the same value (the value is
    wrong, not missing: retention_days "3 years", an http:// privacy notice), but the
    obligation is still not met: the register says fail, never pass."""
    repo = tmp_path / "typo"
    shutil.copytree(ROOT / "tests" / "data" / "findings" / "typo", repo)
    (repo / ".git").mkdir()
    code, out, _err = run_cli("check", "--format", "json", cwd=repo)
    shown = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"CTL102", "CTL105"} <= shown
    assert not {"CTDPA-011", "CTDPA-015"} & shown  # given way to the schema findings
    code, out, err = run_cli("report", "--format", "json", cwd=repo)
    assert code == 0, err
    vendor = _vendor(json.loads(out), "vendors/clinic-chat.yaml")
    assert vendor["compliance"] == "not compliant"
    assert {"CTDPA-011", "CTDPA-015"} <= set(vendor["failing"])


# --------------------------------------------------------------------------- below fail_on

SHOP = ROOT / "tests" / "data" / "nuances" / "shop"


def _outcomes(run_cli: Any, root: Path) -> dict[str, str]:
    code, out, err = run_cli("report", "--format", "json", cwd=root)
    assert code == 0, err
    return {v["file"]: v["compliance"] for v in json.loads(out)["vendors"]}


def test_a_vendor_failing_only_below_fail_on_is_compliant_as_check_says(run_cli, tmp_path):
    """The adoption review: a best-practice warning made the register say "not compliant"
    while `ctlint check` passed. The register now draws the line where check does."""
    shop = tmp_path / "shop"
    shutil.copytree(SHOP, shop)
    (shop / ".git").mkdir()
    code, out, _err = run_cli("check", "vendors/no-redaction.yaml", cwd=shop)
    assert code == 0, out  # only the CTDPA-027 warning
    assert " CTDPA-027 warning" in out
    outcome = _outcomes(run_cli, shop)["vendors/no-redaction.yaml"]
    assert outcome == "compliant with open findings below fail_on"
    _code, md, _err = run_cli("report", "--format", "markdown", cwd=shop)
    assert "◐ Compliant with 1 open obligation below fail\\_on: `CTDPA-027`" in md
    config = shop / ".ctlint.yaml"
    config.write_text(config.read_text("utf-8") + "fail_on: warning\n", "utf-8")
    code, _out, _err = run_cli("check", "vendors/no-redaction.yaml", cwd=shop)
    assert code == 1
    assert _outcomes(run_cli, shop)["vendors/no-redaction.yaml"] == "not compliant"
