"""Text, JSON and Markdown views of the rule catalog (``ctlint rules``, ``ctlint explain``, docs)."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from typing import Any

from ctlint.api import RuleSet, select_rules
from ctlint.catalog import Catalog, build_catalog
from ctlint.config import Settings
from ctlint.policy import Rule
from ctlint.scope import Applicability, RepoFacts, decide


@dataclasses.dataclass(frozen=True, slots=True)
class View:
    """The catalog under one configuration and as-of date."""

    settings: Settings
    catalog: Catalog
    applicability: Applicability
    ruleset: RuleSet


def build_view(settings: Settings) -> View:
    """Decide packs and rules the way ``check`` would, from the configured manifests."""
    from ctlint.api import repository_facts

    catalog = build_catalog(
        root=settings.root, policy_paths=settings.policy_paths, rule_options=settings.rule_options
    )
    facts = RepoFacts()
    if settings.org_type in ("private_business", "nonprofit") and settings.packs_auto:
        facts = repository_facts(settings, catalog)
    applicability = decide(settings, catalog, facts)
    return View(settings, catalog, applicability, select_rules(settings, catalog, applicability))


def status(view: View, rule: Rule) -> tuple[bool, str]:
    """Whether a rule runs under this configuration, and why (not)."""
    if rule.retired:
        return False, f"retired: {rule.retired.strip()}"
    pack = view.applicability.status(rule.pack)
    if pack is None or not pack.active:
        return False, f"pack {rule.pack} is inactive: {pack.reason if pack else 'unknown pack'}"
    as_of = view.settings.as_of
    if as_of < rule.effective_from:
        return False, f"in force from {rule.effective_from.isoformat()} (as of {as_of.isoformat()})"
    if rule.effective_until is not None and as_of > rule.effective_until:
        return False, f"in force until {rule.effective_until.isoformat()}"
    if not view.ruleset.runs(rule.id):
        return False, "turned off by select, ignore or severity in the configuration"
    return True, f"pack {rule.pack}: {pack.reason}"


def _severity(view: View, rule: Rule) -> str:
    level = view.ruleset.severity.get(rule.id)
    return (level or rule.severity).label if not rule.retired else "-"


def _rules(view: View, pack: str | None) -> list[Rule]:
    return sorted(
        (r for r in view.catalog.rules.values() if pack is None or r.pack == pack),
        key=lambda r: (_pack_index(view, r.pack), r.id),
    )


def _pack_index(view: View, name: str) -> int:
    names = [p.name for p in view.applicability.packs]
    return names.index(name) if name in names else len(names)


def rules_json(view: View, pack: str | None) -> dict[str, Any]:
    """The catalog as JSON."""
    scope = view.applicability.ctdpa_scope
    return {
        "version": 1,
        "as_of": view.settings.as_of.isoformat(),
        "organization": {"type": view.settings.org_type},
        "ctdpa_scope": None
        if scope is None
        else {"in_scope": scope.in_scope, "reason": scope.reason},
        "packs": [
            {
                "name": p.name,
                "title": view.catalog.packs[p.name].title,
                "active": p.active,
                "reason": p.reason,
            }
            for p in view.applicability.packs
            if pack is None or p.name == pack
        ],
        "rules": [
            {
                "id": r.id,
                "pack": r.pack,
                "name": r.name,
                "title": r.title,
                "severity": _severity(view, r),
                "effective_from": r.effective_from.isoformat(),
                "effective_until": r.effective_until.isoformat() if r.effective_until else None,
                "active": status(view, r)[0],
                "reason": status(view, r)[1],
                "brief_requirement": r.brief_requirement,
                "retired": r.retired is not None,
                "citations": [
                    {
                        **c.to_json(),
                        "effective_from": c.effective_from.isoformat()
                        if c.effective_from
                        else None,
                        "effective_until": c.effective_until.isoformat()
                        if c.effective_until
                        else None,
                    }
                    for c in r.citations
                ],
            }
            for r in _rules(view, pack)
        ],
    }


def render_rules(view: View, fmt: str, pack: str | None) -> str:
    """``ctlint rules`` in one format."""
    if fmt == "json":
        return json.dumps(rules_json(view, pack), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _rules_markdown(view, pack)
    lines = []
    scope = view.applicability.ctdpa_scope
    lines.append(
        f"as of {view.settings.as_of.isoformat()}; organization.type: {view.settings.org_type or 'not declared'}"
    )
    if scope is not None:
        lines.append(f"CTDPA: {'in scope' if scope.in_scope else 'out of scope'}: {scope.reason}")
    lines.append("")
    for p in view.applicability.packs:
        if pack is None or p.name == pack:
            mark = "active  " if p.active else "inactive"
            lines.append(f"{mark} {p.name:<14} {p.reason}")
    lines.append("")
    for r in _rules(view, pack):
        active, why = status(view, r)
        mark = "+" if active else "-"
        lines.append(f"{mark} {r.id:<14} {r.pack:<14} {_severity(view, r):<8} {r.title}")
        if not active:
            lines.append(f"  {'':<14} {why}")
    return "\n".join(lines) + "\n"


def _rules_markdown(view: View, pack: str | None) -> str:
    out = [
        "| id | pack | severity | title | active |",
        "|---|---|---|---|---|",
    ]
    for r in _rules(view, pack):
        active, why = status(view, r)
        out.append(
            f"| {r.id} | {r.pack} | {_severity(view, r)} | {_md(r.title)} | "
            f"{'yes' if active else 'no'}: {_md(why)} |"
        )
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def render_explain(view: View, rule: Rule) -> str:
    """``ctlint explain RULE``."""
    active, why = status(view, rule)
    as_of = view.settings.as_of
    lines = [f"{rule.id} ({rule.name}): {rule.title}", ""]
    lines.append(f"Pack:      {rule.pack} — {view.catalog.packs[rule.pack].title}")
    lines.append(f"Severity:  {_severity(view, rule)}")
    lines.append(f"In force:  {rule.window}")
    if rule.brief_requirement:
        lines.append(f"Brief:     {rule.brief_requirement}")
    lines.append(f"Active:    {'yes' if active else 'no'} — {why}")
    lines += ["", "Why", textwrap.indent(rule.rationale.strip(), "  "), ""]
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
            lines.append(f"  - {what}")
        lines.append("")
    lines += ["How to fix it", textwrap.indent(rule.remediation.rstrip(), "  "), ""]
    if rule.citations:
        lines.append("The law")
        for c in rule.citations:
            when = ""
            if c.effective_from or c.effective_until:
                parts = []
                if c.effective_from:
                    parts.append(f"from {c.effective_from.isoformat()}")
                if c.effective_until:
                    parts.append(f"until {c.effective_until.isoformat()}")
                when = f" ({' '.join(parts)}{'; in force' if c.in_force(as_of) else '; not in force'} as of {as_of.isoformat()})"
            lines.append(f"  - {c.label}: {c.title} [{c.status}]{when}")
            lines.append(f"    {c.url}")
            if c.note:
                lines.append(textwrap.indent(textwrap.fill(c.note, 88), "    "))
        lines.append("")
        if any(c.status != "verified" for c in rule.citations):
            lines.append(
                "Note: a citation marked secondary was confirmed only through summaries, and one marked "
                "unverified is yet to be checked; do not treat either as settled law."
            )
            lines.append("")
    return "\n".join(lines)


def _plain_message(message: str) -> str:
    return (
        message.replace("{item_text}", "…")
        .replace("{item}", "…")
        .replace("{key}", "…")
        .replace("{index}", "…")
        .replace("{value}", "…")
    )
