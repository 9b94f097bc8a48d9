"""ctlint.output.formats: the one registry of output formats, per command.

Every registered format resolves to a reporter of its name; an unknown name is the documented
usage error; ``--help`` lists the registry's names; and no reporter module is imported before
its format is used (checked in a fresh interpreter, through the real CLI).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ctlint.cli import cli
from ctlint.config import load_settings
from ctlint.engine.pipeline import Report, run
from ctlint.errors import UsageError
from ctlint.output.formats import (
    CHECK_FORMATS,
    FORMATS,
    RULES_FORMATS,
    Formats,
    FormatSpec,
)
from ctlint.output.rendering import RenderOptions

#: cli.md, ``check``: "text default; json, sarif, github, junit, gitlab, markdown".
CHECK_NAMES = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")
#: cli.md, ``rules [--format text|json|markdown]``.
RULES_NAMES = ("text", "json", "markdown")
REPORTER_PACKAGE = "ctlint.output.reporters"

#: Runs the real CLI with the arguments after ``--`` and prints, on stderr, the ctlint modules
#: imported by then.
IMPORTED_MODULES = textwrap.dedent(
    """
    import json, sys
    from ctlint.cli import run_cli
    code = run_cli(sys.argv[1:])
    print(json.dumps(sorted(m for m in sys.modules if m.startswith("ctlint"))), file=sys.stderr)
    sys.exit(code)
    """
)


def imported_modules(cwd: Path, *args: str) -> tuple[int, set[str]]:
    """(exit code, ctlint modules imported) of ``ctlint ARGS`` in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", IMPORTED_MODULES, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return proc.returncode, set(json.loads(proc.stderr.strip().splitlines()[-1]))


def reporters_in(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith(REPORTER_PACKAGE + ".")}


def reporter_closure(module: str) -> set[str]:
    """The reporter modules ``module`` imports at its top level, and those they import."""
    found: set[str] = set()
    todo = [module]
    while todo:
        for name in static_ctlint_imports(todo.pop()):
            if name.startswith(REPORTER_PACKAGE + ".") and name not in found:
                found.add(name)
                if name.count(".") == REPORTER_PACKAGE.count(".") + 1:  # a module, not a name
                    todo.append(name)
    return found


