"""The register's wording, shared by every format."""

from __future__ import annotations

import datetime as dt

from ctlint.model.findings import Citation, Finding
from ctlint.output.catalog_views import (
    citation_kind,
)
from ctlint.output.register.model import (
    COMPLIANT,
    COMPLIANT_OPEN,
    COMPLIANT_WAIVED,
    NOT_COMPLIANT,
    OUTCOME_SYMBOLS,
    RETIRED,
    WAIVED,
    Agreement,
    Header,
    Obligation,
    Register,
    Vendor,
)
from ctlint.util.text import (
    visible,
)


def one_line(text: str) -> str:
    """Untrusted text on one line with control and bidi characters made visible."""
    return visible(
        " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).replace("\t", " ")
    )


#: What makes a spreadsheet run a cell as a formula (after any leading whitespace).
FORMULA_START = ("=", "+", "-", "@")


def csv_cell(value: object) -> str:
    """A CSV cell: None empty, text on one line (:func:`one_line`), and text that a
    spreadsheet would run as a formula (``=``, ``+``, ``-`` or ``@`` first, after any spaces,
    which do not stop every application) behind a ``'``; a number stays a number."""
    if value is None:
        return ""
    text = one_line(str(value))
    number = isinstance(value, int) and not isinstance(value, bool)
    if not number and text.lstrip()[:1] in FORMULA_START:
        text = "'" + text
    return text


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def outcome_text(vendor: Vendor) -> str:
    """The vendor's status in words (with its symbol)."""
    symbol = OUTCOME_SYMBOLS[vendor.outcome]
    if vendor.outcome == NOT_COMPLIANT:
        text = f"{symbol} Not compliant: {plural(len(vendor.failing), 'obligation')} failing"
        if vendor.since is not None:
            text += f" since {vendor.since.isoformat()}"
    elif vendor.outcome == COMPLIANT_OPEN:
        text = (
            f"{symbol} Compliant with {plural(len(vendor.failing), 'open obligation')} below "
            "fail_on"
        )
    elif vendor.outcome == COMPLIANT_WAIVED:
        text = f"{symbol} Compliant with {plural(vendor.counts[WAIVED], 'waived obligation')}"
    elif vendor.outcome == COMPLIANT:
        text = f"{symbol} Compliant"
    elif vendor.outcome == RETIRED:
        text = f"{symbol} Retired: not evaluated by the policy rules"
    else:
        text = f"{symbol} Not evaluated: the manifest could not be read"
    return text


def agreement_text(agreement: Agreement, retired: bool) -> str:
    """The term of an agreement with its state at the as-of date."""
    if agreement == Agreement(None, None, None, None, None, None, None):
        return "—"
    parts = [agreement.type or "no agreement type"]
    if agreement.reference:
        parts.append(agreement.reference)
    dates = []
    if agreement.signed:
        dates.append(f"signed {agreement.signed}")
    if agreement.effective:
        dates.append(f"effective {agreement.effective}")
    if agreement.expires:
        dates.append(f"expires {agreement.expires}")
    text = ", ".join(parts)
    if dates:
        text += "; " + ", ".join(dates)
    flag = expiry_flag(agreement, retired)
    if flag:
        text += f" ({flag})"
    return text


def expiry_flag(agreement: Agreement, retired: bool) -> str | None:
    """``✗ EXPIRED 40 days ago`` / ``! expires in 30 days`` for a live vendor, else None."""
    if agreement.days_left is None or retired:
        return None
    if agreement.state == "expired":
        return f"✗ EXPIRED {plural(-agreement.days_left, 'day')} ago"
    if agreement.state == "expiring":
        if agreement.days_left == 0:
            return "! expires today"
        return f"! expires in {plural(agreement.days_left, 'day')}"
    return None


def scope_text(header: Header) -> str:
    """The CTDPA scope decision with its reason."""
    if header.ctdpa_scope is None:
        return f"does not apply to organization.type {header.org_type or '(not declared)'}"
    in_scope, reason = header.ctdpa_scope
    return f"{'in scope' if in_scope else 'out of scope'}: {reason}"


def location(finding: Finding) -> str:
    """``FILE:LINE:COL`` plus the pointer and missing item."""
    where = finding.file or "(organization)"
    if finding.file is not None and finding.span is not None:
        where += f":{finding.span.line}:{finding.span.column}"
    if finding.pointer:
        where += f" {finding.pointer}"
    if finding.item:
        where += f" [{finding.item}]"
    return where


def citation_text(citation: Citation) -> str:
    """``Conn. Gen. Stat. § 4-193(e)``, with the status unless verified and what kind of
    citation it is (another agency's rule of the same kind, or declared by the organization)."""
    return f"{citation.short}{citation_kind(citation)}"


def applicability_text(obligation: Obligation) -> str | None:
    """When the obligation is not applicable and why; None when it always applies."""
    if obligation.organization_not_applicable is not None:
        return f"n/a for this organization: {obligation.organization_not_applicable}"
    if obligation.not_applicable_when is None:
        return None
    return f"n/a when {obligation.not_applicable_when}: {obligation.not_applicable_reason}"


def summary_text(register: Register) -> str:
    """``5 vendors: 2 not compliant, ...``."""
    counts = register.outcome_counts()
    parts = [f"{counts[k]} {k}" for k in OUTCOME_SYMBOLS if counts[k]]
    head = plural(len(register.vendors), "vendor")
    return f"{head}: {', '.join(parts)}" if parts else head


# --------------------------------------------------------------------------- JSON


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
