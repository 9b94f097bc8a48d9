"""Generate the reference pages: docs/rules.md from the policy files and the law data files,
docs/manifest.md and docs/configuration.md from the schemas, docs/taxonomy.md from the
taxonomy data (``python -m ctlint.output.docs docs/`` writes all four; with a file name, only
the rules reference)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import textwrap

from ctlint.law.records import KeyClass, KeyEntry, Law, Period, Source
from ctlint.law.scope import pack_order
from ctlint.law.tables import law
from ctlint.model.findings import Citation
from ctlint.output.catalog_views import not_applicable_when
from ctlint.output.schema_docs import render_configuration, render_manifest
from ctlint.output.taxonomy_views import markdown as render_taxonomy
from ctlint.policy.catalog import Catalog, build_catalog
from ctlint.policy.model import Rule
from ctlint.util.resources import files as package_files
from ctlint.util.writing import write_atomic


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
    if c.agency or c.best_practice:
        line += f" — {c.kind}"
    return line


def _cell(text: str) -> str:
    """Trusted text in a table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _code(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names) if names else "—"


def _source(source: Source | None) -> str:
    """``[cite](url) — *status*: note``, or a dash."""
    if source is None:
        return "—"
    label = f"[{source.cite}]({source.url})" if source.url else source.cite
    text = f"{label} — *{source.status}*"
    return _cell(f"{text}: {source.note}" if source.note else text)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "—"


def _tests(period: Period) -> str:
    tests = [f"`ct_consumers_per_year` ≥ {period.consumers:,}"]
    if period.with_sales is not None:
        tests.append(
            f"`ct_consumers_per_year` ≥ {period.with_sales.consumers:,} and "
            f"`sale_revenue_share` > {period.with_sales.revenue_share_over * 100:g}%"
        )
    if period.sensitive_data:
        tests.append("any manifest processes sensitive data (no threshold)")
    if period.sale:
        tests.append("`sells_personal_data` or any manifest's `data.sale` (no threshold)")
    return "; or ".join(tests)


def _marker(entry: KeyEntry) -> str:
    parts = [f"*{entry.status}*"] if entry.status else []
    if entry.note:
        parts.append(entry.note)
    return _cell(": ".join(parts)) if parts else ""


def _key_class(cls: KeyClass) -> list[str]:
    lines = [f"#### {cls.title} (`{cls.name}`)", ""]
    if cls.source is not None:
        lines += [f"Source: {_source(cls.source)}", ""]
    if cls.note:
        lines += [cls.note, ""]
    lines += ["| key (and every key below it) | from | until | marker |", "|---|---|---|---|"]
    for entry in cls.keys:
        lines.append(
            f"| `{entry.key}` | {_date(entry.start)} | {_date(entry.until)} | {_marker(entry)} |"
        )
    lines.append("")
    if cls.excluded:
        lines += [f"Not in the class, nor any key below it: {_code(list(cls.excluded))}.", ""]
    return lines


def render_law(data: Law) -> list[str]:
    """The law data files as tables: packs per organization type, the CTDPA thresholds with
    their dates, the exemptions with their end dates, and the key classes with their markers."""
    packs, ctdpa = data.packs, data.ctdpa
    out = [
        "## The law as data",
        "",
        "Generated from `ctlint/law/scope.yaml` and `ctlint/law/taxonomy.yaml`, which ctlint",
        "reads at start-up (edit them, not the Python, to change a threshold, a date or a list).",
        "An entry's status is that of its weakest claim; a marker says where a key differs",
        "from its class's source.",
        "",
        "### Packs by organization type (`packs: auto`)",
        "",
        "| `organization.type` | packs | also with `state_contractor: true` |",
        "|---|---|---|",
        f"| not declared | {_code(list(packs.undeclared.packs))} (and a CTL010 finding) | — |",
    ]
    for kind in packs.types:
        names = [
            f"`{p}` (when the CTDPA is in scope)" if p == ctdpa.pack else f"`{p}`"
            for p in kind.packs
        ]
        exempt = ctdpa.exempt_type(kind.name)
        if exempt is not None and ctdpa.pack in kind.packs:
            names = [n for n in names if not n.startswith(f"`{ctdpa.pack}`")]
            names.append(f"not `{ctdpa.pack}` ({_cell(exempt.reason)}, {ctdpa.cite})")
        extra = _code(list(kind.state_contractor))
        out.append(f"| `{kind.name}` | {', '.join(names)} | {extra} |")
    out.append("")
    for pack, fact in packs.off_when_false:
        out += [f"`{pack}` does not run when `organization.{fact}` is `false`.", ""]
    out += [
        "### CTDPA thresholds",
        "",
        f"Before {ctdpa.in_force.isoformat()} the CTDPA is not in force. In each period it is "
        "in scope when any of the tests holds.",
        "",
        "| from | until | in scope when | source |",
        "|---|---|---|---|",
    ]
    for period in ctdpa.periods:
        out.append(
            f"| {_date(period.start)} | {_date(period.end)} | {_tests(period)} "
            f"| {_source(period.source)} |"
        )
    out += [
        "",
        "### CTDPA exemptions",
        "",
        f"An exemption in force takes the organization out of the CTDPA ({ctdpa.cite}).",
        "",
        "| exemption | what it is | until | afterwards | source |",
        "|---|---|---|---|---|",
    ]
    for entry in ctdpa.exemptions:
        out.append(
            f"| `organization.exemptions: {entry.name}` | {_cell(entry.words)} "
            f"| {_date(entry.until)} | {_cell(entry.ended or '—')} | {_source(entry.source)} |"
        )
    for exempt_type in ctdpa.exempt_types:
        out.append(
            f"| `organization.type: {exempt_type.name}` | {_cell(exempt_type.reason)} | — | — "
            f"| {_source(exempt_type.source)} |"
        )
    out += [
        "",
        "### Classes of data categories",
        "",
        "A category is in a class when its key is, or is below, one of the class's keys on",
        "the days of that entry.",
        f"A manifest with `recording.voiceprint: true` counts as holding `{data.voiceprint_key}`",
        f"for every class. {data.voiceprint_note}",
        "",
    ]
    for cls in data.categories:
        out += _key_class(cls)
    out += [
        "### Data uses",
        "",
        "| fact | data uses (exact keys) | note | source |",
        "|---|---|---|---|",
    ]
    for use in data.uses:
        out.append(
            f"| `{use.name}` ({use.title}) | {_code(list(use.keys))} "
            f"| {_cell(use.note or '—')} | {_source(use.source)} |"
        )
    out.append("")
    return out


