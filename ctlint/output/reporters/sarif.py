"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (cli.md, "Other formats").

Every non-retired rule of the catalog is a ``tool.driver.rules`` entry whose help shows the
citations in force at the as-of date (with the organization's declared regulations for
``ct-pda``), each with its status and, for one agency's regulation, the agency; those citations
are the taxa of a ``Connecticut law`` taxonomy that the rules point to through
``relationships``. Findings become results with 1-based regions (``end_column`` exclusive, as
SARIF's ``endColumn``), a ``ctlint/v1`` partial fingerprint built from the finding's identity
(never its line), and waived findings carry an accepted external suppression.

A rule that is not applicable (rules.md, "Not applicable": its ``applies`` condition is false
for the organization or for a manifest) produces no result at all. GitHub code scanning turns
every result into an alert whatever its ``kind`` (a ``kind: "notApplicable"``, ``level:
"none"`` result would be valid SARIF but still show up as an alert), so the n/a cells are
recorded in property bags instead, which every consumer may ignore: the rule descriptor's
``properties`` (``applicable``, ``not_applicable_reason``, ``applies``) and the run's
``properties.not_applicable`` (``organization``: the rules not applicable to this organization;
``manifests``: each manifest × rule whose condition is false, with the reason).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ctlint import __version__
from ctlint.config import CONFIG_NAME
from ctlint.model.findings import Finding
from ctlint.output.catalog_views import (
    manifest_not_applicable,
    organization_not_applicable,
)
from ctlint.output.reporters.sarif_rules import LEVELS, TAXONOMY, Taxonomy, descriptor, utf8
from ctlint.util.text import json_safe

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://ctlint.dev"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "ctlint/v1"


def fingerprint(finding: Finding) -> str:
    """SHA-256 (hex) of vendor, rule, pointer and item joined by NUL: stable when lines move.

    A finding without a vendor id (a file that did not parse, or has no ``id``) has nothing
    else to anchor it, so its file path stands in for the vendor; otherwise two broken files
    would share one fingerprint and code-quality tools would drop one of them.
    """
    vendor, rule, pointer, item = finding.identity
    anchor = vendor or finding.file or ""
    return hashlib.sha256(utf8("\0".join((anchor, rule, pointer, item)))).hexdigest()


def not_applicable_properties(report: Report) -> dict[str, list[dict[str, Any]]]:
    """The run's ``properties.not_applicable``: the active rules not applicable to this
    organization, and every reported manifest × active rule whose ``applies`` condition is
    false for that manifest, each with the rule's reason (no result is emitted for them)."""
    org_type = report.settings.org_type
    organization = []
    for rule in report.ruleset.policy:
        reason = organization_not_applicable(rule, org_type)
        if reason is not None:
            organization.append({"rule": rule.id, "reason": reason})
    manifests = [
        {"file": cell.file, "vendor": cell.vendor, "rule": cell.rule, "reason": cell.reason}
        for cell in manifest_not_applicable(report)
    ]
    return {"organization": organization, "manifests": manifests}


def _quote(path: str) -> str:
    # surrogateescape gives back the bytes of an undecodable file name, so the URI names the
    # real file; everything but unreserved characters and "/" is percent-encoded.
    return quote(utf8(path), safe="/")


def artifact_uri(path: str) -> tuple[str, bool]:
    """A root-relative POSIX path (or an absolute one) as a URI reference; True when relative."""
    if path.startswith("/"):
        return "file://" + _quote(path), False
    return _quote(path), True


def location(finding: Finding, path: str | None = None) -> dict[str, Any]:
    """The physical location of a finding.

    GitHub code scanning rejects a whole SARIF file when one result has no location, so an
    organization-level finding without a file points at the configuration file (where the fix
    belongs), line 1, as rules.md places a finding when nothing on its path exists.
    """
    uri, relative = artifact_uri(path or finding.file or CONFIG_NAME)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    span = finding.span
    region: dict[str, int]
    if span is None:
        region = {"startLine": 1}
    else:
        region = {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": span.end_column,
        }
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _result(
    finding: Finding, rule_index: Mapping[str, int], taxonomy: Taxonomy, path: str
) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    result["level"] = LEVELS[finding.severity]
    result["message"] = {"text": finding.message}
    result["locations"] = [location(finding, path)]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding)}
    taxa = taxonomy.references(finding.citations)
    if taxa:
        result["taxa"] = taxa
    if finding.waived:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.waiver_reason or ""}
        ]
    result["properties"] = {
        "pointer": finding.pointer,
        "item": finding.item,
        "vendor": finding.vendor,
    }
    return result


def _notification(finding: Finding, rule_index: Mapping[str, int], path: str) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "error",
        "message": {"text": finding.message},
        "locations": [location(finding, path)],
    }
    associated: dict[str, Any] = {"id": finding.rule}
    if finding.rule in rule_index:
        associated["index"] = rule_index[finding.rule]
    note["associatedRule"] = associated
    return note


def _root_uri(root: str) -> str:
    uri = "file://" + _quote(os.path.abspath(root).replace(os.sep, "/"))
    return uri if uri.endswith("/") else uri + "/"


def document(report: Report) -> dict[str, Any]:
    """The whole SARIF log."""
    rules = sorted((r for r in report.catalog.rules.values() if not r.retired), key=lambda r: r.id)
    citations = {rule.id: report.settings.citations_for(rule) for rule in rules}
    taxonomy = Taxonomy(citations.values())
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    driver = {
        "name": "ctlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "supportedTaxonomies": [{"name": TAXONOMY, "index": 0}],
        "rules": [descriptor(rule, report, taxonomy, citations[rule.id]) for rule in rules],
    }
    invocation = {
        "executionSuccessful": True,
        "exitCode": 1 if report.failed() else 0,
        "toolExecutionNotifications": [
            _notification(f, rule_index, report.repo_path(f.file or CONFIG_NAME))
            for f in report.findings
            if f.rule == "CTL001"
        ],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(report.repo_root)}},
        "columnKind": "unicodeCodePoints",
        "taxonomies": [taxonomy.component()],
        "results": [
            _result(f, rule_index, taxonomy, report.repo_path(f.file or CONFIG_NAME))
            for f in report.findings
        ],
        "properties": {
            "as_of": report.as_of.isoformat(),
            "summary": report.counts,
            "not_applicable": not_applicable_properties(report),
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifReporter:
    """``--format sarif``: the SARIF log, nothing else."""

    name = "sarif"
    extension = ".sarif"
    media_type = "application/sarif+json"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The SARIF log and a newline."""
        return json_safe(json.dumps(document(report), indent=2, ensure_ascii=False)) + "\n"


REPORTER: Reporter[Report] = SarifReporter()
