"""The catalog: installed packs are loaded only when the configuration asks for them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ctlint.cli import run_cli
from ctlint.engine import pipeline as api
from ctlint.errors import PolicyError
from ctlint.output import catalog_views
from ctlint.policy import catalog
from ctlint.policy.load import PackSource

INSTALLED = Path(__file__).parents[1] / "data" / "packs" / "acme-installed" / "acme_ctlint_pack"
BASE = Path(__file__).resolve().parents[2] / "policies" / "base-manifest.yaml"
CONFIG = "organization: {type: private_business, ct_consumers_per_year: 52000}\nas_of: 2026-12-01\n"


@pytest.fixture
def scans(monkeypatch):
    """Pretend the acme pack is installed; count how often the entry points are scanned."""
    calls: list[int] = []

    def sources() -> list[PackSource]:
        calls.append(1)
        return [PackSource("acme-installed", INSTALLED, "installed", "acme-installed (acme)")]

    monkeypatch.setattr(catalog, "installed_pack_sources", sources)
    for module in (api, catalog_views):  # not the session's memoized catalog (conftest.py)
        monkeypatch.setattr(module, "build_catalog", catalog.build_catalog)
    catalog.installed_rule_ids.cache_clear()
    yield calls
    catalog.installed_rule_ids.cache_clear()


def test_installed_packs_are_left_out_when_nothing_names_them(scans):
    built = catalog.build_catalog(installed=None)
    assert scans == []
    assert "acme-installed" not in built.packs
    assert built.complete is False
    assert built.known_rule("ACMEI-001")
    assert built.known_rule("CTDPA-001")
    assert not built.known_rule("ACMEI-999")


@pytest.mark.parametrize(
    "references",
    [("acme-installed",), ("ACMEI-001",), ("ACMEI",), ("CTDPA-001", "ACMEI-001")],
)
def test_installed_packs_load_when_a_reference_needs_them(scans, references):
    built = catalog.build_catalog(installed=None, references=references)
    assert scans == [1]
    assert built.complete is True
    assert built.packs["acme-installed"].origin == "installed"
    assert "ACMEI-001" in built.rules


@pytest.mark.parametrize("references", [("ctdpa",), ("CTDPA-0",), ("CTL101",), ("core",)])
def test_references_to_builtin_rules_do_not_scan(scans, references):
    assert catalog.build_catalog(installed=None, references=references).complete is False
    assert scans == []


def test_rule_options_for_an_installed_rule_load_it(scans):
    built = catalog.build_catalog(installed=None, rule_options={"ACMEI-001": {"max_days": 30}})
    assert built.rules["ACMEI-001"].options["max_days"] == 30
    with pytest.raises(PolicyError, match="unknown rule `NOPE-001`"):
        catalog.build_catalog(installed=None, rule_options={"NOPE-001": {}})


@pytest.fixture
def repo(repo, monkeypatch):
    """The shared repository (conftest.py) with the base manifest, as the working folder."""
    shutil.copy(BASE, repo / "vendors" / "zendesk.yaml")
    monkeypatch.chdir(repo.path)
    return repo.path


def _check(capsys, *args: str) -> tuple[int, dict]:
    code = run_cli(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_check_runs_an_installed_pack_named_in_packs(repo, scans, capsys):
    (repo / ".ctlint.yaml").write_text(CONFIG + "packs: [auto, acme-installed]\n")
    _code, document = _check(capsys)
    assert scans == [1]
    assert any(f["rule"] == "ACMEI-001" for f in document["findings"])


def test_a_waiver_of_an_installed_rule_is_known_without_loading_it(repo, scans, capsys):
    (repo / ".ctlint.yaml").write_text(CONFIG)
    manifest = repo / "vendors" / "zendesk.yaml"
    waivers = "waivers:\n  - rule: {rule}\n    reason: reviewed by counsel on 2026-11-02\n"
    manifest.write_text(manifest.read_text() + waivers.format(rule="ACMEI-001"))
    _code, document = _check(capsys)
    assert not any(f["rule"] == "CTL303" for f in document["findings"])
    assert "ACMEI-001" not in {f["rule"] for f in document["findings"]}
    manifest.write_text(manifest.read_text().replace("ACMEI-001", "ACMEI-999"))
    _code, document = _check(capsys)
    assert [f["rule"] for f in document["findings"] if f["rule"] == "CTL303"] == ["CTL303"]


def test_rules_lists_installed_packs(repo, scans, capsys):
    (repo / ".ctlint.yaml").write_text(CONFIG)
    assert run_cli(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert any(r["id"] == "ACMEI-001" and r["active"] is False for r in listed["rules"])
