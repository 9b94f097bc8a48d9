"""The register as GitHub-flavoured Markdown (every text through :func:`ctlint.util.text.md_text`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from ctlint.model.findings import Citation, Finding
from ctlint.output.catalog_views import (
    citation_kind,
)
from ctlint.output.register.model import (
    COMPLIANT_OPEN,
    LAW_NOTE,
    NOT_COMPLIANT,
    RESULTS,
    RETIRED,
    RULESET_METHOD,
    SHORT,
    SINCE_METHOD,
    SYMBOLS,
    Register,
    Vendor,
)
from ctlint.output.register.phrases import (
    agreement_text,
    applicability_text,
    expiry_flag,
    iso,
    location,
    one_line,
    outcome_text,
    plural,
    scope_text,
    summary_text,
)
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import (
    md_code,
    md_text,
    url_text,
)


def _md(value: object) -> str:
    """Untrusted text safe inside a GitHub Markdown table cell: on one line, made visible,
    escaped, and never a link, autolink or mention (:func:`md_text`)."""
    if value is None or value == "":
        return "—"
    return md_text(one_line(str(value)))


def _md_code(value: object) -> str:
    """Untrusted text as a code span in a table cell, shown exactly (:func:`md_code`)."""
    if value is None or value == "":
        return "—"
    return md_code(one_line(str(value)))


def _md_table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*lines, ""]


def _md_result(result: str) -> str:
    return f"{SYMBOLS[result]} {SHORT[result]}"


def _md_counts(counts: Mapping[str, int]) -> str:
    return " ".join(f"{SYMBOLS[r]}{counts[r]}" for r in RESULTS)


def _md_citations(finding: Finding) -> str:
    return "; ".join(_md_citation_parts(finding.citations)) or "—"


def render_markdown(register: Register) -> str:
    """GitHub-flavoured Markdown."""
    h = register.header
    out: list[str] = []
    title = "Vendor compliance register"
    if h.organization:
        title += f": {_md(h.organization)}"
    out += [f"# {title}", ""]
    out += [
        f"**As of {h.as_of.isoformat()}** · {_md(summary_text(register))}",
        "",
        "Legend: ✓ pass · ✗ fail · ~ waived · – not applicable · ! attention",
        "",
    ]
    facts = [
        ("Organization", _md(h.organization)),
        ("Type", _md(h.org_type or "not declared")),
    ]
    if h.agency_division:
        facts.append(("Agency and division", _md(h.agency_division)))
    facts += [
        ("CTDPA scope", _md(scope_text(h))),
        ("As of", h.as_of.isoformat()),
        ("ctlint version", _md(h.version)),
        ("Rule set", f"{plural(h.ruleset_rules, 'active rule')}, sha256 `{h.ruleset_version}`"),
        (
            "Waivers",
            "applied" if h.waivers_applied else "**ignored (audit mode, --no-waivers)**",
        ),
    ]
    out += _md_table(["", ""], [(f"**{k}**", v) for k, v in facts])

    out += ["## Packs", ""]
    out += _md_table(
        ["Pack", "Title", "Runs", "Why"],
        [
            (
                _md_code(p.name),
                _md(p.title),
                "✓ active" if p.active else "– inactive",
                _md(p.reason),
            )
            for p in h.packs
        ],
    )

    if register.org_findings:
        out += ["## Organization-level findings", ""]
        out += _md_findings(register.org_findings)

    out += ["## Open obligations", ""]
    open_rows = register.open_obligations
    if open_rows:
        out += _md_table(
            ["Vendor", "Rule", "Obligation", "Law", "Severity", "Since", "Findings"],
            [
                (
                    _md(v.display_name),
                    f"`{o.rule}`",
                    _md(o.title),
                    _md(o.citation),
                    _md(o.severity),
                    _md(iso(c.since)),
                    str(c.open),
                )
                for v, o, c in open_rows
            ],
        )
    else:
        out += ["No obligation is failing.", ""]

    out += ["## Vendor register", ""]
    out += _md_table(
        [
            "Vendor",
            "Category",
            "Role",
            "Channels",
            "Data categories (⚠ sensitive)",
            "Uses",
            "Agreement",
            "Status",
            "Compliance",
        ],
        [
            (
                f"{_md(v.display_name)}<br>{_md_code(v.id)} ({_md(v.file)})"
                if v.id
                else _md(v.file),
                _md(v.category),
                _md(v.role),
                _md(", ".join(v.channels)),
                ", ".join(
                    (f"**⚠ {_md(c.key)} (sensitive)**" if c.sensitive else _md(c.key))
                    + (f" ({_md(c.note)})" if c.note else "")
                    for c in v.categories
                )
                or "—",
                _md(", ".join(v.uses)),
                _md_agreement(v),
                _md(v.status),
                _md_outcome(v),
            )
            for v in register.vendors
        ],
    )

    out += ["## Obligations and the law", ""]
    if register.obligations:
        out += [
            f"Citations in force on {h.as_of.isoformat()}. {_md(LAW_NOTE)}",
            "",
        ]
        out += _md_table(
            ["Rule", "Obligation", "Severity", "Source requirement", "Law", "Applies"],
            [
                (
                    f"`{o.rule}`",
                    _md(o.title),
                    _md(o.severity),
                    _md(o.source_requirement),
                    _md_law(o.citations),
                    _md(applicability_text(o) or "always"),
                )
                for o in register.obligations
            ],
        )
    else:
        out += ["No active obligation.", ""]

    out += ["## Compliance matrix", ""]
    if register.vendors and register.obligations:
        head = ["Obligation", *(_md_code(v.label) for v in register.vendors), "Totals"]
        rows: list[Sequence[str]] = []
        if register.requirements:
            rows.append(("**Source requirements**", *([""] * len(register.vendors)), ""))
            for req in register.requirements:
                rows.append(
                    (
                        f"{_md(req.key)}: {_md(req.text)} ({', '.join(req.rules)})",
                        *(_md_result(req.results[v.file]) for v in register.vendors),
                        _md_counts(req.counts),
                    )
                )
        for group in register.groups:
            rows.append(
                (
                    f"**{_md(group.pack.name)}: {_md(group.pack.title)}**",
                    *([""] * len(register.vendors)),
                    "",
                )
            )
            for o in group.obligations:
                rows.append(
                    (
                        f"`{o.rule}` {_md(o.title)}",
                        *(
                            _md_result(register.cells[(v.file, o.rule)].result)
                            for v in register.vendors
                        ),
                        _md_counts(o.counts),
                    )
                )
        rows.append(("**Totals**", *(_md_counts(v.counts) for v in register.vendors), ""))
        out += _md_table(head, rows)
    else:
        out += ["No vendor or no active obligation.", ""]

    out += ["## Findings", ""]
    for vendor in register.vendors:
        out += [f"### {_md(vendor.display_name)} ({_md(vendor.file)})", ""]
        findings = register.vendor_findings(vendor.file)
        out += _md_findings(findings) if findings else ["No findings.", ""]

    out += ["## Waiver register", ""]
    if register.waivers:
        out += _md_table(
            ["Vendor", "Rule", "Pointer", "Reason", "Expires", "Expired?", "State"],
            [
                (
                    _md(w.vendor),
                    _md(w.rule),
                    _md(w.pointer),
                    _md(w.reason),
                    _md(w.expires or "no expiry"),
                    "**✗ yes**" if w.expired else "no",
                    _md(w.state),
                )
                for w in register.waivers
            ],
        )
    else:
        out += ["No waivers.", ""]

    out += ["## Inputs", ""]
    out += [
        "Reproduce this register byte for byte with the same inputs, ctlint version and as-of "
        f"date. Rule-set version: {_md(RULESET_METHOD)}. Since: {_md(SINCE_METHOD)}.",
        "",
    ]
    out += _md_table(
        ["File", "Role", "Bytes", "SHA-256"],
        [
            (
                _md(i.path),
                i.role,
                str(i.size) if i.size is not None else "—",
                f"`{i.sha256}`" if i.sha256 else _md(i.note),
            )
            for i in h.inputs
        ],
    )
    return "\n".join(out)


def _md_agreement(vendor: Vendor) -> str:
    text = _md(agreement_text(dataclasses.replace(vendor.agreement, days_left=None), True))
    flag = expiry_flag(vendor.agreement, vendor.outcome == RETIRED)
    return f"{text} **{_md(flag)}**" if flag else text


def _md_outcome(vendor: Vendor) -> str:
    text = _md(outcome_text(vendor))
    if vendor.outcome == NOT_COMPLIANT:
        text = f"**{text}**: {', '.join(f'`{r}`' for r in vendor.failing)}"
    elif vendor.outcome == COMPLIANT_OPEN:
        text = f"{text}: {', '.join(f'`{r}`' for r in vendor.failing)}"
    if vendor.problems:
        text += f"<br>! manifest problems: {', '.join(f'`{r}`' for r in vendor.problems)}"
    return text


def _md_citation_parts(citations: Sequence[Citation]) -> list[str]:
    """Each citation linked (https only), with its status and kind, safe in a table cell."""
    parts = []
    for c in citations:
        label = _md(c.label)
        if c.url.startswith("https://"):
            label = f"[{label}](<{url_text(c.url)}>)"
        parts.append(f"{label} ({_md(c.status)}){_md(citation_kind(c)) if c.kind else ''}")
    return parts


def _md_law(citations: Sequence[Citation]) -> str:
    return "<br>".join(_md_citation_parts(citations)) or "—"


def _md_findings(findings: Sequence[Finding]) -> list[str]:
    return _md_table(
        ["Rule", "Severity", "Message", "Location", "Citation", "Status"],
        [
            (
                _md_code(f.rule),
                f.severity.label,
                _md(f.message),
                _md(location(f)),
                _md_citations(f),
                f"~ waived: {_md(f.waiver_reason)}" if f.waived else "✗ open",
            )
            for f in findings
        ],
    )


class MarkdownRegister:
    """``ctlint report --format markdown`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "markdown"
    extension = ".md"
    media_type = "text/markdown"

    def render(self, register: Register, options: RenderOptions) -> str:
        return render_markdown(register)


REPORTER: Reporter[Register] = MarkdownRegister()
