"""The organization profile (configuration ``organization``) as a typed value.

The configuration schema has already checked each field's type when this is built; a field
that is absent is None (or empty). ``declared`` keeps the keys the configuration wrote, in
order, for the messages that list what is ignored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class Organization:
    """Who uses the tools: what decides which packs apply and whether the CTDPA is in scope."""

    name: str | None = None
    type: str | None = None
    agency_division: str | None = None
    ct_consumers_per_year: int | None = None
    sale_revenue_share: float | None = None
    sells_personal_data: bool | None = None
    exemptions: tuple[str, ...] = ()
    state_contractor: bool | None = None
    ct_employees: bool | None = None
    #: The organization's own Personal Data Act regulations, each ``{section, title, url}``.
    regulations: tuple[Mapping[str, str], ...] = ()
    #: The keys the configuration wrote, in its order.
    declared: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, raw: Mapping[str, Any]) -> Organization:
        """From the schema-checked ``organization`` mapping."""

        def text(key: str) -> str | None:
            value = raw.get(key)
            return value if isinstance(value, str) else None

        def flag(key: str) -> bool | None:
            value = raw.get(key)
            return value if isinstance(value, bool) else None

        consumers = raw.get("ct_consumers_per_year")
        share = raw.get("sale_revenue_share")
        return cls(
            name=text("name"),
            type=text("type"),
            agency_division=text("agency_division"),
            ct_consumers_per_year=consumers
            if isinstance(consumers, int) and not isinstance(consumers, bool)
            else None,
            sale_revenue_share=float(share)
            if isinstance(share, (int, float)) and not isinstance(share, bool)
            else None,
            sells_personal_data=flag("sells_personal_data"),
            exemptions=tuple(e for e in raw.get("exemptions") or () if isinstance(e, str)),
            state_contractor=flag("state_contractor"),
            ct_employees=flag("ct_employees"),
            regulations=tuple(r for r in raw.get("regulations") or () if isinstance(r, dict)),
            declared=tuple(raw),
        )

    def fact(self, name: str) -> bool | None:
        """A yes/no fact by its configuration key (the law data names them: ``ct_employees``)."""
        if name not in FLAGS:
            raise ValueError(f"organization.{name} is not a yes/no fact of the profile")
        value = getattr(self, name)
        return value if isinstance(value, bool) else None


#: The yes/no facts, by configuration key.
FLAGS = frozenset({"sells_personal_data", "state_contractor", "ct_employees"})
