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

    import yaml

    workflow = next(b for b in _yaml_blocks() if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["ctlint"]["steps"]
    (step,) = [s for s in steps if "/ctlint@" in s.get("uses", "")]
    assert step["uses"] == f"<owner>/ctlint@{_readme_rev()}"
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(step.get("with", {})) <= set(action["inputs"])
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert upload["with"]["sarif_file"] == f"${{{{ steps.{step['id']}.outputs.sarif-file }}}}"
    assert f"steps.{step['id']}.outputs.sarif-file" in upload["if"]
    # the recipe without the action: its command, as written
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### GitHub Actions") : text.index("### GitLab CI")]
    (command,) = re.findall(r"`(ctlint check --format github[^`]*)`", section)
    repo = _example(tmp_path)
    (args,) = list(_ctlint_lines([command]))
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


def _readme_rev():
    """The one rev the README pins (pre-commit, the action and pip installs)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    revs = set(re.findall(r"rev: (\S+)", text))
    revs |= set(re.findall(r"/ctlint@([^\s\"`]+)", text))
    revs |= set(re.findall(r"git\+<URL of the ctlint repository>@([^\s\"`]+)", text))
    assert len(revs) == 1, revs
    return revs.pop()


def _git(*args):
    import shutil

    import pytest

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (the pinned rev is checked against git history)")
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )


def test_readme_rev_is_a_commit_of_this_repository_with_the_documented_hooks():
    import yaml

    rev = _readme_rev()
    assert (
        re.fullmatch(r"[0-9a-f]{40}", rev)
        or _git("rev-parse", "-q", "--verify", f"refs/tags/{rev}").returncode == 0
    ), f"{rev} is neither a full commit hash nor a tag of this repository"
    present = _git("cat-file", "-e", f"{rev}^{{commit}}").returncode == 0
    if not present and _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        import pytest

        pytest.skip(f"a shallow clone: {rev} is not fetched here, so its history was not checked")
    assert present, f"{rev} is not a commit here"
    assert _git("merge-base", "--is-ancestor", rev, "HEAD").returncode == 0, (
        f"{rev} is not in the history of HEAD (a fresh clone would not have it)"
    )
    hooks = yaml.safe_load(_git("show", f"{rev}:.pre-commit-hooks.yaml").stdout)
    now = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == [h["id"] for h in now]
    assert [h["entry"] for h in hooks] == [h["entry"] for h in now]
    action = yaml.safe_load(_git("show", f"{rev}:action.yml").stdout)
    current = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == set(current["inputs"])
    assert set(action["outputs"]) == set(current["outputs"])
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for hook_id in re.findall(r"- id: (\S+)", text):
        assert hook_id in {h["id"] for h in hooks} | {"ctlint"}


def test_readme_installs_from_the_repository_not_a_package_index():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install ([^`\n]+)", text)
    assert installs
    for install in installs:
        target = install.split("#")[0].strip()
        assert target.startswith((".", '-e ".', '"git+<URL of the ctlint repository>@')), target
        assert not re.fullmatch(r"ctlint\S*", target), target


def test_readme_modelines_resolve_to_the_file_ctlint_schema_writes(tmp_path):
    import posixpath

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (output,) = set(re.findall(r"ctlint schema --output (\S+?)`", text))
    modelines = [m.rstrip("`") for m in re.findall(r"# yaml-language-server: \$schema=(\S+)", text)]
    (config_output,) = set(re.findall(r"ctlint schema --config --output (\S+?)`", text))
    config_modelines = [m for m in modelines if m.endswith("ctlint-config.schema.json")]
    modelines = [m for m in modelines if m not in config_modelines]
    assert len(modelines) >= 2  # the tour and the Editors section
    assert config_modelines  # the first line of .ctlint.yaml, at the root
    for target in config_modelines:
        assert target == config_output
    done = subprocess.run(
        [sys.executable, "-m", "ctlint", "schema", "--config", "--output", config_output],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / config_output).read_text("utf-8") == (
        ROOT / "schemas" / "config.schema.json"
    ).read_text("utf-8")
    for target in modelines:
        assert "://" not in target, "a modeline that needs the network"
        assert posixpath.normpath(posixpath.join("vendors", target)) == output
    result = subprocess.run(
        [sys.executable, "-m", "ctlint", "schema", "--output", output],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = tmp_path / output
    assert written.read_text("utf-8") == (
        ROOT / "schemas" / "vendor-manifest.schema.json"
    ).read_text("utf-8")
    settings = re.search(r'\{"yaml\.schemas": \{"\./([^"]+)"', text)
    assert settings is not None
    assert settings.group(1) == output


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
