"""The HTML register's layout in headless Chromium (skipped where Chromium is not installed):
the vendor table fits a 1,280 px screen, and the page prints with page numbers.

The page forbids scripts (its Content-Security-Policy), so the test measures a copy with that
one ``<meta>`` removed and a script that writes the measured widths into the page, which
Chromium's ``--dump-dom`` then returns. The stylesheet and markup are the report's own.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import chromium, headless

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
CSS = ROOT / "ctlint" / "output" / "register" / "templates" / "register.css"
MEASURE = """<script>
const out = {page: document.documentElement.scrollWidth, viewport: window.innerWidth};
for (const t of document.querySelectorAll("table[id]")) {
  out[t.id] = Math.ceil(t.getBoundingClientRect().right);
}
const pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def _measure(browser: str, page: Path, tmp_path: Path, width: int) -> dict[str, Any]:
    html = page.read_text("utf-8")
    html, removed = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert removed == 1
    probe = tmp_path / f"probe-{page.stem}.html"
    probe.write_text(html.replace("</body>", MEASURE + "</body>"), "utf-8")
    run = headless(browser, tmp_path, f"--window-size={width},900", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="measured">(.*?)</pre>', run.stdout)
    assert found, f"nothing measured (exit {run.returncode}): {run.stderr[-2000:]}"
    return dict(json.loads(found.group(1)))


@pytest.mark.parametrize("example", ["state-agency", "private-business"])
def test_the_vendor_table_fits_a_1280_px_screen(run_cli, tmp_path, example):
    browser = chromium("the register's layout was not measured")
    repo = tmp_path / example
    shutil.copytree(EXAMPLES / example, repo)
    (repo / ".git").mkdir()
    page = tmp_path / f"{example}.html"
    code, _out, err = run_cli("report", "--output", page, cwd=repo)
    assert code == 0, err
    measured = _measure(browser, page, tmp_path, 1280)
    assert measured["viewport"] == 1280
    assert measured["register"] <= 1280, measured  # the vendor table
    assert measured["page"] <= 1280, measured  # and nothing else makes the page scroll


def test_no_fixed_width_exceeds_the_screen():
    css = CSS.read_text("utf-8")
    for value, unit in re.findall(r"(?<![-\w])(?:min-)?width:\s*([\d.]+)(px|em|rem)", css):
        pixels = float(value) * (1 if unit == "px" else 14)
        assert pixels <= 1280, f"{value}{unit}"


def test_printed_pages_are_numbered(run_cli, tmp_path):
    """The stylesheet numbers the pages (``N / total``), and Chromium prints the page."""
    css = CSS.read_text("utf-8")
    assert re.search(
        r'@page\s*\{[^@]*@bottom-right\s*\{\s*content:\s*counter\(page\) " / " counter\(pages\)',
        css,
    )
    browser = chromium("the register's layout was not measured")
    repo = tmp_path / "agency"
    shutil.copytree(EXAMPLES / "state-agency", repo)
    (repo / ".git").mkdir()
    page = tmp_path / "register.html"
    code, _out, err = run_cli("report", "--output", page, cwd=repo)
    assert code == 0, err
    pdf = tmp_path / "register.pdf"
    run = headless(
        browser, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()
    )
    assert pdf.is_file(), run.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 2
