"""A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

A heading, the outcome and summary line, the as-of date, the active packs, the CTDPA scope
decision and the active rules not applicable to this organization (n/a); then one table per file with findings (organization-level findings first, as the
report orders them), and waived findings in their own table with the reason. Severity is shown
as a symbol and a word, never by colour alone. Manifest-derived text is made visible and
escaped so that it shows literally: no HTML, links, emphasis, table or line breaks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from ctlint.catalog_views import citation_kind, organization_not_applicable
from ctlint.findings import Citation, Finding, Severity
from ctlint.reporters.sanitize import clean_unicode, visible
from ctlint.reporters.text import summary_line

if TYPE_CHECKING:
    from ctlint.api import Report

SYMBOLS = {Severity.ERROR: "❌ error", Severity.WARNING: "⚠️ warning", Severity.INFO: "ℹ️ info"}
ORGANIZATION = "Organization"
_HEADER = ["| Rule | Severity | Line | Message | Law |", "|---|---|---|---|---|"]
_WAIVED_HEADER = ["| File | Rule | Line | Message | Reason |", "|---|---|---|---|---|"]


_INLINE = re.compile(r"([\\`*_\[\]~|])")


def escape(text: str) -> str:
    """Untrusted text for a table cell or heading: shown literally, never as markup.

    Controls, bidi marks and CR/LF/TAB become visible escapes (so a row stays one line),
    Markdown's inline punctuation and ``|`` are backslash-escaped, and ``<``, ``>``, ``&``
    become entities, so no HTML, link, emphasis or table break can come from a manifest.
    """
    text = _INLINE.sub(r"\\\1", visible(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("|", "%7C")


def law(citations: tuple[Citation, ...]) -> str:
    """The first citation in force, linked (when it has an address), with its status and, for
    one agency's rule or a declared one, what kind of citation it is."""
    if not citations:
        return "—"
    first = citations[0]
    label = escape(first.label)
    if first.url:
        label = f"[{label}]({_url(first.url)})"
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
    lines.append(f"- **Active packs:** {', '.join(packs) if packs else 'core only'}")
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


def render(report: Report) -> str:
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


def report(report: Report, stream: TextIO, color: bool) -> None:
    """Write the Markdown summary."""
    stream.write(clean_unicode(render(report)))
