"""Build the :class:`~.model.Due` list of a finished report, from the data the pipeline already
parsed (``run(keep=True)``): no manifest is read again here.

The dates come from where the checks read them: ``agreement.expires`` as CTL305 reads it
(:func:`ctlint.engine.checks.dig`), the certification expiry dates as the facts layer reads
them (:func:`ctlint.engine.facts.certification_expiry`, which also decides that a lapsed one
no longer counts as held), the waivers the waiver stage kept (``FileResult.waivers``)
with what it decided for each (``Report.waivers``), the ``max_age_days`` assertions of the
rules in force (the review dates, as :mod:`ctlint.engine.evaluate` compares them), and the
rules that come into force from the register's :class:`~ctlint.output.register.history.History`,
which evaluates the same loaded documents at another date through the engine.

Retired manifests, and files that could not be read or parsed, have nothing coming due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from ctlint.engine.checks import dig
from ctlint.engine.facts import as_held, certification_expiry
from ctlint.engine.report import Report
from ctlint.engine.source import FileResult
from ctlint.law.taxonomy import derive_facts
from ctlint.output.due.model import DEFAULT_WITHIN_DAYS, Due, DueItem
from ctlint.output.register.history import History
from ctlint.policy.model import Rule, parse_date

ONE_DAY = dt.timedelta(days=1)


def _add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``, the last day of the calendar when that lies beyond it."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


class _Manifest:
    """One live, parsed manifest of the report."""

    def __init__(self, report: Report, result: FileResult, data: Mapping[str, Any]) -> None:
        self.report = report
        self.result = result
        self.data = data
        self.held = as_held(data, report.as_of)  # what the rules see on the as-of date
        self.rel = result.rel
        self.vendor = result.vendor or ""
        name = data.get("name")
        self.name = name if isinstance(name, str) else None
        self.who = self.vendor or self.rel

    def item(
        self, day: dt.date, kind: str, field: str, summary: str, rule: str | None = None
    ) -> DueItem:
        as_of = self.report.as_of
        return DueItem(
            date=day,
            kind=kind,
            file=self.rel,
            vendor=self.vendor,
            vendor_name=self.name,
            field=field,
            summary=summary,
            rule=rule,
            overdue=day < as_of,
            days=(day - as_of).days,
        )


def _live(report: Report) -> Iterator[_Manifest]:
    for result in report.results:
        loaded = result.loaded
        if loaded is None or loaded.clean is None or result.retired:
            continue
        yield _Manifest(report, result, loaded.clean)


def agreement(m: _Manifest) -> Iterator[DueItem]:
    """``agreement.expires``: the last day the agreement runs (CTL305 counts down to it)."""
    expires = parse_date(dig(m.data, ("agreement", "expires")))
    if expires is None:
        return
    if expires < m.report.as_of:
        summary = f"The agreement with {m.who} expired on {expires.isoformat()}"
    else:
        summary = f"The agreement with {m.who} expires"
    yield m.item(expires, "agreement", "agreement.expires", summary)


def certifications(m: _Manifest) -> Iterator[DueItem]:
    """``security.certification_expiry``: the last day each listed certification is valid;
    from the next day it no longer counts as held (rules that accept it do not count it)."""
    for name, expires in certification_expiry(m.data).items():
        if expires < m.report.as_of:
            summary = (
                f"The {name} certification of {m.who} expired on {expires.isoformat()}: it no "
                "longer counts as held"
            )
        else:
            summary = f"The {name} certification of {m.who} expires"
        field = f"security.certification_expiry.{name}"
        yield m.item(expires, "certification", field, summary)


def waivers(m: _Manifest) -> Iterator[DueItem]:
    """The ``expires`` of every waiver the waiver stage applied or found expired."""
    entries = dict(m.result.waivers)
    for outcome in m.report.waivers.get(m.rel, ()):
        if outcome.state not in ("applied", "expired"):
            continue
        waiver = entries.get(outcome.index)
        expires = parse_date(waiver.get("expires")) if waiver is not None else None
        if waiver is None or expires is None:
            continue
        rule = waiver["rule"]
        pointer = waiver.get("pointer") if isinstance(waiver.get("pointer"), str) else None
        where = f" at {pointer}" if pointer else ""
        if outcome.state == "expired":
            summary = (
                f"The waiver of {rule} for {m.who}{where} expired on {expires.isoformat()}: "
                "its findings are reported again (CTL301)"
            )
        else:
            summary = f"The waiver of {rule} for {m.who}{where} expires"
        field = f"waivers[{rule}{where}]"
        yield m.item(expires, "waiver", field, summary, rule)


def _interval(rule_days: int | str, data: Mapping[str, Any]) -> int | None:
    days: Any = rule_days
    if isinstance(days, str):
        days = dig(data, [part for part in days.split("/") if part])
    return days if isinstance(days, int) and not isinstance(days, bool) and days >= 0 else None


def reviews(m: _Manifest) -> Iterator[DueItem]:
    """Every date that a rule in force wants at most N days old (``max_age_days``): due on
    the last day the rule still passes, overdue after it."""
    report = m.report
    skip = set(m.result.untriggered) | set(report.not_applicable.get(m.rel, ()))
    facts: Mapping[str, bool] | None = None
    for rule in report.ruleset.policy:
        if rule.id in skip:
            continue
        for assertion in rule.asserts:
            if assertion.max_age_days is None or "*" in assertion.pointer:
                continue
            if assertion.when is not None and not assertion.when(m.held):
                continue
            if assertion.facts is not None:
                if facts is None:
                    facts = derive_facts(m.held, report.as_of, report.settings.org_type)
                if not assertion.facts.holds(facts):
                    continue
            last = parse_date(dig(m.data, assertion.pointer))
            every = _interval(assertion.max_age_days, m.data)
            if last is None or every is None:
                continue  # missing: the rule's own finding says so
            field = ".".join(assertion.pointer)
            summary = (
                f"{rule.id}: {field} of {m.who} is due again "
                f"(last {last.isoformat()}, every {every} days)"
            )
            yield m.item(_add_days(last, every), "review", field, summary, rule.id)


def _law_days(history: History, as_of: dt.date, until: dt.date) -> list[dt.date]:
    return sorted(d for d in history.all_law_dates() if as_of < d <= until)


def coming_into_force(report: Report, manifests: list[_Manifest], until: dt.date) -> list[DueItem]:
    """The policy rules that report a manifest from a day within the window on which a rule
    comes into force or the law changes, and not on the day before (so the change is what
    makes them apply), nor at the as-of date. Built-in checks are left out: what changes
    their outcome is a date in the manifest, which the other kinds cover."""
    history = History(report)
    rules: Mapping[str, Rule] = report.catalog.rules
    candidates = [r.id for r in rules.values() if not r.builtin]
    out: list[DueItem] = []
    seen: set[tuple[str, str]] = set()
    for day in _law_days(history, report.as_of, until):
        for m in manifests:
            for rule_id in candidates:
                if (m.rel, rule_id) in seen or not history.failing(day, m.rel, rule_id):
                    continue
                if history.failing(day - ONE_DAY, m.rel, rule_id):
                    continue
                if history.failing(report.as_of, m.rel, rule_id):
                    continue
                seen.add((m.rel, rule_id))
                rule = rules[rule_id]
                summary = f"From {day.isoformat()}, {rule_id} applies to {m.who}: {rule.title}"
                out.append(m.item(day, "rule", rule_id, summary, rule_id))
    return out


def build(report: Report, within: int = DEFAULT_WITHIN_DAYS) -> Due:
    """Everything that comes due within ``within`` days after the as-of date, and everything
    overdue, soonest first with the overdue items before all others."""
    if within < 0:
        raise ValueError("within must be 0 or more days")
    until = _add_days(report.as_of, within)
    manifests = list(_live(report))
    items: list[DueItem] = []
    for m in manifests:
        items.extend(agreement(m))
        items.extend(certifications(m))
        items.extend(waivers(m))
        earliest: dict[str, DueItem] = {}  # two rules on one date: the stricter one
        for review in reviews(m):
            if review.field not in earliest or review.date < earliest[review.field].date:
                earliest[review.field] = review
        items.extend(earliest.values())
    items.extend(coming_into_force(report, manifests, until))
    chosen = sorted((i for i in items if i.overdue or i.date <= until), key=DueItem.sort_key)
    return Due(report.as_of, within, until, tuple(chosen), len(report.files))
