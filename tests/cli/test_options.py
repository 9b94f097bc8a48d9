"""ctlint.cli.options: the options every command shares, defined once; and no module of the
CLI imports another module's private names (shared helpers are public, in options.py)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctlint.cli import cli

PACKAGE = Path(__file__).resolve().parents[2] / "ctlint"
CONFIG_HELP = "--config PATH Configuration file (default: nearest .ctlint.yaml or pyproject.toml)."
AS_OF_HELP = "--as-of DATE Evaluate the law as of this date (YYYY-MM-DD)."
REQUIRE_HELP = (
    "--require-config Exit 2 when no configuration covers a path (instead of applying the "
    "defaults)."
)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Commands and whether they take --as-of (all of them take --config).
COMMANDS = [
    pytest.param(["check"], True, id="check"),
    pytest.param(["rules"], True, id="rules"),
    pytest.param(["explain"], True, id="explain"),
    pytest.param(["policy", "test"], False, id="policy-test"),
    pytest.param(["baseline"], True, id="baseline"),
    pytest.param(["new"], True, id="new"),
    pytest.param(["report"], True, id="report"),
    pytest.param(["due"], True, id="due"),
]

#: Every command that reads the configuration, as run from the folder above a repository
#: with no configuration (``work/repo``): the paths it names, if it takes any.
REQUIRING = [
    pytest.param(["check", "repo"], id="check"),
    pytest.param(["baseline", "repo"], id="baseline"),
    pytest.param(["report", "repo"], id="report"),
    pytest.param(["due", "repo/vendors/zendesk.yaml"], id="due"),
    pytest.param(["rules"], id="rules"),
    pytest.param(["explain", "CTDPA-013"], id="explain"),
    pytest.param(["policy", "test"], id="policy-test"),
    pytest.param(["new", "acme", "--no-input"], id="new"),
]


def private_imports(package: Path) -> list[str]:
    """``from ctlint.M import _name`` where M is not the importing module itself."""
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        module = ".".join(parts)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("ctlint"):
                continue
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and node.module != module:
                    found.append(f"{module}:{node.lineno} {node.module}.{alias.name}")
    return found


@pytest.mark.parametrize(("command", "as_of"), COMMANDS)
def test_every_command_shares_the_same_options(command: list[str], as_of: bool) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert CONFIG_HELP in flat
    assert (AS_OF_HELP in flat) is as_of
    assert REQUIRE_HELP in flat


@pytest.mark.parametrize("command", REQUIRING)
def test_require_config_stops_every_command_that_reads_the_configuration(
    tmp_path: Path, run_cli: Any, command: list[str]
) -> None:
    repo = tmp_path / "work" / "repo"
    shutil.copytree(EXAMPLES / "private-business" / "vendors", repo / "vendors")
    (repo / ".git").mkdir()
    takes_paths = len(command) > 1 and command[1].startswith("repo")
    cwd = tmp_path / "work" if takes_paths else repo
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, out, err = run_cli(*command, "--require-config", cwd=cwd)
    assert code == 2, err
    assert out == ""
    shown = " ".join(command[1:2]) if takes_paths else "the current folder"
    assert err == (
        f"ctlint: error: no configuration found for {shown} (--require-config): no .ctlint.yaml "
        "or pyproject.toml [tool.ctlint] at or above it up to the git root; run `ctlint init` "
        "there or pass --config\n"
    )
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    # with a configuration, the flag changes nothing
    shutil.copy(EXAMPLES / "private-business" / ".ctlint.yaml", repo / ".ctlint.yaml")
    code, _out, err = run_cli(*command, "--require-config", cwd=cwd)
    assert code in (0, 1), err
    assert "no configuration" not in err


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", "--as-of", "28/11/2026"], id="check"),
        pytest.param(["rules", "--as-of", "tomorrow"], id="rules"),
        pytest.param(["explain", "CTDPA-013", "--as-of", "2026-13-01"], id="explain"),
        pytest.param(["rules", "--config", "missing.yaml"], id="rules-missing-config"),
        pytest.param(["policy", "test", "--config", "missing.yaml"], id="policy-missing-config"),
    ],
)
def test_settings_errors_are_usage_errors_for_every_command(
    repo: Any, run_cli: Any, args: list[str]
) -> None:
    repo.manifest()
    code, out, err = run_cli(*args, cwd=repo.path)
    assert code == 2
    assert out == ""
    assert err.startswith("ctlint: error: ")
    assert "Traceback" not in err


def test_as_of_reaches_the_settings(repo: Any, run_cli: Any) -> None:
    _code, out, _err = run_cli("rules", "--as-of", "2026-06-30", cwd=repo.path)
    assert out.startswith("as of 2026-06-30;")


def test_no_cli_module_imports_private_names() -> None:
    assert private_imports(PACKAGE / "cli") == []
    assert [p for p in private_imports(PACKAGE) if " ctlint.cli" in p] == []


def test_a_private_import_is_found(tmp_path: Path) -> None:
    package = tmp_path / "ctlint"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "cli" / "__init__.py").write_text("_helper = 1\nfrom ctlint.cli import _helper\n")
    (package / "cli" / "check.py").write_text("from ctlint.cli import _helper, cli\n")
    assert private_imports(package) == ["ctlint.cli.check:1 ctlint.cli._helper"]


def test_config_for_a_file_outside_its_root_says_so(
    repo: Any, run_cli: Any, tmp_path: Path
) -> None:
    """The adoption review: `--config shop/.ctlint.yaml agency/vendors/five9.yaml` applied the
    shop's law to an agency's manifest without a word."""
    repo.manifest()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(repo.path / "vendors" / "zendesk.yaml", elsewhere / "zendesk.yaml")
    config = str(repo.path / ".ctlint.yaml")
    code, _out, err = run_cli("check", "--config", config, "elsewhere/zendesk.yaml")
    assert code in (0, 1)
    assert err.splitlines()[0] == (
        f"ctlint: elsewhere/zendesk.yaml is outside repo, the root of --config {config}: it is "
        "checked under that configuration (its organization, packs and documents) all the same"
    )
    _code, _out, err = run_cli("check", "--config", config, str(repo.path / "vendors"))
    assert "is outside" not in err
