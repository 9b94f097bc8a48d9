"""The register's waiver register: every ``waivers[]`` entry of a manifest with what the
waiver stage (:mod:`ctlint.engine.waivers`) decided for it; nothing is decided again here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ctlint.engine.report import Report
from ctlint.engine.source import FileResult
from ctlint.engine.waivers import WaiverOutcome
from ctlint.output.register.model import (
    EXPIRING_DAYS,
    WaiverEntry,
)
from ctlint.policy.model import parse_date


def _raw_waivers(data: Mapping[str, Any] | None) -> list[tuple[int, Mapping[str, Any]]]:
    """The ``waivers[]`` entries that name a rule and give a reason, with their index."""
    entries = data.get("waivers") if data else None
    return [
        (index, w)
        for index, w in enumerate(entries if isinstance(entries, list) else [])
        if isinstance(w, dict)
        and isinstance(w.get("rule"), str)
        and isinstance(w.get("reason"), str)
    ]


#: The register's words for what the waiver stage decided (engine/waivers.py).
_STATES = {
    "unknown": "invalid: no such rule (CTL303)",
    "unwaivable": "invalid: this rule cannot be waived (CTL303)",
    "inactive": "not applied: the rule is not active",
    "duplicate": "duplicate of an earlier waiver (CTL302)",
    "unmatched": "matches no finding (CTL302)",
}


def _waiver_state(
    outcome: WaiverOutcome | None, expires: dt.date | None, as_of: dt.date
) -> tuple[str, int]:
    """A waiver's state in words, and how many findings it covers."""
    if outcome is None:  # the waiver stage left it out: it failed its schema check
        return "invalid: the entry failed its schema check (see its CTL1xx finding)", 0
    if outcome.state == "expired":
        assert expires is not None
        return f"expired on {expires.isoformat()}: its findings are reported again (CTL301)", 0
    if outcome.state != "applied":
        return _STATES[outcome.state], 0
    covers = outcome.covers
    state = f"in effect: covers {covers} finding{'s' if covers != 1 else ''}"
    if expires is not None and (expires - as_of).days <= EXPIRING_DAYS:
        days = (expires - as_of).days
        state += f"; expires in {days} day{'s' if days != 1 else ''}"
    return state, covers


def waiver_entries(report: Report, result: FileResult, vendor: str) -> list[WaiverEntry]:
    """Every waiver of a manifest with what the waiver stage made of it (the same decision
    that marked the findings: nothing is decided again here)."""
    settings = report.settings
    as_of = settings.as_of
    data = result.loaded.clean if result.loaded is not None else None
    outcomes = {o.index: o for o in report.waivers.get(result.rel, ())}
    out: list[WaiverEntry] = []
    for index, waiver in _raw_waivers(data):
        pointer = waiver.get("pointer") if isinstance(waiver.get("pointer"), str) else None
        expires = parse_date(waiver.get("expires"))
        covers = 0
        if not settings.waivers:
            state = "ignored: audit mode (--no-waivers)"
        elif result.retired:
            state = "not evaluated: the manifest is retired"
        else:
            state, covers = _waiver_state(outcomes.get(index), expires, as_of)
        out.append(
            WaiverEntry(
                file=result.rel,
                vendor=vendor,
                rule=waiver["rule"],
                pointer=pointer,
                reason=waiver["reason"],
                expires=expires.isoformat() if expires else None,
                expired=expires is not None and expires < as_of,
                state=state,
                covers=covers,
            )
        )
    return out
