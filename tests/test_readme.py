"""The README's two set-up commands stay true, and .ci/run runs the second."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "the README starts with a sh block of two commands"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2
    assert text.index(block.group(0)) < 40, "the set-up commands come first"
    return lines


def test_ci_runs_the_readme_test_command():
    _install, test = _commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_first_command_runs_ctlint_on_examples():
    install, _test = _commands()
    checks = [part.strip() for part in install.split("&&")[1:]]
    assert checks
    for command in checks:
        assert command.startswith("ctlint check")
        args = command.split()[2:]
        result = subprocess.run(
            [sys.executable, "-m", "ctlint", "check", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert re.search(r"^\d+ findings? \(", result.stdout, re.M)


def test_hooks_are_documented():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for hook in hooks:
        assert f"`{hook['id']}`" in text or f"id: {hook['id']}" in text


def _yaml_blocks():
    import yaml

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return [yaml.safe_load(b) for b in blocks if "repo: <URL" not in b]


def _example(tmp_path):
    import shutil

    target = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "private-business", target)
    return target


def _ctlint_lines(commands):
    import shlex

    for command in commands:
        line = command.split("#")[0].strip()
        if line.startswith("ctlint "):
            yield shlex.split(line)[1:]


def test_readme_github_actions_recipe_runs(tmp_path):
    import json

    workflow = next(b for b in _yaml_blocks() if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["ctlint"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    repo = _example(tmp_path)
    (args,) = list(_ctlint_lines(s["run"] for s in steps if "run" in s))
    result = subprocess.run(
        [sys.executable, "-m", "ctlint", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::")
    sarif = json.loads((repo / "ctlint.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert (repo / "summary.md").read_text().startswith("#")


def test_readme_gitlab_recipe_runs(tmp_path):
    import json
    import xml.etree.ElementTree as ET

    job = next(
        b
        for b in _yaml_blocks()
        if isinstance(b, dict) and "ctlint" in b and "script" in b["ctlint"]
    )
    reports = job["ctlint"]["artifacts"]["reports"]
    repo = _example(tmp_path)
    (args,) = list(_ctlint_lines(job["ctlint"]["script"]))
    result = subprocess.run(
        [sys.executable, "-m", "ctlint", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    quality = json.loads((repo / reports["codequality"]).read_text())
    assert quality
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(quality[0])
    assert ET.parse(repo / reports["junit"]).getroot().tag == "testsuites"


def test_readme_pre_commit_recipe_runs(tmp_path):
    import os
    import shutil

    # pre-commit is a test dependency and git is needed by pre-commit: missing, the test fails
    assert shutil.which("pre-commit"), "pre-commit is not installed"
    assert shutil.which("git"), "git is not installed"
    config = next(
        b
        for b in _yaml_blocks()
        if isinstance(b, dict) and b.get("repos", [{}])[0].get("repo") == "local"
    )
    repo = _example(tmp_path)
    import yaml

    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    failing = subprocess.run(
        ["pre-commit", "run", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert failing.returncode == 1
    assert "CT-REC-001" in failing.stdout
    only_good = subprocess.run(
        ["pre-commit", "run", "--files", "vendors/zendesk.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert only_good.returncode == 0, only_good.stdout


def test_an_output_path_never_overwrites_a_manifest(tmp_path):
    repo = _example(tmp_path)
    manifest = repo / "vendors" / "zendesk.yaml"
    before = manifest.read_bytes()
    for args in (
        ["--format", "json:vendors/zendesk.yaml"],
        ["--format", "sarif", "--output", ".ctlint.yaml"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ctlint", "check", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert "choose another output path" in result.stderr
    assert manifest.read_bytes() == before
