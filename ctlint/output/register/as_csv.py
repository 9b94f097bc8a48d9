"""The register as CSV (one row per vendor and active policy rule)."""

from __future__ import annotations

import csv
import io

from ctlint.output.register.model import Register
from ctlint.output.register.phrases import citation_text, csv_cell, iso
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import (
    clean_unicode,
)

# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = (
    "vendor_id",
    "vendor_name",
    "file",
    "category",
    "role",
    "status",
    "compliance",
    "pack",
    "rule",
    "obligation",
    "source_requirement",
    "severity",
    "citation",
    "citations",
    "result",
    "reason",
    "open_findings",
    "waived_findings",
    "waiver_reasons",
    "since",
    "agreement_type",
    "agreement_expires",
    "agreement_state",
    "as_of",
    "ruleset_version",
)


def render_csv(register: Register) -> str:
    """One row per vendor × active policy rule, with a UTF-8 byte-order mark for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    h = register.header
    for vendor in register.vendors:
        findings = register.vendor_findings(vendor.file)
        for obligation in register.obligations:
            cell = register.cells[(vendor.file, obligation.rule)]
            reasons = sorted(
                {
                    f.waiver_reason
                    for f in findings
                    if f.rule == obligation.rule and f.waived and f.waiver_reason
                }
            )
            row = (
                vendor.id,
                vendor.name,
                vendor.file,
                vendor.category,
                vendor.role,
                vendor.status,
                vendor.outcome,
                obligation.pack,
                obligation.rule,
                obligation.title,
                obligation.source_requirement,
                obligation.severity,
                obligation.citation,
                "; ".join(citation_text(c) for c in obligation.citations),
                cell.result,
                cell.reason,
                cell.open,
                cell.waived,
                " | ".join(reasons),
                iso(cell.since),
                vendor.agreement.type,
                vendor.agreement.expires,
                vendor.agreement.state,
                h.as_of.isoformat(),
                h.ruleset_version,
            )
            writer.writerow([csv_cell(v) for v in row])
    return "\ufeff" + clean_unicode(buffer.getvalue())


# --------------------------------------------------------------------------- Markdown


class CsvRegister:
    """``ctlint report --format csv`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "csv"
    extension = ".csv"
    media_type = "text/csv"

    def render(self, register: Register, options: RenderOptions) -> str:
        return render_csv(register)


REPORTER: Reporter[Register] = CsvRegister()
