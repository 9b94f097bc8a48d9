"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (cli.md, "Other formats").

``tool.driver.rules`` lists the rules the run's findings refer to (each rule's full help is
about 4 KB: listing every active rule made a one-file log 440 KB, three quarters of it rules
without a result); ``--sarif-all-rules`` lists every non-retired rule of the catalog as well
(each with ``properties.active``). Each
entry's help shows the citations in force at the as-of date (with the organization's declared regulations for
``ct-pda``), each with its status and, for one agency's regulation, the agency; those citations
are the taxa of a ``Connecticut law`` taxonomy that the rules point to through
``relationships``. Findings become results with 1-based regions (``end_column`` exclusive, as
SARIF's ``endColumn``) whose columns are UTF-16 code units (``columnKind: utf16CodeUnits``,
what GitHub and SARIF viewers count; :mod:`.sarif_columns`), two partial fingerprints built
from the finding's identity (never its line): ``ctlint/v2`` and ``primaryLocationLineHash``,
the one GitHub code scanning uses (:func:`line_hash`), and waived findings carry an accepted
external suppression.

A rule that is not applicable (rules.md, "Not applicable": its ``applies`` condition is false
for the organization or for a manifest) produces no result at all. GitHub code scanning turns
every result into an alert whatever its ``kind`` (a ``kind: "notApplicable"``, ``level:
"none"`` result would be valid SARIF but still show up as an alert), so the n/a cells are
recorded in property bags instead, which every consumer may ignore: the rule descriptor's
``properties`` (``applicable``, ``not_applicable_reason``, ``applies``) and the run's
``properties.not_applicable`` (``organization``: the rules not applicable to this organization;
``manifests``: each manifest × rule whose condition is false, with the reason).

**GitHub's limits.** Code scanning rejects a whole upload with more than 25,000 results in a
run, or over 10 MB gzip-compressed. Splitting into several runs is no way out (since June 2025
GitHub rejects several runs of one tool and category in one upload, and runs under their own
categories would leave stale alerts behind when a later run needs fewer), so past those limits
the log keeps one run and caps its results: the most important first (not waived before
waived, then error, warning, note), at most :data:`MAX_RESULTS`, fewer if the file would still
be over :data:`MAX_GZIP_BYTES` compressed, listed in the report's order. The run then says so:
a ``warning`` tool execution notification and ``properties.truncated`` (``results``: how many
there were, ``shown``, ``reason``), and the reporter hands the same note to
:meth:`RenderOptions.note` (``ctlint check`` prints it on stderr). Every finding is still in
the other formats (``--format json``).
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ctlint import __version__
from ctlint.model.findings import Finding
from ctlint.output.catalog_views import (
    manifest_not_applicable,
    organization_not_applicable,
)
from ctlint.output.reporters.sarif_columns import COLUMN_KIND, Utf16Columns
from ctlint.output.reporters.sarif_rules import LEVELS, TAXONOMY, Taxonomy, descriptor, utf8
from ctlint.util.text import json_safe

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter
    from ctlint.policy.model import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://ctlint.dev"
SRCROOT = "%SRCROOT%"
#: ``v2``: the identity includes the root-relative file (``v1`` had the vendor id alone).
FINGERPRINT_KEY = "ctlint/v2"
#: The only partial fingerprint GitHub code scanning uses (:func:`line_hash`).
LINE_HASH_KEY = "primaryLocationLineHash"
#: GitHub code scanning's limits for one upload: results in a run, and the gzip-compressed size.
MAX_RESULTS = 25_000
MAX_GZIP_BYTES = 10_000_000


def fingerprint(finding: Finding) -> str:
    """SHA-256 (hex) of the finding's identity (root-relative file, vendor id, rule, pointer,
    item) joined by NUL: stable when lines move, distinct for two manifests that share an id.
    """
    return hashlib.sha256(utf8("\0".join(finding.identity))).hexdigest()


