"""GitLab Code Quality report: a JSON array of issues for ``artifacts:reports:codequality``.

Each non-waived finding is one issue with ``description``, ``check_name`` (the rule id),
``fingerprint`` (the same identity hash as SARIF's ``ctlint/v2``, so it survives moved lines),
``severity`` (error → major, warning → minor, info → info) and ``location`` (path and
``lines.begin``). An organization-level finding points into the configuration file when there
is one (line 1 unless it has a position there). Without one (only CTL010, organization.type not
declared, arises then) it points at the ctlint root folder, repository-relative (``.`` when the
root is the repository's), line 1: GitLab requires ``location.path``, the finding is about the
whole repository rather than one manifest, and a ``.ctlint.yaml`` that does not exist would send
the reader looking for a file that is not there. It is not left out: a Code Quality report that
drops a finding would pass a job that the other formats fail.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

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
            "path": path or finding.file or ".",
            "lines": {"begin": finding.span.line if finding.span is not None else 1},
        },
    }


def root_folder(report: Report) -> str:
    """The ctlint root as a path relative to the repository (``.`` for the repository's own)."""
    return report.repo_path(".").removesuffix("/.")


class GitlabReporter:
    """``--format gitlab``: the Code Quality JSON array."""

    name = "gitlab"
    extension = ".json"
    media_type = "application/json"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The JSON array and a newline."""
        issues = [
            issue(f, report.repo_path(f.file) if f.file is not None else root_folder(report))
            for f in report.findings
            if not f.waived
        ]
        return json_safe(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"


REPORTER: Reporter[Report] = GitlabReporter()
