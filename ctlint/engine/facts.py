"""What one manifest contributes to the repository-wide decisions (duplicate ids, the CTDPA
scope): its :class:`ManifestFacts`, decided once from the schema-clean data.

This is the only place that reads ``status: retired``, ``data.sale`` and the data categories
for those decisions; the pipeline, the facts cache and the register all take them from here.
(Per-rule facts, such as ``sensitive`` at a date, are the law's: :func:`derive_facts`.)

It is also where a manifest's data becomes what the rules see at a date (:func:`as_held`): a
certification whose ``security.certification_expiry`` date has passed no longer counts as
held, for every rule that accepts a certification (CTDPA-007), for the register and the Fides
export alike, without any rule having to know about expiry dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctlint.law.taxonomy import manifest_categories
from ctlint.policy.model import parse_date

#: The facts of one manifest as the facts cache stores them: ``(vendor id, parsed, retired,
#: valid category keys, sale)``.
Cached = tuple[str | None, bool, bool, tuple[str, ...], bool]


@dataclasses.dataclass(frozen=True, slots=True)
class ManifestFacts:
    """One manifest's part of the repository-wide facts.

    ``parsed`` is False when the file could not be read or parsed (then nothing else is
    known but perhaps the id); a retired manifest keeps its id but contributes no data."""

    rel: str
    vendor: str | None
    parsed: bool = False
    retired: bool = False
    #: Valid category keys, sensitive or not: the as-of date decides which are sensitive.
    categories: tuple[str, ...] = ()
    sale: bool = False

    @classmethod
    def of(cls, rel: str, vendor: str | None, clean: Mapping[str, Any] | None) -> ManifestFacts:
        """The facts of a manifest's schema-clean data (None: it did not parse)."""
        if clean is None:
            return cls(rel, vendor)
        if is_retired(clean):
            return cls(rel, vendor, parsed=True, retired=True)
        section = clean.get("data")
        sale = isinstance(section, dict) and section.get("sale") is True
        return cls(rel, vendor, True, False, tuple(manifest_categories(clean)), sale)

    @property
    def counts(self) -> bool:
        """Whether the file takes part in the repository-wide decisions."""
        return self.parsed and not self.retired

    def cached(self) -> Cached:
        return (self.vendor, self.parsed, self.retired, self.categories, self.sale)

    @classmethod
    def from_cache(cls, rel: str, entry: Cached) -> ManifestFacts:
        vendor, parsed, retired, categories, sale = entry
        return cls(rel, vendor, parsed, retired, categories, sale)


def is_retired(clean: Mapping[str, Any] | None) -> bool:
    """``status: retired`` in a manifest's schema-clean data."""
    return bool(clean) and clean.get("status") == "retired"  # type: ignore[union-attr]


def certification_expiry(clean: Mapping[str, Any]) -> dict[str, dt.date]:
    """The expiry date (the last day it is valid) of each certification the schema-clean data
    lists in ``security.certifications`` and dates in ``security.certification_expiry``, in
    the order of the list."""
    security = clean.get("security")
    if not isinstance(security, dict):
        return {}
    listed, dates = security.get("certifications"), security.get("certification_expiry")
    if not isinstance(listed, list) or not isinstance(dates, dict):
        return {}
    out: dict[str, dt.date] = {}
    for name in listed:
        day = parse_date(dates.get(name)) if isinstance(name, str) else None
        if day is not None:
            out[name] = day
    return out


def lapsed_certifications(clean: Mapping[str, Any], as_of: dt.date) -> dict[str, dt.date]:
    """The certifications past their expiry date on ``as_of`` (expired before it), with it."""
    return {name: day for name, day in certification_expiry(clean).items() if day < as_of}


def as_held(clean: Mapping[str, Any], as_of: dt.date) -> Mapping[str, Any]:
    """The schema-clean data as the rules see it on ``as_of``: every lapsed certification
    (:func:`lapsed_certifications`) taken out of ``security.certifications``. ``clean`` is
    not changed; when nothing has lapsed it is returned as is."""
    lapsed = lapsed_certifications(clean, as_of)
    if not lapsed:
        return clean
    security = dict(clean["security"])
    security["certifications"] = [c for c in security["certifications"] if c not in lapsed]
    return {**clean, "security": security}
