"""Configuration found from the files checked (config/discovery.py), run as a user: real
repositories with ``.git`` folders, the installed ``ctlint`` as a subprocess from a parent
folder and from inside."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ctlint.config.discovery import Group, config_for, group_paths

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CTLINT = [sys.executable, "-m", "ctlint"]


def ctlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [*CTLINT, *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture
def monorepo(tmp_path: Path) -> Path:
    """``work/`` (no configuration) holding two repositories with their own ``.git``:
    ``shop`` (a private business) and ``agency`` (a state agency)."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(EXAMPLES / "private-business", work / "shop")
    shutil.copytree(EXAMPLES / "state-agency", work / "agency")
    for name in ("shop", "agency"):
        (work / name / ".git").mkdir()
    return work


def findings(result: subprocess.CompletedProcess[str]) -> list[tuple[str | None, str, int]]:
    data = json.loads(result.stdout)
    return [(f["file"], f["rule"], f["line"] or 0) for f in data["findings"]]


def test_a_folder_named_from_its_parent_is_checked_under_its_own_configuration(
    monorepo: Path,
) -> None:
    inside = ctlint("check", "--format", "json", cwd=monorepo / "shop")
    outside = ctlint("check", "--format", "json", "shop", cwd=monorepo)
    assert inside.returncode == outside.returncode == 1, outside.stderr
    assert findings(outside) == findings(inside)
    assert findings(inside)  # the example has findings to compare
    assert "no configuration found" not in outside.stderr
    assert json.loads(outside.stdout)["organization"]["type"] == "private_business"


def test_text_paths_are_relative_to_the_current_folder(monorepo: Path) -> None:
    inside = ctlint("check", "vendors/talkdesk.yaml", cwd=monorepo / "shop")
    outside = ctlint("check", "shop/vendors/talkdesk.yaml", cwd=monorepo)
    below = ctlint("check", "talkdesk.yaml", cwd=monorepo / "shop" / "vendors")
    lines = inside.stdout.splitlines()[:-1]
    assert lines
    assert all(line.startswith("vendors/talkdesk.yaml:") for line in lines)
    assert outside.stdout.splitlines()[:-1] == ["shop/" + line for line in lines]
    assert below.stdout.splitlines()[:-1] == [line[len("vendors/") :] for line in lines]
    assert (monorepo / outside.stdout.split(":", 1)[0]).is_file()
    assert (monorepo / "shop" / "vendors" / below.stdout.split(":", 1)[0]).is_file()


def test_paths_under_two_configurations_are_checked_under_each_one(monorepo: Path) -> None:
    both = ctlint("check", "--format", "json", "shop", "agency", cwd=monorepo)
    shop = ctlint("check", "--format", "json", cwd=monorepo / "shop")
    agency = ctlint("check", "--format", "json", cwd=monorepo / "agency")
    assert both.returncode == 1, both.stderr
    merged = findings(both)
    expected = [(f if f is None else "agency/" + f, r, n) for f, r, n in findings(agency)] + [
        (f if f is None else "shop/" + f, r, n) for f, r, n in findings(shop)
    ]
    assert sorted(merged, key=str) == sorted(expected, key=str)
    organization = [f for f in merged if f[1] in ("CTL010", "CTL011", "CTL012")]
    assert merged[: len(organization)] == organization  # organization-level first
    paths = [(f or "").encode() for f, _r, _n in merged[len(organization) :]]
    assert paths == sorted(paths)  # then by path
    files = {f for f, _r, _n in merged if f}
    assert any(f.startswith("shop/") for f in files)
    assert any(f.startswith("agency/") for f in files)
    # the state-agency packs run on the agency only, the CTDPA on the shop only
    assert all(f.startswith("agency/") for f, r, _n in merged if f and r.startswith("CT-PSA"))
    assert all(f.startswith("shop/") for f, r, _n in merged if f and r.startswith("CTDPA"))
    # one document per format
    for fmt in ("sarif", "junit", "gitlab", "github", "markdown", "text"):
        result = ctlint("check", "--format", fmt, "shop", "agency", cwd=monorepo)
        assert result.returncode == 1, (fmt, result.stderr)
        if fmt in ("sarif", "gitlab"):
            json.loads(result.stdout)
    for args, base in ((("shop", "agency"), monorepo), (("shop",), monorepo / "shop")):
        run = json.loads(ctlint("check", "--format", "sarif", *args, cwd=monorepo).stdout)["runs"][
            0
        ]
        srcroot = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        assert srcroot == base.as_uri() + "/"
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]
            if r.get("locations")
        }
        assert uris
        assert all((base / u).is_file() for u in uris), uris


