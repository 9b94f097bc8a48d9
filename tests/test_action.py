"""The GitHub Action (action.yml), run as the runner runs a composite action: its ``${{ }}``
expressions substituted, each ``run:`` step through ``bash --noprofile --norc -eo pipefail``
(what ``shell: bash`` means on a runner) with the runner's ``GITHUB_*`` files, in a temporary
repository of real manifests.

The install step's ``pip install`` is not run (ctlint is already installed in this venv and
there is no network): the step's script runs for real against a stand-in ``python`` that
records its arguments. Every other step runs as written, with the venv's real Python.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "private-business"
SARIF_SCHEMA = ROOT.parent / "shared" / "third_party" / "sarif" / "sarif-schema-2.1.0.json"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
AS_OF = "2026-11-28"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def _action() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass
class StepRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class ActionRun:
    code: int  # the exit status of the first step that failed, else 0
    outputs: dict[str, str]  # the action's outputs, as its `outputs:` map them
    summary: str
    stdout: str
    stderr: str
    workspace: Path


def parse_output_file(text: str) -> dict[str, str]:
    """The runner's reading of a GITHUB_OUTPUT file: ``name=value`` and ``name<<EOF`` blocks."""
    found: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block: list[str] = []
            while lines[index] != delimiter:
                block.append(lines[index])
                index += 1
            index += 1
            found[name] = "\n".join(block)
        else:
            name, value = line.split("=", 1)
            found[name] = value
    return found


