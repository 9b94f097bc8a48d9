"""``FILE:LINE:COL: RULE SEVERITY: MESSAGE [CITATION]``, one line a finding, then a summary.

Every string from a manifest, a policy pack or the configuration (paths, messages, citation
labels, waiver reasons, rule titles) goes through :func:`~ctlint.util.text.visible`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ctlint.model.findings import Finding, Severity
from ctlint.util.text import visible

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def format_finding(finding: Finding, color: bool = False) -> str:
    """One finding as one line. An organization-level finding is placed in the configuration
    file when there is one (it points there: cli.md's JSON gives it that file and line), and
    reads ``-: RULE SEVERITY: MESSAGE`` (cli.md) when there is none: no file is made up."""
    if finding.file is None or finding.span is None:
        where = "-"
    else:
        where = f"{visible(finding.file)}:{finding.span.line}:{finding.span.column}"
    rule = _paint(finding.rule, "1", color)
    severity = _paint(finding.severity.label, _COLORS[finding.severity], color)
    line = f"{where}: {rule} {severity}: {visible(finding.message)}"
    if finding.citations:
        line += f" [{visible(finding.citations[0].short)}]"
    if finding.waived:
        line += f" (waived: {visible(finding.waiver_reason or '')})"
    return line


def summary_line(report: Report) -> str:
    """``N findings (E errors, W warnings, I info, X waived) in F files``."""
    c = report.counts
    return (
        f"{c['findings']} finding{'s' if c['findings'] != 1 else ''} ({c['errors']} error"
        f"{'s' if c['errors'] != 1 else ''}, {c['warnings']} warning{'s' if c['warnings'] != 1 else ''}, "
        f"{c['info']} info, {c['waived']} waived) in {c['files']} file{'s' if c['files'] != 1 else ''}"
    )


class TextReporter:
    """``--format text``: the finding lines, ``--statistics``' counts, the summary line."""

    name = "text"
    extension = ".txt"
    media_type = "text/plain"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The text report; colour, quiet (the live findings only: no waived ones, no summary)
        and statistics from ``options``."""
        shown = [f for f in report.findings if not (options.quiet and f.waived)]
        lines = [format_finding(finding, options.color) for finding in shown]
        if options.statistics:
            counts = Counter(f.rule for f in report.findings if not f.waived)
            for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                rule = report.catalog.rules.get(rule_id)
                title = visible(rule.title) if rule else ""
                level = report.ruleset.severity.get(rule_id, Severity.ERROR).label
                lines.append(f"{count:6d}  {rule_id:<14} {level:<8} {title}")
        if not options.quiet:
            lines.append(summary_line(report))
        return "".join(line + "\n" for line in lines)


REPORTER: Reporter[Report] = TextReporter()
