"""``ctlint check``: lint manifests, write one report per ``--format``, exit 0 or 1 (cli.md).

The formats and their reporters come from :data:`ctlint.output.formats.CHECK_FORMATS`; only the
reporters of the formats named are imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, BinaryIO, TextIO

import click

from ctlint.cli.exits import EXIT_FINDINGS, EXIT_OK
from ctlint.cli.options import as_of_option, config_option, grouped_settings, require_config_option
from ctlint.errors import UsageError
from ctlint.output.formats import CHECK_FORMATS
from ctlint.util.text import visible

if TYPE_CHECKING:
    from ctlint.engine.report import Report


def color_enabled(flag: bool | None, stream: TextIO) -> bool:
    """``--color/--no-color`` when given; otherwise on a terminal unless ``NO_COLOR`` is set."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def parse_formats(formats: Sequence[str], output: str | None) -> list[tuple[str, str | None]]:
    """``--format FORMAT[:PATH]`` (repeatable) and ``--output PATH`` as (format, path or None
    for stdout) pairs; a usage error for an unknown format or more than one to stdout."""
    parsed: list[tuple[str, str | None]] = []
    for spec in formats or (CHECK_FORMATS.default,):
        name, _, path = spec.partition(":")
        CHECK_FORMATS.spec(name)  # an unknown name is a usage error before the run
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


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@config_option
@require_config_option
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[:PATH]",
    help=f"Output format ({CHECK_FORMATS.listing}), optionally to a file; repeatable.",
)
@click.option("--output", metavar="PATH", help="Write the single --format to this file.")
@as_of_option
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
@click.option(
    "--quiet", "-q", is_flag=True, help="Print the findings only: no waived ones, no summary."
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output (default: on a terminal unless NO_COLOR).",
)
@click.option("--statistics", is_flag=True, help="Add a count per rule after the findings.")
@click.option(
    "--sarif-all-rules", is_flag=True, help="SARIF lists every rule, not only those used."
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Read the manifest from standard input (`-`) and report it as PATH, whose "
    "configuration applies (for editors).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def command(
    paths: tuple[str, ...],
    config: str | None,
    require_config: bool,
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
    sarif_all_rules: bool,
    stdin_filename: str | None,
    debug: bool,
) -> int:
    """Lint manifests (default: the configured manifests under the repository root)."""
    from ctlint.engine import groups  # lazy: start-up (a command loads only what it uses)
    from ctlint.engine import pipeline as api  # lazy: start-up (a command loads only what it uses)
    from ctlint.output.rendering import (
        RenderOptions,  # lazy: start-up (a command loads only what it uses)
    )

    destinations = parse_formats(formats, output)
    paths = stdin_paths(paths, stdin_filename)
    runs = grouped_settings(
        paths,
        config=config,
        require_config=require_config,
        as_of=as_of,
        select=select or None,
        ignore=ignore or None,
        fail_on=fail_on,
        waivers=not no_waivers,
        baseline=baseline_path,
        cache_dir=cache_dir,
        cache=not no_cache,
    )
    stdin = None
    if stdin_filename is not None:  # one path, so one group: read up to one byte past its bound
        stdin = read_stdin(runs[0][0].limits.max_file_bytes + 1)
    reports = [
        api.run(settings, named, jobs=jobs, only_manifests=only_manifests, stdin=stdin)
        for settings, named in runs
    ]
    files = [p for _n, p in destinations if p]
    if files:
        from ctlint.output.inputs import (
            refuse_to_overwrite_inputs,  # lazy: start-up (only when an output file is named)
        )

        for part in reports:
            refuse_to_overwrite_inputs(files, part)
    report = groups.merge(reports)
    stdout: TextIO = sys.stdout
    for name, path in destinations:
        options = RenderOptions(
            color=color_enabled(color, stdout) if path is None else False,
            quiet=quiet,
            statistics=statistics,
            sarif_all_rules=sarif_all_rules,
            warn=lambda note: click.echo(visible(f"ctlint: {note}"), err=True),
        )
        shown = for_people(report) if name in HUMAN_FORMATS else report
        text = CHECK_FORMATS.get(name).render(shown, options)
        if path is None:
            stdout.write(text)
            stdout.flush()
        else:
            from ctlint.util.writing import (
                write_atomic,  # lazy: start-up (only when an output file is named)
            )

            write_atomic(path, text)
    for part in reports:
        outcome = part.baseline
        if outcome is None or part.settings.baseline is None:
            continue
        if not (outcome.known or outcome.fixed):
            continue  # an empty baseline, or one that hid nothing: nothing to say
        fixed = len(outcome.fixed)
        note = (
            f"ctlint: baseline {os.path.relpath(part.settings.baseline)}: "
            f"{outcome.known} known finding(s) not shown"
        )
        if fixed:
            note += f"; {fixed} baselined finding(s) are fixed (run `ctlint baseline --update` to drop them)"
        if outcome.legacy:
            note += "; it is in the old format (`ctlint baseline --update` rewrites it)"
        click.echo(visible(note), err=True)
    if not report.files and not (only_manifests and paths):
        click.echo("ctlint: no manifest found (see `manifests` in the configuration)", err=True)
    if not groups.failed(reports) or exit_zero:
        return EXIT_OK
    if not quiet and any(name == "text" and path is None for name, path in destinations):
        rule = first_failing_rule(report, reports)
        if rule is not None:
            click.echo(
                f"ctlint: run `ctlint explain {rule}` for what a rule asks and why", err=True
            )
    return EXIT_FINDINGS


