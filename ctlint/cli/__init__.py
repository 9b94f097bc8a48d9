"""The command line: parse options, call the library, write reports, map results to exit codes.

This is the only module that imports Click, prints, or exits. Heavy modules are imported
inside the commands so that ``ctlint --version`` and a one-file pre-commit run start fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TextIO, cast

import click

from ctlint import __version__
from ctlint.errors import CtlintError
from ctlint.output.inputs import refuse_to_overwrite_inputs as _refuse_to_overwrite_inputs
from ctlint.util.text import terminal, visible
from ctlint.util.writing import write_atomic as write_atomic

if TYPE_CHECKING:
    from types import FrameType

    from ctlint.config import Settings
    from ctlint.engine.report import Report

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
FORMAT_NAMES = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")
ISSUES_URL = "the ctlint issue tracker"


def _color(flag: bool | None, stream: TextIO) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _parse_formats(formats: Sequence[str], output: str | None) -> list[tuple[str, str | None]]:
    from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)
    from ctlint.output.reporters import (
        FORMATS,  # lazy: start-up (a command loads only what it uses)
    )

    parsed: list[tuple[str, str | None]] = []
    for spec in formats or ("text",):
        name, _, path = spec.partition(":")
        if name not in FORMAT_NAMES:
            raise UsageError(
                f"--format: unknown format `{name}` (choose from {', '.join(FORMAT_NAMES)})"
            )
        if name not in FORMATS:
            raise UsageError(f"--format: the `{name}` format is not available in this version")
        parsed.append((name, path or None))
    if output is not None:
        if len(parsed) != 1 or parsed[0][1] is not None:
            raise UsageError(
                "--output names the path of a single --format without a path of its own"
            )
        parsed = [(parsed[0][0], output)]
    if sum(1 for _n, p in parsed if p is None) > 1:
        raise UsageError(
            "--format: at most one format may go to standard output; give the others a path (FORMAT:PATH)"
        )
    return parsed


def _settings(**options: Any) -> Settings:
    from ctlint.config import load_settings  # lazy: start-up (a command loads only what it uses)

    return load_settings(**options)


def _render(name: str, report: Report, color: bool, **extra: Any) -> str:
    import io

    from ctlint.output.reporters import (
        get_reporter,  # lazy: start-up (a command loads only what it uses)
    )

    buffer = io.StringIO()
    if name == "text":
        from ctlint.output.reporters import (
            text,  # lazy: start-up (a command loads only what it uses)
        )

        text.report(report, buffer, color, **extra)
    else:
        get_reporter(name)(report, buffer, False)
    return buffer.getvalue()


class LazyGroup(click.Group):
    """A group whose larger commands live in their own modules and are imported only when used."""

    lazy: ClassVar[dict[str, tuple[str, str]]] = {
        # name: (module, help line shown by --help without importing the module)
        "init": (
            "ctlint.cli.init",
            "Write a starter .ctlint.yaml, pre-commit entry and example manifest.",
        ),
        "new": (
            "ctlint.cli.new",
            "Scaffold vendors/ID.yaml with every field the active rules need.",
        ),
        "baseline": (
            "ctlint.cli.baseline",
            "Record today's findings so that only new ones fail.",
        ),
        "report": (
            "ctlint.cli.report",
            "The auditor's compliance register (HTML, Markdown, CSV, JSON).",
        ),
    }

    def invoke(self, ctx: click.Context) -> Any:
        """Commands return their exit code; make it the process's in every mode (also for
        ``CliRunner`` and standalone Click), not only through :func:`main`."""
        from ctlint.errors import CtlintError  # lazy: start-up (a command loads only what it uses)

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

            module = importlib.import_module(self.lazy[cmd_name][0])
            command: click.Command = module.command
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.lazy[name][1]) for name in self.lazy]
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


_config_option = click.option(
    "--config",
    "config",
    metavar="PATH",
    help="Configuration file (default: nearest .ctlint.yaml or pyproject.toml).",
)
_as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="Evaluate the law as of this date (YYYY-MM-DD)."
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_config_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[:PATH]",
    help=f"Output format ({', '.join(FORMAT_NAMES)}), optionally to a file; repeatable.",
)
@click.option("--output", metavar="PATH", help="Write the single --format to this file.")
@_as_of_option
@click.option(
    "--select",
    multiple=True,
    metavar="IDS",
    help="Rule ids, id prefixes or packs to run (comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="IDS",
    help="Rule ids, id prefixes or packs to skip (comma-separated).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that fails the run.",
)
@click.option("--no-waivers", is_flag=True, help="Audit mode: ignore every waiver.")
@click.option(
    "--baseline", "baseline_path", metavar="PATH", help="Report only findings not in this baseline."
)
@click.option(
    "--only-manifests",
    is_flag=True,
    help="Skip named files that the configured manifests globs do not select (for pre-commit).",
)
@click.option(
    "--cache-dir",
    metavar="PATH",
    help="Keep the facts of unchanged manifests in this folder (overrides cache_dir).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the facts cache.")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings are reported (errors still exit 2/3).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Parallel processes.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only, without the summary.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output (default: on a terminal unless NO_COLOR).",
)
@click.option("--statistics", is_flag=True, help="Add a count per rule after the findings.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(
    paths: tuple[str, ...],
    config: str | None,
    formats: tuple[str, ...],
    output: str | None,
    as_of: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    no_waivers: bool,
    baseline_path: str | None,
    only_manifests: bool,
    cache_dir: str | None,
    no_cache: bool,
    exit_zero: bool,
    jobs: int,
    quiet: bool,
    color: bool | None,
    statistics: bool,
    debug: bool,
) -> int:
    """Lint manifests (default: the configured manifests under the repository root)."""
    from ctlint.engine import pipeline as api  # lazy: start-up (a command loads only what it uses)

    destinations = _parse_formats(formats, output)
    settings = _settings(
        config=config,
        as_of=as_of,
        select=select or None,
        ignore=ignore or None,
        fail_on=fail_on,
        waivers=not no_waivers,
        baseline=baseline_path,
        cache_dir=cache_dir,
        cache=not no_cache,
    )
    report = api.run(settings, paths, jobs=jobs, only_manifests=only_manifests)
    _refuse_to_overwrite_inputs([p for _n, p in destinations if p], report)
    stdout: TextIO = sys.stdout
    for name, path in destinations:
        use_color = _color(color, stdout) if path is None else False
        text = (
            _render(name, report, use_color, quiet=quiet, statistics=statistics)
            if name == "text"
            else _render(name, report, False)
        )
        if path is None:
            stdout.write(text)
            stdout.flush()
        else:
            write_atomic(path, text)
    if report.baseline is not None:
        fixed = len(report.baseline.fixed)
        note = f"ctlint: baseline {report.baseline.path}: {report.baseline.known} known finding(s) not shown"
        if fixed:
            note += f"; {fixed} baselined finding(s) are fixed (run `ctlint baseline --update` to drop them)"
        click.echo(visible(note), err=True)
    if not report.files and not (only_manifests and paths):
        click.echo("ctlint: no manifest found (see `manifests` in the configuration)", err=True)
    return EXIT_FINDINGS if report.failed() and not exit_zero else EXIT_OK


@cli.command()
@click.option("--pack", metavar="PACK", help="Only this pack.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@_config_option
@_as_of_option
def rules(pack: str | None, fmt: str, config: str | None, as_of: str | None) -> int:
    """List rules: id, pack, severity, title, and whether each is active (and why)."""
    from ctlint.output import catalog_views  # lazy: start-up (a command loads only what it uses)

    settings = _settings(config=config, as_of=as_of)
    view = catalog_views.build_view(settings)
    if pack is not None and pack not in view.catalog.packs:
        from ctlint.errors import UsageError  # lazy: start-up (a command loads only what it uses)

        raise UsageError(
            f"--pack: unknown pack `{pack}` (available: {', '.join(sorted(view.catalog.packs))})"
        )
    click.echo(catalog_views.render_rules(view, fmt, pack), nl=False)
    return EXIT_OK


@cli.command()
@click.argument("rule")
@_config_option
@_as_of_option
def explain(rule: str, config: str | None, as_of: str | None) -> int:
    """Explain one rule: why it exists, what to write, the law it comes from."""
    from ctlint.output import catalog_views  # lazy: start-up (a command loads only what it uses)

    settings = _settings(config=config, as_of=as_of)
    view = catalog_views.build_view(settings)
    click.echo(catalog_views.render_explain(view, view.catalog.rule(rule)), nl=False)
    return EXIT_OK


@cli.command()
def schema() -> int:
    """Print the manifest JSON Schema (for editors and other validators)."""
    from ctlint.util.resources import (
        files as package_files,  # lazy: start-up (a command loads only what it uses)
    )

    click.echo(
        package_files("ctlint.schemas").joinpath("vendor-manifest.schema.json").read_text("utf-8"),
        nl=False,
    )
    return EXIT_OK


@cli.group()
def policy() -> None:
    """Work with policy files."""


@policy.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@_config_option
def policy_test(paths: tuple[str, ...], config: str | None) -> int:
    """Run the pass/fail examples of policy files (default: every built-in and configured pack)."""
    from ctlint.engine import (
        examples as runner,  # lazy: start-up (a command loads only what it uses)
    )
    from ctlint.policy.catalog import (
        build_catalog,  # lazy: start-up (a command loads only what it uses)
    )

    if paths:
        results = runner.run_paths(paths)
    else:
        settings = _settings(config=config)
        catalog = build_catalog(
            root=settings.root, policy_paths=settings.policy_paths, installed=False
        )
        results = runner.run_rules(
            r for r in catalog.rules.values() if not r.builtin and not r.retired
        )
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(
            visible(
                f"{result.path}: {result.rule} {result.kind} example `{result.name}`: "
                f"{result.detail}"
            )
        )
    rules_seen = len({r.rule for r in results})
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed ({rules_seen} rules)")
    return EXIT_FINDINGS if failed else EXIT_OK


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


class OutputError(CtlintError):
    """Standard output cannot be written: closed, full, or an I/O error (exit 2)."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so that temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Guarded:
    """What the CLI writes to: one of the standard streams behind :func:`terminal` (nothing
    from a repository, a policy pack or the configuration reaches the terminal raw, whatever
    path printed it), characters the stream cannot encode written as backslash escapes
    (``PYTHONIOENCODING=ascii``), and a write that fails (closed, full disk, I/O error) turned
    into :class:`OutputError` for stdout and dropped for stderr. It has no ``buffer``, so Click
    writes through it too."""

    def __init__(self, stream: TextIO | None, name: str, *, required: bool) -> None:
        self._stream = stream
        self.name = f"<{name}>"
        self._required = required
        self._failure: str | None = None if stream is not None else "it is closed"

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return "backslashreplace"

    @property
    def closed(self) -> bool:
        return False

    def isatty(self) -> bool:
        isatty = getattr(self._stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self._stream is None:
            import io

            raise io.UnsupportedOperation("fileno")
        return self._stream.fileno()

    def readable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        if self._stream is None or self._failure is not None:
            self._fail(None)
            return len(text)
        safe = terminal(text)
        try:
            try:
                self._stream.write(safe)
            except UnicodeEncodeError:
                encoding = self.encoding
                self._stream.write(safe.encode(encoding, "backslashreplace").decode(encoding))
        except BrokenPipeError:
            raise
        except (OSError, ValueError, LookupError) as exc:
            self._fail(exc)
        return len(text)

    def writelines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._stream is None or self._failure is not None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException | None) -> None:
        if exc is not None and self._failure is None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self._failure = reason or type(exc).__name__
            _silence(self._stream)
        if self._required:
            raise OutputError(f"cannot write to standard output: {self._failure}")


