"""``ctlint explain RULE``: one rule in full, with its citations over time and when it applies."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ctlint.model.findings import Citation
from ctlint.policy.model import Rule
from ctlint.util.text import visible, visible_lines

if TYPE_CHECKING:
    pass
from ctlint.output.catalog_views import (
    View,
    citation_kind,
    citation_periods,
    citations_at,
    not_applicable_when,
    organization_not_applicable,
    organization_only,
    status,
    status_notes,
)
from ctlint.output.rules_views import severity

# --------------------------------------------------------------------------- explain


def _citation_dates(citation: Citation) -> str:
    parts = []
    if citation.effective_from:
        parts.append(f"from {citation.effective_from.isoformat()}")
    if citation.effective_until:
        parts.append(f"until {citation.effective_until.isoformat()}")
    return f" ({' '.join(parts)})" if parts else ""


def _explain_citation(citation: Citation) -> list[str]:
    lines = [
        visible(
            f"  - {citation.label}: {citation.title} [{citation.status}]"
            f"{_citation_dates(citation)}{citation_kind(citation)}"
        )
    ]
    if citation.url:
        lines.append(f"    {visible(citation.url)}")
    if citation.note and citation.status != "declared":  # a declared one's kind says it all
        lines.append(textwrap.indent(textwrap.fill(visible(citation.note), 88), "    "))
    return lines


def _applies_lines(view: View, rule: Rule) -> tuple[str | None, list[str]]:
    """The ``Applies:`` header value and the "When it does not apply" section."""
    if rule.applies is None:
        return None, []
    org_type = view.settings.org_type
    when = not_applicable_when(rule.applies.facts)
    section = [
        "When it does not apply",
        textwrap.fill(
            visible(f"Not applicable when {when}: {rule.applies.reason}"),
            88,
            initial_indent="  ",
            subsequent_indent="  ",
        ),
    ]
    who = visible(f"organization.type: {org_type or 'not declared'}")
    if organization_only(rule):
        if organization_not_applicable(rule, org_type) is not None:
            header = f"no — n/a for this organization ({who})"
            section.append(
                f"  For this organization ({who}): n/a — no finding, and `n/a` in the register."
            )
        else:
            header = f"yes — applicable to this organization ({who})"
            section.append(f"  For this organization ({who}): applicable.")
    else:
        header = "decided for each manifest"
        section.append(
            "  Decided for each manifest: one for which it does not apply gets no finding, and "
            "`n/a` in the register."
        )
    return header, [*section, ""]


def render_explain(view: View, rule: Rule) -> str:
    """``ctlint explain RULE``."""
    active, why = status(view, rule)
    lines = [visible(f"{rule.id} ({rule.name}): {rule.title}"), ""]
    lines.append(visible(f"Pack:      {rule.pack} — {view.catalog.packs[rule.pack].title}"))
    lines.append(f"Severity:  {severity(view, rule)}")
    lines.append(f"In force:  {rule.window}")
    if rule.source_requirement:
        lines.append(f"Source requirement: {visible(rule.source_requirement)}")
    lines.append(f"Active:    {'yes' if active else 'no'} — {visible(why)}")
    applies_header, applies_section = _applies_lines(view, rule)
    if applies_header is not None:
        lines.append(f"Applies:   {applies_header}")
    lines += ["", "Why", textwrap.indent(visible_lines(rule.rationale.strip()), "  "), ""]
    lines += applies_section
    if rule.asserts:
        lines.append("What the manifest must show")
        for assertion in rule.asserts:
            field = ".".join("[]" if s == "*" else s for s in assertion.pointer).replace(
                ".[]", "[]"
            )
            if assertion.contains:
                what = f"{field} must list " + ", ".join(k for k, _ in assertion.contains)
            else:
                what = f"{field}: {_plain_message(assertion.message)}"
            lines.append(f"  - {visible(what)}")
        lines.append("")
    lines += ["How to fix it", textwrap.indent(visible_lines(rule.remediation.rstrip()), "  "), ""]
    lines += _explain_law(view, rule)
    # Every field is made visible above; this last pass is the guard for what was missed.
    return visible_lines("\n".join(lines))


def _explain_law(view: View, rule: Rule) -> list[str]:
    as_of = view.settings.as_of
    day = as_of.isoformat()
    cites = citations_at(view, rule)
    if not rule.citations and not cites:
        return []
    lines = [f"The law in force on {day}"]
    if cites:
        for c in cites:
            lines += _explain_citation(c)
    else:
        lines.append(f"  None of the rule's citations is in force on {day}.")
    lines.append("")
    others = [c for c in rule.citations if not c.in_force(as_of)]
    if others:
        lines.append(f"Not in force on {day}")
        for c in others:
            lines += _explain_citation(c)
        lines.append("")
    declared = view.settings.declared_citations if rule.pack == "ct-pda" else ()
    periods = citation_periods(rule, declared)
    if periods:
        lines.append("How the citations change over time")
        previous: tuple[Citation, ...] = ()
        for index, period in enumerate(periods):
            listed = "; ".join(f"{c.label} [{c.status}]" for c in period.citations) or "none"
            changes = []
            if index:
                added = [c.section for c in period.citations if c not in previous]
                dropped = [c.section for c in previous if c not in period.citations]
                if added:
                    changes.append("new: " + ", ".join(added))
                if dropped:
                    changes.append("no longer: " + ", ".join(dropped))
            text = visible(f"  {period.label}: {listed}")
            if changes:
                text += visible(f" ({'; '.join(changes)})")
            if period.contains(as_of):
                text += f"  <- as of {day}"
            lines.append(text)
            previous = period.citations
        lines.append("")
    notes = status_notes(cites)
    if notes:
        lines += [f"Note: {note}" for note in notes]
        lines.append("")
    return lines


def _plain_message(message: str) -> str:
    return (
        message.replace("{item_text}", "…")
        .replace("{item}", "…")
        .replace("{key}", "…")
        .replace("{index}", "…")
        .replace("{value}", "…")
        .replace("{sensitive_categories}", "…")
    )
