"""An organization's own policies (policy_paths), `ctlint policy test`, and installable packs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import nested_venv

from ctlint.cli import run_cli

DATA = Path(__file__).parents[1] / "data" / "custom"
INSTALLED = Path(__file__).parents[1] / "data" / "packs" / "acme-installed"
BASE = Path(__file__).resolve().parents[2] / "policies" / "base-manifest.yaml"
CONFIG = "organization: {type: private_business, ct_consumers_per_year: 52000}\nas_of: 2026-12-01\n"


@pytest.fixture
def org_repo(repo, monkeypatch):
    """The shared repository (conftest.py) with the organization's own policy pack."""
    tmp_path = repo.path
    shutil.copy(BASE, tmp_path / "vendors" / "zendesk.yaml")
    shutil.copytree(DATA / "acme", tmp_path / "acme-policies" / "acme")
    (tmp_path / ".ctlint.yaml").write_text(CONFIG + "policy_paths: [acme-policies/acme]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_custom_rule_runs_in_check(org_repo, capsys):
    code = run_cli(["check", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    (finding,) = [f for f in out["findings"] if f["rule"] == "ACME-001"]
    assert finding["pointer"] == "/data/categories/2/retention_days"
    assert finding["citations"][0]["law"] == "Acme Privacy Standard"
    lines = BASE.read_text().splitlines()
    third = [i for i, line in enumerate(lines, 1) if "retention_days: 730" in line][2]
    assert (finding["line"], finding["column"]) == (third, lines[third - 1].index("730") + 1)
    assert "730 days" in finding["message"]


def test_custom_rule_option_from_configuration(org_repo, capsys):
    config = org_repo / ".ctlint.yaml"
    config.write_text(config.read_text() + "rule_options: {ACME-001: {max_days: 800}}\n")
    assert run_cli(["check"]) == 0
    assert "ACME-001" not in capsys.readouterr().out


def test_explain_and_rules_cover_custom_rules(org_repo, capsys):
    assert run_cli(["explain", "ACME-001"]) == 0
    text = capsys.readouterr().out
    assert "Chat transcripts are kept at most 365 days" in text
    assert "Acme Privacy Standard § 4.2" in text
    assert run_cli(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    acme = next(r for r in rules["rules"] if r["id"] == "ACME-001")
    assert acme["active"] is True
    assert acme["reason"].startswith("pack acme")


def test_policy_test_passes_for_a_good_pack(capsys):
    assert run_cli(["policy", "test", str(DATA / "acme")]) == 0
    assert capsys.readouterr().out.strip().endswith("2 passed, 0 failed (1 rules)")


def test_policy_test_reports_a_failing_example(capsys):
    assert run_cli(["policy", "test", str(DATA / "broken-examples")]) == 1
    out = capsys.readouterr().out
    assert "ACME-002 fail example `two years is too long`" in out
    assert (
        "expected /data/categories/0/retention_days; got /data/categories/2/retention_days" in out
    )


def test_malformed_policy_is_a_configuration_error(org_repo, capsys):
    shutil.copytree(DATA / "malformed", org_repo / "acme-policies" / "malformed")
    config = org_repo / ".ctlint.yaml"
    config.write_text(CONFIG + "policy_paths: [acme-policies/acme, acme-policies/malformed]\n")
    assert run_cli(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "acme-policies/malformed/ACME-003.yaml:5:11" in err
    assert "severity" in err


def test_policy_with_remote_ref_is_refused(org_repo, capsys):
    rule = org_repo / "acme-policies" / "acme" / "ACME-001.yaml"
    rule.write_text(
        rule.read_text().replace("facts: [free_text]", "when: {$ref: 'https://example.com/s.json'}")
    )
    assert run_cli(["check"]) == 2
    assert "`$ref` is not allowed" in capsys.readouterr().err


def test_builtin_policy_test_runs_every_pack(capsys):
    assert run_cli(["policy", "test"]) == 0
    assert " 0 failed" in capsys.readouterr().out


@pytest.mark.slow
def test_installed_pack_through_entry_point(tmp_path):
    env_dir = tmp_path / "venv"
    python = str(nested_venv(env_dir))
    build = tmp_path / "pack"
    shutil.copytree(INSTALLED, build)
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(build),
        ],
        check=True,
    )
    repo = tmp_path / "repo"
    (repo / "vendors").mkdir(parents=True)
    (repo / ".git").mkdir()
    shutil.copy(BASE, repo / "vendors" / "zendesk.yaml")
    (repo / ".ctlint.yaml").write_text(CONFIG)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def ctlint(*args):
        return subprocess.run(
            [python, "-m", "ctlint", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    listed = json.loads(ctlint("rules", "--format", "json").stdout)
    rule = next(r for r in listed["rules"] if r["id"] == "ACMEI-001")
    assert rule["active"] is False
    assert "only when named in packs" in rule["reason"]
    (repo / ".ctlint.yaml").write_text(CONFIG + "packs: [auto, acme-installed]\n")
    result = ctlint("check", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert any(f["rule"] == "ACMEI-001" for f in findings), result.stderr
    assert ctlint("policy", "test", str(build / "acme_ctlint_pack")).returncode == 0


def test_old_brief_requirement_key_names_its_new_name(org_repo, capsys):
    rule = org_repo / "acme-policies" / "acme" / "ACME-001.yaml"
    rule.write_text(
        rule.read_text().replace(
            "severity: error\n", 'severity: error\nbrief_requirement: "[3.4] x"\n'
        )
    )
    assert run_cli(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "ACME-001.yaml:" in err
    assert "renamed `source_requirement`" in err


def test_organization_facts_and_applies_in_an_own_policy(org_repo, capsys):
    rule = org_repo / "acme-policies" / "acme" / "ACME-001.yaml"
    rule.write_text(
        rule.read_text().replace(
            "facts: [free_text]\n",
            "facts: [free_text]\napplies:\n  facts: [org_private_business]\n"
            "  reason: Acme's standard binds only its business units.\n",
        )
    )
    assert run_cli(["check", "--format", "json"]) == 1
    found = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "ACME-001" in found
    config = org_repo / ".ctlint.yaml"
    config.write_text(
        "organization: {type: ct_municipal_agency}\nas_of: 2026-12-01\n"
        "policy_paths: [acme-policies/acme]\n"
    )
    run_cli(["check", "--format", "json"])
    found = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "ACME-001" not in found
