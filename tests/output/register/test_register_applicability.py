"""Pass versus n/a in the register (newcomer review m10), through ``ctlint report`` on
tests/data/nuances/shop: a vendor that meets a rule another way (a certification instead of
the clause, a recorded sale analysis) passes; a rule whose trigger does not hold (no sale, no
targeted advertising) is n/a, in the CSV, the JSON and the HTML alike."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

SHOP = Path(__file__).resolve().parents[2] / "data" / "nuances" / "shop"
PASS, NA = "pass", "not applicable"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(SHOP, root)
    (root / ".git").mkdir()
    return root


def _csv(run_cli, root: Path) -> dict[tuple[str, str], str]:
    code, out, err = run_cli("report", "--format", "csv", cwd=root)
    assert code == 0, err
    rows = csv.DictReader(io.StringIO(out.lstrip("\ufeff")))
    return {(r["vendor_id"], r["rule"]): r["result"] for r in rows}


EXPECTED = {
    # no assessment_cooperation clause, but SOC 2 Type 2: met, not n/a
    ("certified", "CTDPA-007"): PASS,
    ("plain", "CTDPA-007"): PASS,
    # a third party with data.sale: false and data.sale_analysis: met
    ("analysed", "CTDPA-009"): PASS,
    # a processor: CTDPA-009's trigger does not hold
    ("plain", "CTDPA-009"): NA,
    # neither sale nor targeted advertising: both triggers fail alike
    ("plain", "CTDPA-017"): NA,
    ("plain", "CTDPA-018"): NA,
    ("certified", "CTDPA-017"): NA,
    ("certified", "CTDPA-018"): NA,
}


def test_csv_pass_and_not_applicable(run_cli, shop):
    cells = _csv(run_cli, shop)
    assert {key: cells[key] for key in EXPECTED} == EXPECTED


def test_a_sale_makes_the_opt_out_rules_apply(run_cli, shop):
    """With a sale the trigger holds: CTDPA-017 and CTDPA-018 are evaluated (and fail)."""
    path = shop / "vendors" / "plain.yaml"
    path.write_text(path.read_text("utf-8").replace("  sale: false\n", "  sale: true\n"), "utf-8")
    cells = _csv(run_cli, shop)
    assert cells[("plain", "CTDPA-017")] == "fail"
    assert cells[("plain", "CTDPA-018")] == "fail"


def test_json_and_html_agree_with_the_csv(run_cli, shop):
    cells = _csv(run_cli, shop)
    code, out, err = run_cli("report", "--format", "json", cwd=shop)
    assert code == 0, err
    document = json.loads(out)
    found = {(c["vendor"], c["rule"]): c["result"] for c in _cells(document)}
    assert found == cells
    code, html, err = run_cli("report", "--format", "html", cwd=shop)
    assert code == 0, err
    assert {k: _html_cells(html)[k] for k in EXPECTED} == EXPECTED


def _html_cells(html: str) -> dict[tuple[str, str], str]:
    """(vendor, rule) -> result of the HTML compliance matrix (columns in vendor order)."""
    matrix = html[html.index('<table class="matrix"') :]
    matrix = matrix[: matrix.index("</table>")]
    head = matrix[: matrix.index("</thead>")]
    vendors = re.findall(r"<th title=\"[^\"]*\"><code>([^<]+)</code></th>", head)
    out = {}
    for rule, body in re.findall(r'<tr data-rule="([^"]+)">(.*?)</tr>', matrix, re.S):
        results = re.findall(r'data-result="([^"]+)"', body)
        assert len(results) == len(vendors), rule
        out.update({(v, rule): r for v, r in zip(vendors, results, strict=True)})
    return out


def _cells(document):
    """(vendor, rule, result) of the JSON register, whatever its nesting."""
    vendors = {v["file"]: v["id"] for v in document["vendors"]}
    for cell in document["matrix"]:
        yield {"vendor": vendors[cell["file"]], "rule": cell["rule"], "result": cell["result"]}
