"""bench/run.py runs end to end and reports every row (it is never timed here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_script_produces_every_row(tmp_path):
    out = tmp_path / "bench.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            *("--files", "12", "--jobs-files", "70"),
            *("--memory-files", "80", "--report-files", "15"),
            *("--runs", "1", "--big-runs", "1", "--tmp", str(tmp_path), "--markdown", str(out)),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for row in (
        "| check 12 manifests, 1 job |",
        "| check 12 manifests, one schema error each, 1 job |",
        "| `report --format html` on 15 manifests |",
        "| pre-commit: one file (alone) |",
        "| pre-commit: one file (in a repository of 50) |",
        "| pre-commit: one file (in a repository of 12, no cache) |",
        "| pre-commit: one file (in a repository of 12, `cache_dir`) |",
        "| `--version` |",
        "| 70 manifests, 2 jobs against 1 |",
        "| 80 manifests, 1 job: peak memory |",
        "| 80 manifests, 1 job: time |",
    ):
        assert row in text, row
    assert "Targets met: " in text
    assert [p.name for p in tmp_path.iterdir()] == ["bench.md"]  # the manifests are removed
