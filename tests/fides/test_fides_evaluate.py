"""Opt-in: real ``fides --local evaluate`` on the export of both bundled examples (spec fides.md
§6.3.4, E5). Set ``CTLINT_REAL_FIDES`` to a ``fides`` executable (``ethyca-fides`` installed in
a virtual environment of its own; it is never a ctlint dependency). Each export, with its
policy from tests/data/fides/evaluate/, goes in a manifests folder of its own: the policy must
pass, and a probe policy on ctlint's extension keys must fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
POLICIES = ROOT / "tests/data/fides/evaluate"
#: The bundled examples and the manifests of each that export (state-agency's
#: intercom-chatbot.yaml has schema errors on purpose, which block an export: E4), and the
#: imported manifests whose x-fides flows the export writes back.
EXAMPLES = {
    "examples/private-business": (),
    "examples/state-agency": ("vendors/genesys-cloud.yaml", "vendors/zendesk.yaml"),
    "tests/data/fides/flows": (),
}


def _fides() -> str:
    fides = os.environ.get("CTLINT_REAL_FIDES")
    if not fides:
        pytest.skip("set CTLINT_REAL_FIDES to a fides executable (ethyca-fides) to run this test")
    return fides


def _evaluate(
    fides: str, export: str, policy: str, folder: Path
) -> subprocess.CompletedProcess[str]:
    manifests = folder / "manifests"
    manifests.mkdir()
    (manifests / "export.yml").write_text(export, "utf-8")
    shutil.copy(POLICIES / policy, manifests / policy)
    return subprocess.run(
        [fides, "--local", "evaluate", "--dry", str(manifests)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "FIDES__USER__ANALYTICS_OPT_OUT": "true", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_fides_evaluate_accepts_the_export(tmp_path: Path, example: str) -> None:
    fides = _fides()
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / example, repo)
    for number, options in enumerate(([], ["--subprocessor-systems"], ["--flatten-extensions"])):
        export = subprocess.run(
            [sys.executable, "-m", "ctlint", "export", "fides", *EXAMPLES[example], *options],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert export.returncode == 0, export.stderr
        run = tmp_path / f"run-{number}"
        run.mkdir()
        passed = _evaluate(fides, export.stdout, "policy.yml", run)
        print(options, passed.stdout)
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert "Evaluation passed!" in passed.stdout
        if options or "zendesk" not in export.stdout:
            continue
        probe = tmp_path / f"probe-{number}"
        probe.mkdir()
        caught = _evaluate(fides, export.stdout, "probe.yml", probe)
        assert caught.returncode == 1, caught.stdout + caught.stderr
        assert "user.content.private.support_ticket" in caught.stdout
        assert "of system (zendesk) failed rule" in caught.stdout
        assert "(ctlint_probe_policy)" in caught.stdout