def test_the_register_refuses_two_configurations(monorepo: Path) -> None:
    result = ctlint("report", "--format", "json", "shop", "agency", cwd=monorepo)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "2 configurations" in result.stderr
    one = ctlint("report", "--format", "json", "shop", cwd=monorepo)
    assert one.returncode == 0, one.stderr


def test_no_configuration_says_which_defaults_apply(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copytree(EXAMPLES / "private-business" / "vendors", tmp_path / "vendors")
    result = ctlint("check", "vendors/zendesk.yaml", cwd=tmp_path)
    assert result.returncode in (0, 1)
    (note,) = [line for line in result.stderr.splitlines() if "no configuration" in line]
    assert note.startswith("ctlint: no configuration found for vendors/zendesk.yaml")
    assert "organization type undeclared" in note
    assert "CTL010" in result.stdout
    required = ctlint("check", "--require-config", "vendors/zendesk.yaml", cwd=tmp_path)
    assert required.returncode == 2
    assert required.stdout == ""
    assert required.stderr.startswith(
        "ctlint: error: no configuration found for vendors/zendesk.yaml"
    )
    report = ctlint("report", "--require-config", cwd=tmp_path)
    assert report.returncode == 2


def test_the_search_stops_at_the_git_root(tmp_path: Path) -> None:
    (tmp_path / ".ctlint.yaml").write_text("organization:\n  type: private_business\n")
    repo = tmp_path / "inner"
    (repo / "vendors").mkdir(parents=True)
    (repo / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    manifest = repo / "vendors" / "a.yaml"
    manifest.write_text("id: a\n")
    assert config_for(str(manifest)) is None
    (repo / "pyproject.toml").write_text("[tool.ctlint]\nfail_on = 'warning'\n")
    assert config_for(str(manifest)) == str(repo / "pyproject.toml")
    assert config_for(str(repo / "vendors" / "missing.yaml")) == str(repo / "pyproject.toml")


def test_groups_are_in_a_stable_order(monorepo: Path) -> None:
    shop = str(monorepo / "shop" / "vendors" / "zendesk.yaml")
    agency = str(monorepo / "agency")
    loose = str(monorepo)
    groups = group_paths([loose, shop, agency])
    assert groups == [
        Group(str(monorepo / "agency" / ".ctlint.yaml"), (agency,)),
        Group(str(monorepo / "shop" / ".ctlint.yaml"), (shop,)),
        Group(None, (loose,)),
    ]
    assert group_paths([agency, shop, loose]) == groups


def test_config_option_overrides_discovery(monorepo: Path) -> None:
    result = ctlint(
        "check", "--config", "shop/.ctlint.yaml", "--format", "json", "agency/vendors", cwd=monorepo
    )
    assert json.loads(result.stdout)["organization"]["type"] == "private_business"


def test_configured_globs_that_match_nothing_are_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copytree(EXAMPLES / "private-business" / "vendors", tmp_path / "vendors")
    (tmp_path / ".ctlint.yaml").write_text(
        "organization:\n  type: private_business\n  ct_consumers_per_year: 80000\n"
        'manifests: ["vendor/*.yaml"]\n'
    )
    for args in ((), ("vendors/zendesk.yaml",)):
        result = ctlint("check", *args, cwd=tmp_path)
        assert result.returncode == 2, result.stdout
        assert result.stderr.startswith(
            "ctlint: error: .ctlint.yaml:4:1: manifests: `vendor/*.yaml`"
        )
        assert "match no file" in result.stderr
    (tmp_path / ".ctlint.yaml").write_text(
        'organization:\n  type: private_business\nmanifests: ["vendors/*.yaml", "x/*.json"]\n'
    )
    assert ctlint("check", "-q", cwd=tmp_path).returncode in (0, 1)
