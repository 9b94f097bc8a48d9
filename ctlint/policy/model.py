"""What a compiled rule is: :class:`Rule` with its :class:`Assertion` entries, :class:`FactTest`
and :class:`Applies` conditions, the :class:`Pack` it belongs to, and the dates of its window.

These are the values every layer above reads (the engine evaluates them, the outputs show
them); how a policy file becomes one is :mod:`ctlint.policy.compile` and
:mod:`ctlint.policy.load`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from ctlint.model.findings import Citation, Severity

Predicate = Callable[[Any], bool]
EPOCH = dt.date(1970, 1, 1)


@dataclasses.dataclass(frozen=True, slots=True)
class FactTest:
    """``facts: [..]`` (all), ``facts: {any: [..]}`` or ``facts: {none: [..]}``."""

    names: tuple[str, ...]
    any: bool = False
    none: bool = False

    def holds(self, facts: Mapping[str, bool]) -> bool:
        """Whether the manifest's facts satisfy this test."""
        values = (facts.get(name, False) for name in self.names)
        if self.none:
            return not any(values)
        return any(values) if self.any else all(values)


@dataclasses.dataclass(frozen=True, slots=True)
class Applies:
    """``applies``: where these facts do not hold, the rule is not applicable (n/a)."""

    facts: FactTest
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Assertion:
    """One entry of a rule's ``assert``."""

    pointer: tuple[str, ...]
    message: str
    required: bool = True
    schema: Predicate | None = None
    contains: tuple[tuple[str, str], ...] | None = None
    where: Predicate | None = None
    when: Predicate | None = None
    facts: FactTest | None = None
    not_before: str | None = None
    not_after: str | None = None
    max_age_days: int | str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Pack:
    """A rule pack."""

    name: str
    title: str
    description: str
    origin: str  # builtin | local | installed


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: metadata plus what it checks."""

    id: str
    pack: str
    name: str
    title: str
    severity: Severity
    rationale: str
    remediation: str
    path: str
    effective_from: dt.date = EPOCH
    effective_until: dt.date | None = None
    citations: tuple[Citation, ...] = ()
    source_requirement: str | None = None
    retired: str | None = None
    builtin: bool = False
    #: Shipped with ctlint (a built-in pack): its fragments and messages are trusted as they
    #: are; every other rule is checked in full when it loads.
    shipped: bool = False
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    when: Predicate | None = None
    facts: FactTest | None = None
    applies: Applies | None = None
    asserts: tuple[Assertion, ...] = ()
    examples: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    raw: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def window(self) -> str:
        """``always``, ``from 2026-07-01``, ``from … until …``: when the rule is in force."""
        start = (
            "always" if self.effective_from == EPOCH else f"from {self.effective_from.isoformat()}"
        )
        return (
            f"{start} until {self.effective_until.isoformat()}" if self.effective_until else start
        )

    def applicable(self, facts: Mapping[str, bool]) -> bool:
        """Whether the rule applies to a manifest with these facts (``applies``); a rule that
        does not apply is not applicable (n/a), which is not the same as passing."""
        return self.applies is None or self.applies.facts.holds(facts)

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the rule's window contains ``as_of``."""
        if self.retired or as_of < self.effective_from:
            return False
        return self.effective_until is None or as_of <= self.effective_until


def parse_date(text: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` string (or date) as a date; None when it is not one."""
    if isinstance(text, dt.date):
        return text
    if isinstance(text, str) and len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None
