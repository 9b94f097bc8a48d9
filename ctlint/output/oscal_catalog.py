"""``ctlint report --format oscal-catalog``: the Connecticut sections the register's obligations
cite, as an OSCAL 1.2.1 catalog, and what the OSCAL assessment results
(:mod:`ctlint.output.register.as_oscal`) share with it: the control ids, the deterministic
UUIDs and the text helpers.

Each cited section (law and section, ``Conn. Gen. Stat. § 4-193(e)``) is one control, in one
group per law; a rule citing it is one ``assessment-objective`` part of that control, carrying
the status of that rule's citation (``verified``, ``secondary``, ``unverified`` or
``declared``). A control's own ``verification-status`` is the weakest status of its citations,
so a section is never shown as verified when one rule cites it only through summaries. An
obligation that cites nothing gets a control of its own in the group ``ctlint``, with the
status ``none``.

Only the citations in force at the as-of date of the active obligations are in it (what the
register shows), so the catalog and the assessment results of one run point at the same ids.
Every UUID is a version-5 UUID over a stable identity: the same inputs give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from ctlint.model.findings import Citation
from ctlint.output.register.model import Register
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.text import json_safe, md_text, url_text, visible

OSCAL_VERSION = "1.2.1"
#: The namespace of ctlint's own OSCAL property names.
NS = "https://ctlint.dev/ns/oscal"
#: The namespace of every UUID ctlint writes in OSCAL (a version-5 UUID of :data:`NS`).
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NS)
#: The file name the assessment results expect the catalog under, next to them.
CATALOG_FILE = "ctlint-catalog.json"
CATALOG_MEDIA_TYPE = "application/oscal.catalog+json"
#: Weakest last: a control shows the weakest status among its citations.
STATUS_ORDER = ("verified", "secondary", "unverified", "declared", "none")
_LAW_IDS = {
    "Conn. Gen. Stat.": "cgs",
    "Regs. Conn. State Agencies": "rcsa",
    "Conn. Public Act": "pa",
}


def stable_uuid(*parts: str) -> str:
    """A version-5 UUID of ``parts`` in ctlint's OSCAL namespace."""
    return str(uuid.uuid5(UUID_NAMESPACE, "\x1f".join(parts)))


def line(text: str) -> str:
    """Untrusted text as OSCAL ``markup-line`` (Markdown, one line, never blank)."""
    return md_text(text).strip() or "—"


def string(text: str) -> str:
    """Untrusted text as an OSCAL ``string`` (one line, no blank at either end)."""
    return visible(text).strip() or "—"


def moment(day: dt.date) -> str:
    """A date as the OSCAL ``date-time`` of its start (UTC)."""
    return f"{day.isoformat()}T00:00:00Z"


def prop(name: str, value: str, *, core: bool = False) -> dict[str, str]:
    """One OSCAL property: ctlint's namespace unless ``core`` (OSCAL's own names)."""
    out = {"name": name, "value": string(value)}
    if not core:
        out["ns"] = NS
    return out


def _slug(text: str) -> str:
    text = text.replace("§", " ").strip().lower()
    text = re.sub(r"\(([^()]*)\)", r".\1", text)
    text = re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")
    return re.sub(r"-?\.-?", ".", text) or "x"


def token(text: str) -> str:
    """An OSCAL ``token`` made of ``text`` (a rule id stays as it is)."""
    out = re.sub(r"[^A-Za-z0-9._-]", "_", text)
    return out if re.match(r"[A-Za-z_]", out) else f"_{out}"


@dataclasses.dataclass(frozen=True, slots=True)
class Cited:
    """One rule's citation of a section."""

    rule: str
    rule_title: str
    citation: Citation


@dataclasses.dataclass(frozen=True, slots=True)
class Section:
    """One control: a cited section and the rules that cite it (or an uncited rule)."""

    id: str
    group: str
    group_title: str
    label: str
    cited: tuple[Cited, ...]

    @property
    def status(self) -> str:
        """The weakest status of its citations (``none`` for an uncited rule)."""
        statuses = [c.citation.status for c in self.cited] or ["none"]
        return max(statuses, key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 9)

    def objective(self, rule: str) -> str:
        """The id of the objective of ``rule`` in this control."""
        return f"{self.id}_obj.{token(rule)}"


@dataclasses.dataclass(frozen=True, slots=True)
class Controls:
    """The catalog's controls, and the controls of each obligation (its citations' order)."""

    sections: tuple[Section, ...]
    of_rule: Mapping[str, tuple[Section, ...]]


