"""Generate docs/rules.md from the policy files (``python -m ctlint.output.docs docs/rules.md``)."""

from __future__ import annotations

import sys
import textwrap

from ctlint.law.scope import pack_order
from ctlint.model.findings import Citation
from ctlint.output.catalog_views import not_applicable_when
from ctlint.policy.catalog import Catalog, build_catalog
from ctlint.policy.model import Rule


def _rule(rule: Rule) -> list[str]:
    lines = [f"### {rule.id} `{rule.name}`", "", f"**{rule.title}**", ""]
    if rule.retired:
        lines += [f"Retired: {rule.retired.strip()}", "", rule.rationale.strip(), ""]
        return lines
    meta = f"Severity: `{rule.severity.label}` · In force: {rule.window}"
    if rule.source_requirement:
        meta += f" · Source requirement: {rule.source_requirement}"
    lines += [meta, ""]
    if rule.applies is not None:
        when = not_applicable_when(rule.applies.facts)
        lines += [f"Not applicable when {when}: {rule.applies.reason}", ""]
    if rule.citations:
        lines += [_citation(c) for c in rule.citations]
        lines.append("")
    lines += [
        rule.rationale.strip(),
        "",
        "Fix:",
        "",
        textwrap.indent(rule.remediation.rstrip(), ""),
        "",
    ]
    return lines


def _citation(c: Citation) -> str:
    """One citation: linked label, title, status, its own dates and the agency."""
    window = []
    if c.effective_from:
        window.append(f"from {c.effective_from.isoformat()}")
    if c.effective_until:
        window.append(f"until {c.effective_until.isoformat()}")
    when = f" ({' '.join(window)})" if window else ""
    label = f"[{c.label}]({c.url})" if c.url else c.label
    line = f"- {label}: {c.title} — *{c.status}*{when}"
    if c.agency:
        line += f" — another agency's rule of the same kind ({c.agency})"
    return line


def render(catalog: Catalog) -> str:
    """The whole rules reference."""
    out = [
        "# Rules",
        "",
        "Generated from `policies/` by `python -m ctlint.output.docs docs/rules.md`; do not edit by hand.",
        "Citation status: *verified* = read in the statute or regulation; *secondary* = confirmed only",
        "through summaries; *unverified* = to be checked; *declared* = named by the organization's",
        "configuration (`organization.regulations`), not checked by ctlint. None of the last three is",
        "settled law. A citation's own dates say when that text is in force; output shows the",
        "citations in force at the as-of date. A citation of one agency's regulation names the agency:",
        "it is another agency's rule of the same kind, which shows what agencies' Personal Data Act",
        "regulations require and does not bind the organization running ctlint.",
        "",
    ]
    names = sorted(catalog.packs, key=pack_order)
    for name in names:
        pack = catalog.packs[name]
        out += [f"## `{name}`: {pack.title}", "", pack.description.strip(), ""]
        for rule in catalog.pack_rules(name):
            out += _rule(rule)
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or print) the generated reference."""
    args = sys.argv[1:] if argv is None else argv
    text = render(build_catalog(installed=False))
    if args:
        with open(args[0], "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
