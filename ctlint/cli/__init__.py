"""The command line: parse options, call the library, write reports, map results to exit codes.

The package ``ctlint.cli`` is the only one that imports Click, prints, or exits. This module holds
the group, the entry point and the error boundary. Each command lives in its own module, imported
only when that command is used (:class:`LazyGroup`): :mod:`~ctlint.cli.check`,
:mod:`~ctlint.cli.rules` (``rules``, ``explain``, ``schema``, ``policy test``),
:mod:`~ctlint.cli.init`, :mod:`~ctlint.cli.new`, :mod:`~ctlint.cli.baseline`,
:mod:`~ctlint.cli.report`, :mod:`~ctlint.cli.due`. The options they share are in :mod:`ctlint.cli.options`, the exit
codes in :mod:`ctlint.cli.exits`, the guarded standard streams in :mod:`ctlint.cli.streams`.
Heavy modules are imported inside the commands so that ``ctlint --version`` and a one-file
pre-commit run start fast."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, ClassVar

import click

from ctlint import __version__
from ctlint.cli.exits import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
)
from ctlint.cli.streams import (
    OutputError,
    Terminated,
    guarded_streams,
    silence_stdout,
    termination_signals,
)
from ctlint.errors import CtlintError
from ctlint.util.text import visible

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "LazyGroup",
    "OutputError",
    "cli",
    "main",
    "run_cli",
]

ISSUES_URL = "the ctlint issue tracker"


class LazyGroup(click.Group):
    """A group whose commands live in their own modules, each imported only when its command
    runs (or shows its own help): ``ctlint --version`` and ``ctlint --help`` import none, and
    ``ctlint check`` imports only :mod:`ctlint.cli.check`."""

    lazy: ClassVar[dict[str, tuple[str, str, str]]] = {
        # name: (module, attribute, help line shown by --help without importing the module;
        # tests/cli/test_main.py checks that it is the command's own short help)
        "baseline": (
            "ctlint.cli.baseline",
            "command",
            "Record today's findings so that only new ones fail.",
        ),
        "check": (
            "ctlint.cli.check",
            "command",
            "Lint manifests (default: the configured manifests under the repository root).",
        ),
        "due": (
            "ctlint.cli.due",
            "command",
            "What comes due, soonest first: expiries, reviews, rules coming into force.",
        ),
        "export": ("ctlint.cli.fides", "export_group", "Export manifests to other tools."),
        "explain": (
            "ctlint.cli.rules",
            "explain",
            "Explain one rule: why it exists, what to write, the law it comes from.",
        ),
        "import": ("ctlint.cli.fides", "import_group", "Import vendor manifests from other tools."),
        "init": (
            "ctlint.cli.init",
            "command",
            "Write a starter .ctlint.yaml, pre-commit entry and example manifest.",
        ),
        "new": (
            "ctlint.cli.new",
            "command",
            "Scaffold vendors/ID.yaml with every field the active rules need.",
        ),
        "policy": ("ctlint.cli.rules", "policy", "Work with policy files."),
        "report": (
            "ctlint.cli.report",
            "command",
            "The auditor's compliance register (HTML, Markdown, CSV, JSON, OSCAL).",
        ),
        "rules": (
            "ctlint.cli.rules",
            "rules",
            "List rules: id, pack, severity, title, and whether each is active (and why).",
        ),
        "taxonomy": (
            "ctlint.cli.taxonomy",
            "command",
            "List taxonomy keys with their descriptions and legal markers.",
        ),
        "schema": (
            "ctlint.cli.rules",
            "schema",
            "Print the manifest JSON Schema (for editors and other validators).",
        ),
    }

    def invoke(self, ctx: click.Context) -> Any:
        """Commands return their exit code; make it the process's in every mode (also for
        ``CliRunner`` and standalone Click), not only through :func:`main`."""
        try:
            result = super().invoke(ctx)
        except CtlintError as exc:
            _report_error(exc)
            ctx.exit(exc.exit_code)
        if isinstance(result, int) and not isinstance(result, bool) and result != 0:
            ctx.exit(result)
        return result

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            import importlib

            module_name, attribute, _help = self.lazy[cmd_name]
            command: click.Command = getattr(importlib.import_module(module_name), attribute)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.lazy[name][2]) for name in self.lazy]
        for name in super().list_commands(ctx):
            cmd = super().get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=80)))
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows))


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    __version__, "--version", "-V", prog_name="ctlint", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Lint vendor manifests of customer-service tools against Connecticut privacy law."""


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn every outcome into a documented exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    code = run_cli(args, debug=debug)
    if code > 128 and _stuck_threads():
        # A signal ended the run, and a thread of the --jobs pool it stopped is still alive:
        # the interpreter's exit handlers would join it, which can block for good. Nothing is
        # left to clean up (temporary files went with the write that made them): leave now.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.flush()
        os._exit(code)
    sys.exit(code)


def _stuck_threads() -> bool:
    import threading

    main_thread = threading.main_thread()
    return any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not main_thread)


def run_cli(args: list[str], *, debug: bool = False) -> int:
    """Run the CLI with ``args`` and return the exit code (no ``sys.exit``)."""
    with guarded_streams(), termination_signals():
        try:
            return _run(args, debug=debug)
        except Terminated as exc:  # landed while an error was being reported
            return 128 + exc.signum


def _run(args: list[str], *, debug: bool) -> int:
    try:
        result = cli.main(args=args, prog_name="ctlint", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("ctlint: interrupted", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("ctlint: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Terminated as exc:
        click.echo("ctlint: terminated", err=True)
        return 128 + exc.signum
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE if exc.exit_code not in (0, 1) else exc.exit_code
    except CtlintError as exc:
        _report_error(exc)
        return exc.exit_code
    except BrokenPipeError:
        silence_stdout()
        return EXIT_FINDINGS
    except UnicodeEncodeError as exc:
        if exc.reason != "surrogates not allowed":
            return _internal_error(exc, debug)
        # A name that is not UTF-8 (its bytes decoded with surrogateescape) cannot be written
        # into a UTF-8 file: the user's file name, not a bug.
        around = exc.object[max(0, exc.start - 30) : exc.end + 30]
        _report_error(
            CtlintError(
                f"a file name is not valid UTF-8 and cannot be written to the output (…{around}…);"
                " rename the file"
            )
        )
        return EXIT_USAGE
    except Exception as exc:  # a bug: one line, the traceback only with --debug
        return _internal_error(exc, debug)
    return result if isinstance(result, int) else EXIT_OK


def _internal_error(exc: Exception, debug: bool) -> int:
    if debug:
        import traceback

        traceback.print_exc()
    click.echo(
        visible(
            f"ctlint: internal error ({type(exc).__name__}: {exc}); this is a bug in ctlint — "
            f"re-run with --debug and report the output to {ISSUES_URL}"
        ),
        err=True,
    )
    return EXIT_INTERNAL


def _report_error(exc: Exception) -> None:
    """A user's mistake: one line on stderr a problem, control characters made visible."""
    for line in exc.lines if isinstance(exc, CtlintError) else (str(exc),):
        click.echo(f"ctlint: error: {visible(line)}", err=True)