def render(catalog: Catalog) -> str:
    """The whole rules reference."""
    out = [
        "# Rules",
        "",
        "Generated from `policies/` and `ctlint/law/` by `python -m ctlint.output.docs docs/rules.md`;",
        "do not edit by hand.",
        "Citation status: *verified* = read in the statute or regulation; *secondary* = confirmed only",
        "through summaries; *unverified* = to be checked; *declared* = named by the organization's",
        "configuration (`organization.regulations`), not checked by ctlint. None of the last three is",
        "settled law. A citation's own dates say when that text is in force; output shows the",
        "citations in force at the as-of date. A citation of one agency's regulation names the agency:",
        "it is another agency's rule of the same kind, which shows what agencies' Personal Data Act",
        "regulations require and does not bind the organization running ctlint.",
        "",
        *render_law(law()),
    ]
    names = sorted(catalog.packs, key=pack_order)
    for name in names:
        pack = catalog.packs[name]
        out += [f"## `{name}`: {pack.title}", "", pack.description.strip(), ""]
        for rule in catalog.pack_rules(name):
            out += _rule(rule)
    return "\n".join(out).rstrip() + "\n"


def _schema(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        package_files("ctlint.schemas").joinpath(name).read_text("utf-8")
    )
    return data


def exceptions(catalog: Catalog) -> list[str]:
    """The per-rule exceptions: every rule with an ``applies`` test, grouped by test."""
    out = [
        "## Per-rule exceptions",
        "",
        "Inside an active pack, these rules are not applicable to some organizations or",
        "manifests (no finding; `n/a` in the register), even under an explicit `packs:` list.",
        "",
        "| rules | not applicable when | why |",
        "|---|---|---|",
    ]
    groups: dict[tuple[str, str], list[str]] = {}
    for rule in sorted(catalog.rules.values(), key=lambda r: r.id):
        if rule.applies is not None and not rule.retired:
            when = not_applicable_when(rule.applies.facts)
            groups.setdefault((when, rule.applies.reason), []).append(rule.id)
    for (when, reason), ids in groups.items():
        links = ", ".join(f"[{i}](rules.md#{_anchor(catalog.rules[i])})" for i in ids)
        out.append(f"| {links} | {_cell(when)} | {_cell(reason)} |")
    return [*out, ""]


def _anchor(rule: Rule) -> str:
    """The GitHub anchor of a rule's heading in docs/rules.md (``### ID `name```)."""
    return f"{rule.id} {rule.name}".lower().replace(" ", "-")


def pages() -> dict[str, str]:
    """Every generated page of docs/, by file name."""
    catalog = build_catalog(installed=False)
    return {
        "rules.md": render(catalog),
        "manifest.md": render_manifest(_schema("vendor-manifest.schema.json")),
        "taxonomy.md": render_taxonomy(),
        "configuration.md": render_configuration(
            _schema("config.schema.json"), [*exceptions(catalog), *render_law(law())]
        ),
    }


def main(argv: list[str] | None = None) -> int:
    """Write the pages into a folder (``docs/``), the rules reference into a file, or print
    the rules reference."""
    args = sys.argv[1:] if argv is None else argv
    if args and os.path.isdir(args[0]):
        for name, text in pages().items():
            write_atomic(os.path.join(args[0], name), text)
    elif args:
        write_atomic(args[0], render(build_catalog(installed=False)))
    else:
        sys.stdout.write(render(build_catalog(installed=False)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
