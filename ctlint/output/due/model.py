"""What ``ctlint due`` lists: one :class:`DueItem` per thing that comes due, in a :class:`Due`
value (the as-of date, the window and the items, soonest first, the overdue ones before all).

The kinds (:data:`KINDS`):

- ``agreement``: ``agreement.expires`` (the last day the agreement runs; overdue after it);
- ``certification``: ``security.certification_expiry.<name>`` of a certification listed in
  ``security.certifications`` (the last day it is valid; overdue after it, when it no longer
  counts as held);
- ``waiver``: ``waivers[].expires`` of a waiver the waiver stage applied or found expired (the
  last day it holds; overdue after it, when CTL301 reports it);
- ``review``: a date field that a rule in force requires to be recent (a ``max_age_days``
  assertion, e.g. CT-PDA-005 on ``records.last_accuracy_review`` every
  ``records.accuracy_review_days``): due on the last day the rule still passes;
- ``rule``: a rule that comes into force (or a change of the law that takes effect) within the
  window and would report the manifest on that day, decided by evaluating the manifest there.

Each item has a stable identity (:attr:`DueItem.uid`: root-relative path, vendor id, kind and
field), not derived from any date, so a calendar that imports the ICS output again updates its
events instead of adding new ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

#: The window when ``--within`` is not given: what comes due in the next 90 days (a quarter:
#: long enough to renew a contract, short enough to stay a to-do list).
DEFAULT_WITHIN_DAYS = 90

#: The kinds of item, in the order they sort on the same day.
KINDS = ("agreement", "certification", "waiver", "review", "rule")

#: The version of the JSON document (``kind: ctlint-due``).
DUE_VERSION = 1


@dataclasses.dataclass(frozen=True, slots=True)
class DueItem:
    """One thing that comes due. ``field`` names what it is about within the manifest (a
    field, ``waivers[RULE POINTER]`` or the rule id): with the file, vendor and kind it is the
    item's identity. Text from the manifest (``vendor_name``, ``summary``) is untrusted: every
    format escapes it."""

    date: dt.date
    kind: str
    file: str
    vendor: str
    vendor_name: str | None
    field: str
    summary: str
    rule: str | None
    overdue: bool
    days: int  #: ``date - as_of`` in days (negative when overdue)

    @property
    def uid(self) -> str:
        """A stable id from the item's identity (never from a date or the clock)."""
        identity = "\x00".join((self.file, self.vendor, self.kind, self.field))
        digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()
        return f"{digest[:32]}@ctlint"

    @property
    def status(self) -> str:
        """``overdue``, ``today`` or ``upcoming``."""
        if self.overdue:
            return "overdue"
        return "today" if self.days == 0 else "upcoming"

    def sort_key(self) -> tuple[bool, dt.date, str, int, str]:
        return (not self.overdue, self.date, self.file, KINDS.index(self.kind), self.field)


@dataclasses.dataclass(frozen=True, slots=True)
class Due:
    """Everything due up to ``until`` (``as_of`` + ``within`` days), overdue items first."""

    as_of: dt.date
    within: int
    until: dt.date
    items: tuple[DueItem, ...]
    files: int  #: how many manifests were looked at

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def upcoming(self) -> int:
        return len(self.items) - self.overdue
