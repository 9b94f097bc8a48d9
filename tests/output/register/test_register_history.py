"""The register's "since" history (ctlint.output.register.history): asking about one rule at an
earlier date gives what a whole evaluation of the file at that date gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from ctlint.config import load_settings
from ctlint.engine import analyze
from ctlint.engine import pipeline as api
from ctlint.engine.report import Report
from ctlint.law.tables import law
from ctlint.output.register.history import History

DATA = Path(__file__).resolve().parents[2] / "data" / "register" / "agency"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def kept(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    root = tmp_path / "repo"
    shutil.copytree(source, root)
    (root / ".git").mkdir(exist_ok=True)
    monkeypatch.chdir(root)
    return api.run(load_settings(cwd=str(root)), (), keep=True)


def whole(report: Report, file: str, day: dt.date) -> frozenset[str]:
    """The open rules of ``file`` when the same inputs are run again, whole, at ``day``."""
    settings = dataclasses.replace(report.settings, as_of=day)
    again = api.run(settings, (file,))
    return frozenset(f.rule for f in again.findings if f.file == file and not f.waived)


@pytest.mark.parametrize("source", [DATA, EXAMPLES / "private-business"], ids=["agency", "private"])
def test_one_rule_at_a_time_agrees_with_a_whole_run(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = kept(source, tmp_path, monkeypatch)
    history = History(report)
    rules = sorted({r.id for r in report.ruleset.policy} | {"CTL109", "CTL305"})
    days = (dt.date(2025, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 7, 1), report.as_of)
    checked = 0
    for file in report.files:
        for day in days:
            expected = whole(report, file, day)
            for rule in rules:
                assert history.failing(day, file, rule) is (rule in expected), (file, day, rule)
                checked += 1
    assert checked > 100


def test_law_dates_include_the_day_before_each_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = History(kept(DATA, tmp_path, monkeypatch))
    assert dt.date(2026, 7, 1) in history.law_dates("CTDPA-001")
    assert dt.date(2026, 6, 30) in history.law_dates("CTDPA-001")
    assert history.law_dates("CTDPA-001") <= history.all_law_dates()


def test_law_dates_are_the_laws_and_the_rules_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule's outcome changes only with the law data and its own days in force: another
    rule's first day is no date to evaluate it at."""
    report = kept(DATA, tmp_path, monkeypatch)
    history = History(report)
    rules = report.catalog.rules
    law_days = law().change_dates
    own = {r.id: r.effective_from for r in rules.values() if r.effective_from not in law_days}
    assert len(set(own.values())) >= 2, own  # two rules that start on days of their own
    first, second = sorted(own, key=lambda r: own[r])[0], sorted(own, key=lambda r: own[r])[-1]
    assert own[first] != own[second]
    assert own[first] in history.law_dates(first)
    assert own[first] - dt.timedelta(days=1) in history.law_dates(first)
    assert own[first] not in history.law_dates(second)
    assert own[first] in history.all_law_dates()


def test_evaluate_without_checks_leaves_out_the_builtin_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = kept(DATA, tmp_path, monkeypatch)
    result = next(r for r in report.results if r.loaded is not None and not r.retired)
    assert result.loaded is not None
    args = {"settings": report.settings, "catalog": report.catalog, "rules": ()}
    with_checks = analyze.evaluate(result.loaded, **args)  # type: ignore[arg-type]
    without = analyze.evaluate(result.loaded, checks=False, **args)  # type: ignore[arg-type]
    assert {f.rule for f in without.findings} <= {f.rule for f in with_checks.findings}
    assert not any(
        f.rule in ("CTL109", "CTL202", "CTL203", "CTL204", "CTL305") for f in without.findings
    )


def test_rule_sets_shared_between_change_days_are_the_days_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history works out which rules run once per stretch of days with no change in the
    law or in any rule's days in force: on every day, that is what the day itself gives."""
    report = kept(DATA, tmp_path, monkeypatch)
    history = History(report)
    days = {report.as_of, dt.date(2020, 1, 1), dt.date(2026, 12, 31)}
    for change in history.rule_days:
        days |= {change - dt.timedelta(days=1), change, change + dt.timedelta(days=1)}
    for day in sorted(days):
        settings, ruleset = history._rules(day)
        assert settings.as_of == day
        alone = History(report)  # a fresh history computes this day's rule set from scratch
        alone.rulesets.clear()
        fresh = alone._rules(day)[1]
        assert ruleset.severity == fresh.severity, day
        assert [r.id for r in ruleset.policy] == [r.id for r in fresh.policy], day