def line_hash(identity: str, seen: Counter[str]) -> str:
    """``primaryLocationLineHash``: the first 64 bits of the identity hash, in hex, and
    ``:N``, the how-manieth result of the run with that hash (the form codeql-action gives
    it, whose ``N`` counts equal hashes in a file). GitHub code scanning matches alerts
    across runs by this key alone; ``upload-sarif`` fills it from the text of the result's
    first line only when it is absent, which would give every finding about one line (all
    the missing fields of a section point at its key) one alert identity, and move it with
    the line. This one belongs to the finding and survives moved lines, like ``ctlint/v2``.
    """
    short = identity[:16]
    seen[short] += 1
    return f"{short}:{seen[short]}"


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


def location(
    finding: Finding, path: str | None = None, columns: Utf16Columns | None = None
) -> dict[str, Any]:
    """The physical location of a finding (``path``: see :func:`result_path`), with UTF-16
    columns through ``columns`` (else the finding's own code-point columns)."""
    uri, relative = artifact_uri(path or finding.file or "")
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    span = finding.span
    region: dict[str, int]
    if span is None:
        region = {"startLine": 1}
    elif columns is not None:
        region = columns.region(finding.file, span)
    else:
        region = {
            "startLine": span.line,
            "startColumn": span.column,
            "endLine": span.end_line,
            "endColumn": span.end_column,
        }
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def result_path(report: Report, finding: Finding) -> str | None:
    """The repository-relative file a result is placed in.

    GitHub code scanning rejects a whole SARIF file when one result has no location, or a
    location without an artifact URI ("locationFromSarifResult: expected at least one
    location"), so an organization-level finding needs a real file. It points into the
    configuration file when there is one (the finding then has that file). Without one (only
    CTL010, organization.type not declared, can arise then) it is placed at line 1 of the first
    manifest reported, a file that exists, never at a ``.ctlint.yaml`` that does not; with no
    manifest at all it has nowhere to go and :func:`document` makes it a tool notification.
    """
    if finding.file is not None:
        return report.repo_path(finding.file)
    if report.files:
        return report.repo_path(min(report.files, key=utf8))
    return None


def _result(
    finding: Finding,
    rule_index: Mapping[str, int],
    taxonomy: Taxonomy,
    path: str,
    columns: Utf16Columns,
    seen: Counter[str],
) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    result["level"] = LEVELS[finding.severity]
    result["message"] = {"text": finding.message}
    result["locations"] = [location(finding, path, columns)]
    identity = fingerprint(finding)
    result["partialFingerprints"] = {
        FINGERPRINT_KEY: identity,
        LINE_HASH_KEY: line_hash(identity, seen),
    }
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


def _notification(
    finding: Finding, rule_index: Mapping[str, int], path: str, columns: Utf16Columns
) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "error",
        "message": {"text": finding.message},
        "locations": [location(finding, path, columns)],
    }
    associated: dict[str, Any] = {"id": finding.rule}
    if finding.rule in rule_index:
        associated["index"] = rule_index[finding.rule]
    note["associatedRule"] = associated
    return note


def _unplaced(finding: Finding, rule_index: Mapping[str, int]) -> dict[str, Any]:
    """An organization-level finding with no file to place it in, as a tool notification (which
    needs no location): ``note``, ``warning`` or ``error`` as its severity."""
    associated: dict[str, Any] = {"id": finding.rule}
    if finding.rule in rule_index:
        associated["index"] = rule_index[finding.rule]
    return {
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "associatedRule": associated,
    }


def _root_uri(root: str) -> str:
    uri = "file://" + _quote(os.path.abspath(root).replace(os.sep, "/"))
    return uri if uri.endswith("/") else uri + "/"


def rules_listed(report: Report, all_rules: bool = False) -> list[Rule]:
    """The rules of ``tool.driver.rules``, by id: those a finding of the run refers to (or,
    with ``all_rules``, every non-retired rule as well)."""
    catalog = report.catalog.rules
    ids = {r.id for r in catalog.values() if not r.retired} if all_rules else set()
    ids |= {f.rule for f in report.findings if f.rule in catalog}
    return [catalog[i] for i in sorted(ids)]


def _priority(finding: Finding) -> tuple[bool, int]:
    return (finding.waived, -int(finding.severity))


def chosen(findings: Sequence[Finding], limit: int) -> list[Finding]:
    """At most ``limit`` findings, the most important first (live before waived, then by
    severity, then the report's order), given back in the report's order."""
    if len(findings) <= limit:
        return list(findings)
    order = sorted(range(len(findings)), key=lambda i: _priority(findings[i]))
    return [findings[i] for i in sorted(order[:limit])]