@contextlib.contextmanager
def _guarded_streams() -> Iterator[None]:
    """sys.stdout and sys.stderr behind :class:`_Guarded` while the CLI runs."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Guarded(stdout, "stdout", required=True))
    if stderr is not None:
        sys.stderr = cast(TextIO, _Guarded(stderr, "stderr", required=False))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


@contextlib.contextmanager
def _termination_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Terminated` while the CLI runs (where they would
    kill the process at once: a signal that is ignored stays ignored), so the run unwinds and
    exits 128 + the signal number; a repeat while it unwinds is ignored."""
    import signal

    def handler(signum: int, _frame: FrameType | None) -> None:
        signal.signal(signum, signal.SIG_IGN)  # let the cleanup run
        raise Terminated(signum)

    installed: list[int] = []
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, handler)
                installed.append(signum)
        except ValueError:  # not the main thread: leave the signals alone
            break
    try:
        yield
    finally:
        for signum in installed:
            signal.signal(signum, signal.SIG_DFL)


def run_cli(args: list[str], *, debug: bool = False) -> int:
    """Run the CLI with ``args`` and return the exit code (no ``sys.exit``)."""
    with _guarded_streams(), _termination_signals():
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
        _silence_stdout()
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
    """A user's mistake: one line on stderr, control characters made visible."""
    click.echo(f"ctlint: error: {visible(str(exc))}", err=True)


def _silence(stream: TextIO | None) -> None:
    """Point a failed standard stream's descriptor at devnull, so that the interpreter's final
    flush of what is still buffered is quiet."""
    try:
        fileno = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):  # not a file (a test's capture)
        return
    if fileno < 0:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fileno)
        finally:
            os.close(devnull)
    except OSError:  # pragma: no cover - no devnull
        pass


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    stream = sys.stdout
    _silence(getattr(stream, "_stream", stream))
