"""The package is typed (mypy --strict) and ruff-clean, and its modules stay short or say why
not: run as part of the test suite."""

from __future__ import annotations

import ast
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


#: A module over this many lines says in its docstring why it is one module.
LONG_MODULE = 440
GENERATED = {"ctlint/output/register/template_code.py"}


def test_a_long_module_says_why_it_is_one() -> None:
    root = ROOT
    unexplained = []
    for path in sorted((root / "ctlint").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel in GENERATED or text.count("\n") <= LONG_MODULE:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if "lines" not in doc:
            unexplained.append(f"{rel} ({text.count(chr(10))} lines)")
    assert unexplained == [], "split these modules or say in the docstring why each is one"
