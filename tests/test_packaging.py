"""The wheel carries the schemas and policies, and an installed ctlint works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import nested_venv

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("ctlint-*.whl")
    return path


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for policy in (ROOT / "policies").rglob("*.yaml"):
        rel = policy.relative_to(ROOT / "policies").as_posix()
        assert f"ctlint/policies/{rel}" in names
    for schema in (ROOT / "schemas").glob("*.json"):
        assert f"ctlint/schemas/{schema.name}" in names
    assert "ctlint/py.typed" in names


@pytest.mark.slow
def test_installed_wheel_runs_on_the_examples(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    python = nested_venv(env_dir)
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            str(wheel),
        ],
        check=True,
    )
    where = subprocess.run(
        [
            python,
            "-c",
            "import ctlint, importlib.resources as r; print(ctlint.__file__); "
            "print(r.files('ctlint.policies').joinpath('ctdpa/CTDPA-013.yaml').is_file()); "
            "from ctlint.policy import load; print(len(load._bundle()) > 90)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(env_dir)), where
    assert where[1] == "True"
    assert where[2] == "True"  # the policy bundle ships, so an installed ctlint starts fast
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [
            env_dir / "bin" / "ctlint",
            "check",
            "--format",
            "json",
            "--config",
            str(ROOT / "examples" / "private-business" / ".ctlint.yaml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert '"findings"' in result.stdout
    version = subprocess.run(
        [env_dir / "bin" / "ctlint", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == "ctlint 0.1.0"
