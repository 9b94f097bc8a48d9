"""The pre-commit hooks, driven by real pre-commit against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "private-business"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def test_hook_definitions():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"ctlint", "ctlint-all"}
    assert hooks["ctlint"]["entry"] == "ctlint check --only-manifests --"
    assert hooks["ctlint"]["language"] == "python"
    assert set(hooks["ctlint"]["types_or"]) == {"yaml", "json"}
    assert hooks["ctlint-all"]["pass_filenames"] is False


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)


@pytest.fixture
def repo(tmp_path, pre_commit_home, monkeypatch):
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLE, target)
    monkeypatch.setenv("PRE_COMMIT_HOME", str(pre_commit_home))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "t")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "t@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "t")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "t@example.com")
    _git(target, "init", "-q", "-b", "main")
    return target


def _run(repo, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        ["pre-commit", *args], cwd=repo, capture_output=True, text=True, env=env, check=False
    )


def test_try_repo_blocks_a_failing_manifest_and_passes_a_fixed_one(repo):
    _git(repo, "add", "-A")
    failing = _run(
        repo,
        "try-repo",
        str(ROOT),
        "ctlint",
        "--files",
        "vendors/talkdesk.yaml",
        ".pre-commit-config.yaml",
    )
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "CT-REC-001" in failing.stdout
    assert "clinic-chat" not in failing.stdout  # only the changed manifest is reported
    passing = _run(repo, "try-repo", str(ROOT), "ctlint", "--files", "vendors/zendesk.yaml")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    everything = _run(repo, "try-repo", str(ROOT), "ctlint-all")
    assert everything.returncode == 1
    assert "CTDPA-013" in everything.stdout


def test_commit_is_blocked_until_the_manifest_is_fixed(repo):
    head = _git(ROOT, "rev-parse", "HEAD").stdout.strip()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: ctlint\n"
    )
    for name in ("talkdesk", "clinic-chat", "intercom"):
        (repo / "vendors" / f"{name}.yaml").unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--no-verify", "-m", "compliant vendors")
    installed = _run(repo, "install")
    assert installed.returncode == 0, installed.stderr
    manifest = repo / "vendors" / "zendesk.yaml"
    good = manifest.read_text()
    manifest.write_text(good.replace("response_days: 45", "response_days: 60"))
    _git(repo, "add", "vendors/zendesk.yaml")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    blocked = subprocess.run(
        ["git", "commit", "-m", "slower answers"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert blocked.returncode != 0
    assert "CTDPA-020" in blocked.stdout + blocked.stderr
    manifest.write_text(good)
    _git(repo, "add", "vendors/zendesk.yaml")
    manifest.write_text(good.replace("Zendesk Suite", "Zendesk Suite Professional"))
    _git(repo, "add", "vendors/zendesk.yaml")
    done = subprocess.run(
        ["git", "commit", "-m", "rename"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_commit_of_one_file_gets_the_duplicate_id_finding_ci_gives(repo):
    copy = repo / "vendors" / "zendesk-copy.yaml"
    copy.write_text((repo / "vendors" / "zendesk.yaml").read_text())  # the same id: zendesk
    _git(repo, "add", "-A")
    one = _run(repo, "try-repo", str(ROOT), "ctlint", "--files", "vendors/zendesk-copy.yaml")
    assert one.returncode == 1, one.stdout + one.stderr
    assert "vendors/zendesk-copy.yaml:" in one.stdout
    assert "CTL201" in one.stdout
    assert "is also used by vendors/zendesk.yaml" in one.stdout
    old = _run(repo, "try-repo", str(ROOT), "ctlint", "--files", "vendors/zendesk.yaml")
    assert "vendors/zendesk.yaml:" in old.stdout
    assert "CTL201" in old.stdout
    assert "zendesk-copy.yaml:" not in old.stdout  # only the named file gets findings
