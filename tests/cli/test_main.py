"""ctlint.cli: the group, the entry point and the error boundary: exit codes 2, 3 and 130,
no traceback for a user's mistake, ``--version`` and ``python -m ctlint``; and a Ctrl-C
while the CLI is still being imported exits 130 quietly."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from ctlint import __version__

INTERRUPT_DURING_IMPORT = textwrap.dedent(
    """
    import os, signal, sys

    class Interrupt:
        def find_spec(self, name, path=None, target=None):
            if name == "click":
                os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, in the middle of the import
            return None

    sys.modules.pop("click", None)
    sys.meta_path.insert(0, Interrupt())
    from ctlint.__main__ import main
    sys.argv = ["ctlint", "--version"]
    main()
    """
)


def test_ctrl_c_while_importing_exits_130_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPT_DURING_IMPORT],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr == ""
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", "--fail-on", "fatal"], id="bad-choice"),
        pytest.param(["check", "--format", "yaml"], id="unknown-format"),
        pytest.param(["check", "--jobs", "0"], id="jobs-zero"),
        pytest.param(["check", "--bogus"], id="unknown-option"),
        pytest.param(["check", "--select", "NOPE-123"], id="unknown-rule-selected"),
        pytest.param(["check", "--ignore", "nonsense"], id="unknown-rule-ignored"),
        pytest.param(["check", "--as-of", "28/11/2026"], id="bad-date"),
        pytest.param(["check", "--config", "missing.yaml"], id="missing-config"),
        pytest.param(["check", "--format", "json", "--format", "text"], id="two-formats-to-stdout"),
        pytest.param(["explain"], id="explain-without-rule"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_exit_2_usage_errors(repo: Any, run_cli: Any, args: list[str]) -> None:
    repo.manifest()
    code, out, err = run_cli(*args, cwd=repo.path)
    assert code == 2
    assert out == ""
    assert err.strip()
    assert "Traceback" not in err


def _crash(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("boom in the pipeline")


def test_exit_3_internal_error_without_traceback(
    repo: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctlint.engine import analyze as api

    repo.manifest()
    monkeypatch.setattr(api, "load_target", _crash)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 3
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "boom in the pipeline" in lines[0]
    assert "--debug" in lines[0]
    assert "report" in lines[0]


def test_exit_3_with_debug_shows_the_traceback(
    repo: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctlint.engine import analyze as api

    repo.manifest()
    monkeypatch.setattr(api, "load_target", _crash)
    code, _out, err = run_cli("check", "--debug", cwd=repo.path)
    assert code == 3
    assert "Traceback" in err
    assert "RuntimeError: boom in the pipeline" in err


def test_exit_130_when_interrupted(
    repo: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctlint.engine import analyze as api

    def interrupt(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyboardInterrupt

    repo.manifest()
    monkeypatch.setattr(api, "load_target", interrupt)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 130
    assert "Traceback" not in err


def test_configuration_error_has_no_traceback_even_with_debug(repo: Any, run_cli: Any) -> None:
    repo.config("fail_on: never\n")
    code, _out, err = run_cli("check", "--debug", cwd=repo.path)
    assert code == 2
    assert "Traceback" not in err


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(run_cli: Any, flag: str) -> None:
    code, out, _err = run_cli(flag)
    assert code == 0
    assert out.strip() == f"ctlint {__version__}"


def test_python_m_ctlint_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ctlint", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"ctlint {__version__}"


def test_python_m_ctlint_check_exit_code(repo: Any) -> None:
    repo.manifest(text="id: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "ctlint", "check", "--no-color"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "CTL001" in result.stdout


COMMANDS = {
    "baseline",
    "check",
    "due",
    "explain",
    "export",
    "import",
    "init",
    "new",
    "policy",
    "report",
    "rules",
    "schema",
    "taxonomy",
}
#: Commands whose line in ``ctlint --help`` is worded apart from their own help (as before the
#: split; their modules set no short_help): the line is kept so that --help stays the same.
OWN_WORDING = {"baseline", "init", "new"}


def help_rows(out: str) -> dict[str, str]:
    """The Commands section of ``ctlint --help``: name -> help line."""
    rows: dict[str, str] = {}
    for line in out.split("Commands:\n", 1)[1].splitlines():
        if not line.startswith("   "):  # "  NAME  HELP"; a long HELP goes on further indented
            name = line.split()[0]
            rows[name] = " ".join(line.split()[1:])
        else:
            rows[name] += " " + " ".join(line.split())
    return rows


def test_help_lists_every_command_with_its_own_short_help(run_cli: Any) -> None:
    """The group shows each command's help without importing it, from LazyGroup.lazy: each
    line there is the command's own (docstring or short_help), but for OWN_WORDING."""
    import click

    from ctlint.cli import LazyGroup, cli

    code, out, err = run_cli("--help")
    assert code == 0
    assert err == ""
    rows = help_rows(out)
    assert set(rows) == COMMANDS == set(LazyGroup.lazy)
    context = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None
        assert command.name == name
        assert rows[name] == LazyGroup.lazy[name][2]
        own = command.get_short_help_str(limit=80)
        assert (rows[name] == own) is (name not in OWN_WORDING), (name, own)


def test_version_and_help_import_no_command_module() -> None:
    script = (
        "import json, sys\n"
        "from ctlint.cli import run_cli\n"
        "codes = [run_cli(['--version']), run_cli(['--help'])]\n"
        "print(json.dumps([codes, [m for m in sys.modules if m.startswith('ctlint.cli.')]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    codes, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert codes == [0, 0]
    assert set(loaded) == {"ctlint.cli.exits", "ctlint.cli.streams"}


def test_a_command_imports_only_its_module(repo: Any) -> None:
    script = (
        "import json, sys\n"
        "from ctlint.cli import run_cli\n"
        "code = run_cli(['rules', '--format', 'json'])\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('ctlint.cli.')]), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert "ctlint.cli.rules" in loaded
    assert loaded.isdisjoint({"ctlint.cli.check", "ctlint.cli.init", "ctlint.cli.report"})


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(run_cli: Any, name: str) -> None:
    code, out, err = run_cli(name, "--help")
    assert code == 0, err
    assert out.startswith(f"Usage: ctlint {name} ")


def test_a_command_exit_code_is_the_process_exit_code_in_standalone_click(repo: Any) -> None:
    """LazyGroup.invoke: a command's return value is the exit code also without main()."""
    from click.testing import CliRunner

    from ctlint.cli import cli

    repo.manifest(text="id: [\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo.path)
        broken = CliRunner().invoke(cli, ["check", "--no-color"])
        usage = CliRunner().invoke(cli, ["check", "--format", "yaml"])
    assert broken.exit_code == 1
    assert "CTL001" in broken.output
    assert usage.exit_code == 2


def test_the_command_freezes_its_objects_before_the_interpreter_exits() -> None:
    """``ctlint`` (ctlint.__main__) freezes what is alive when it ends, so that the
    interpreter's collections at exit have nothing to traverse; the exit code is unchanged."""
    script = (
        "import gc, sys\n"
        "from ctlint import __main__ as entry\n"
        "sys.argv = ['ctlint', '--version']\n"
        "try:\n"
        "    entry.main()\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, gc.get_freeze_count() > 1000)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 True"
