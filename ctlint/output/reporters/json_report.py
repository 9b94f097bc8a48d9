"""The versioned JSON document of cli.md."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ctlint import __version__
from ctlint.model.findings import Finding
from ctlint.util.text import clean_unicode, json_safe

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding in the JSON shape."""
    span = finding.span
    return {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "file": finding.file,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "pointer": finding.pointer,
        "item": finding.item,
        "vendor": finding.vendor,
        "message": clean_unicode(finding.message),
        "citations": [c.to_json() for c in finding.citations],
        "waived": finding.waived,
        "waiver_reason": finding.waiver_reason,
    }


def document(report: Report) -> dict[str, Any]:
    """The whole JSON document."""
    scope = report.applicability.ctdpa_scope
    return {
        "version": 1,
        "tool": {"name": "ctlint", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "organization": {
            "type": report.settings.org_type,
            "packs": list(report.applicability.active_packs),
            "ctdpa_scope": None
            if scope is None
            else {"in_scope": scope.in_scope, "reason": scope.reason},
        },
        "findings": [finding_json(f) for f in report.findings],
        "summary": report.counts,
        **_baseline(report),
    }


def _baseline(report: Report) -> dict[str, Any]:
    outcome = report.baseline
    if outcome is None:
        return {}
    return {"baseline": {"path": outcome.path, "known": outcome.known, "fixed": len(outcome.fixed)}}


class JsonReporter:
    """``--format json``: the versioned JSON document."""

    name = "json"
    extension = ".json"
    media_type = "application/json"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The JSON document and a newline."""
        return json_safe(json.dumps(document(report), indent=2, ensure_ascii=False)) + "\n"


REPORTER: Reporter[Report] = JsonReporter()
