"""`ctlint import fides` and `ctlint export fides` as a user runs them: a subprocess of
`python -m ctlint` from another folder, on the fixtures of tests/data/fides/ and on the 28 real
Fides files of ../shared/third_party/fides/ (skipped when that folder is absent)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ctlint.fides.keys import Resolver, TableError, parse_table
from tests.fides.helpers import SNAPSHOT, problems

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests/data/fides"
THIRD = ROOT.parent / "shared" / "third_party" / "fides" / "files"


def ctlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ctlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_renames_then_custom_parent_then_unknown_kept() -> None:
    resolver = Resolver(
        {"use": {"provide.service.operations.e-commerce": "provide.service.operations"}}
    )
    assert resolver.resolve("provide.service.operations.support", "use")[0] == (
        "essential.service.operations.support"
    )
    assert resolver.resolve("provide.service.operations.e-commerce", "use")[0] == (
        "essential.service.operations"
    )
    assert (
        resolver.resolve("user.credentials.password", "category")[0]
        == "user.authorization.password"
    )
    assert resolver.resolve("user.biometrics", "category")[0] == "user.biometric"
    key, steps = resolver.resolve("account.contact.city", "category")
    assert key == "account.contact.city"
    assert steps[-1].how == "unknown"
    assert "user.contact.address" in steps[-1].source
    assert resolver.resolve("user.name", "category") == ("user.name", [])


def test_the_table_is_validated() -> None:
    row = {"kind": "use", "from": "old", "to": "not.a.use", "source": "x"}
    with pytest.raises(TableError, match="not a pinned use key"):
        parse_table({"exact": [row], "prefix": [], "removed": []})
    with pytest.raises(TableError, match="exactly"):
        parse_table({"exact": [{"kind": "use"}], "prefix": [], "removed": []})


def test_import_writes_skeletons_that_check_reports(tmp_path: Path) -> None:
    result = ctlint(
        tmp_path, "import", "fides", str(DATA / "legacy_systems.yml"), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (entry,) = report["manifests"]
    assert entry["id"] == "acme_helpdesk"
    assert {"from": "user.organization", "to": "user.contact.organization"}.items() <= (
        next(r for r in entry["renames"] if r["from"] == "user.organization").items()
    )
    assert sorted(u["from"] for u in entry["unknown"]) == ["shop_customer", "user.nonexistent.key"]
    assert entry["custom"][0]["to"] == "provide.service.operations"
    assert "category" in entry["placeholders"]
    assert "channels" in entry["placeholders"]
    assert any("No retention" in w for w in entry["warnings"])
    assert report["skipped"] == [
        {"system": "internal_db", "reason": "no third-party signal (use --all or --system)"}
    ]
    text = (tmp_path / "vendors/acme_helpdesk.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["vendor"]["role"] == "processor"
    assert data["data"]["uses"] == [
        "essential.service.operations.support",
        "essential.service.operations",
    ]
    assert [c["key"] for c in data["data"]["categories"]] == [
        "user.contact.email",
        "user.contact.organization",
        "user.nonexistent.key",
    ]
    assert data["data"]["categories"][0]["retention_days"] == 365
    assert data["x-fides"]["system_categories"] == ["system.operations"]
    assert data["x-fides"]["third_country_transfers"] == ["USA"]
    check = ctlint(tmp_path, "check", "vendors", "--format", "json")
    assert check.returncode == 1
    rules = {(f["rule"], f["pointer"]) for f in json.loads(check.stdout)["findings"]}
    assert ("CTL102", "/category") in rules  # the placeholder, reported
    assert any(r == "CTL106" for r, _p in rules)  # the unknown key, kept visible
    assert not any(p and p.startswith("/x-fides") for _r, p in rules)
    again = ctlint(tmp_path, "import", "fides", str(DATA / "legacy_systems.yml"))
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert (
        ctlint(tmp_path, "import", "fides", str(DATA / "legacy_systems.yml"), "--force").returncode
        == 0
    )


def test_api_page_id_from_legal_name_and_no_invented_values(tmp_path: Path) -> None:
    result = ctlint(tmp_path, "import", "fides", str(DATA / "api_page.json"), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would write" in result.stdout
    assert f"--- {tmp_path / 'vendors' / 'example-chat-ltd.yaml'}\n" in result.stdout
    assert not (tmp_path / "vendors").exists()
    assert "improve.system -> functional.service.improve" in result.stdout


def test_dry_run_json_is_the_json_document_alone(tmp_path: Path) -> None:
    args = ("import", "fides", str(DATA / "legacy_systems.yml"), "--dry-run", "--format", "json")
    result = ctlint(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # nothing but the document on stdout
    assert report["dry_run"] is True
    (entry,) = report["manifests"]
    assert Path(entry["path"]) == tmp_path / "vendors" / "acme_helpdesk.yaml"
    text = entry["text"]
    manifest = yaml.safe_load(text)
    assert manifest["id"] == "acme_helpdesk"
    assert manifest["x-fides"]["third_country_transfers"] == ["USA"]
    assert not (tmp_path / "vendors").exists()
    written = ctlint(
        tmp_path, "import", "fides", str(DATA / "legacy_systems.yml"), "--format", "json"
    )
    assert written.returncode == 0, written.stderr
    (entry,) = json.loads(written.stdout)["manifests"]
    assert "text" not in entry
    assert Path(entry["path"]).read_text("utf-8") == text  # what the dry run showed


def test_malformed_yaml_is_exit_2_with_position(tmp_path: Path) -> None:
    result = ctlint(tmp_path, "import", "fides", str(DATA / "bad.yml"))
    assert result.returncode == 2
    assert "bad.yml:3:12: mapping values are not allowed" in result.stderr
    assert not (tmp_path / "vendors").exists()


def test_unknown_system_is_a_usage_error(tmp_path: Path) -> None:
    result = ctlint(
        tmp_path, "import", "fides", str(DATA / "legacy_systems.yml"), "--system", "nope"
    )
    assert result.returncode == 2
    assert "no such System" in result.stderr


def _export(cwd: Path, *args: str) -> dict[str, object]:
    result = ctlint(cwd, "export", "fides", *args)
    assert result.returncode == 0, result.stderr
    doc = yaml.safe_load(result.stdout)
    assert "&id" not in result.stdout  # no anchors
    again = ctlint(cwd, "export", "fides", *args)
    assert again.stdout == result.stdout  # deterministic
    assert isinstance(doc, dict)
    return doc


def test_export_of_the_examples_passes_the_fideslang_snapshot(tmp_path: Path) -> None:
    example = tmp_path / "repo"
    shutil.copytree(ROOT / "examples/private-business", example)
    doc = _export(example)
    assert problems(doc) == []
    assert doc["data_category"], "the extension keys are defined"
    stubs = _export(example, "--subprocessor-systems")
    assert problems(stubs) == []
    keys = [s["fides_key"] for s in stubs["system"]]
    assert "zendesk.sub.amazon-web-services" in keys
    vendor = next(s for s in stubs["system"] if s["fides_key"] == "zendesk")
    assert {"fides_key": "zendesk.sub.amazon-web-services", "type": "system"} in vendor["egress"]
    flat = _export(example, "--flatten-extensions")
    assert "data_category" not in flat
    broken = dict(doc)
    broken.pop("data_category")
    assert any("category user.content" in p for p in problems(broken))


def test_export_refuses_schema_errors(tmp_path: Path) -> None:
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    (vendors / "bad.yaml").write_text("manifest: ctlint/v1\nid: bad\nname: 3\n", "utf-8")
    result = ctlint(tmp_path, "export", "fides")
    assert result.returncode == 1
    assert "vendors/bad.yaml:3:7: CTL102 error: `name` must be text" in result.stderr
    assert "not exported" in result.stderr
    rules = {line.split(": ")[1].split()[0] for line in result.stderr.splitlines()[:-1]}
    assert rules <= {"CTL101", "CTL102"}, "policy findings (CT-PDA-…) do not block, nor show"


def test_imported_flows_go_back_to_the_systems_the_export_defines(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DATA / "flows", repo)
    result = ctlint(repo, "export", "fides", "--subprocessor-systems")
    assert result.returncode == 0, result.stderr
    doc = yaml.safe_load(result.stdout)
    assert problems(doc) == []
    helpdesk, mailer = doc["system"]
    # acme_mailer is the Fides key mailer.yaml was imported from; the unknown key is left out
    assert helpdesk["egress"] == [
        {"fides_key": "mailer", "type": "system", "data_categories": ["user.contact.email"]}
    ]
    assert helpdesk["ingress"] == [
        {
            "fides_key": "user",
            "type": "user",
            "data_categories": ["user.content.private.support_ticket"],
        }
    ]
    assert mailer["ingress"] == [{"fides_key": "helpdesk", "type": "system"}]
    assert "egress" not in mailer
    assert "dataset `tickets_db` left out: the export does not define it" in result.stderr
    assert "system `retired_crm` left out" in result.stderr
    assert "unknown data categories left out: user.contact.phone" in result.stderr
    flat = yaml.safe_load(ctlint(repo, "export", "fides", "--flatten-extensions").stdout)
    assert flat["system"][0]["ingress"][0]["data_categories"] == ["user.content.private"]
    assert problems(flat) == []


def test_export_treats_a_lapsed_certification_as_not_held(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests/data/due/certifications", repo)  # as of 2026-12-01
    doc = _export(repo)
    assert problems(doc) == []
    (system,) = doc["system"]
    assert system["data_security_practices"] == (
        "certifications: pci_dss (valid through 2026-12-21); "
        "lapsed certifications: soc2_type2 (expired 2026-11-15)"
    )
    security = system["meta"]["ctlint"]["security"]  # the manifest's facts, as written
    assert security["certifications"] == ["soc2_type2", "pci_dss"]
    assert security["certification_expiry"]["soc2_type2"] == "2026-11-15"
    before = _export(repo, "--as-of", "2026-11-15")
    assert before["system"][0]["data_security_practices"] == (
        "certifications: soc2_type2 (valid through 2026-11-15), pci_dss (valid through 2026-12-21)"
    )


def test_snapshot_version_matches_the_taxonomy() -> None:
    snapshot = json.loads(SNAPSHOT.read_text("utf-8"))
    taxonomy = json.loads((ROOT / "schemas/taxonomy.json").read_text("utf-8"))
    assert snapshot["x-fideslang-version"] == taxonomy["fideslang_version"]


def test_the_28_real_fides_files(tmp_path: Path) -> None:
    if not THIRD.is_dir():
        pytest.skip("../shared/third_party/fides is absent (real Fides files are not in the repo)")
    files = sorted(THIRD.iterdir())
    assert len(files) == 28
    good = [str(f) for f in files if not f.name.startswith("F13")]
    f13 = ctlint(
        tmp_path, "import", "fides", str(next(f for f in files if f.name.startswith("F13")))
    )
    assert f13.returncode == 2
    assert ":8:28: mapping values are not allowed" in f13.stderr
    only = tmp_path / "datasets"
    only.mkdir()
    zendesk = ctlint(only, "import", "fides", str(next(THIRD.glob("F19*"))))
    assert zendesk.returncode == 0, zendesk.stderr
    assert "review user.ticket_comment.body" in zendesk.stdout or "review " in zendesk.stdout
    assert not (only / "vendors").exists()
    compass = ctlint(
        only,
        "import",
        "fides",
        str(next(THIRD.glob("F17*"))),
        "--compass-declarations",
        str(next(THIRD.glob("F28*"))),
        "--format",
        "json",
        "--out",
        str(only / "compass"),
    )
    assert compass.returncode == 0, compass.stderr
    aniview = next(m for m in json.loads(compass.stdout)["manifests"] if m["id"] == "aniview-ltd")
    assert "data.uses" not in aniview["placeholders"]
    result = ctlint(tmp_path, "import", "fides", *good, "--format", "json")
    assert result.returncode == 0, result.stderr
    totals = json.loads(result.stdout)["totals"]
    print("real files:", totals)
    assert totals["systems"] >= 10
    written = sorted((tmp_path / "vendors").iterdir())
    assert len(written) == totals["systems"]
    check = ctlint(tmp_path, "check", "vendors", "--format", "json")
    assert check.returncode == 1, check.stderr
    findings = json.loads(check.stdout)["findings"]
    assert not [f for f in findings if f["rule"] in ("CTL001", "CTL002")]
    doc = _export_imported(tmp_path, findings)
    assert doc is None or problems(doc) == []


def _export_imported(tmp_path: Path, findings: list[dict[str, object]]) -> dict[str, object] | None:
    """Imported manifests are skeletons with placeholders: export refuses them (E4)."""
    result = ctlint(tmp_path, "export", "fides")
    assert result.returncode == 1
    assert "not exported" in result.stderr
    return None
