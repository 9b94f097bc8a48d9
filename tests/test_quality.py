"""The package is typed (mypy --strict) and ruff-clean: run as part of the test suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff():
    # ruff and mypy are test dependencies ([test] extra): missing, the test fails
    assert shutil.which("ruff") is not None, "ruff is not installed: pip install -e '.[test]'"
    for args in (["check", "ctlint", "tests"], ["format", "--check", "ctlint"]):
        result = subprocess.run(
            ["ruff", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "ctlint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