def stdin_paths(paths: tuple[str, ...], stdin_filename: str | None) -> tuple[str, ...]:
    """The paths of a run, ``-`` (standard input) replaced by ``--stdin-filename``; a usage
    error for ``-`` without it (unless a file is named ``-``: then it is that file), or with
    other paths."""
    if stdin_filename is None:
        if "-" in paths and not os.path.lexists("-"):  # a file named `-` (from pre-commit) is one
            raise UsageError(
                "-: reading a manifest from standard input needs --stdin-filename PATH (the "
                "path it is reported as; its configuration is found from there)"
            )
        return paths
    if paths not in ((), ("-",)):
        raise UsageError(
            "--stdin-filename: the manifest comes from standard input; give `-` and no other path"
        )
    if not stdin_filename:
        raise UsageError("--stdin-filename: give the path the manifest is reported as")
    return (stdin_filename,)


def read_stdin(limit: int) -> bytes:
    """At most ``limit`` bytes of standard input (the manifest of ``--stdin-filename``)."""
    try:
        stream: BinaryIO = sys.stdin.buffer
        parts: list[bytes] = []
        total = 0
        while total < limit:
            chunk = stream.read(limit - total)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except (OSError, ValueError, AttributeError) as exc:
        raise UsageError(f"-: cannot read standard input ({exc})") from None
    return b"".join(parts)


def first_failing_rule(report: Report, reports: Sequence[Report]) -> str | None:
    """The rule of the first finding in the output (``report``, the merged one) that fails
    the run: not waived, at or above the ``fail_on`` of its own group (``reports``)."""
    failing = {
        (f.rule, f.severity, f.message, f.pointer, f.item, f.vendor)
        for part in reports
        for f in part.findings
        if not f.waived and f.severity >= part.settings.fail_on
    }
    for f in report.findings:
        if (f.rule, f.severity, f.message, f.pointer, f.item, f.vendor) in failing:
            return f.rule
    return None


#: The formats people read in a terminal or an editor: their paths are relative to the current
#: folder, as ruff prints them, so that they can be opened from where the command ran. The CI
#: formats keep their own paths (root- or git-relative: cli.md).
HUMAN_FORMATS = frozenset({"text"})


def for_people(report: Report) -> Report:
    """The report with each finding's file relative to the current folder (a file outside the
    root, which the report names as given, stays as given)."""
    import dataclasses  # lazy: only for the text output

    root = report.settings.root
    cache: dict[str, str] = {}

    def shown(file: str) -> str:
        if file not in cache:
            candidate = file if os.path.isabs(file) else os.path.join(root, file)
            if not os.path.isabs(file) and not os.path.lexists(candidate) and os.path.lexists(file):
                cache[file] = file  # named from the current folder, outside the root
            else:
                cache[file] = os.path.relpath(candidate).replace(os.sep, "/")
        return cache[file]

    findings = tuple(
        f if f.file is None else f.replace(file=shown(f.file)) for f in report.findings
    )
    return dataclasses.replace(report, findings=findings)
