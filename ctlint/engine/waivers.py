"""Apply a manifest's ``waivers[]`` to its findings (rules.md, "Waivers")."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from ctlint.model.findings import Finding
from ctlint.policy.catalog import is_unwaivable, rule_ids

FindingMaker = Callable[[str, str, str], Finding | None]

#: What became of one waiver: ``unknown`` (no such rule, CTL303), ``unwaivable`` (CTL303),
#: ``inactive`` (its rule does not run: not reported), ``duplicate`` (CTL302), ``expired``
#: (CTL301), ``unmatched`` (CTL302) or ``applied`` (it waived ``covers`` findings).
State = Literal["unknown", "unwaivable", "inactive", "duplicate", "expired", "unmatched", "applied"]


@dataclasses.dataclass(frozen=True, slots=True)
class WaiverOutcome:
    """The decision on one ``waivers[]`` entry (``index`` in the manifest), the one the
    findings were marked by and that the register shows."""

    index: int
    state: State
    covers: int = 0


def covers(waiver_pointer: str | None, pointer: str | None) -> bool:
    """Whether a waiver's pointer covers a finding's: equal or below it, segment-wise."""
    if not waiver_pointer:
        return True
    if pointer is None:
        return False
    return pointer == waiver_pointer or pointer.startswith(waiver_pointer.rstrip("/") + "/")


def apply_waivers(
    findings: Sequence[Finding],
    waivers: Sequence[tuple[int, Mapping[str, Any]]],
    *,
    as_of: dt.date,
    known_rule: Callable[[str], bool],
    active_rule: Callable[[str], bool],
    make: FindingMaker,
) -> tuple[list[Finding], list[WaiverOutcome]]:
    """Mark waived findings and add CTL301/CTL302/CTL303; with what became of each waiver.

    ``waivers`` are the schema-valid entries with their index in the manifest; ``make(rule,
    pointer, message)`` builds a finding of this manifest (None when that rule is not run).
    """
    result = list(findings)
    outcomes: list[WaiverOutcome] = []
    seen: set[tuple[str, str | None]] = set()
    for index, waiver in waivers:
        rule = waiver["rule"]
        pointer = waiver.get("pointer")
        here = f"/waivers/{index}"
        if not known_rule(rule) or is_unwaivable(rule):
            from ctlint.util.suggest import nearest_rule  # lazy: start-up (only a bad waiver)

            near = nearest_rule(rule, rule_ids()) if not known_rule(rule) else None
            why = "is not a known rule" if not known_rule(rule) else "cannot be waived"
            why += f"; did you mean `{near}`?" if near is not None else ""
            extra = make("CTL303", f"{here}/rule", f"The waiver names `{rule}`, which {why}")
            if extra is not None:
                result.append(extra)
            outcomes.append(
                WaiverOutcome(index, "unknown" if not known_rule(rule) else "unwaivable")
            )
            continue
        if not active_rule(rule):
            outcomes.append(WaiverOutcome(index, "inactive"))
            continue  # a waiver for a rule of an inactive pack is not reported
        key = (rule, pointer)
        if key in seen:
            extra = make("CTL302", here, f"This waiver of {rule} repeats an earlier one")
            if extra is not None:
                result.append(extra)
            outcomes.append(WaiverOutcome(index, "duplicate"))
            continue
        seen.add(key)
        matched = [
            i
            for i, f in enumerate(result)
            if f.rule == rule and not f.waived and covers(pointer, f.pointer)
        ]
        expires = waiver.get("expires")
        if expires is not None and dt.date.fromisoformat(expires) < as_of:
            extra = make(
                "CTL301",
                f"{here}/expires",
                f"The waiver of {rule} expired on {expires}; its findings are reported again",
            )
            if extra is not None:
                result.append(extra)
            outcomes.append(WaiverOutcome(index, "expired"))
            continue
        if not matched:
            extra = make("CTL302", here, f"The waiver of {rule} matches no finding; remove it")
            if extra is not None:
                result.append(extra)
            outcomes.append(WaiverOutcome(index, "unmatched"))
            continue
        for i in matched:
            result[i] = result[i].replace(waived=True, waiver_reason=waiver["reason"])
        outcomes.append(WaiverOutcome(index, "applied", len(matched)))
    return result, outcomes
