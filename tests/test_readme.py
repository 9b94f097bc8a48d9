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
