"""The law's tables as typed values (built by :mod:`ctlint.law.tables` from the data files)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

# Typed, immutable records. They are NamedTuples rather than dataclasses on purpose: a frozen
# dataclass costs about 0.8 ms to define (its methods are generated and compiled at every
# import), so these 13 would add some 10 ms to every run, a pre-commit hook's included; a
# NamedTuple costs about 0.1 ms.


class Source(NamedTuple):
    """The legal basis of an entry and how well it was checked (rules.md, citation status)."""

    cite: str
    status: str
    url: str | None = None
    note: str | None = None


class OrgType(NamedTuple):
    """One ``organization.type`` and its packs."""

    name: str
    packs: tuple[str, ...]
    state_contractor: tuple[str, ...] = ()


class Undeclared(NamedTuple):
    """What runs while ``organization.type`` is not declared."""

    packs: tuple[str, ...]
    reason: str
    note: str


class PackTable(NamedTuple):
    """Which packs run for each organization type (``packs: auto``)."""

    order: tuple[str, ...]
    undeclared: Undeclared
    types: tuple[OrgType, ...]
    state_contractor_reason: str
    off_when_false: tuple[tuple[str, str], ...]  # (pack, organization fact)

    def type(self, name: str | None) -> OrgType | None:
        """The organization type called ``name``."""
        return next((t for t in self.types if t.name == name), None)


class SalesTest(NamedTuple):
    """In scope at ``consumers`` when more than ``revenue_share_over`` of revenue comes from
    selling personal data."""

    consumers: int
    revenue_share_over: float


class Period(NamedTuple):
    """The CTDPA thresholds from ``start`` to ``end`` (None: still in force)."""

    start: dt.date
    end: dt.date | None
    consumers: int
    with_sales: SalesTest | None
    sensitive_data: bool
    sale: bool
    source: Source


class Exemption(NamedTuple):
    """One ``organization.exemptions`` value; in force until ``until`` when given."""

    name: str
    words: str
    source: Source
    until: dt.date | None = None
    ended: str | None = None

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the exemption still takes the organization out of scope at ``as_of``."""
        return self.until is None or as_of <= self.until


class ExemptType(NamedTuple):
    """An organization type the CTDPA exempts."""

    name: str
    reason: str
    source: Source


class Ctdpa(NamedTuple):
    """The CTDPA scope test."""

    pack: str
    periods: tuple[Period, ...]
    cite: str
    exempt_types: tuple[ExemptType, ...]
    exemptions: tuple[Exemption, ...]

    @property
    def in_force(self) -> dt.date:
        """The day the CTDPA took effect (the first period's start)."""
        return self.periods[0].start

    def period(self, as_of: dt.date) -> Period | None:
        """The thresholds in force at ``as_of`` (None before the CTDPA took effect)."""
        found = None
        for period in self.periods:
            if as_of >= period.start:
                found = period
        return found

    def exemption(self, name: str) -> Exemption | None:
        """The ``organization.exemptions`` value called ``name``."""
        return next((e for e in self.exemptions if e.name == name), None)

    def exempt_type(self, name: str | None) -> ExemptType | None:
        """The exemption of organization type ``name``, if the CTDPA exempts it."""
        return next((t for t in self.exempt_types if t.name == name), None)


class KeyEntry(NamedTuple):
    """A category key of a class, on the days from ``start`` to ``until`` (None: open)."""

    key: str
    start: dt.date | None = None
    until: dt.date | None = None
    status: str | None = None
    note: str | None = None

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the entry counts at ``as_of``."""
        if self.start is not None and as_of < self.start:
            return False
        return self.until is None or as_of <= self.until


class KeyClass(NamedTuple):
    """A class of data categories: its keys and their children, minus ``excluded``."""

    name: str
    title: str
    keys: tuple[KeyEntry, ...]
    excluded: tuple[str, ...] = ()
    source: Source | None = None
    note: str | None = None


class UseClass(NamedTuple):
    """Data uses (exact keys) that mean one use."""

    name: str
    title: str
    keys: tuple[str, ...]
    source: Source | None = None
    note: str | None = None


class Law(NamedTuple):
    """Everything the law data files say."""

    packs: PackTable
    ctdpa: Ctdpa
    categories: tuple[KeyClass, ...]
    uses: tuple[UseClass, ...]
    voiceprint_key: str
    voiceprint_note: str

    def category(self, name: str) -> KeyClass:
        """The category class called ``name`` (the schema requires every one)."""
        return next(c for c in self.categories if c.name == name)

    def use(self, name: str) -> UseClass:
        """The use class called ``name``."""
        return next(u for u in self.uses if u.name == name)

    @property
    def change_dates(self) -> frozenset[dt.date]:
        """Every day on which something in the data starts or stops applying."""
        days = {p.start for p in self.ctdpa.periods}
        days |= {day_after(p.end) for p in self.ctdpa.periods if p.end}
        days |= {day_after(e.until) for e in self.ctdpa.exemptions if e.until}
        for cls in self.categories:
            days |= {k.start for k in cls.keys if k.start}
            days |= {day_after(k.until) for k in cls.keys if k.until}
        return frozenset(days)


def day_after(day: dt.date) -> dt.date:
    """The next day (the last representable day stays itself)."""
    return day if day == dt.date.max else day + dt.timedelta(days=1)
