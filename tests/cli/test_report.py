"""``ctlint report``: options, output destinations, exit codes, byte-identical runs, and the HTML
rendered by headless Chromium (skipped with a visible notice where Chromium is not installed)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from support import chromium, headless

ROOT = Path(__file__).resolve().parents[2]
AGENCY = ROOT / "tests" / "data" / "register" / "agency"
XSS = "<script>alert(1)</script>"


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    target = tmp_path / "agency"
    shutil.copytree(AGENCY, target)
    (target / ".git").mkdir()
    return target


def test_report_is_listed_in_help(run_cli):
    code, out, _err = run_cli("--help")
    assert code == 0
    assert "report" in out
    assert "compliance register" in out
    code, out, _err = run_cli("report", "--help")
    assert code == 0
    for option in ("--config", "--as-of", "--format", "--output", "--no-waivers"):
        assert option in out


def test_html_to_stdout_by_default_and_exit_0_with_failing_vendors(run_cli, agency):
    code, out, err = run_cli("report", cwd=agency)
    assert code == 0, err  # the register is not a gate
    assert out.startswith("<!DOCTYPE html>")
    assert 'id="matrix"' in out
    assert err == ""


@pytest.mark.parametrize("fmt", ["html", "markdown", "csv", "json"])
def test_two_runs_are_byte_identical(run_cli, agency, tmp_path, fmt):
    first, second = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    for target in (first, second):
        code, out, err = run_cli("report", "--format", fmt, "--output", target, cwd=agency)
        assert (code, out) == (0, ""), err
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes()) > 1000
    code, out, _err = run_cli("report", "--format", fmt, cwd=agency)
    assert out.encode("utf-8") == first.read_bytes()


def test_as_of_option(run_cli, agency):
    code, out, _err = run_cli("report", "--format", "json", "--as-of", "2027-02-01", cwd=agency)
    assert code == 0
    doc = json.loads(out)
    assert doc["header"]["as_of"] == "2027-02-01"
    chat = next(v for v in doc["vendors"] if v["id"] == "chat")
    assert chat["agreement"]["state"] == "expired"  # it expired on 2027-01-15


def test_config_option_and_paths(run_cli, agency, tmp_path):
    code, out, err = run_cli(
        "report",
        "--config",
        agency / ".ctlint.yaml",
        "--format",
        "json",
        agency / "vendors" / "helpdesk.yaml",
        cwd=tmp_path,
    )
    assert code == 0, err
    doc = json.loads(out)
    assert [v["file"] for v in doc["vendors"]] == ["vendors/helpdesk.yaml"]
    assert doc["vendors"][0]["compliance"] == "compliant"


def test_no_waivers(run_cli, agency):
    code, out, _err = run_cli("report", "--format", "csv", "--no-waivers", cwd=agency)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"), newline="")))
    cell = next(r for r in rows if r["file"] == "vendors/chat.yaml" and r["rule"] == "CT-PSA-003")
    assert cell["result"] == "fail"


def test_markdown_format(run_cli, agency):
    code, out, _err = run_cli("report", "--format", "markdown", cwd=agency)
    assert code == 0
    assert out.startswith("# Vendor compliance register: Department of Examples\n")


def test_bad_format_is_a_usage_error(run_cli, agency):
    code, _out, err = run_cli("report", "--format", "pdf", cwd=agency)
    assert code == 2
    assert "pdf" in err


def test_no_manifest_is_exit_0_with_a_note(run_cli, repo):
    code, out, err = run_cli("report", "--format", "json", cwd=repo.path)
    assert code == 0
    assert json.loads(out)["vendors"] == []
    assert "no manifest found" in err


# --------------------------------------------------------------------------- headless Chromium


def test_html_renders_in_headless_chromium(run_cli, agency, tmp_path):
    browser = chromium(
        "the HTML report was not opened in a browser "
        "(.ci/run installs it from the distribution's packages where it can)"
    )
    # one vendor with a hostile name, to see that the browser shows it as text
    chat = (agency / "vendors" / "chat.yaml").read_text("utf-8")
    (agency / "vendors" / "chat.yaml").write_text(
        chat.replace("name: Example Chat Bot", f'name: "{XSS}"'), "utf-8"
    )
    page = tmp_path / "register.html"
    code, _out, err = run_cli("report", "--output", page, cwd=agency)
    assert code == 0, err
    shot = tmp_path / "shot.png"
    url = page.resolve().as_uri()
    shot_run = headless(browser, tmp_path, f"--screenshot={shot}", "--window-size=1400,2000", url)
    assert shot.is_file(), f"no screenshot (exit {shot_run.returncode}): {shot_run.stderr[-2000:]}"
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000, "the screenshot is (nearly) empty"
    dom_run = headless(browser, tmp_path, "--dump-dom", url)
    dom = dom_run.stdout
    assert '<table class="matrix" id="matrix">' in dom, dom_run.stderr[-2000:]
    assert '<table id="register">' in dom
    for vendor_file in ("vendors/helpdesk.yaml", "vendors/lapsed.yaml", "vendors/old.yaml"):
        assert f'<tr data-vendor="{vendor_file}">' in dom
    assert dom.count("<tr data-rule=") >= 20
    assert 'data-result="waived">~ waived</td>' in dom
    # the hostile name is text in the rendered page: no script element was created
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script" not in dom.lower()
