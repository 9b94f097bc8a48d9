"""The taxonomy as views: ``ctlint taxonomy`` (text, JSON) and docs/taxonomy.md.

Every key with its name and description (fideslang's, ``ctlint/law/terms.yaml``) and its
markers: the classes of ``ctlint/law/taxonomy.yaml`` it is in (sensitive, high-risk, breach-law
personal information...) with the days of each entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from ctlint.law.records import KeyEntry
from ctlint.law.tables import law
from ctlint.law.taxonomy import is_under, taxonomy
from ctlint.law.terms import KINDS, Term, keys_of, suggest_any, terms

#: The classes shown as markers, in this order (taxonomy.yaml names).
MARKED = ("sensitive", "high_risk", "breach_pi", "consumer_health", "ssn")
_TITLES = {
    "data_categories": "Data categories",
    "data_uses": "Data uses",
    "data_subjects": "Data subjects",
}


@dataclasses.dataclass(frozen=True, slots=True)
class Marker:
    """One class a key is in, through one entry, with that entry's days."""

    name: str
    title: str
    start: dt.date | None
    until: dt.date | None

    def words(self) -> str:
        days = []
        if self.start:
            days.append(f"from {self.start.isoformat()}")
        if self.until:
            days.append(f"until {self.until.isoformat()}")
        return self.name + (f" ({' '.join(days)})" if days else "")


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    kind: str
    term: Term
    markers: tuple[Marker, ...]
    extension: bool


class UnknownPrefix(ValueError):
    """A prefix that names no key: ``suggestion`` is the closest key, if any."""

    def __init__(self, prefix: str, suggestion: str | None) -> None:
        super().__init__(prefix)
        self.prefix = prefix
        self.suggestion = suggestion


def markers(key: str) -> tuple[Marker, ...]:
    """The classes a category key is in, each entry that puts it there with its days."""
    found = []
    for cls in law().categories:
        if cls.name not in MARKED or is_under(key, cls.excluded):
            continue
        entries: list[KeyEntry] = [e for e in cls.keys if is_under(key, (e.key,))]
        if entries:  # the entry in force longest (no start first) decides the days
            entry = min(
                entries,
                key=lambda e: (e.start or dt.date.min, -(e.until or dt.date.max).toordinal()),
            )
            found.append(Marker(cls.name, cls.title, entry.start, entry.until))
    return tuple(sorted(found, key=lambda m: MARKED.index(m.name)))


def in_force(marker: Marker, as_of: dt.date) -> bool:
    return (marker.start is None or marker.start <= as_of) and (
        marker.until is None or as_of <= marker.until
    )


def rows(prefix: str | None = None, *, sensitive_at: dt.date | None = None) -> list[Row]:
    """The keys at or below ``prefix`` (all keys when None), of every kind; with
    ``sensitive_at``, only the categories that are sensitive that day. :class:`UnknownPrefix`
    when the prefix names no key."""
    extensions = frozenset(taxonomy()["ctlint_data_categories"])
    out = []
    for kind in KINDS:
        if sensitive_at is not None and kind != "data_categories":
            continue
        for key in keys_of(kind):
            if prefix is not None and not is_under(key, (prefix,)):
                continue
            found = markers(key) if kind == "data_categories" else ()
            if sensitive_at is not None and not any(
                m.name == "sensitive" and in_force(m, sensitive_at) for m in found
            ):
                continue
            out.append(Row(kind, terms()[kind][key], found, key in extensions))
    if (
        prefix is not None
        and not out
        and not any(is_under(k, (prefix,)) for kind in KINDS for k in keys_of(kind))
    ):
        raise UnknownPrefix(prefix, suggest_any(prefix))
    return out


def text(found: list[Row]) -> str:
    """One line a key: ``key  name: description [markers]``."""
    lines: list[str] = []
    kind = None
    for row in found:
        if row.kind != kind:
            if lines:
                lines.append("")
            kind = row.kind
            lines.append(f"{_TITLES[kind]}:")
        marks = ", ".join(m.words() for m in row.markers)
        tail = f" [{marks}]" if marks else ""
        lines.append(f"  {row.term.key}  {row.term.name}: {row.term.description}{tail}")
    return "\n".join(lines) + "\n" if lines else ""


