"""The SARIF rule descriptors: each rule's help with the citations in force and their
status, and the ``Connecticut law`` taxonomy the rules point to (:mod:`.sarif`)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ctlint.model.findings import Citation, Severity
from ctlint.output.catalog_views import (
    applies_json,
    citation_kind,
    not_applicable_when,
    organization_not_applicable,
    status_notes,
)
from ctlint.util.text import md_text

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.policy.model import Rule

TAXONOMY = "Connecticut law"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
CitationKey = tuple[str, str, str, str, str, str]


def utf8(text: str) -> bytes:
    """UTF-8 that never fails: an undecodable file name's own bytes (surrogateescape), and
    any other lone surrogate encoded as is."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


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
    encoded = quote(utf8(url), safe="%:/?#[]@!$&'()*+,;=-._~")
    return re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", encoded)


def _md_url(url: str) -> str:
    return uri(url).replace("(", "%28").replace(")", "%29")


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
        label = md_text(citation.label)
        if citation.url:
            label = f"[{label}]({_md_url(citation.url)})"
        head = f"{label} — {md_text(citation.title)}"
    else:
        head = f"{citation.label} — {citation.title}"
    kind = citation_kind(citation)
    line = f"{head} {_status(citation)}{md_text(kind) if markdown else kind}"
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
        markdown.append(md_text(when))
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
                markdown.append(f"  {md_text(citation.note)}")
        for note in status_notes(cites):
            text.append(note)
            markdown += ["", f"*{md_text(note)}*"]
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


class Taxonomy:
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


def descriptor(
    rule: Rule, report: Report, taxonomy: Taxonomy, citations: Sequence[Citation]
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
