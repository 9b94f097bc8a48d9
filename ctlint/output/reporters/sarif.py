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
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from ctlint import __version__
from ctlint.config import CONFIG_NAME
from ctlint.model.findings import Citation, Finding, Severity
from ctlint.output.catalog_views import (
    applies_json,
    citation_kind,
    manifest_not_applicable,
    not_applicable_when,
    organization_not_applicable,
    status_notes,
)
from ctlint.util.text import json_safe, visible

if TYPE_CHECKING:
    from ctlint.engine.pipeline import Report
    from ctlint.policy.model import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://ctlint.dev"
TAXONOMY = "Connecticut law"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "ctlint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
CitationKey = tuple[str, str, str, str, str, str]


def _utf8(text: str) -> bytes:
    """UTF-8 that never fails: an undecodable file name's own bytes (surrogateescape), and
    any other lone surrogate encoded as is."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def fingerprint(finding: Finding) -> str:
    """SHA-256 (hex) of vendor, rule, pointer and item joined by NUL: stable when lines move.

    A finding without a vendor id (a file that did not parse, or has no ``id``) has nothing
    else to anchor it, so its file path stands in for the vendor; otherwise two broken files
    would share one fingerprint and code-quality tools would drop one of them.
    """
    vendor, rule, pointer, item = finding.identity
    anchor = vendor or finding.file or ""
    return hashlib.sha256(_utf8("\0".join((anchor, rule, pointer, item)))).hexdigest()


def citation_key(citation: Citation) -> CitationKey:
    """What makes two citations the same taxon."""
    return (
        citation.law,
        citation.section,
        citation.title,
        citation.url,
        citation.status,
        citation.agency or "",
    )


def first_paragraph(text: str) -> str:
    """The first blank-line-separated paragraph, on one line."""
    paragraph = re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]
    return " ".join(paragraph.split())


def remediation_markdown(text: str) -> str:
    """The remediation with its indented snippets as fenced ``yaml`` blocks."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        while block and not block[-1].strip():
            block.pop()
        if block:
            body = textwrap.dedent("\n".join(block))
            fence = "```"
            while fence in body:
                fence += "`"
            out.extend([f"{fence}yaml", body, fence, ""])
        block.clear()

    previous_blank = True
    for line in text.rstrip().splitlines():
        indented = line.startswith("    ")
        # A snippet starts with an indented line after a blank one and runs on through
        # indented and blank lines.
        if (block and (indented or not line.strip())) or (indented and previous_blank):
            block.append(line)
        else:
            if block:
                flush()
            out.append(line)
        previous_blank = not line.strip()
    flush()
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def uri(url: str) -> str:
    """A citation's address as a URI: characters RFC 3986 does not allow (spaces, ``<>``,
    quotes, non-ASCII) percent-encoded, existing percent-escapes kept. Built-in addresses are
    already URIs; an address from ``organization.regulations`` may not be."""
    encoded = quote(_utf8(url), safe="%:/?#[]@!$&'()*+,;=-._~")
    return re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", encoded)


def _md_url(url: str) -> str:
    return uri(url).replace("(", "%28").replace(")", "%29")


