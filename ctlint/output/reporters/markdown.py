"""A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

A heading, the outcome and summary line, the as-of date, the active packs, the CTDPA scope
decision and the active rules not applicable to this organization (n/a); then one table per file with findings (organization-level findings first, as the
report orders them), and waived findings in their own table with the reason. Severity is shown
as a symbol and a word, never by colour alone. Text from manifests, policy packs and the
configuration is made visible and escaped so that it shows literally: no HTML, links (not even
GFM autolinks), mentions, emphasis, table or line breaks. Only a citation's own http(s)
address is a link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctlint.model.findings import Citation, Finding, Severity
from ctlint.output.catalog_views import citation_kind, organization_not_applicable
from ctlint.output.reporters.text import summary_line
from ctlint.util.text import clean_unicode, md_text, url_text

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter

SYMBOLS = {Severity.ERROR: "❌ error", Severity.WARNING: "⚠️ warning", Severity.INFO: "ℹ️ info"}
ORGANIZATION = "Organization"
_HEADER = ["| Rule | Severity | Line | Message | Law |", "|---|---|---|---|---|"]
_WAIVED_HEADER = ["| File | Rule | Line | Message | Reason |", "|---|---|---|---|---|"]


def escape(text: str) -> str:
    """Untrusted text for a table cell or heading: shown literally, never as markup.

    Controls, bidi and invisible characters and CR/LF/TAB become visible escapes (so a row
    stays one line), Markdown's inline punctuation and ``|`` are backslash-escaped, ``<``,
    ``>``, ``&`` become entities, and anything GitHub would turn into a link (``https://``,
    ``www.``, an e-mail address, an @mention) is shown as a code span
    (:func:`ctlint.util.text.md_text`).
    """
    return md_text(text)


def _url(url: str) -> str | None:
    """A citation address as a link target: http(s) only, percent-encoded (:func:`url_text`)."""
    if not url.lower().startswith(("https://", "http://")):
        return None
    return url_text(url)


def law(citations: tuple[Citation, ...]) -> str:
    """The first citation in force, linked (when it has an address), with its status and, for
    one agency's rule or a declared one, what kind of citation it is."""
    if not citations:
        return "—"
    first = citations[0]
    label = escape(first.label)
    target = _url(first.url) if first.url else None
    if target:
        label = f"[{label}]({target})"
    return f"{label} ({escape(first.status)}){escape(citation_kind(first))}"


def _line(finding: Finding) -> str:
    return str(finding.span.line) if finding.span is not None else "—"


def _row(finding: Finding) -> str:
    return (
        f"| {finding.rule} | {SYMBOLS[finding.severity]} | {_line(finding)} | "
        f"{escape(finding.message)} | {law(finding.citations)} |"
    )


def _heading(report: Report) -> list[str]:
    failed = report.failed()
    outcome = "❌ **Failed**" if failed else "✅ **Passed**"
    lines = ["## ctlint", "", f"{outcome}: {summary_line(report)}", ""]
    lines.append(f"- **As of:** {report.as_of.isoformat()}")
    packs = report.applicability.active_packs
    lines.append(
        f"- **Active packs:** {', '.join(escape(p) for p in packs) if packs else 'core only'}"
    )
    scope = report.applicability.ctdpa_scope
    if scope is not None:
        state = "in scope" if scope.in_scope else "out of scope"
        lines.append(f"- **CTDPA:** {state} — {escape(scope.reason)}")
    org_type = report.settings.org_type
    not_applicable = [
        r.id for r in report.ruleset.policy if organization_not_applicable(r, org_type) is not None
    ]
    if not_applicable:
        lines.append(
            f"- **Not applicable to this organization (n/a):** {', '.join(not_applicable)} "
            "(`ctlint explain RULE` says why)"
        )
    lines.append("")
    return lines


def document(report: Report) -> str:
    """The whole Markdown document."""
    out = _heading(report)
    files = set(report.files)
    groups: dict[str | None, list[Finding]] = {}  # None: organization-level
    waived: list[Finding] = []
    for finding in report.findings:
        if finding.waived:
            waived.append(finding)
            continue
        key = finding.file if finding.file in files else None
        groups.setdefault(key, []).append(finding)
    if not groups:
        out += ["✅ No findings.", ""]
    for key, findings in groups.items():
        if key is not None:
            title = escape(key)
        else:
            title = ORGANIZATION
            if findings[0].file is not None:
                title += f" ({escape(findings[0].file)})"
        out += [f"### {title}", "", *_HEADER, *(_row(f) for f in findings), ""]
    if waived:
        out += ["### Waived", "", *_WAIVED_HEADER]
        for finding in waived:
            file = escape(finding.file) if finding.file is not None else ORGANIZATION
            out.append(
                f"| {file} | {finding.rule} | {_line(finding)} | {escape(finding.message)} | "
                f"{escape(finding.waiver_reason or '')} |"
            )
        out.append("")
    return "\n".join(out)


class MarkdownReporter:
    """``--format markdown``: the pull-request summary."""

    name = "markdown"
    extension = ".md"
    media_type = "text/markdown"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The Markdown document."""
        return clean_unicode(document(report))


REPORTER: Reporter[Report] = MarkdownReporter()
