"""JUnit XML: one test case per manifest × active rule, a failure per finding (cli.md).

The document validates against the Jenkins/Ant ``junit-10.xsd`` (the schema most CI servers
validate with): ``<testsuites name="ctlint">`` carries only ``name``, ``tests``, ``failures``
and ``errors``, and holds one ``<testsuite>`` per reported manifest (in the report's order,
``file`` is its path relative to the repository) and, when there are organization-level
findings (no file, or the configuration file), a suite named ``organization``. A test case is
named ``RULE-ID title``.

A test case fails only for findings that fail the run (at or above ``fail_on``, not waived),
so a green run has no failed test: it has exactly one ``<failure>`` (``type`` is the strongest
severity, ``message`` the first finding's message and how many more there are, the text every
such finding with its position and law). Findings below ``fail_on`` (warnings and info notes
by default) do not fail the test case: they are listed in its ``<system-out>``, each line
starting with its severity (``warning: FILE:LINE:COL: message``), and so are waived findings
(``waived: ...``). A test case whose findings are all waived is ``<skipped>`` with the
reasons. A test case whose rule is not applicable to the manifest (rules.md, "Not applicable":
its ``applies`` condition is false for the organization or the manifest) is ``<skipped>`` with
``not applicable: REASON``, never a pass. Suite counts follow JUnit: ``tests`` test cases,
``failures`` failed test cases, ``skipped`` skipped ones (on the suites only: the XSD allows no
``skipped`` on ``<testsuites>``).

Text from manifests and policy packs is made visible (control, bidi and invisible characters
as escapes, as in the text output), every string is stripped of what XML 1.0 cannot carry, so
the document always parses, and whatever unsafe character is left is a character reference.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ctlint.model.findings import Finding
from ctlint.output.catalog_views import (
    citation_kind,
    manifest_not_applicable,
    organization_not_applicable,
)
from ctlint.util.text import visible, xml_refs

if TYPE_CHECKING:
    from ctlint.engine.report import Report
    from ctlint.output.rendering import RenderOptions, Reporter

ORGANIZATION = "organization"
# Everything XML 1.0 allows: tab, LF, CR, and U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/F)."""
    return _NOT_XML.sub("", text)


def _where(finding: Finding) -> str:
    file = visible(finding.file) if finding.file is not None else "-"
    span = finding.span
    return f"{file}:{span.line}:{span.column}" if span is not None else file


def failure_text(finding: Finding) -> str:
    """``file:line:col: message`` and the citations in force with status (and, for one agency's
    rule or a declared one, what kind of citation it is) and address."""
    lines = [f"{_where(finding)}: {visible(finding.message)}"]
    for citation in finding.citations:
        line = f"{citation.label} — {citation.title} ({citation.status}){citation_kind(citation)}"
        line = f"{line} {citation.url}" if citation.url else line
        lines.append(visible(line))
    return "\n".join(lines)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _suite(
    parent: ET.Element,
    name: str,
    rule_ids: Sequence[str],
    findings: Sequence[Finding],
    report: Report,
    not_applicable: Mapping[str, str],
    file: str | None = None,
) -> tuple[int, int, int]:
    suite = _element(parent, "testsuite", name=name)
    if file is not None:
        suite.set("file", xml_safe(visible(file)))
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    failures = skipped = 0
    fail_on = report.settings.fail_on
    for rule_id in rule_ids:
        rule = report.catalog.rules.get(rule_id)
        title = f"{rule_id} {visible(rule.title)}" if rule is not None else rule_id
        case = _element(suite, "testcase", classname=name, name=title)
        mine = by_rule.get(rule_id, [])
        failing = [f for f in mine if not f.waived and f.severity >= fail_on]
        below = [f for f in mine if not f.waived and f.severity < fail_on]
        waived = [f for f in mine if f.waived]
        if failing:
            failures += 1
            first = visible(failing[0].message)
            more = len(failing) - 1
            _element(
                case,
                "failure",
                "\n\n".join(failure_text(f) for f in failing),
                message=f"{first} (and {more} more)" if more else first,
                type=max(f.severity for f in failing).label,
            )
        elif waived and not below:
            skipped += 1
            reasons = list(dict.fromkeys(visible(f.waiver_reason or "") for f in waived))
            _element(case, "skipped", message="waived: " + "; ".join(reasons))
        elif not mine and rule_id in not_applicable:
            skipped += 1
            _element(case, "skipped", message=f"not applicable: {visible(not_applicable[rule_id])}")
        notes = [f"{f.severity.label}: {failure_text(f)}" for f in below]
        if failing or below:
            notes += [f"waived: {failure_text(f)}" for f in waived]
        if notes:
            _element(case, "system-out", "\n".join(notes))
    suite.set("tests", str(len(rule_ids)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return len(rule_ids), failures, skipped


def document(report: Report) -> ET.Element:
    """The ``<testsuites>`` element."""
    root = ET.Element("testsuites", {"name": "ctlint"})
    active = sorted(report.ruleset.rules)
    files = set(report.files)
    totals = [0, 0, 0]

    org_type = report.settings.org_type
    everywhere = {
        rule.id: reason
        for rule in report.ruleset.policy
        if (reason := organization_not_applicable(rule, org_type)) is not None
    }
    per_file: dict[str, dict[str, str]] = {}
    for cell in manifest_not_applicable(report):
        per_file.setdefault(cell.file, {})[cell.rule] = cell.reason

    def add(
        name: str,
        findings: list[Finding],
        base: Sequence[str],
        skip: Mapping[str, str],
        file: str | None = None,
    ) -> None:
        extra = sorted({f.rule for f in findings} - set(base))
        rule_ids = [*base, *extra] if extra else base
        counts = _suite(root, name, rule_ids, findings, report, skip, file)
        for i, value in enumerate(counts):
            totals[i] += value

    by_file: dict[str | None, list[Finding]] = {}
    organization: list[Finding] = []
    for finding in report.findings:
        if finding.file in files:
            by_file.setdefault(finding.file, []).append(finding)
        else:
            organization.append(finding)
    if organization:
        add(ORGANIZATION, organization, sorted({f.rule for f in organization}), {})
    fatal = {f.file for f in report.findings if f.rule in ("CTL001", "CTL002", "CTL003", "CTL004")}
    for file in report.files:
        skip = {} if file in fatal else {**everywhere, **per_file.get(file, {})}
        add(visible(file), by_file.get(file, []), active, skip, report.repo_path(file))
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", "0")
    return root


class JunitReporter:
    """``--format junit``: the JUnit XML document."""

    name = "junit"
    extension = ".xml"
    media_type = "application/xml"

    def render(self, report: Report, options: RenderOptions) -> str:
        """The XML declaration, the document and a newline."""
        root = document(report)
        ET.indent(root)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + xml_refs(ET.tostring(root, encoding="unicode"))
            + "\n"
        )


REPORTER: Reporter[Report] = JunitReporter()