def static_ctlint_imports(module: str) -> set[str]:
    """The ctlint modules that ``module`` imports at its top level (read, not imported)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text("utf-8"))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ctlint"):
            found.add(node.module or "")
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def every_format() -> list[Any]:
    return [
        pytest.param(command, name, id=f"{command}-{name}")
        for command, table in FORMATS.items()
        for name in table.names
    ]


@pytest.fixture
def report(mixed_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    """The finished report of the mixed repository (errors, a warning, waivers, a broken file)."""
    monkeypatch.chdir(mixed_repo)
    return run(load_settings(), [])


# --------------------------------------------------------------------------- the tables


def test_the_check_formats_are_those_of_cli_md() -> None:
    assert CHECK_FORMATS.names == CHECK_NAMES
    assert CHECK_FORMATS.default == "text"
    assert CHECK_FORMATS.listing == "text, json, sarif, github, junit, gitlab, markdown"


def test_the_rules_formats_are_those_of_cli_md() -> None:
    assert RULES_FORMATS.names == RULES_NAMES
    assert RULES_FORMATS.default == "text"


def test_every_command_has_its_table() -> None:
    assert set(FORMATS) == {"check", "rules", "report", "due"}
    assert FORMATS["check"] is CHECK_FORMATS
    assert FORMATS["rules"] is RULES_FORMATS
    assert all(table.command == command for command, table in FORMATS.items())


@pytest.mark.parametrize(("command", "name"), every_format())
def test_every_format_resolves_to_a_reporter_of_its_name(command: str, name: str) -> None:
    reporter = FORMATS[command].get(name)
    assert reporter.name == name
    assert reporter.extension.startswith(".")
    assert len(reporter.extension) > 1
    assert reporter.media_type.count("/") == 1
    assert callable(reporter.render)


@pytest.mark.parametrize("name", ["yaml", "", "JSON", "text:out.txt", " text"])
def test_an_unknown_name_is_the_documented_usage_error(name: str) -> None:
    with pytest.raises(UsageError) as raised:
        CHECK_FORMATS.get(name)
    assert raised.value.exit_code == 2
    assert str(raised.value) == (
        f"--format: unknown format `{name}` "
        "(choose from text, json, sarif, github, junit, gitlab, markdown)"
    )
    with pytest.raises(UsageError):
        CHECK_FORMATS.spec(name)
    assert name not in CHECK_FORMATS


def test_a_name_registered_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        Formats("report", (FormatSpec("csv", "a"), FormatSpec("csv", "b")))


def test_a_table_without_formats_has_no_default() -> None:
    empty: Formats[object] = Formats("report", ())
    assert empty.names == ()
    assert len(empty) == 0
    with pytest.raises(LookupError, match="no format"):
        _ = empty.default
    with pytest.raises(UsageError, match=r"unknown format `html` \(choose from \)"):
        empty.get("html")


def test_a_registered_format_is_imported_only_when_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented way to add a format (e.g. the register's): a module with a ``REPORTER``
    and one FormatSpec in the command's table."""
    module = "ctlint_test_register_csv"
    (tmp_path / f"{module}.py").write_text(
        textwrap.dedent(
            """
            class CsvReporter:
                name = "csv"
                extension = ".csv"
                media_type = "text/csv"

                def render(self, register, options):
                    return f"{register},{options.quiet}\\n"

            REPORTER = CsvReporter()
            """
        ),
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    table: Formats[str] = Formats(
        "report", (FormatSpec("html", f"{module}_html"), FormatSpec("csv", module))
    )
    try:
        assert table.names == ("html", "csv")
        assert table.default == "html"
        assert list(table) == ["html", "csv"]
        assert module not in sys.modules
        reporter = table.get("csv")
        assert module in sys.modules
        assert f"{module}_html" not in sys.modules
        assert reporter.name == "csv"
        assert reporter.render("register", RenderOptions(quiet=True)) == "register,True\n"
    finally:
        sys.modules.pop(module, None)


# --------------------------------------------------------------------------- the options


def test_render_options_are_an_immutable_value() -> None:
    options = RenderOptions(quiet=True)
    assert (options.color, options.quiet, options.statistics) == (False, True, False)
    assert options == RenderOptions(quiet=True)
    assert options != RenderOptions()
    assert hash(options) == hash(RenderOptions(quiet=True))
    assert repr(options) == (
        "RenderOptions(color=False, quiet=True, statistics=False, sarif_all_rules=False)"
    )
    assert options != RenderOptions(quiet=True, sarif_all_rules=True)
    notes: list[str] = []
    RenderOptions(warn=notes.append).note("left out")
    RenderOptions().note("goes nowhere")
    assert notes == ["left out"]
    with pytest.raises(AttributeError, match="immutable"):
        options.quiet = False
    with pytest.raises(TypeError):
        RenderOptions(True)  # type: ignore[misc]  # keywords only


def test_the_text_reporter_reads_its_options(
    report: Report, mixed_repo: Path, check: Callable[..., Any]
) -> None:
    text = CHECK_FORMATS.get("text")
    plain = text.render(report, RenderOptions())
    assert plain == check(mixed_repo, "--format", "text").stdout
    assert plain.splitlines()[-1].startswith("10 findings (8 errors,")
    quiet = text.render(report, RenderOptions(quiet=True))
    live = [line for line in plain.splitlines()[:-1] if "(waived: " not in line]
    assert quiet == "".join(line + "\n" for line in live)  # no summary, no waived finding
    statistics = text.render(report, RenderOptions(statistics=True))
    assert statistics == check(mixed_repo, "--statistics").stdout
    assert len(statistics.splitlines()) > len(plain.splitlines())
    colored = text.render(report, RenderOptions(color=True))
    assert "\x1b[" in colored
    assert colored == check(mixed_repo, "--color").stdout
    assert "\x1b[" not in plain


@pytest.mark.parametrize("name", [n for n in CHECK_NAMES if n != "text"])
def test_the_other_reporters_ignore_the_options(
    report: Report, mixed_repo: Path, check: Callable[..., Any], name: str
) -> None:
    reporter = CHECK_FORMATS.get(name)
    plain = reporter.render(report, RenderOptions())
    every = RenderOptions(color=True, quiet=True, statistics=True)
    assert reporter.render(report, every) == plain
    through_the_cli = check(mixed_repo, "--format", name, "--color", "--quiet", "--statistics")
    assert through_the_cli.stdout == plain


# --------------------------------------------------------------------------- the CLI


def test_an_unknown_format_through_the_cli(
    clean_repo: Path, run_module: Callable[..., Any]
) -> None:
    result = run_module(clean_repo, "check", "--format", "yaml:out.yaml")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "ctlint: error: --format: unknown format `yaml` "
        "(choose from text, json, sarif, github, junit, gitlab, markdown)\n"
    )
    assert not (clean_repo / "out.yaml").exists()


