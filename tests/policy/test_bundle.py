"""policies/bundle.json: generated, current, and used only for unchanged policy files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctlint.policy import bundle
from ctlint.policy import load as policy
from ctlint.policy.catalog import build_catalog
from ctlint.util.resources import fingerprint

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "policies" / "bundle.json"


def test_bundle_is_current():
    assert BUNDLE.read_text(encoding="utf-8") == bundle.render(), (
        "policies/bundle.json is stale: run `python -m ctlint.policy.bundle policies/bundle.json`"
    )


def test_bundle_holds_every_builtin_policy_file():
    files = json.loads(BUNDLE.read_text(encoding="utf-8"))["files"]
    on_disk = {f"policies/{p.parent.name}/{p.name}" for p in (ROOT / "policies").glob("*/*.yaml")}
    assert set(files) == on_disk


def test_catalog_from_the_bundle_equals_the_catalog_from_yaml(monkeypatch):
    fast = build_catalog(installed=False)
    monkeypatch.setattr(policy, "_bundle", dict)
    slow = build_catalog(installed=False)
    assert fast.packs == slow.packs
    assert {k: r.raw for k, r in fast.rules.items()} == {k: r.raw for k, r in slow.rules.items()}
    assert [r.id for r in fast.rules.values()] == [r.id for r in slow.rules.values()]


def _entry(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edited_policy_file_is_parsed_not_taken_from_the_bundle(tmp_path):
    display = "policies/ctdpa/CTDPA-001.yaml"
    original = (ROOT / display).read_text(encoding="utf-8")
    edited = original.replace("severity: error", "severity: warning", 1)
    assert edited != original
    entry = _entry(tmp_path, "CTDPA-001.yaml", edited)
    assert policy.read_builtin_file(entry, display, original)["severity"] == "error"
    assert policy.read_builtin_file(entry, display, edited)["severity"] == "warning"


def test_an_edited_policy_file_is_still_validated(tmp_path):
    display = "policies/ctdpa/CTDPA-001.yaml"
    broken = (ROOT / display).read_text(encoding="utf-8").replace("severity: error", "severity: 7")
    entry = _entry(tmp_path, "CTDPA-001.yaml", broken)
    with pytest.raises(policy.PolicyError, match=r"invalid policy at `severity`"):
        policy.read_builtin_file(entry, display, broken)


@pytest.mark.parametrize("text", ["", "not json", '{"version": 0, "files": {}}', "[1, 2]"])
def test_an_unusable_bundle_is_ignored(monkeypatch, text):
    class Folder:
        def joinpath(self, name: str) -> Folder:
            return self

        def read_text(self, encoding: str) -> str:
            return text

    monkeypatch.setattr(policy, "package_files", lambda _package: Folder())
    policy._bundle.cache_clear()
    try:
        assert policy._bundle() == {}
    finally:
        monkeypatch.undo()
        policy._bundle.cache_clear()


def test_main_writes_the_bundle(tmp_path):
    out = tmp_path / "bundle.json"
    assert bundle.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == BUNDLE.read_text(encoding="utf-8")


def test_the_bundle_records_fingerprints_not_texts():
    files = json.loads(BUNDLE.read_text(encoding="utf-8"))["files"]
    display = "policies/ctdpa/CTDPA-001.yaml"
    text = (ROOT / display).read_text(encoding="utf-8")
    assert set(files[display]) == {"fingerprint", "data"}
    assert files[display]["fingerprint"] == fingerprint(text)
    assert files[display]["fingerprint"].startswith(f"{len(text.encode('utf-8'))}:")


def test_a_same_length_edit_changes_the_fingerprint(tmp_path):
    display = "policies/ctdpa/CTDPA-001.yaml"
    original = (ROOT / display).read_text(encoding="utf-8")
    edited = original.replace("severity: error", "severity: errxr", 1)
    assert len(edited) == len(original)
    assert edited != original
    assert fingerprint(edited) != fingerprint(original)
    entry = _entry(tmp_path, "CTDPA-001.yaml", edited)
    with pytest.raises(policy.PolicyError, match=r"invalid policy at `severity`"):
        policy.read_builtin_file(entry, display, edited)
