"""GitLab Code Quality report: a JSON array of issues for ``artifacts:reports:codequality``.

Each non-waived finding is one issue with ``description``, ``check_name`` (the rule id),
``fingerprint`` (the same identity hash as SARIF's ``ctlint/v2``, so it survives moved lines),
``severity`` (error → major, warning → minor, info → info) and ``location`` (path and
``lines.begin``). An organization-level finding points at the configuration file (or
``.ctlint.yaml`` when there is none), line 1 unless it has a position there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ctlint.config import CONFIG_NAME
from ctlint.model.findings import Finding, Severity
from ctlint.output.reporters.sarif import fingerprint
from ctlint.util.text import json_safe

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, path: str | None = None) -> dict[str, Any]:
    """One Code Quality issue; ``path`` is the file relative to the repository (GitLab
    resolves it against the project, not ctlint's root)."""
    description = f"{finding.rule}: {finding.message}"
    if finding.citations:
        description += f" [{finding.citations[0].short}]"
    return {
        "description": description,
        "check_name": finding.rule,
        "fingerprint": fingerprint(finding),
        "severity": SEVERITIES[finding.severity],
        "location": {
            "path": path or finding.file or CONFIG_NAME,
            "lines": {"begin": finding.span.line if finding.span is not None else 1},
        },
    }


class GitlabReporter:
    """``--format gitlab``: the Code Quality JSON array."""

    name = "gitlab"
    extension = ".json"
    media_type = "application/json"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The JSON array and a newline."""
        issues = [
            issue(f, report.repo_path(f.file or CONFIG_NAME))
            for f in report.findings
            if not f.waived
        ]
        return json_safe(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"


REPORTER: Reporter[Report] = GitlabReporter()