def controls(register: Register) -> Controls:
    """The controls of the register's obligations: one per cited section, and one per
    obligation that cites nothing."""
    by_label: dict[str, list[Cited]] = {}
    laws: dict[str, str] = {}
    uncited: list[str] = []
    rule_labels: dict[str, list[str]] = {}
    titles = {o.rule: o.title for o in register.obligations}
    for obligation in register.obligations:
        labels = rule_labels.setdefault(obligation.rule, [])
        for citation in obligation.citations:
            if citation.label not in by_label:
                by_label[citation.label] = []
                laws[citation.label] = citation.law
            if citation.label not in labels:
                labels.append(citation.label)
                by_label[citation.label].append(Cited(obligation.rule, obligation.title, citation))
        if not labels:
            uncited.append(obligation.rule)
    used: set[str] = set()
    sections: dict[str, Section] = {}
    for label in sorted(by_label, key=lambda k: (laws[k], _natural(k))):
        law = laws[label]
        group = _LAW_IDS.get(law) or _slug(law)
        group = group if re.match("[a-z]", group) else f"law-{group}"
        base = f"{group}-{_slug(label[len(law) :])}"
        control_id, n = base, 1
        while control_id in used:
            n += 1
            control_id = f"{base}-{n}"
        used.add(control_id)
        sections[label] = Section(control_id, group, law, label, tuple(by_label[label]))
    for rule in uncited:
        control_id = f"ctlint-{token(rule).lower()}"
        used.add(control_id)
        sections[rule] = Section(
            control_id,
            "ctlint",
            "Obligations without a citation",
            rule,
            (Cited(rule, titles[rule], _NONE),),
        )
        rule_labels[rule] = [rule]
    of_rule = {
        rule: tuple(sections[label] for label in labels) for rule, labels in rule_labels.items()
    }
    return Controls(tuple(sections.values()), of_rule)


_NONE = Citation(law="", section="", title="", url="", status="none")


def _natural(text: str) -> list[tuple[int, str]]:
    """Sort key: ``§ 4-9`` before ``§ 4-10``."""
    return [(int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text)]


def _control(section: Section) -> dict[str, Any]:
    first = section.cited[0].citation
    uncited = first.status == "none"
    props = [prop("label", section.label, core=True)]
    if not uncited:
        props.append(prop("law", first.law))
    props.append(prop("verification-status", section.status))
    agencies = sorted({c.citation.agency for c in section.cited if c.citation.agency})
    props += [prop("agency", a) for a in agencies]
    if agencies:
        props.append(prop("kind", "another agency's rule of the same kind"))
    urls: list[str] = []
    for c in section.cited:
        if c.citation.url and url_text(c.citation.url) not in urls:
            urls.append(url_text(c.citation.url))
    titles: list[str] = []
    for c in section.cited:
        if c.citation.title and c.citation.title not in titles:
            titles.append(c.citation.title)
    statement = (
        f"{section.label}: {'; '.join(titles)}"
        if titles
        else f"Rule {section.label} cites no section of law."
    )
    parts: list[dict[str, Any]] = [
        {"id": f"{section.id}_smt", "name": "statement", "prose": md_text(statement)}
    ]
    for c in section.cited:
        objective_props = [prop("rule", c.rule), prop("verification-status", c.citation.status)]
        if c.citation.kind:
            objective_props.append(prop("kind", c.citation.kind))
        prose = f"{c.rule}: {c.rule_title}"
        if c.citation.note:
            prose += f" ({c.citation.note})"
        parts.append(
            {
                "id": section.objective(c.rule),
                "name": "assessment-objective",
                "props": objective_props,
                "prose": md_text(prose),
            }
        )
    control: dict[str, Any] = {
        "id": section.id,
        "class": "uncited-rule" if uncited else "section",
        "title": line(section.cited[0].rule_title)
        if uncited
        else line(f"{first.section} {titles[0]}" if titles else section.label),
        "props": props,
    }
    if urls:
        control["links"] = [{"href": u, "rel": "reference"} for u in urls]
    control["parts"] = parts
    return control


def catalog_document(register: Register) -> dict[str, Any]:
    """The catalog as one JSON-ready mapping."""
    found = controls(register)
    groups: dict[str, dict[str, Any]] = {}
    for section in found.sections:
        group = groups.setdefault(
            section.group,
            {"id": section.group, "title": line(section.group_title), "controls": []},
        )
        group["controls"].append(_control(section))
    body = list(groups.values())
    identity = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8", "replace")
    ).hexdigest()
    h = register.header
    metadata: dict[str, Any] = {
        "title": "Connecticut sections cited by ctlint",
        "last-modified": moment(h.as_of),
        "version": f"ruleset {h.ruleset_version}",
        "oscal-version": OSCAL_VERSION,
        "props": [
            prop("as-of", h.as_of.isoformat()),
            prop("ruleset-version", h.ruleset_version),
            prop("tool", f"ctlint {h.version}"),
        ],
        "remarks": (
            "verification-status: verified = read in the statute or regulation text; "
            "secondary = confirmed only through summaries; unverified = yet to be checked; "
            "declared = named by the organization's configuration, not checked by ctlint; "
            "none = the rule cites nothing. A control shows the weakest status of its citations."
        ),
    }
    catalog: dict[str, Any] = {"uuid": stable_uuid("catalog", identity), "metadata": metadata}
    if body:
        catalog["groups"] = body
    return {"catalog": catalog}


def render_catalog(register: Register) -> str:
    """Indented JSON, one trailing newline."""
    return json_safe(json.dumps(catalog_document(register), indent=2, ensure_ascii=False)) + "\n"


class OscalCatalog:
    """``ctlint report --format oscal-catalog`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "oscal-catalog"
    extension = ".json"
    media_type = CATALOG_MEDIA_TYPE

    def render(self, register: Register, options: RenderOptions) -> str:
        return render_catalog(register)


REPORTER: Reporter[Register] = OscalCatalog()
