"""A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

A heading, the outcome and summary line, the as-of date, the active packs, the CTDPA scope
decision and the active rules not applicable to this organization (n/a); then one table per file with findings (organization-level findings first, as the
report orders them), and waived findings in their own table with the reason. Severity is shown
as a symbol and a word, never by colour alone. Text from manifests, policy packs and the
configuration is made visible and escaped so that it shows literally: no HTML, links (not even
GFM autolinks), mentions, emphasis, table or line breaks. Only a citation's own http(s)
address is a link.

The document stays under :data:`MAX_BYTES` (GitHub rejects a whole ``$GITHUB_STEP_SUMMARY``
over 1 MiB, 1,048,576 bytes): when the findings do not fit, the rows that fit are kept in
order (the heading always), and a closing line says how many findings (and of them how many
waived) were left out and where to see them all.
"""

from __future__ import annotations

from collections.abc import Callable
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
#: The most bytes (UTF-8) of the document: under GitHub's 1 MiB step-summary limit, with room
#: to spare for what a workflow writes around it.
MAX_BYTES = 1_000_000


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


def _truncated(shown: int, left: int, waived: int) -> str:
    what = f"{left:,} more finding{'' if left == 1 else 's'}"
    if waived:
        what += f" ({waived:,} of them waived)"
    return (
        f"**Truncated:** {what} not shown, to keep this summary under GitHub's 1 MiB limit "
        f"({shown:,} shown). Every finding is in `ctlint check --format text` or `--format json`."
    )


def document(report: Report, max_bytes: int = MAX_BYTES) -> str:
    """The whole Markdown document, at most ``max_bytes`` bytes of UTF-8."""
    head = _heading(report)
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
        head += ["✅ No findings.", ""]
    # (a table's heading lines, its findings, how a finding becomes a row): rows are made only
    # while they fit (escaping is the costly part of a large run)
    blocks: list[tuple[list[str], list[Finding], Callable[[Finding], str]]] = []
    for key, findings in groups.items():
        if key is not None:
            title = escape(key)
        else:
            title = ORGANIZATION
            if findings[0].file is not None:
                title += f" ({escape(findings[0].file)})"
        blocks.append(([f"### {title}", "", *_HEADER], findings, _row))
    if waived:
        blocks.append((["### Waived", "", *_WAIVED_HEADER], waived, _waived_row))
    out = list(head)
    total = len(report.findings)
    # room for the truncation line, and the joining newlines
    budget = max_bytes - _size("\n".join(out)) - _size(_truncated(total, total, total)) - 8
    shown = 0
    full = True
    for lines, findings, row in blocks:
        first = row(findings[0])
        cost = _size("\n".join(lines)) + 1
        if cost + _size(first) + 2 > budget:
            full = False
            break
        out += lines
        budget -= cost
        for finding in findings:
            text = first if finding is findings[0] else row(finding)
            size = _size(text) + 1
            if size > budget:
                full = False
                break
            out.append(text)
            budget -= size
            shown += 1
        if not full:
            break
        out.append("")
        budget -= 1
    if not full:
        left = [f for _lines, findings, _row in blocks for f in findings][shown:]
        out += ["", _truncated(shown, len(left), sum(1 for f in left if f.waived)), ""]
    return "\n".join(out)


def _waived_row(finding: Finding) -> str:
    file = escape(finding.file) if finding.file is not None else ORGANIZATION
    return (
        f"| {file} | {finding.rule} | {_line(finding)} | {escape(finding.message)} | "
        f"{escape(finding.waiver_reason or '')} |"
    )


def _size(text: str) -> int:
    return len(clean_unicode(text).encode("utf-8"))


class MarkdownReporter:
    """``--format markdown``: the pull-request summary."""

    name = "markdown"
    extension = ".md"
    media_type = "text/markdown"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The Markdown document."""
        return clean_unicode(document(report))


REPORTER: Reporter[Report] = MarkdownReporter()
