"""GitHub Actions workflow commands: one annotation per finding, then a summary notice.

``::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=RULE::MESSAGE [CITATION]``
(``::warning`` for warnings, ``::notice`` for info). Waived findings are left out; the summary
line counts them. Manifest text has its control characters made visible first (an escape
sequence or a newline must not reach the runner's log), then values are escaped as the Actions
toolkit does: data ``%``, CR and LF; properties also ``:`` and ``,``.
"""

from __future__ import annotations

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


def annotation(finding: Finding, path: str | None = None) -> str:
    """One finding as one workflow command; ``path`` is its file relative to the repository
    (GitHub resolves annotations against the checkout, not ctlint's root)."""
    properties: list[tuple[str, str]] = []
    if finding.file is not None:
        properties.append(("file", visible(path or finding.file)))
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
    """``--format github``: the annotations, then the summary notice."""

    name = "github"
    extension = ".txt"
    media_type = "text/plain"

    def render(self, report: Report, options: RenderOptions) -> str:
        """One workflow command a line."""
        lines = []
        for finding in report.findings:
            if not finding.waived:
                path = report.repo_path(finding.file) if finding.file is not None else None
                lines.append(clean_unicode(annotation(finding, path)))
        lines.append(command("notice", [("title", "ctlint")], summary_line(report)))
        return "".join(line + "\n" for line in lines)


REPORTER: Reporter[Report] = GithubReporter()