def as_json(found: list[Row]) -> str:
    items: list[dict[str, Any]] = [
        {
            "kind": row.kind,
            "key": row.term.key,
            "name": row.term.name,
            "description": row.term.description,
            "ctlint_extension": row.extension,
            "markers": [
                {
                    "class": m.name,
                    "from": m.start.isoformat() if m.start else None,
                    "until": m.until.isoformat() if m.until else None,
                }
                for m in row.markers
            ],
        }
        for row in found
    ]
    return json.dumps({"version": 1, "keys": items}, indent=2, ensure_ascii=False) + "\n"


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")


def markdown() -> str:
    """docs/taxonomy.md: every key with its description and markers."""
    data = taxonomy()
    out = [
        "# Data taxonomy",
        "",
        "Generated from `schemas/taxonomy.json`, `ctlint/law/terms.yaml` and",
        "`ctlint/law/taxonomy.yaml` by `python -m ctlint.output.docs docs/`; do not edit by hand.",
        "`ctlint taxonomy [PREFIX]` lists the same keys in a terminal.",
        "",
        f"The keys are those of fideslang {data['fideslang_version']} (names and descriptions",
        "copyright Ethyca, Inc., CC BY 4.0), plus ctlint's own keys for what customer-service",
        "tools hold (marked *ctlint*). Keys are hierarchical: a rule on `user.contact` covers",
        "`user.contact.email`. Markers say which legal classes a category is in, and from or",
        "until when (the rules evaluate them at the as-of date); the classes and their sources",
        "are in [the rules reference](rules.md#classes-of-data-categories).",
        "",
        "| marker | class |",
        "|---|---|",
    ]
    for cls in law().categories:
        if cls.name in MARKED:
            out.append(f"| `{cls.name}` | {_cell(cls.title)} |")
    out.append("")
    every = rows(None)
    for kind in KINDS:
        out += [f"## {_TITLES[kind]}", "", "| key | name | description | markers |"]
        out += ["|---|---|---|---|", *(_md_row(r) for r in every if r.kind == kind), ""]
    out += _SIMPLIFICATIONS
    out += ["## Aliases", "", "Newer fideslang spellings, accepted as the pinned key:", ""]
    out += [f"- `{alias}` = `{key}`" for alias, key in data["aliases"].items()]
    out += ["", "Deprecated (accepted with a warning):", ""]
    out += [f"- `{old}`: use `{new}`" for old, new in data["deprecated"].items()]
    return "\n".join(out).rstrip() + "\n"


#: Where the markers are broader than the statutes, on purpose (a manifest names kinds of
#: data, not the combinations the law counts).
_SIMPLIFICATIONS = [
    "## Known simplifications",
    "",
    "The markers are broader than the statutes on purpose: a manifest names kinds of data, not",
    "the combinations the law counts. Rationales that rest on them say so.",
    "",
    "- Card and account numbers: § 42-515(39) counts a financial account, card or log-in number",
    "  as sensitive only with a required access code, password or credential. ctlint treats",
    "  every `user.financial.credit_card` and `user.financial.bank_account` category as",
    "  sensitive on its own (from 2026-07-01).",
    "- Breach-law personal information: § 36a-701b(a) counts a name in combination with one",
    "  of the listed elements (and a user name or e-mail address with a password or security",
    "  answer). ctlint decides by the category alone and does not require a name category.",
    "- Payment-only data: data processed solely to complete a payment is reported to be",
    "  excluded from the sensitive-data scope trigger of § 42-516 from 2026-07-01 (secondary);",
    "  a manifest cannot mark a category as payment-only, so ctlint counts it.",
    "- A key that is an ancestor of sensitive or high-risk keys (`user`, `user.financial`,",
    "  `user.demographic`…) is not itself marked; CTL204 asks for the specific keys.",
    "- A manifest with `recording.voiceprint: true` counts as holding",
    "  `user.biometric.voice` for every marker.",
    "",
]


def _md_row(row: Row) -> str:
    name = row.term.name + (" (*ctlint*)" if row.extension else "")
    marks = ", ".join(m.words() for m in row.markers) or ""
    return f"| `{row.term.key}` | {_cell(name)} | {_cell(row.term.description)} | {marks} |"
