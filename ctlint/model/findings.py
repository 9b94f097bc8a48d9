"""Immutable values every stage passes on: severities, citations, spans and findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import Protocol


class Severity(enum.IntEnum):
    """Finding severity; ordered so that ``>=`` compares with ``fail_on``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The spelling used in configuration and output."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read ``error`` / ``warning`` / ``info``."""
        return cls[text.upper()]


#: How output describes a citation of a best-practice rule (:attr:`Citation.kind`).
BEST_PRACTICE = "best practice: the law cited does not itself require this control"


@dataclasses.dataclass(frozen=True, slots=True)
class Citation:
    """One legal source of a rule, with how well it was verified."""

    law: str
    section: str
    title: str
    url: str
    status: str
    note: str | None = None
    agency: str | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    #: The cited law is why the rule matters, but it does not itself require what the rule
    #: checks: the rule is ctlint's best practice (policy key ``best_practice``).
    best_practice: bool = False
    #: The organization types for which the cited law is best practice only (policy key
    #: ``best_practice_for``; :meth:`for_organization` marks it then).
    best_practice_for: tuple[str, ...] = ()

    def for_organization(self, org_type: str | None) -> Citation:
        """The citation as output shows it to an organization of ``org_type``: marked best
        practice when that type is one of :attr:`best_practice_for`."""
        if self.best_practice or org_type not in self.best_practice_for:
            return self
        return dataclasses.replace(self, best_practice=True)

    @property
    def label(self) -> str:
        """``Conn. Gen. Stat. § 4-193(e)``."""
        return f"{self.law} {self.section}"

    @property
    def short(self) -> str:
        """The label, with the status when it is not ``verified`` and ``best practice`` when
        the law does not itself require the rule's control: what the text line shows."""
        marks = [self.status] if self.status != "verified" else []
        if self.best_practice:
            marks.append("best practice")
        return f"{self.label} ({'; '.join(marks)})" if marks else self.label

    @property
    def kind(self) -> str:
        """How output describes the citation: another agency's rule, a declared one, a law
        cited for a best-practice rule, or law."""
        if self.agency:
            return f"another agency's rule of the same kind ({self.agency})"
        if self.status == "declared":
            return "named by the organization's configuration, not checked by ctlint"
        if self.best_practice:
            return BEST_PRACTICE
        return ""

    def in_force(self, as_of: dt.date) -> bool:
        """Whether this citation is the text in force at ``as_of``."""
        if self.effective_from is not None and as_of < self.effective_from:
            return False
        return self.effective_until is None or as_of <= self.effective_until

    def to_json(self) -> dict[str, str | bool | None]:
        """The JSON shape of cli.md (``agency`` only for one agency's regulation,
        ``best_practice: true`` only for a law cited by a best-practice rule)."""
        out: dict[str, str | bool | None] = {
            "law": self.law,
            "section": self.section,
            "title": self.title,
            "url": self.url or None,
            "status": self.status,
        }
        if self.agency:
            out["agency"] = self.agency
        if self.best_practice:
            out["best_practice"] = True
        return out


def citations_in_force(
    citations: Iterable[Citation], as_of: dt.date, declared: Sequence[Citation] = ()
) -> tuple[Citation, ...]:
    """The citations whose own dates contain ``as_of``, in their written order, with the
    ``declared`` ones (the organization's own regulations) after the statute citations and
    before the first citation of one agency's regulation."""
    chosen = [c for c in citations if c.in_force(as_of)]
    if declared:
        at = next((i for i, c in enumerate(chosen) if c.agency), len(chosen))
        chosen[at:at] = declared
    return tuple(chosen)


class Cited(Protocol):
    """What has citations: a rule of a pack (only these two attributes are read)."""

    @property
    def pack(self) -> str: ...

    @property
    def citations(self) -> tuple[Citation, ...]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    """A 1-based source range; ``end_column`` is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


ORGANIZATION_RULES = frozenset({"CTL010", "CTL011", "CTL012"})


@dataclasses.dataclass(frozen=True, slots=True)
class Finding:
    """One violation, complete when built."""

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    span: Span | None = None
    pointer: str | None = None
    item: str | None = None
    vendor: str | None = None
    citations: tuple[Citation, ...] = ()
    waived: bool = False
    waiver_reason: str | None = None

    @property
    def identity(self) -> tuple[str, str, str, str, str]:
        """Root-relative file + vendor id + rule + pointer + item: what fingerprints and
        baselines use (waivers are a manifest's own, so they are per file already). With the
        file, two manifests that share an id (a copied manifest, CTL201) never share one;
        without the line, it survives edits that move lines."""
        return (self.file or "", self.vendor or "", self.rule, self.pointer or "", self.item or "")

    @property
    def organization_level(self) -> bool:
        """CTL010-CTL012 are about the organization, even when they point into its configuration."""
        return self.rule in ORGANIZATION_RULES

    def sort_key(self) -> tuple[object, ...]:
        """Organization-level first, then file (byte order), line, column, structural findings
        (CTL0xx, CTL1xx: the file or its schema) before the others, rule, pointer, item."""
        span = self.span
        return (
            not self.organization_level,
            (self.file or "").encode("utf-8", "surrogateescape"),
            span.line if span else 0,
            span.column if span else 0,
            not self.rule.startswith(("CTL0", "CTL1")),
            self.rule,
            self.pointer or "",
            self.item or "",
        )

    def replace(self, **changes: object) -> Finding:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


#: Findings of one rule shown per file; the rest become one summary finding (a typo repeated
#: 99,000 times is one problem, and the output must stay readable and linear in size).
PER_RULE_CAP = 100


def cap_per_rule(findings: Sequence[Finding], cap: int = PER_RULE_CAP) -> list[Finding]:
    """``findings`` (sorted) with at most ``cap`` of each rule per file, and one summary
    finding per capped rule and file, placed at the first finding it stands for.

    The summary keeps the strongest severity of what it stands for, and counts as waived only
    when every one of them is waived, so a capped report fails exactly when the full one would.
    """
    seen: dict[tuple[str | None, str], int] = {}
    for finding in findings:
        group = (finding.file, finding.rule)
        seen[group] = seen.get(group, 0) + 1
    if all(count <= cap for count in seen.values()):
        return list(findings)
    shown: dict[tuple[str | None, str], int] = {}
    hidden: dict[tuple[str | None, str], list[Finding]] = {}
    kept: list[Finding | tuple[str | None, str]] = []
    for finding in findings:
        group = (finding.file, finding.rule)
        count = shown.get(group, 0)
        if count < cap:
            shown[group] = count + 1
            kept.append(finding)
            continue
        rest = hidden.setdefault(group, [])
        if not rest:
            kept.append(group)  # where the summary goes
        rest.append(finding)
    out: list[Finding] = []
    for entry in kept:
        if isinstance(entry, Finding):
            out.append(entry)
            continue
        rest = hidden[entry]
        first = rest[0]
        where = f" (the next at line {first.span.line})" if first.span else ""
        live = [f for f in rest if not f.waived]
        scope = "this file" if first.file else "this run"
        out.append(
            first.replace(
                severity=max(f.severity for f in (live or rest)),
                message=f"{len(rest):,} more findings of {first.rule} in {scope} are not "
                f"shown{where}; fix the {cap} above and run again to see them",
                item=None,
                waived=not live,
                waiver_reason=first.waiver_reason if not live else None,
            )
        )
    return out