def test_check_help_lists_every_format() -> None:
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    assert f"Output format ({', '.join(CHECK_NAMES)}), optionally to a file; repeatable." in flat


def test_rules_help_and_errors_list_every_format() -> None:
    runner = CliRunner()
    helped = runner.invoke(cli, ["rules", "--help"])
    assert helped.exit_code == 0
    assert "--format [text|json|markdown]" in helped.output
    wrong = runner.invoke(cli, ["rules", "--format", "sarif"])
    assert wrong.exit_code == 2
    assert "'sarif' is not one of 'text', 'json', 'markdown'." in wrong.output


# --------------------------------------------------------------------------- lazy imports


def test_the_registry_imports_no_reporter() -> None:
    script = (
        "import json, sys\n"
        "from ctlint.output import formats\n"
        "assert formats.CHECK_FORMATS.listing and formats.RULES_FORMATS.names\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('ctlint'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    modules = set(json.loads(proc.stdout))
    assert "ctlint.output.formats" in modules
    assert reporters_in(modules) == set()
    assert "ctlint.output.catalog_views" not in modules
    assert not {m for m in modules if m.startswith("ctlint.engine")}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_start_up_imports_no_reporter(tmp_path: Path, args: list[str]) -> None:
    code, modules = imported_modules(tmp_path, *args)
    assert code == 0
    assert REPORTER_PACKAGE not in modules
    assert "ctlint.output.rendering" not in modules
    assert reporters_in(modules) == set()
    assert "ctlint.output.catalog_views" not in modules
    assert not {m for m in modules if m.startswith("ctlint.engine")}


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_check_imports_only_the_reporter_it_uses(clean_repo: Path, name: str) -> None:
    module = CHECK_FORMATS.spec(name).module
    code, modules = imported_modules(clean_repo, "check", "--format", name)
    assert code == 0
    # the format's own module, and the reporter modules it imports for shared helpers
    assert module in modules
    assert reporters_in(modules) <= {module} | reporter_closure(module)


def test_check_json_imports_no_other_reporter(clean_repo: Path) -> None:
    """The pre-commit case (one format, e.g. json or text) loads one reporter module."""
    _code, modules = imported_modules(clean_repo, "check", "--format", "json")
    assert reporters_in(modules) == {"ctlint.output.reporters.json_report"}
    _code, modules = imported_modules(clean_repo, "check")
    assert reporters_in(modules) == {"ctlint.output.reporters.text"}


@pytest.mark.parametrize("name", RULES_NAMES)
def test_rules_imports_no_check_reporter(clean_repo: Path, name: str) -> None:
    code, modules = imported_modules(clean_repo, "rules", "--format", name)
    assert code == 0
    assert "ctlint.output.catalog_views" in modules
    assert reporters_in(modules) == set()
