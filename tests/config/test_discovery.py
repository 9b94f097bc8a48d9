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


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    """One git repository (``repo``, the shop: a private business) whose configured globs
    also reach ``teams/agency/``, a folder with its own ``.ctlint.yaml`` (a state agency).
    Both hold a manifest with the id ``zendesk``; the agency's own documents are under
    ``teams/agency/``."""
    repo = tmp_path / "work" / "repo"
    shutil.copytree(EXAMPLES / "private-business", repo)
    (repo / ".git").mkdir()
    config = (repo / ".ctlint.yaml").read_text()
    line = 'manifests: ["vendors/**/*.yaml", "vendors/**/*.yml", "vendors/**/*.json"]'
    assert line in config
    wider = 'manifests: ["vendors/**/*.yaml", "teams/*/vendors/*.yaml"]'
    (repo / ".ctlint.yaml").write_text(config.replace(line, wider))
    shutil.copytree(EXAMPLES / "state-agency", repo / "teams" / "agency")
    return repo


def prefixed(prefix: str, found: list[tuple[str | None, str, int]]) -> list[tuple[str, str, int]]:
    return [("-" if f is None else prefix + f, r, n) for f, r, n in found]


def test_nested_configurations_check_their_files_under_their_own(
    nested: Path, tmp_path: Path
) -> None:
    alone = tmp_path / "alone"  # the shop without the agency inside
    shutil.copytree(EXAMPLES / "private-business", alone)
    (alone / ".git").mkdir()
    shop = findings(ctlint("check", "--format", "json", cwd=alone))
    agency = findings(ctlint("check", "--format", "json", cwd=nested / "teams" / "agency"))
    assert any(r.startswith("CT-PSA") for _f, r, _n in agency)
    expected = sorted(prefixed("", shop) + prefixed("teams/agency/", agency))
    for args in ((), (".",)):
        result = ctlint("check", "--format", "json", *args, cwd=nested)
        assert result.returncode == 1, result.stderr
        assert sorted(prefixed("", findings(result))) == expected, args
    # the shop's configuration never runs on the agency's files: no CTDPA there, and the two
    # `zendesk` ids are in different configurations, so neither is a duplicate (CTL201)
    result = ctlint("check", "--format", "json", cwd=nested)
    data = json.loads(result.stdout)
    assert not [f for f in data["findings"] if f["rule"] == "CTL201"]
    assert not [
        f
        for f in data["findings"]
        if (f["file"] or "").startswith("teams/") and f["rule"].startswith("CTDPA")
    ]
    files = set(data.get("files", ())) or {f["file"] for f in data["findings"] if f["file"]}
    assert "teams/agency/vendors/zendesk.yaml" in files
    # a folder below the root, and the repository from its parent folder
    teams = ctlint("check", "--format", "json", "teams", cwd=nested)
    assert sorted(prefixed("", findings(teams))) == sorted(prefixed("teams/agency/", agency))
    above = ctlint("check", "--format", "json", "repo", cwd=nested.parent)
    assert sorted(prefixed("", findings(above))) == expected  # JSON: root-relative paths
    text = ctlint("check", "repo", cwd=nested.parent)
    lines = text.stdout.splitlines()[:-1]
    assert any(line.startswith("repo/teams/agency/vendors/zendesk.yaml:") for line in lines)
    for line in lines:
        if not line.startswith("-:"):
            assert (nested.parent / line.split(":", 1)[0]).is_file(), line


def test_a_nested_configuration_reached_by_pre_commit_sees_what_ci_sees(nested: Path) -> None:
    whole = findings(ctlint("check", "--format", "json", cwd=nested))
    named = "teams/agency/vendors/zendesk.yaml"
    one = findings(ctlint("check", "--format", "json", named, cwd=nested))
    assert one
    # JSON paths are relative to the root of the (one) configuration that covers the file
    assert [("teams/agency/" + f, r, n) for f, r, n in one if f is not None] == [
        f for f in whole if f[0] == named
    ]


def test_the_config_option_checks_nested_folders_under_it(nested: Path) -> None:
    result = ctlint("check", "--config", ".ctlint.yaml", "--format", "json", ".", cwd=nested)
    data = json.loads(result.stdout)
    duplicates = [f["file"] for f in data["findings"] if f["rule"] == "CTL201"]
    assert sorted(duplicates) == ["teams/agency/vendors/zendesk.yaml", "vendors/zendesk.yaml"]
    assert any(
        f["rule"].startswith("CTDPA") and (f["file"] or "").startswith("teams/")
        for f in data["findings"]
    )


def test_a_parent_whose_globs_only_reach_nested_configurations_is_not_an_error(
    nested: Path,
) -> None:
    shutil.rmtree(nested / "vendors")
    config = (nested / ".ctlint.yaml").read_text()
    (nested / ".ctlint.yaml").write_text(config.replace('"vendors/**/*.yaml", ', ""))
    result = ctlint("check", "--format", "json", cwd=nested)
    agency = findings(ctlint("check", "--format", "json", cwd=nested / "teams" / "agency"))
    assert result.returncode == 1, result.stderr
    got = [f for f in findings(result) if f[0] is not None]
    assert got == [("teams/agency/" + f, r, n) for f, r, n in agency if f is not None]