def document(
    report: Report,
    *,
    all_rules: bool = False,
    findings: Sequence[Finding] | None = None,
) -> dict[str, Any]:
    """The whole SARIF log, with ``findings`` (default: all of the report's) as its results."""
    results = report.findings if findings is None else findings
    rules = rules_listed(report, all_rules)
    citations = {rule.id: report.settings.citations_for(rule) for rule in rules}
    taxonomy = Taxonomy(citations.values())
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    seen: Counter[str] = Counter()
    driver = {
        "name": "ctlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "supportedTaxonomies": [{"name": TAXONOMY, "index": 0}],
        "rules": [descriptor(rule, report, taxonomy, citations[rule.id]) for rule in rules],
    }
    columns = Utf16Columns(
        report.wide_lines, report.files, report.settings.root, report.settings.limits
    )
    placed = [(f, result_path(report, f)) for f in results]
    notifications = [
        _notification(f, rule_index, p, columns)
        for f, p in placed
        if f.rule == "CTL001" and p is not None
    ]
    notifications += [_unplaced(f, rule_index) for f, p in placed if p is None]
    properties: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "summary": report.counts,
        "not_applicable": not_applicable_properties(report),
    }
    if len(results) < len(report.findings):
        note = truncation_note(len(report.findings), len(results))
        notifications.insert(0, {"level": "warning", "message": {"text": note}})
        properties["truncated"] = {
            "results": len(report.findings),
            "shown": len(results),
            "reason": note,
        }
    invocation = {
        "executionSuccessful": True,
        "exitCode": 1 if report.failed() else 0,
        "toolExecutionNotifications": notifications,
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(report.repo_root)}},
        "columnKind": COLUMN_KIND,
        "taxonomies": [taxonomy.component()],
        "results": [
            _result(f, rule_index, taxonomy, p, columns, seen) for f, p in placed if p is not None
        ],
        "properties": properties,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def truncation_note(total: int, shown: int) -> str:
    """What the capped log says about the results it left out."""
    return (
        f"SARIF: {total - shown:,} of {total:,} results left out (the {shown:,} kept are the "
        f"most severe) to stay within GitHub code scanning's limits ({MAX_RESULTS:,} results "
        f"a run, {MAX_GZIP_BYTES // 1_000_000} MB gzip-compressed); --format json has them all"
    )


def _text(doc: dict[str, Any]) -> str:
    return json_safe(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def gzip_size(text: str) -> int:
    """The size of ``text`` (UTF-8) compressed as gzip does by default (level 6)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    data = utf8(text)
    return len(compressor.compress(data)) + len(compressor.flush())


def render(
    report: Report,
    *,
    all_rules: bool = False,
    max_results: int | None = None,
    max_gzip: int | None = None,
) -> tuple[str, int]:
    """The SARIF log within GitHub's limits (module docstring) and how many results it has:
    at most ``max_results`` (:data:`MAX_RESULTS`), and ``max_gzip`` bytes compressed
    (:data:`MAX_GZIP_BYTES`), the most important kept."""
    max_results = MAX_RESULTS if max_results is None else max_results
    max_gzip = MAX_GZIP_BYTES if max_gzip is None else max_gzip
    findings = chosen(report.findings, max_results)
    while True:
        text = _text(document(report, all_rules=all_rules, findings=findings))
        # gzip output never exceeds the input by more than a few bytes per 16 KiB block
        if len(text) <= max_gzip * 0.99 or not findings:
            return text, len(findings)
        size = gzip_size(text)
        if size <= max_gzip:
            return text, len(findings)
        findings = chosen(findings, int(len(findings) * max_gzip / size * 0.95))


class SarifReporter:
    """``--format sarif``: the SARIF log, nothing else."""

    name = "sarif"
    extension = ".sarif"
    media_type = "application/sarif+json"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The SARIF log and a newline; a note through ``options`` when it had to be capped."""
        text, shown = render(report, all_rules=options.sarif_all_rules)
        if shown < len(report.findings):
            options.note(truncation_note(len(report.findings), shown))
        return text


REPORTER: Reporter[Report] = SarifReporter()
