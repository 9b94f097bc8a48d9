"""``ctlint rules``: the rule catalog as text, JSON and Markdown (the ``rules`` formats of
:mod:`ctlint.output.formats`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ctlint.policy.model import Rule
from ctlint.util.text import json_safe, visible
from ctlint.util.text import md_text as escape

if TYPE_CHECKING:
    from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.output.catalog_views import (
    View,
    applies_json,
    citation_summary,
    citations_at,
    not_applicable_when,
    organization_not_applicable,
    status,
    with_declared,
)

# --------------------------------------------------------------------------- rules


def severity(view: View, rule: Rule) -> str:
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


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def rules_json(view: View, pack: str | None) -> dict[str, Any]:
    """The catalog as JSON."""
    scope = view.applicability.ctdpa_scope
    org_type = view.settings.org_type
    rules = []
    for r in _rules(view, pack):
        active, why = status(view, r)
        not_applicable = organization_not_applicable(r, org_type)
        rules.append(
            {
                "id": r.id,
                "pack": r.pack,
                "name": r.name,
                "title": r.title,
                "severity": severity(view, r),
                "effective_from": r.effective_from.isoformat(),
                "effective_until": _date(r.effective_until),
                "active": active,
                "reason": why,
                "applicable": not_applicable is None,
                "not_applicable_reason": not_applicable,
                "applies": applies_json(r),
                "source_requirement": r.source_requirement,
                "retired": r.retired is not None,
                "citations": [
                    {
                        **c.to_json(),
                        "effective_from": _date(c.effective_from),
                        "effective_until": _date(c.effective_until),
                        "in_force": in_force,
                    }
                    for c, in_force in with_declared(r, view.settings)
                ],
            }
        )
    return {
        "version": 1,
        "as_of": view.settings.as_of.isoformat(),
        "organization": {"type": org_type},
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
        "rules": rules,
    }


RULES_LEGEND = (
    "+ runs   - does not run (why below)   "
    "~ runs, but is not applicable to this organization (n/a, why below)"
)


@dataclasses.dataclass(frozen=True, slots=True)
class RuleListing:
    """What ``ctlint rules`` shows: the catalog view, only one pack's rules when ``pack`` is
    set. The subject of the ``rules`` formats (:data:`ctlint.output.formats.RULES_FORMATS`)."""

    view: View
    pack: str | None = None


class RulesText:
    """``rules --format text``: the packs, a legend, one line a rule with why and the law."""

    name = "text"
    extension = ".txt"
    media_type = "text/plain"

    def render(self, listing: RuleListing, options: RenderOptions) -> str:
        return _rules_text(listing.view, listing.pack)


class RulesJson:
    """``rules --format json``: :func:`rules_json`."""

    name = "json"
    extension = ".json"
    media_type = "application/json"

    def render(self, listing: RuleListing, options: RenderOptions) -> str:
        document = rules_json(listing.view, listing.pack)
        return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


class RulesMarkdown:
    """``rules --format markdown``: one table row a rule."""

    name = "markdown"
    extension = ".md"
    media_type = "text/markdown"

    def render(self, listing: RuleListing, options: RenderOptions) -> str:
        return _rules_markdown(listing.view, listing.pack)


RULES_TEXT: Reporter[RuleListing] = RulesText()
RULES_JSON: Reporter[RuleListing] = RulesJson()
RULES_MARKDOWN: Reporter[RuleListing] = RulesMarkdown()


def _rules_text(view: View, pack: str | None) -> str:
    lines = []
    scope = view.applicability.ctdpa_scope
    as_of = view.settings.as_of.isoformat()
    lines.append(f"as of {as_of}; organization.type: {view.settings.org_type or 'not declared'}")
    if scope is not None:
        lines.append(f"CTDPA: {'in scope' if scope.in_scope else 'out of scope'}: {scope.reason}")
    lines.append("")
    for p in view.applicability.packs:
        if pack is None or p.name == pack:
            mark = "active  " if p.active else "inactive"
            lines.append(f"{mark} {p.name:<14} {p.reason}")
    lines += ["", RULES_LEGEND, f"(citations in force on {as_of})", ""]
    indent = " " * 17
    for r in _rules(view, pack):
        active, why = status(view, r)
        not_applicable = organization_not_applicable(r, view.settings.org_type)
        mark = "-" if not active else "~" if not_applicable is not None else "+"
        lines.append(f"{mark} {r.id:<14} {r.pack:<14} {severity(view, r):<8} {r.title}")
        if not active:
            lines.append(f"{indent}{why}")
        if not_applicable is not None:
            lines.append(f"{indent}n/a for this organization: {not_applicable}")
        elif r.applies is not None:
            lines.append(f"{indent}n/a for a manifest where {not_applicable_when(r.applies.facts)}")
        cites = citations_at(view, r)
        if cites and not r.retired:
            lines.append(f"{indent}{'; '.join(citation_summary(c) for c in cites)}")
    # Each line on its own: a line break inside a title or reason is shown as ``\n``.
    return "\n".join(visible(line) for line in lines) + "\n"


def _rules_markdown(view: View, pack: str | None) -> str:

    out = [
        f"Citations in force on {view.settings.as_of.isoformat()}.",
        "",
        "| id | pack | severity | title | active | applicable | law |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in _rules(view, pack):
        active, why = status(view, r)
        not_applicable = organization_not_applicable(r, view.settings.org_type)
        if not_applicable is not None:
            applicable = f"n/a: {escape(not_applicable)}"
        elif r.applies is not None:
            applicable = f"n/a for a manifest where {_md(not_applicable_when(r.applies.facts))}"
        else:
            applicable = "yes"
        law = "; ".join(escape(citation_summary(c)) for c in citations_at(view, r)) or "—"
        out.append(
            f"| {r.id} | {escape(r.pack)} | {severity(view, r)} | {escape(r.title)} | "
            f"{'yes' if active else 'no'}: {escape(why)} | {applicable} | {law} |"
        )
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """ctlint's own wording (code spans meant) around policy fact names: one line, visible,
    no table break and no HTML."""
    text = visible(text.replace("\n", " ").strip()).replace("|", "\\|")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