@pytest.mark.parametrize("command", ["report", "due", "baseline"])
def test_commands_of_one_configuration_leave_nested_ones_out_and_say_so(
    nested: Path, tmp_path: Path, command: str
) -> None:
    alone = tmp_path / "alone"  # the same repository without the agency inside
    shutil.copytree(nested, alone)
    shutil.rmtree(alone / "teams")
    args = (
        [command, "--format", "json"] if command != "baseline" else [command, "--output", "b.json"]
    )

    def output(cwd: Path) -> tuple[subprocess.CompletedProcess[str], str]:
        result = ctlint(*args, cwd=cwd)
        assert result.returncode in (0, 1), result.stderr
        return result, result.stdout if command != "baseline" else (cwd / "b.json").read_text()

    result, written = output(nested)
    assert (
        "ctlint: teams/agency has a configuration of its own (teams/agency/.ctlint.yaml), so "
        f"its manifests are left out; run `ctlint {command}` there"
    ) in result.stderr.splitlines()
    assert written == output(alone)[1]
    assert "teams/" not in written
    inside, _written = output(nested / "teams" / "agency")
    assert "has a configuration of its own" not in inside.stderr
    # named across the two configurations: one run cannot describe both
    both = ctlint(*args, "vendors", "teams/agency/vendors", cwd=nested)
    assert both.returncode == 2
    assert "2 configurations" in both.stderr


def test_which_folders_count_as_nested_configurations(nested: Path) -> None:
    agency = nested / "teams" / "agency"
    # a pyproject.toml without [tool.ctlint] is no configuration: the files stay the shop's
    (agency / ".ctlint.yaml").rename(nested / "agency.yaml")
    (agency / "pyproject.toml").write_text("[project]\nname = 'agency'\n")
    data = json.loads(ctlint("check", "--format", "json", ".", cwd=nested).stdout)
    assert any(
        (f["file"] or "").startswith("teams/") and f["rule"].startswith("CTDPA")
        for f in data["findings"]
    )
    # with the table, it is the agency's configuration, as .ctlint.yaml was
    config = (nested / "agency.yaml").read_text()
    (agency / "pyproject.toml").write_text(
        "[project]\nname = 'agency'\n\n[tool.ctlint]\nas_of = 2026-12-01\n"
        "[tool.ctlint.organization]\ntype = 'ct_state_agency'\nct_employees = true\n"
    )
    assert "ct_state_agency" in config
    data = json.loads(ctlint("check", "--format", "json", ".", cwd=nested).stdout)
    teams = [f for f in data["findings"] if (f["file"] or "").startswith("teams/")]
    assert teams
    assert not [f for f in teams if f["rule"].startswith("CTDPA")]
    assert any(f["rule"].startswith("CT-PSA") for f in teams)
    # both in one folder: the configuration error names the folder
    (agency / ".ctlint.yaml").write_text(config)
    both = ctlint("check", ".", cwd=nested)
    assert both.returncode == 2
    assert "both .ctlint.yaml and pyproject.toml [tool.ctlint]" in both.stderr


def test_a_nested_configuration_the_parent_does_not_reach(nested: Path) -> None:
    """The configured globs of the shop do not reach ``examples/``: a run of the configured
    manifests leaves the example alone; naming a folder above it checks it."""
    shutil.copytree(EXAMPLES / "state-agency", nested / "examples" / "agency")
    whole = findings(ctlint("check", "--format", "json", cwd=nested))
    assert not [f for f, _r, _n in whole if (f or "").startswith("examples/")]
    named = findings(ctlint("check", "--format", "json", "examples", cwd=nested))
    inside = findings(ctlint("check", "--format", "json", cwd=nested / "examples" / "agency"))
    assert sorted(prefixed("", named)) == sorted(prefixed("examples/agency/", inside))
    # excluded by the shop: a folder search leaves it alone too
    config = nested / ".ctlint.yaml"
    config.write_text(config.read_text() + 'exclude: ["examples/**"]\n')
    dot = findings(ctlint("check", "--format", "json", ".", cwd=nested))
    assert not [f for f, _r, _n in dot if (f or "").startswith("examples/")]
    assert [f for f, _r, _n in dot if (f or "").startswith("teams/")]


def test_a_monorepo_root_without_a_configuration(tmp_path: Path) -> None:
    """``teams/shop`` and ``teams/agency`` configured, the root not: ``ctlint check .`` checks
    each team under its own configuration and says nothing about defaults, because no
    manifest is left without a configuration; a loose manifest is."""
    root = tmp_path / "mono"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(EXAMPLES / "private-business", root / "teams" / "shop")
    shutil.copytree(EXAMPLES / "state-agency", root / "teams" / "agency")
    result = ctlint("check", "--format", "json", "--require-config", ".", cwd=root)
    assert result.returncode == 1, result.stderr
    assert "no configuration" not in result.stderr
    shop = findings(ctlint("check", "--format", "json", cwd=root / "teams" / "shop"))
    agency = findings(ctlint("check", "--format", "json", cwd=root / "teams" / "agency"))
    # JSON paths are relative to the folder that holds both roots: teams/
    assert sorted(prefixed("", findings(result))) == sorted(
        prefixed("shop/", shop) + prefixed("agency/", agency)
    )
    (root / "vendors").mkdir()
    shutil.copy(EXAMPLES / "private-business" / "vendors" / "zendesk.yaml", root / "vendors")
    loose = ctlint("check", "--require-config", ".", cwd=root)
    assert loose.returncode == 2
    assert loose.stderr.startswith("ctlint: error: no configuration found for . (--require-config)")
    noted = ctlint("check", "--format", "json", ".", cwd=root)
    assert noted.stderr.startswith("ctlint: no configuration found for .")
    assert "vendors/zendesk.yaml" in {f for f, _r, _n in findings(noted)}
