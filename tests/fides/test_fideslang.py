"""Opt-in: the export parsed by real fideslang 3.1.4 (spec fides.md §6.3.3), in an interpreter
of its own (``CTLINT_FIDESLANG=/path/to/python``); pydantic never enters ctlint's environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKER = """
import sys, warnings
warnings.simplefilter("error")
from fideslang import DEFAULT_TAXONOMY
from fideslang.manifests import ingest_manifests
from fideslang.parse import load_manifests_into_taxonomy
taxonomy = load_manifests_into_taxonomy(ingest_manifests(sys.argv[1]))
known = {c.fides_key for c in DEFAULT_TAXONOMY.data_category + taxonomy.data_category}
uses = {u.fides_key for u in DEFAULT_TAXONOMY.data_use}
bad = [k for s in taxonomy.system for d in s.privacy_declarations
       for k in d.data_categories if k not in known]
bad += [d.data_use for s in taxonomy.system for d in s.privacy_declarations if d.data_use not in uses]
print(len(taxonomy.system), bad)
sys.exit(1 if bad else 0)
"""


def test_export_parses_with_fideslang(tmp_path: Path) -> None:
    python = os.environ.get("CTLINT_FIDESLANG")
    if not python:
        pytest.skip("set CTLINT_FIDESLANG to a Python with fideslang==3.1.4 to run this test")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples/private-business", repo)
    out = tmp_path / "fides.yml"
    export = subprocess.run(
        [sys.executable, "-m", "ctlint", "export", "fides", "--out", str(out)],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert export.returncode == 0, export.stderr
    checked = subprocess.run(
        [python, "-c", CHECKER, str(out)], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.split()[0] != "0"