def substitute(text: str, context: dict[str, str]) -> str:
    """The expressions of one value, as the runner evaluates them; an unknown one fails."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        assert expression in context, f"the test does not know the expression {expression!r}"
        return context[expression]

    return EXPRESSION.sub(value, text)


def run_action(
    workspace: Path, inputs: dict[str, str] | None = None, *, python: Path | None = None
) -> ActionRun:
    """Run every step of action.yml in ``workspace`` (the install step with a stand-in python
    unless ``python`` is the recording one) and return what the runner would see."""
    action = _action()
    assert action["runs"]["using"] == "composite"
    given = inputs or {}
    unknown = set(given) - set(action["inputs"])
    assert not unknown, f"not inputs of the action: {unknown}"
    context = {
        f"inputs.{name}": given.get(name, str(spec.get("default", "")))
        for name, spec in action["inputs"].items()
    }
    context["github.action_path"] = str(ROOT)
    context["github.workspace"] = str(workspace)
    temp = workspace.parent / "runner temp"
    temp.mkdir(exist_ok=True)
    summary_file = temp / "step_summary"
    summary_file.write_text("")
    stdout: list[str] = []
    stderr: list[str] = []
    step_outputs: dict[str, dict[str, str]] = {}
    failed = 0
    for number, step in enumerate(action["runs"]["steps"]):
        assert "run" in step, "every step is a shell step"
        assert step.get("shell") == "bash"
        bin_dir = Path(sys.executable).parent
        if step.get("id") == "install":
            # pip is not run here: ctlint is installed in this venv already (and there is no
            # network); the script runs against a python that records what it was asked.
            bin_dir = python or _recording_python(temp)
        env = {
            "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(temp),
            "LANG": "C.UTF-8",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_STEP_SUMMARY": str(summary_file),
            "RUNNER_TEMP": str(temp),
        }
        output_file = temp / f"output_{number}"
        output_file.write_text("")
        env["GITHUB_OUTPUT"] = str(output_file)
        for name, value in (step.get("env") or {}).items():
            env[name] = substitute(str(value), context)
        script = temp / f"step_{number}.sh"
        script.write_text(step["run"])
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        stdout.append(result.stdout)
        stderr.append(result.stderr)
        outputs = parse_output_file(output_file.read_text("utf-8"))
        if "id" in step:
            step_outputs[step["id"]] = outputs
            for name, value in outputs.items():
                context[f"steps.{step['id']}.outputs.{name}"] = value
        if result.returncode != 0:
            failed = result.returncode
            break  # later steps have no `if:`, so the runner skips them
    action_outputs = {}
    for name, spec in action["outputs"].items():
        names = EXPRESSION.findall(spec["value"])
        for expression in names:
            context.setdefault(expression, "")  # an output a failed step did not set
        action_outputs[name] = substitute(spec["value"], context)
    return ActionRun(
        failed,
        action_outputs,
        summary_file.read_text("utf-8"),
        "".join(stdout),
        "".join(stderr),
        workspace,
    )


def _recording_python(folder: Path) -> Path:
    bin_dir = folder / "fake bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "python"
    fake.write_text(
        '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "$HOME/python-args"\n'
    )
    fake.chmod(0o755)
    return bin_dir


def _workspace(tmp_path: Path, keep: tuple[str, ...] | None = None) -> Path:
    """A checkout (in a folder whose name has a space) of the private-business example, with
    ``as_of`` fixed; ``keep``: only these manifests."""
    workspace = tmp_path / "work space" / "repo"
    shutil.copytree(EXAMPLE, workspace)
    config = workspace / ".ctlint.yaml"
    text = re.sub(r"(?m)^as_of: .*$", f"as_of: {AS_OF}", config.read_text("utf-8"))
    assert f"as_of: {AS_OF}" in text
    config.write_text(text, encoding="utf-8")
    if keep is not None:
        for manifest in (workspace / "vendors").iterdir():
            if manifest.name not in keep:
                manifest.unlink()
    (workspace / ".git").mkdir()
    return workspace


def _direct(workspace: Path, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "ctlint", "check", "--format", "json", *args],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _sarif(run: ActionRun) -> dict[str, Any]:
    path = run.workspace / run.outputs["sarif-file"]
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    assert data["version"] == "2.1.0"
    return data


def _validate_sarif(data: dict[str, Any]) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    errors = [e.message for e in Draft4Validator(schema).iter_errors(data)]
    assert errors == []


def _open_results(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in data["runs"][0]["results"] if not r.get("suppressions")]


# --------------------------------------------------------------------------- the file itself


def test_inputs_reach_the_shell_only_through_env() -> None:
    action = _action()
    assert set(action["inputs"]) == {"paths", "config", "fail-on", "as-of", "baseline", "sarif"}
    assert set(action["outputs"]) == {"sarif-file", "findings", "exit-code"}
    used: set[str] = set()
    for step in action["runs"]["steps"]:
        assert "${{" not in step["run"], f"an expression inside the script of {step.get('id')}"
        for value in (step.get("env") or {}).values():
            used.update(re.findall(r"inputs\.([\w-]+)", str(value)))
    assert used == set(action["inputs"])


def test_install_step_installs_the_actions_own_checkout(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, keep=("zendesk.yaml",))
    recorder = _recording_python(tmp_path)
    action = _action()
    install = action["runs"]["steps"][0]
    assert install["id"] == "install"
    assert install["env"] == {"CTLINT_ACTION_PATH": "${{ github.action_path }}"}
    run_action(workspace, python=recorder)
    args = (tmp_path / "work space" / "runner temp" / "python-args").read_text().splitlines()
    assert args[:3] == ["-m", "pip", "install"]
    assert args[-1] == str(ROOT)  # one argument, whatever the path holds


# --------------------------------------------------------------------------- runs


def test_failing_repository(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    expected = _direct(workspace)
    run = run_action(workspace)
    assert run.code == 1, run.stderr
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["findings"] == str(expected["summary"]["findings"])
    assert int(run.outputs["findings"]) > 0
    assert run.outputs["sarif-file"] == "ctlint.sarif"
    sarif = _sarif(run)
    _validate_sarif(sarif)
    assert len(_open_results(sarif)) == expected["summary"]["findings"]
    rules = {f["rule"] for f in expected["findings"]}
    assert {r["ruleId"] for r in _open_results(sarif)} == rules
    # annotations in the log, and the Markdown summary in the job summary
    assert "::error " in run.stdout
    assert run.summary.startswith("#")
    for rule in rules:
        assert rule in run.summary
    assert not list(Path(tmp_path / "work space" / "runner temp").glob("ctlint.*"))  # cleaned


def test_passing_repository(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, keep=("zendesk.yaml",))
    run = run_action(workspace)
    assert run.code == 0, run.stderr
    assert run.outputs == {"sarif-file": "ctlint.sarif", "findings": "0", "exit-code": "0"}
    sarif = _sarif(run)
    _validate_sarif(sarif)
    assert _open_results(sarif) == []
    assert run.summary.startswith("#")


@pytest.mark.parametrize(("fail_on", "code"), [("", 0), ("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_levels(tmp_path: Path, fail_on: str, code: int) -> None:
    workspace = _workspace(tmp_path, keep=("zendesk.yaml", "intercom.yaml"))
    expected = _direct(workspace)
    assert expected["summary"]["warnings"] > 0
    assert expected["summary"]["errors"] == 0
    run = run_action(workspace, {"fail-on": fail_on})
    assert run.code == code, run.stderr
    assert run.outputs["exit-code"] == str(code)
    assert run.outputs["findings"] == str(expected["summary"]["findings"])


def test_paths_and_sarif_with_spaces(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    spaced = workspace / "vendors" / "with space"
    spaced.mkdir()
    (workspace / "vendors" / "talkdesk.yaml").rename(spaced / "talk desk.yaml")
    run = run_action(
        workspace,
        {
            "paths": "  vendors/with space/talk desk.yaml  \n\n vendors/zendesk.yaml\n",
            "sarif": "reports/ctlint results.sarif",
        },
    )
    assert run.code == 1, run.stderr
    assert run.outputs["sarif-file"] == "reports/ctlint results.sarif"
    sarif = _sarif(run)
    _validate_sarif(sarif)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"vendors/with%20space/talk%20desk.yaml"}  # zendesk passes
    expected = _direct(workspace, "vendors/with space/talk desk.yaml", "vendors/zendesk.yaml")
    assert run.outputs["findings"] == str(expected["summary"]["findings"])


def test_config_as_of_and_baseline_inputs(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    config = workspace / "ci config" / "ctlint.yaml"
    config.parent.mkdir()
    text = (workspace / ".ctlint.yaml").read_text("utf-8").replace(f"as_of: {AS_OF}", "")
    (workspace / ".ctlint.yaml").unlink()
    config.write_text(text, encoding="utf-8")  # its manifests are those of its folder
    for name in ("vendors", "contracts", "docs"):
        if (workspace / name).exists():
            shutil.copytree(workspace / name, config.parent / name)
    baseline = subprocess.run(
        [sys.executable, "-m", "ctlint", "baseline", "--config", str(config), "--as-of", AS_OF],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=False,
    )
    assert baseline.returncode == 0, baseline.stderr
    (baseline_file,) = config.parent.glob("*baseline*.json")
    inputs = {"config": "ci config/ctlint.yaml", "as-of": AS_OF}
    failing = run_action(workspace, inputs)
    assert failing.code == 1, failing.stderr
    assert int(failing.outputs["findings"]) > 0
    rel = baseline_file.relative_to(workspace).as_posix()
    passing = run_action(workspace, {**inputs, "baseline": rel})
    assert passing.code == 0, passing.stderr
    assert passing.outputs["findings"] == "0"
    assert AS_OF in json.dumps(_sarif(passing))


def test_a_configuration_error_fails_with_its_message(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, keep=("zendesk.yaml",))
    run = run_action(workspace, {"fail-on": "bogus"})
    assert run.code == 2
    assert run.outputs == {"sarif-file": "", "findings": "", "exit-code": "2"}
    assert run.summary.startswith("### ctlint could not run (exit code 2)")
    assert "bogus" in run.summary
    assert "bogus" in run.stderr
    assert not (workspace / "ctlint.sarif").exists()


def test_inputs_are_never_run_as_shell_code(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, keep=("zendesk.yaml",))
    marker = tmp_path / "pwned"
    run = run_action(
        workspace,
        {
            "paths": f"$(touch {marker})\n`touch {marker}`\nvendors/<script>x</script>.yaml",
            "config": f'"; touch {marker}; echo "',
            "as-of": f"$(touch {marker})",
            "sarif": f"x.sarif; touch {marker}",
        },
    )
    assert not marker.exists()
    assert run.code == 2
    assert run.outputs["exit-code"] == "2"
    assert "<script>" not in run.summary


def test_a_line_break_in_the_sarif_input_is_refused(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, keep=("zendesk.yaml",))
    run = run_action(workspace, {"sarif": "a.sarif\nexit-code=0"})
    assert run.code == 2
    assert run.outputs["exit-code"] == "2"
    assert "::error title=ctlint::the sarif input must be one path" in run.stdout


def test_output_file_parser_reads_both_forms() -> None:
    text = "a=1\nb<<EOF_x\nline 1\nline 2\nEOF_x\nc=x=y\n"
    assert parse_output_file(text) == {"a": "1", "b": "line 1\nline 2", "c": "x=y"}
