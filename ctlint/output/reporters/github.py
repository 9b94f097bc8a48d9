"""GitHub Actions workflow commands: one annotation per finding, and a summary notice.

``::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=RULE::MESSAGE [CITATION]``
(``::warning`` for warnings, ``::notice`` for info). Waived findings are left out; the summary
line counts them. Manifest text has its control characters made visible first (an escape
sequence or a newline must not reach the runner's log), then values are escaped as the Actions
toolkit does: data ``%``, CR and LF; properties also ``:`` and ``,``. A file name keeps its CR
and LF for that escaping (``%0D``, ``%0A``, which the runner decodes back, so the annotation
names the real file); its other control characters are made visible.

GitHub shows only the first 10 errors, 10 warnings and 10 notices of a step, so the order is
chosen for that limit: errors first, then warnings, then the summary notice (always printed,
also when there is no finding, and ahead of the info notices so that it is always one of the
10 notices shown), then the info notices. Within one severity the annotations take turns by
file (round-robin: the first finding of each file in report order, then the second of each,
...), so the 10 shown are spread over up to 10 files rather than all from the first one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ctlint.model.findings import Finding, Severity
from ctlint.output.reporters.text import summary_line
from ctlint.util.text import clean_unicode, visible

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: list[tuple[str, str]], message: str) -> str:
    """``::name k=v,k=v::message`` with every part escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def file_property(path: str) -> str:
    """A file name for the ``file`` property: control characters made visible, except CR and
    LF, which :func:`escape_property` encodes the way the runner decodes them."""
    return "\n".join(
        "\r".join(visible(part) for part in line.split("\r")) for line in path.split("\n")
    )


def ordered(findings: Sequence[Finding]) -> list[Finding]:
    """The non-waived findings, strongest severity first and, within one severity, round-robin
    by file (each file's findings keep the report's order)."""
    out: list[Finding] = []
    for severity in sorted(Severity, reverse=True):
        by_file: dict[str | None, list[Finding]] = {}
        for finding in findings:
            if not finding.waived and finding.severity is severity:
                by_file.setdefault(finding.file, []).append(finding)
        queues = list(by_file.values())
        depth = max((len(q) for q in queues), default=0)
        out += [q[i] for i in range(depth) for q in queues if i < len(q)]
    return out


def annotation(finding: Finding, path: str | None = None) -> str:
    """One finding as one workflow command; ``path`` is its file relative to the repository
    (GitHub resolves annotations against the checkout, not ctlint's root)."""
    properties: list[tuple[str, str]] = []
    if finding.file is not None:
        properties.append(("file", file_property(path or finding.file)))
        span = finding.span
        if span is not None:
            properties += [("line", str(span.line)), ("endLine", str(span.end_line))]
            # Annotations carry columns only within one line (GitHub's check-run API).
            if span.end_line == span.line:
                properties += [("col", str(span.column)), ("endColumn", str(span.end_column))]
    properties.append(("title", finding.rule))
    message = visible(finding.message)
    if finding.citations:
        message += f" [{visible(finding.citations[0].short)}]"
    return command(COMMANDS[finding.severity], properties, message)


class GithubReporter:
    """``--format github``: errors, warnings, the summary notice, info notices."""

    name = "github"
    extension = ".txt"
    media_type = "text/plain"

    def render(self, report: Report, options: RenderOptions) -> str:
        """One workflow command a line."""
        lines = []
        summary = command("notice", [("title", "ctlint")], summary_line(report))
        for finding in ordered(report.findings):
            if finding.severity is Severity.INFO and summary:
                lines.append(summary)
                summary = ""
            path = report.repo_path(finding.file) if finding.file is not None else None
            lines.append(clean_unicode(annotation(finding, path)))
        if summary:
            lines.append(summary)
        return "".join(line + "\n" for line in lines)


REPORTER: Reporter[Report] = GithubReporter()