def _md_text(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", visible(text))


def _status(citation: Citation) -> str:
    """``(verified)`` or ``(verified, from 2026-07-01)``."""
    parts = [citation.status]
    if citation.effective_from:
        parts.append(f"from {citation.effective_from.isoformat()}")
    if citation.effective_until:
        parts.append(f"until {citation.effective_until.isoformat()}")
    return f"({', '.join(parts)})"


def citation_line(citation: Citation, *, markdown: bool) -> str:
    """``Conn. Gen. Stat. § 4-193(e) — title (verified)``, linked in Markdown (when there is
    an address), and what kind of citation it is (another agency's rule, a declared one)."""
    if markdown:
        label = _md_text(citation.label)
        if citation.url:
            label = f"[{label}]({_md_url(citation.url)})"
        head = f"{label} — {_md_text(citation.title)}"
    else:
        head = f"{citation.label} — {citation.title}"
    kind = citation_kind(citation)
    line = f"{head} {_status(citation)}{_md_text(kind) if markdown else kind}"
    return line if markdown or not citation.url else f"{line}: {citation.url}"


def rule_help(
    rule: Rule,
    citations: Sequence[Citation] | None = None,
    as_of: str | None = None,
    not_applicable: str | None = None,
) -> dict[str, str]:
    """``help.text`` and ``help.markdown``: why, when the rule does not apply, the law with
    status (``citations``: those in force at the as-of date; all of the rule's when None),
    and the fix."""
    cites = rule.citations if citations is None else tuple(citations)
    text = [rule.rationale.strip(), ""]
    markdown = [rule.rationale.strip(), ""]
    if rule.applies is not None:
        when = (
            f"Not applicable when {not_applicable_when(rule.applies.facts)}: {rule.applies.reason}"
        )
        text.append(when)
        markdown.append(_md_text(when))
        if not_applicable is not None:
            here = "This rule is not applicable to this organization (n/a): it reports nothing."
            text.append(here)
            markdown.append(f"**{here}**")
        text.append("")
        markdown.append("")
    if cites:
        heading = f"The law in force on {as_of}" if as_of else "The law"
        text.append(f"{heading}:")
        markdown.append(f"**{heading}**")
        markdown.append("")
        for citation in cites:
            text.append(f"- {citation_line(citation, markdown=False)}")
            markdown.append(f"- {citation_line(citation, markdown=True)}")
            if citation.note and citation.status != "declared":
                text.append(f"  {citation.note}")
                markdown.append(f"  {_md_text(citation.note)}")
        for note in status_notes(cites):
            text.append(note)
            markdown += ["", f"*{_md_text(note)}*"]
        text.append("")
        markdown.append("")
    text += ["How to fix it:", rule.remediation.rstrip()]
    markdown += ["**How to fix it**", "", remediation_markdown(rule.remediation)]
    return {"text": "\n".join(text), "markdown": "\n".join(markdown)}


def _citation_json(citation: Citation) -> dict[str, Any]:
    data: dict[str, Any] = citation.to_json()
    if citation.effective_from:
        data["effective_from"] = citation.effective_from.isoformat()
    if citation.effective_until:
        data["effective_until"] = citation.effective_until.isoformat()
    return data


class _Taxonomy:
    """Every distinct citation (of those in force for the listed rules) as a taxon, with a
    unique id."""

    def __init__(self, citations: Iterable[Sequence[Citation]]) -> None:
        found: dict[CitationKey, Citation] = {}
        for cites in citations:
            for citation in cites:
                found.setdefault(citation_key(citation), citation)
        self.taxa: list[dict[str, Any]] = []
        self.index: dict[CitationKey, tuple[str, int]] = {}
        used: dict[str, int] = {}
        for key in sorted(found):
            citation = found[key]
            label = citation.label
            used[label] = used.get(label, 0) + 1
            taxon_id = label if used[label] == 1 else f"{label} #{used[label]}"
            taxon: dict[str, Any] = {
                "id": taxon_id,
                "name": label,
                "shortDescription": {"text": citation.title},
                "properties": {"status": citation.status, **_citation_json(citation)},
            }
            if citation.url:
                taxon["helpUri"] = uri(citation.url)
            kind = f"{citation.kind[:1].upper()}{citation.kind[1:]}." if citation.kind else ""
            described = " ".join(part for part in (kind, citation.note or "") if part)
            if described:
                taxon["fullDescription"] = {"text": described}
            self.index[key] = (taxon_id, len(self.taxa))
            self.taxa.append(taxon)

    def references(self, citations: Iterable[Citation]) -> list[dict[str, Any]]:
        """``reportingDescriptorReference`` objects for citations, without repeats."""
        refs: list[dict[str, Any]] = []
        seen: set[int] = set()
        for citation in citations:
            found = self.index.get(citation_key(citation))
            if found is None or found[1] in seen:
                continue
            seen.add(found[1])
            refs.append(
                {"id": found[0], "index": found[1], "toolComponent": {"name": TAXONOMY, "index": 0}}
            )
        return refs

    def component(self) -> dict[str, Any]:
        return {
            "name": TAXONOMY,
            "organization": "ctlint",
            "shortDescription": {
                "text": "Connecticut statutes, regulations and public acts cited by ctlint rules "
                "at the as-of date, with how well each citation was verified (declared: named by "
                "the organization's configuration, not checked by ctlint)."
            },
            "isComprehensive": False,
            "taxa": self.taxa,
        }


def _descriptor(
    rule: Rule, report: Report, taxonomy: _Taxonomy, citations: Sequence[Citation]
) -> dict[str, Any]:
    level = report.ruleset.severity.get(rule.id) if rule.id in report.ruleset.rules else None
    not_applicable = organization_not_applicable(rule, report.settings.org_type)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": first_paragraph(rule.rationale)},
        "help": rule_help(rule, citations, report.as_of.isoformat(), not_applicable),
    }
    linked = next((c.url for c in citations if c.url), None)
    if linked:
        descriptor["helpUri"] = uri(linked)
    descriptor["defaultConfiguration"] = {"level": LEVELS[level or rule.severity]}
    relationships = [
        {"target": ref, "kinds": ["relevant"]} for ref in taxonomy.references(citations)
    ]
    if relationships:
        descriptor["relationships"] = relationships
    descriptor["properties"] = {
        "pack": rule.pack,
        "tags": ["privacy", "connecticut", rule.pack],
        "active": rule.id in report.ruleset.rules,
        "applicable": not_applicable is None,
        "not_applicable_reason": not_applicable,
        "applies": applies_json(rule),
        "citations": [_citation_json(c) for c in citations],
    }
    return descriptor


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
    return quote(_utf8(path), safe="/")


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
    finding: Finding, rule_index: Mapping[str, int], taxonomy: _Taxonomy, path: str
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
    taxonomy = _Taxonomy(citations.values())
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    driver = {
        "name": "ctlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "supportedTaxonomies": [{"name": TAXONOMY, "index": 0}],
        "rules": [_descriptor(rule, report, taxonomy, citations[rule.id]) for rule in rules],
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


def report(report: Report, stream: TextIO, color: bool) -> None:
    """Write the SARIF log (nothing else) to ``stream``."""
    text = json.dumps(document(report), indent=2, ensure_ascii=False)
    stream.write(json_safe(text) + "\n")
