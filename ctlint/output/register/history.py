"""The "failing since" dates: the same already-parsed manifests evaluated at earlier dates."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from typing import Any

from ctlint.config import Settings
from ctlint.engine.analyze import evaluate, finish
from ctlint.engine.checks import CHECKS
from ctlint.engine.report import Report, RuleSet, select_rules
from ctlint.engine.source import Loaded
from ctlint.law.records import day_after
from ctlint.law.scope import RepoFacts, decide, repo_facts
from ctlint.law.tables import law
from ctlint.law.taxonomy import (
    is_sensitive,
)
from ctlint.policy.model import EPOCH, parse_date

ONE_DAY = dt.timedelta(days=1)


def manifest_dates(value: Any) -> set[dt.date]:
    """Every date written in a manifest, and the day after each (when a term lapses; the
    last day of the calendar, 9999-12-31, has none)."""
    found: set[dt.date] = set()
    if isinstance(value, dict):
        for item in value.values():
            found |= manifest_dates(item)
    elif isinstance(value, list):
        for item in value:
            found |= manifest_dates(item)
    else:
        day = parse_date(value)
        if day is not None:
            found |= {day, day_after(day)}
    return found


class History:
    """Which obligations a manifest fails when the same inputs are evaluated at another date:
    one file at a time (with the repository-wide CTDPA scope facts recomputed for that date),
    cached; what the "since" dates come from (SINCE_METHOD). It evaluates the documents the
    pipeline already loaded (``run(keep=True)``): nothing is read or parsed again."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.loaded: dict[str, Loaded] = {
            r.rel: r.loaded for r in report.results if r.loaded is not None
        }
        # (category keys, sale) of every file that feeds the repository-wide facts
        self.sources: dict[str, tuple[tuple[str, ...], bool]] = {
            f.rel: (f.categories, f.sale) for f in report.manifests if f.counts
        }
        self.keys = frozenset(k for keys, _sale in self.sources.values() for k in keys)
        self.facts: dict[frozenset[str], RepoFacts] = {}
        self.settings: dict[dt.date, Settings] = {}
        self.sensitive: dict[int, frozenset[str]] = {}
        self.rulesets: dict[int, RuleSet] = {}
        self.open: dict[tuple[str, dt.date], frozenset[str]] = {}
        self.single: dict[tuple[str, dt.date, str], bool] = {}
        open_rules: dict[str | None, set[str]] = {rel: set() for rel in report.files}
        for finding in report.findings:
            if not finding.waived and finding.file in open_rules:
                open_rules[finding.file].add(finding.rule)
        for rel in report.files:
            self.open[(rel, report.as_of)] = frozenset(open_rules[rel])
        self.dates: dict[str, frozenset[dt.date]] = {}
        # Between two neighbouring days of these lists nothing changes what is sensitive
        # (the law's days) or which rules run (those and every rule's first and last day).
        rules = report.catalog.rules.values()
        self.law_days = sorted(law().change_dates)
        self.rule_days = sorted(
            set(self.law_days)
            | {r.effective_from for r in rules}
            | {day_after(r.effective_until) for r in rules if r.effective_until}
        )

    def law_dates(self, rule: str) -> frozenset[dt.date]:
        """The days on which the law can change ``rule``'s outcome: the days the law data
        changes (which packs apply, what is sensitive) and the rule's own first and last day
        in force. No other rule's dates matter: a file's findings of one rule never depend on
        another rule. Each date comes with the day before it, so an outcome that changes with
        the law is found between two neighbouring days, with nothing to bisect."""
        if rule not in self.dates:
            changes = set(law().change_dates)
            known = self.report.catalog.rules.get(rule)
            if known is not None:
                changes.add(known.effective_from)
                if known.effective_until:
                    changes.add(day_after(known.effective_until))
            self.dates[rule] = frozenset(
                changes | {d - ONE_DAY for d in changes if d > dt.date.min}
            )
        return self.dates[rule]

    def all_law_dates(self) -> frozenset[dt.date]:
        """:meth:`law_dates` of every rule of the catalog: the law's days and every rule's,
        each with the day before it."""
        days = set(self.rule_days)
        return frozenset(days | {d - ONE_DAY for d in days if d > dt.date.min})

    def _rules(self, day: dt.date) -> tuple[Settings, RuleSet]:
        settings = self.settings.get(day)
        if settings is None:
            settings = self.settings[day] = dataclasses.replace(self.report.settings, as_of=day)
        epoch = bisect.bisect_right(self.rule_days, day)
        if epoch not in self.rulesets:
            # the repository-wide facts change only where a key's sensitivity does
            law_epoch = bisect.bisect_right(self.law_days, day)
            if law_epoch not in self.sensitive:
                self.sensitive[law_epoch] = frozenset(k for k in self.keys if is_sensitive(k, day))
            sensitive = self.sensitive[law_epoch]
            if sensitive not in self.facts:
                self.facts[sensitive] = repo_facts(
                    {
                        rel: ([(rel, k) for k in keys if k in sensitive], sale)
                        for rel, (keys, sale) in self.sources.items()
                    }
                )
            catalog = self.report.catalog
            self.rulesets[epoch] = select_rules(
                settings, catalog, decide(settings, catalog, self.facts[sensitive])
            )
        return settings, self.rulesets[epoch]

    def failing(self, day: dt.date, file: str, rule: str) -> bool:
        """Whether ``rule`` has an open finding in ``file`` when evaluated at ``day``: only that
        rule is evaluated (no other rule's findings can change whether its findings are open: a
        waiver matches one rule)."""
        known = self.open.get((file, day))
        if known is not None:
            return rule in known
        key = (file, day, rule)
        if key not in self.single:
            settings, ruleset = self._rules(day)
            catalog = self.report.catalog
            loaded = self.loaded[file]
            rules = tuple(r for r in ruleset.policy if r.id == rule)
            checks = rule in CHECKS  # a built-in check, or the one policy rule without them
            result = evaluate(
                loaded, settings=settings, catalog=catalog, rules=rules, checks=checks
            )
            findings, _waivers = finish(
                result, settings=settings, catalog=catalog, ruleset=ruleset, first_ids={}
            )
            self.single[key] = any(f.rule == rule and not f.waived for f in findings)
        return self.single[key]

    def since(
        self, file: str, rule: str, floor: dt.date | None, manifest_dates: set[dt.date]
    ) -> dt.date | None:
        """The first day of the unbroken run of failing evaluations that ends at the as-of
        date, not before ``floor``; None when the run reaches back past every date that could
        change the outcome and no floor is known."""
        as_of = self.report.as_of
        if floor is not None and floor > as_of:
            return None  # the agreement has not started yet
        low = floor if floor is not None else EPOCH + dt.timedelta(days=1)
        days = sorted(
            {
                d
                for d in (self.law_dates(rule) | manifest_dates | {as_of, low})
                if low <= d <= as_of
            },
            reverse=True,
        )
        latest_fail = as_of
        for day in days[1:]:
            if self.failing(day, file, rule):
                latest_fail = day
                continue
            passing, failing = day, latest_fail
            while (failing - passing).days > 1:
                middle = passing + (failing - passing) // 2
                if self.failing(middle, file, rule):
                    failing = middle
                else:
                    passing = middle
            return failing
        return floor
